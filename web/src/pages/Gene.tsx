// The gene page (the NCBI-style page data/il2.txt comes from), live from one query: by id
// (/gene/NCBIGene:3558) or by symbol within a species (/gene/IL2, /gene/Il2?taxon=10090).
import { useState } from "preact/hooks";

import { SlimChart } from "../components/SlimChart";
import { Status } from "../components/Status";
import { type GenePageQuery, GenePageDocument, type GoCategory } from "../generated/graphql";
import { genePath, termPath } from "../router";
import { useSlimSummary } from "../slim";
import { CATEGORIES, HUMAN, categoryLabel, speciesLabel } from "../species";
import { useQuery } from "../useQuery";

type Gene = NonNullable<GenePageQuery["gene"]>;
type Annotation = Gene["annotations"][number];

// An id has a database prefix ("NCBIGene:", "Ensembl:"); a symbol has none.
const lookUp = (text: string, taxon: number | null) =>
  text.includes(":") ? { id: text } : { symbol: text, taxon: taxon ?? HUMAN };

export function GenePage({ id, taxon }: { id: string; taxon: number | null }) {
  const loaded = useQuery(GenePageDocument, lookUp(id, taxon));
  return (
    <Status loaded={loaded}>
      {(data) =>
        data.gene ? (
          <GeneCard key={data.gene.id} gene={data.gene} />
        ) : (
          <section>
            <h1 tabIndex={-1}>No gene {id}</h1>
            <p>
              {id.includes(":")
                ? "No gene has this id."
                : `No gene has this symbol in taxon ${taxon ?? HUMAN}.`}{" "}
              <a href="/" data-app>Search</a> for it by symbol, alias or name.
            </p>
          </section>
        )
      }
    </Status>
  );
}

function GeneCard({ gene }: { gene: Gene }) {
  return (
    <article class="gene">
      <h1 tabIndex={-1}>
        {gene.symbol} <span class="subtitle">{gene.name}</span>
      </h1>
      <dl class="facts">
        <dt>Species</dt>
        <dd>{speciesLabel(gene.species)}</dd>
        <dt>Gene id</dt>
        <dd>{gene.id}</dd>
        {gene.type && (
          <>
            <dt>Type</dt>
            <dd>{gene.type}</dd>
          </>
        )}
        {gene.mapLocation && (
          <>
            <dt>Location</dt>
            <dd>{gene.mapLocation}</dd>
          </>
        )}
        {gene.aliases.length > 0 && (
          <>
            <dt>Also known as</dt>
            <dd>{gene.aliases.join("; ")}</dd>
          </>
        )}
      </dl>
      {gene.summary && (
        <section aria-labelledby="summary">
          <h2 id="summary">Summary</h2>
          <p>{gene.summary}</p>
          {gene.summaryProvenance && <p class="provenance">{gene.summaryProvenance}</p>}
        </section>
      )}
      <Orthologs gene={gene} />
      <GoTable annotations={gene.annotations} />
      <GeneSlim gene={gene} />
      <Links gene={gene} />
      <Changes gene={gene} />
    </article>
  );
}

function Orthologs({ gene }: { gene: Gene }) {
  // One line per ortholog gene, with every source that asserts it (the server's order).
  return (
    <section aria-labelledby="orthologs">
      <h2 id="orthologs">Orthologs</h2>
      {gene.orthologs.length === 0 ? (
        <p>None known.</p>
      ) : (
        <ul class="orthologs">
          {gene.orthologs.map((ortholog) => (
            <li key={ortholog.gene.id}>
              <a href={genePath(ortholog.gene.id)} data-app>
                {ortholog.gene.symbol}
              </a>{" "}
              {speciesLabel(ortholog.gene.species)} <small>({ortholog.sources.join(", ")})</small>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function GoTable({ annotations }: { annotations: Annotation[] }) {
  const [category, setCategory] = useState<GoCategory | "">("");
  const [evidence, setEvidence] = useState("");
  const codes = [...new Set(annotations.map((a) => a.evidence ?? "none"))].sort();
  const counts = new Map<GoCategory, Set<string>>(CATEGORIES.map((c) => [c.value, new Set()]));
  for (const a of annotations) counts.get(a.term.category)?.add(a.term.id);
  const shown = annotations.filter(
    (a) =>
      (!category || a.term.category === category) &&
      (!evidence || (a.evidence ?? "none") === evidence),
  );
  return (
    <section aria-labelledby="go-terms">
      <h2 id="go-terms">Gene Ontology</h2>
      <p class="counts" aria-label="Terms per category">
        {CATEGORIES.map((c) => (
          <span key={c.value} data-category={c.value}>
            {c.label}: <strong>{counts.get(c.value)?.size ?? 0}</strong>
          </span>
        ))}
      </p>
      <div class="filters">
        <div class="field">
          <label for="go-category">Category</label>
          <select
            id="go-category"
            value={category}
            onChange={(event) => setCategory(event.currentTarget.value as GoCategory | "")}
          >
            <option value="">All categories</option>
            {CATEGORIES.map((c) => (
              <option value={c.value}>{c.label}</option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="go-evidence">Evidence</label>
          <select
            id="go-evidence"
            value={evidence}
            onChange={(event) => setEvidence(event.currentTarget.value)}
          >
            <option value="">All evidence</option>
            {codes.map((code) => (
              <option value={code}>{code}</option>
            ))}
          </select>
        </div>
      </div>
      <div class="scroll">
        <table class="go">
          <caption>
            {shown.length} of {annotations.length} annotations
          </caption>
          <thead>
            <tr>
              <th scope="col">ID</th>
              <th scope="col">Term</th>
              <th scope="col">Category</th>
              <th scope="col">Evidence</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((a, index) => (
              <tr key={`${a.term.id}-${a.evidence}-${a.source}-${index}`}>
                <td>
                  <a href={termPath(a.term.id)} data-app>
                    {a.term.id}
                  </a>
                </td>
                <td>
                  {a.qualifier && <small class="tag">{a.qualifier}</small>} {a.term.name}
                </td>
                <td>{categoryLabel(a.term.category)}</td>
                <td>{a.evidence ?? "—"}</td>
                <td>{a.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

// The gene's GO terms summarised on the slim (src/slim.ts): how many lie at or below each
// slim term.
function GeneSlim({ gene }: { gene: Gene }) {
  const loaded = useSlimSummary([gene.id], gene.species.taxonId, "ALL");
  return (
    <section aria-labelledby="go-slim">
      <h2 id="go-slim">GO slim summary</h2>
      <Status loaded={loaded}>
        {(summary) =>
          summary ? (
            <SlimChart
              terms={summary.terms}
              value={(t) => t.annotatedTermCount}
              unit="GO terms"
              caption="The gene's GO terms at or below each term of the first level of GO."
            />
          ) : (
            <p>The loaded ontology has no terms below its roots.</p>
          )
        }
      </Status>
    </section>
  );
}

function Links({ gene }: { gene: Gene }) {
  if (gene.xrefs.length === 0) return null;
  return (
    <section aria-labelledby="links">
      <h2 id="links">Links to other resources</h2>
      <ul class="links">
        {gene.xrefs.map((x) => (
          <li key={`${x.database}:${x.id}`}>
            {x.url ? (
              <a href={x.url} rel="noopener noreferrer">
                {x.database}: {x.id}
              </a>
            ) : (
              `${x.database}: ${x.id}`
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Changes({ gene }: { gene: Gene }) {
  const { discontinuedGenes, annotationChanges } = gene.history;
  const empty =
    gene.changes.length + discontinuedGenes.length + annotationChanges.length === 0;
  return (
    <section aria-labelledby="changes">
      <h2 id="changes">Changes associated with this gene</h2>
      {empty && <p>None recorded.</p>}
      <ul class="changes">
        {gene.changes.map((c, index) => (
          <li key={`page-${index}`}>
            {c.description} <small>({c.source})</small>
          </li>
        ))}
        {discontinuedGenes.map((d) => (
          <li key={d.id}>
            {d.id} ({d.symbol}) was discontinued on {d.discontinuedOn} and merged into this gene
          </li>
        ))}
        {annotationChanges.map((set) => (
          <li key={`release-${set.release.number}`}>
            Release {set.release.number} ({set.release.loadedAt.slice(0, 10)}): added{" "}
            {set.added.length}, removed {set.removed.length} annotations
            {set.removed.length > 0 && (
              <> (removed: {set.removed.map((r) => `${r.termId} ${r.evidence ?? ""}`).join(", ")})</>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
