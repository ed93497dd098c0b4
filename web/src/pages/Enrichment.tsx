// GO enrichment: a pasted gene list (symbols, aliases or ids) is resolved with `genes`,
// then tested with `enrichment`; a table and a −log10 FDR plot show the answer.
import { useEffect, useState } from "preact/hooks";

import { request } from "../api";
import { FdrPlot } from "../components/FdrPlot";
import { SlimChart } from "../components/SlimChart";
import { Status } from "../components/Status";
import {
  EnrichmentDocument,
  type EnrichmentQuery,
  type GoCategory,
  ResolveGenesDocument,
} from "../generated/graphql";
import { genePath, termPath } from "../router";
import { useSlimSummary } from "../slim";
import { CATEGORIES, HUMAN, SpeciesOptions, categoryLabel, useSpecies } from "../species";

type Result = EnrichmentQuery["enrichment"];

interface Outcome {
  result: Result;
  unmatched: string[];
  genes: string[];
  taxon: number;
  category: GoCategory | null;
}

// A line or comma may hold several entries; an entry with a colon is an id (NCBIGene:3558).
export function parseGeneList(text: string): { ids: string[]; symbols: string[] } {
  const entries = [...new Set(text.split(/[\s,;]+/).filter(Boolean))];
  return {
    ids: entries.filter((e) => e.includes(":")),
    symbols: entries.filter((e) => !e.includes(":")),
  };
}

async function run(text: string, taxon: number, category: GoCategory | ""): Promise<Outcome> {
  const { ids, symbols } = parseGeneList(text);
  if (ids.length + symbols.length === 0) throw new Error("Paste at least one gene.");
  const resolved = await request(ResolveGenesDocument, { ids, symbols, taxon });
  const unmatched = resolved.genes.filter((m) => !m.gene).map((m) => `${m.input} (${m.problem})`);
  const genes = [...new Set(resolved.genes.flatMap((m) => (m.gene ? [m.gene.id] : [])))];
  if (genes.length === 0) throw new Error(`No gene matched: ${unmatched.join(", ")}`);
  const data = await request(EnrichmentDocument, { genes, taxon, category: category || null });
  return { result: data.enrichment, unmatched, genes, taxon, category: category || null };
}

const format = (value: number) => (value === 0 ? "0" : value.toPrecision(3));

export function EnrichmentPage() {
  const [text, setText] = useState("");
  const species = useSpecies();
  const [taxon, setTaxon] = useState<number>(HUMAN);
  // Without human genes, the first species loaded is the one chosen.
  useEffect(() => {
    if (species.length && !species.some((s) => s.taxonId === taxon)) {
      setTaxon(species[0].taxonId);
    }
  }, [species]);
  const [category, setCategory] = useState<GoCategory | "">("BIOLOGICAL_PROCESS");
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setOutcome(await run(text, taxon, category));
    } catch (failure) {
      setOutcome(null);
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section>
      <h1 tabIndex={-1}>GO enrichment</h1>
      <p>
        Paste gene symbols, aliases or ids (NCBIGene:3558): the GO terms over-represented among
        them, against every annotated gene of the species.
      </p>
      <form class="enrichment" onSubmit={submit}>
        <div class="field grow">
          <label for="gene-list">Genes, one per line or separated by commas</label>
          <textarea
            id="gene-list"
            rows={6}
            spellcheck={false}
            value={text}
            onInput={(event) => setText(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="enrichment-species">Species</label>
          <select
            id="enrichment-species"
            value={taxon}
            onChange={(event) => setTaxon(Number(event.currentTarget.value))}
          >
            <SpeciesOptions species={species} />
          </select>
        </div>
        <div class="field">
          <label for="enrichment-category">Category</label>
          <select
            id="enrichment-category"
            value={category}
            onChange={(event) => setCategory(event.currentTarget.value as GoCategory | "")}
          >
            <option value="">All categories</option>
            {CATEGORIES.map((c) => (
              <option value={c.value}>{c.label}</option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={busy}>
          {busy ? "Running…" : "Run enrichment"}
        </button>
      </form>
      {error && (
        <p role="alert" class="error">
          {error}
        </p>
      )}
      {outcome && <EnrichmentResult outcome={outcome} />}
    </section>
  );
}

// The study genes on the GO slim (src/slim.ts): genes mapped to each term, as map2slim.
function StudySlim({ outcome }: { outcome: Outcome }) {
  const loaded = useSlimSummary(outcome.genes, outcome.taxon, "DIRECT", outcome.category);
  return (
    <section aria-labelledby="study-slim">
      <h3 id="study-slim">GO slim summary of the study genes</h3>
      <Status loaded={loaded}>
        {(summary) =>
          summary && (
            <>
              <SlimChart
                terms={summary.terms}
                value={(t) => t.geneCount}
                unit="genes"
                caption={`Study genes mapped to each term of the first level of GO (of ${summary.geneCount}).`}
              />
              {summary.unmappedGenes.length > 0 && (
                <p class="slim-unmapped">
                  Mapped to none: {summary.unmappedGenes.map((g) => g.symbol).join(", ")}.
                </p>
              )}
            </>
          )
        }
      </Status>
    </section>
  );
}

function EnrichmentResult({ outcome }: { outcome: Outcome }) {
  const { result, unmatched } = outcome;
  const left = [
    ...unmatched,
    ...result.unknownGenes,
    ...result.otherTaxonGenes.map((g) => `${g.symbol} (another species)`),
    ...result.unannotatedGenes.map((g) => `${g.symbol} (not in the background)`),
  ];
  return (
    <section aria-labelledby="enrichment-result" class="enrichment-result">
      <h2 id="enrichment-result">
        {result.terms.length} terms with study genes, of {result.testedTerms} tested
      </h2>
      <p role="status">
        {result.studySize} study genes counted against a background of {result.backgroundSize}.
      </p>
      {left.length > 0 && <p class="notice">Not counted: {left.join(", ")}.</p>}
      {result.terms.length > 0 && <FdrPlot terms={result.terms} />}
      <StudySlim outcome={outcome} />
      <div class="scroll">
        <table class="enriched">
          <thead>
            <tr>
              <th scope="col">Term</th>
              <th scope="col">Category</th>
              <th scope="col">Study</th>
              <th scope="col">Background</th>
              <th scope="col">Fold</th>
              <th scope="col">p-value</th>
              <th scope="col">FDR</th>
              <th scope="col">Genes</th>
            </tr>
          </thead>
          <tbody>
            {result.terms.map((t) => (
              <tr key={t.term.id}>
                <td>
                  <a href={termPath(t.term.id)} data-app>
                    {t.term.id}
                  </a>{" "}
                  {t.term.name}
                </td>
                <td>{categoryLabel(t.term.category)}</td>
                <td class="number">{t.studyCount}</td>
                <td class="number">{t.backgroundCount}</td>
                <td class="number">{t.foldEnrichment.toFixed(2)}</td>
                <td class="number">{format(t.pValue)}</td>
                <td class="number">{format(t.fdr)}</td>
                <td>
                  {t.studyGenes.map((g, index) => (
                    <>
                      {index > 0 && ", "}
                      <a href={genePath(g.id)} data-app>
                        {g.symbol}
                      </a>
                    </>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
