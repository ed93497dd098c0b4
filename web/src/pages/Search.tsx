// Search with autocomplete: genes by symbol, alias or name as one types, in one species or all.
import { useEffect, useRef, useState } from "preact/hooks";

import { request } from "../api";
import { ReleaseNote } from "../components/ReleaseNote";
import { SearchDocument, type SearchQuery } from "../generated/graphql";
import { genePath, navigate } from "../router";
import { SpeciesOptions, speciesLabel, useSpecies } from "../species";

type Hit = SearchQuery["search"]["nodes"][number];

const MATCHED: Record<Hit["matchedBy"], string> = {
  SYMBOL: "symbol",
  SYMBOL_PREFIX: "symbol",
  ALIAS: "alias",
  NAME: "name",
  SUMMARY: "summary",
};

function useSearch(query: string, taxon: number | null, first: number) {
  const [hits, setHits] = useState<{ query: string; nodes: Hit[]; total: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const text = query.trim();
    if (!text) {
      setHits(null);
      return;
    }
    const abort = new AbortController();
    // A short pause, so a fast typist sends one request rather than one per key.
    const timer = setTimeout(() => {
      request(SearchDocument, { query: text, taxon, first }, abort.signal).then(
        (data) => {
          setError(null);
          setHits({ query: text, nodes: data.search.nodes, total: data.search.totalCount });
        },
        (failure: unknown) => {
          if (!abort.signal.aborted) setError(String(failure));
        },
      );
    }, 120);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [query, taxon, first]);
  return { hits, error };
}

export function SearchPage({ query, taxon }: { query: string; taxon: number | null }) {
  const [text, setText] = useState(query);
  const [species, setSpecies] = useState<number | null>(taxon);
  const [open, setOpen] = useState(false);
  const loadedSpecies = useSpecies();
  const [active, setActive] = useState(-1);
  const input = useRef<HTMLInputElement>(null);
  const suggestions = useSearch(text, species, 10);
  const results = useSearch(query, taxon, 50);

  useEffect(() => input.current?.focus(), []);
  useEffect(() => setText(query), [query]);

  const options = open && text.trim() ? (suggestions.hits?.nodes ?? []) : [];
  const submit = (value: string) => {
    setOpen(false);
    const params = new URLSearchParams({ q: value });
    if (species) params.set("taxon", String(species));
    navigate(`/?${params}`);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      setOpen(true);
      setActive((active + 1) % options.length);
    } else if (event.key === "ArrowUp" && options.length) {
      event.preventDefault();
      setActive((active - 1 + options.length) % options.length);
    } else if (event.key === "Escape") {
      setOpen(false);
      setActive(-1);
    } else if (event.key === "Enter" && active >= 0 && options[active]) {
      event.preventDefault();
      navigate(genePath(options[active].gene.id));
    }
  };

  return (
    <section>
      <h1 tabIndex={-1}>Find a gene</h1>
      <form
        class="search"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          submit(text);
        }}
      >
        <div class="field grow combo">
          <label for="q">Symbol, alias or name</label>
          <input
            id="q"
            ref={input}
            type="search"
            autocomplete="off"
            spellcheck={false}
            placeholder="IL2, TCGF, interleukin…"
            role="combobox"
            aria-autocomplete="list"
            aria-expanded={options.length > 0}
            aria-controls="suggestions"
            aria-activedescendant={active >= 0 ? `suggestion-${active}` : undefined}
            value={text}
            onInput={(event) => {
              setText(event.currentTarget.value);
              setOpen(true);
              setActive(-1);
            }}
            onKeyDown={onKeyDown}
            onBlur={() => setTimeout(() => setOpen(false), 150)}
          />
          <ul id="suggestions" role="listbox" aria-label="Suggestions" hidden={!options.length}>
            {options.map((hit, index) => (
              <li
                id={`suggestion-${index}`}
                key={hit.gene.id}
                role="option"
                aria-selected={index === active}
                onMouseDown={(event) => {
                  event.preventDefault();
                  navigate(genePath(hit.gene.id));
                }}
              >
                <strong>{hit.gene.symbol}</strong> <span>{hit.gene.name}</span>{" "}
                <small>
                  {hit.gene.species.scientificName}
                  {hit.matchedText ? ` · alias ${hit.matchedText}` : ""}
                </small>
              </li>
            ))}
          </ul>
        </div>
        <div class="field">
          <label for="species">Species</label>
          <select
            id="species"
            value={species ?? ""}
            onChange={(event) => setSpecies(Number(event.currentTarget.value) || null)}
          >
            <option value="">All species</option>
            <SpeciesOptions species={loadedSpecies} />
          </select>
        </div>
        <button type="submit">Search</button>
      </form>
      {suggestions.error && (
        <p role="alert" class="error">
          {suggestions.error}
        </p>
      )}
      {!query && <ReleaseNote />}
      {query && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">
            {results.hits ? `${results.hits.total} genes match “${results.hits.query}”` : "Searching…"}
          </h2>
          <ul class="results">
            {results.hits?.nodes.map((hit) => (
              <li key={hit.gene.id}>
                <a href={genePath(hit.gene.id)} data-app>
                  <strong>{hit.gene.symbol}</strong>
                </a>{" "}
                {hit.gene.name} <small>{speciesLabel(hit.gene.species)}</small>{" "}
                <small class="tag">by {MATCHED[hit.matchedBy]}</small>
              </li>
            ))}
          </ul>
        </section>
      )}
    </section>
  );
}
