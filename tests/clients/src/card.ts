// An Apollo Client (the core, no React) asks a running genegraph for the gene card with
// the typed document generated from its schema, and prints the answer as JSON.
// Usage: node build/src/card.js http://127.0.0.1:8000/graphql IL2
import { ApolloClient, HttpLink, InMemoryCache } from "@apollo/client";

import { GeneCardDocument, type GeneCardQuery, RefetchDocument } from "../generated/graphql.js";

const [url, symbol] = process.argv.slice(2);
if (!url || !symbol) {
  throw new Error("usage: card.js GRAPHQL_URL SYMBOL");
}

const client = new ApolloClient({
  link: new HttpLink({ uri: url }),
  cache: new InMemoryCache(),
});

const { data, error } = await client.query({ query: GeneCardDocument, variables: { symbol } });
if (error) {
  throw error;
}
// The generated types know the card's shape: these lines type-check only if the fields exist.
const card: GeneCardQuery | undefined = data;
const gene = card?.gene;
const summary = gene && {
  id: gene.id,
  symbol: gene.symbol,
  name: gene.name,
  species: gene.species.scientificName,
  biologicalProcess: gene.goTerms.map((term) => term.id),
  orthologs: gene.orthologs.map((o) => ({
    id: o.gene.id,
    symbol: o.gene.symbol,
    species: o.gene.species.scientificName,
    sources: o.sources,
  })),
};

// The gene and its first term again, by id alone (`nodes`), as a normalised cache refetches
// them; each answer's type says which fields it has.
const refetch = gene
  ? await client.query({
      query: RefetchDocument,
      variables: { ids: [gene.id, ...gene.goTerms.slice(0, 1).map((term) => term.id)] },
    })
  : undefined;
if (refetch?.error) {
  throw refetch.error;
}
const refetched = (refetch?.data?.nodes ?? []).map((node) =>
  node?.__typename === "Gene"
    ? { __typename: node.__typename, id: node.id, symbol: node.symbol }
    : node?.__typename === "GOTerm"
      ? { __typename: node.__typename, id: node.id, name: node.name }
      : node,
);
console.log(JSON.stringify(summary && { ...summary, refetched }));

// The types are as narrow as the operation: tsc fails the build if these lines type-check
// ("Unused '@ts-expect-error' directive"), so types that allowed anything would be caught.
export function notAskedFor(answer: GeneCardQuery) {
  // @ts-expect-error: the card does not select the summary, so its type has none.
  return answer.gene?.summary;
}
export function wronglyAsked() {
  // @ts-expect-error: $symbol is a String!, not a number.
  return client.query({ query: GeneCardDocument, variables: { symbol: 3558 } });
}
