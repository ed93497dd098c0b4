// A GO term: definition, synonyms, obsolete notice, ancestors as a graph, its genes paged.
import { useEffect, useState } from "preact/hooks";

import { request } from "../api";
import { AncestorGraph } from "../components/AncestorGraph";
import { Status } from "../components/Status";
import {
  type TermGenesQuery,
  TermGenesDocument,
  type TermPageQuery,
  TermPageDocument,
} from "../generated/graphql";
import { genePath, termPath } from "../router";
import { SpeciesOptions, categoryLabel, speciesLabel, useSpecies } from "../species";
import { useQuery } from "../useQuery";

type Term = NonNullable<TermPageQuery["goTerm"]>;
type GeneNode = NonNullable<TermGenesQuery["goTerm"]>["genes"]["nodes"][number];

const PAGE = 25;

// By its id or a secondary (alt) id, which answers with the term it was merged into;
// "go:0006955" as "GO:0006955".
export function TermPage({ id }: { id: string }) {
  const loaded = useQuery(TermPageDocument, { id: id.trim().toUpperCase() });
  return (
    <Status loaded={loaded}>
      {(data) =>
        data.goTerm ? (
          <TermCard term={data.goTerm} />
        ) : (
          <section>
            <h1 tabIndex={-1}>No term {id}</h1>
            <p>The ontology has no term with this id.</p>
          </section>
        )
      }
    </Status>
  );
}

function TermLink({ id }: { id: string }) {
  return (
    <a href={termPath(id)} data-app>
      {id}
    </a>
  );
}

function TermCard({ term }: { term: Term }) {
  return (
    <article class="term">
      <h1 tabIndex={-1}>
        {term.name} <span class="subtitle">{term.id}</span>
      </h1>
      {term.isObsolete && (
        <p class="notice" role="note">
          This term is obsolete.
          {term.replacedBy && (
            <>
              {" "}
              Use <TermLink id={term.replacedBy} /> instead.
            </>
          )}
          {term.consider.length > 0 && (
            <>
              {" "}
              Consider{" "}
              {term.consider.map((id, index) => (
                <>
                  {index > 0 && ", "}
                  <TermLink id={id} />
                </>
              ))}
              .
            </>
          )}
        </p>
      )}
      <dl class="facts">
        <dt>Category</dt>
        <dd>{categoryLabel(term.category)}</dd>
        <dt>Definition</dt>
        <dd>{term.definition ?? "None given."}</dd>
        {term.synonyms.length > 0 && (
          <>
            <dt>Synonyms</dt>
            <dd>
              <ul class="plain">
                {term.synonyms.map((s) => (
                  <li key={s.text}>
                    {s.text} <small class="tag">{s.scope}</small>
                  </li>
                ))}
              </ul>
            </dd>
          </>
        )}
        {term.altIds.length > 0 && (
          <>
            <dt>Secondary ids</dt>
            <dd>{term.altIds.join(", ")}</dd>
          </>
        )}
        <dt>Elsewhere</dt>
        <dd>
          <a href={term.quickGoUrl} rel="noopener noreferrer">
            QuickGO
          </a>{" "}
          ·{" "}
          <a href={term.amigoUrl} rel="noopener noreferrer">
            AmiGO
          </a>
        </dd>
      </dl>
      <section aria-labelledby="ancestors">
        <h2 id="ancestors">Ancestors</h2>
        {term.ancestors.length === 0 ? (
          <p>None: the ontology has no term above this one.</p>
        ) : (
          <AncestorGraph term={term} ancestors={term.ancestors} />
        )}
      </section>
      <TermGenes id={term.id} />
    </article>
  );
}

function TermGenes({ id }: { id: string }) {
  const [taxon, setTaxon] = useState<number | null>(null);
  const [genes, setGenes] = useState<GeneNode[]>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const species = useSpecies();

  const load = async (after: string | null, replace: boolean, signal?: AbortSignal) => {
    setBusy(true);
    try {
      const data = await request(TermGenesDocument, { id, taxon, first: PAGE, after }, signal);
      const page = data.goTerm?.genes;
      if (!page) return;
      setGenes((before) => (replace ? page.nodes : [...before, ...page.nodes]));
      setTotal(page.totalCount);
      setNext(page.pageInfo.hasNextPage ? (page.pageInfo.endCursor ?? null) : null);
      setError(null);
    } catch (failure) {
      if (!signal?.aborted) setError(String(failure));
    } finally {
      setBusy(false);
    }
  };
  useEffect(() => {
    const abort = new AbortController();
    void load(null, true, abort.signal);
    return () => abort.abort();
  }, [id, taxon]);

  return (
    <section aria-labelledby="genes">
      <h2 id="genes">Genes annotated to this term or below it</h2>
      <div class="filters">
        <div class="field">
          <label for="term-species">Species</label>
          <select
            id="term-species"
            value={taxon ?? ""}
            onChange={(event) => setTaxon(Number(event.currentTarget.value) || null)}
          >
            <option value="">All species</option>
            <SpeciesOptions species={species} />
          </select>
        </div>
      </div>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      <p role="status">
        {total === null ? "Loading…" : `Showing ${genes.length} of ${total} genes`}
      </p>
      <ul class="results">
        {genes.map((g) => (
          <li key={g.id}>
            <a href={genePath(g.id)} data-app>
              <strong>{g.symbol}</strong>
            </a>{" "}
            {g.name} <small>{speciesLabel(g.species)}</small>
          </li>
        ))}
      </ul>
      {next && (
        <button type="button" disabled={busy} onClick={() => void load(next, false)}>
          More genes
        </button>
      )}
    </section>
  );
}
