// A toy second subgraph for the federation test: "expression" adds a field to genegraph's
// Gene entity (by its key, id) and has a root field that answers Gene references only,
// whose other fields the gateway must then fetch from genegraph's `_entities`.
import { buildSubgraphSchema } from "@apollo/subgraph";
import { parse } from "graphql";

export const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Gene @key(fields: "id") {
    id: ID!
    "Made-up expression levels, per tissue."
    expression: [Expression!]!
  }

  type Expression {
    tissue: String!
    tpm: Float!
  }

  type Query {
    "Genes most expressed in a tissue: references to genegraph's genes."
    mostExpressedIn(tissue: String!): [Gene!]!
  }
`);

const LEVELS = {
  "NCBIGene:3558": [{ tissue: "T cell", tpm: 812.5 }],
  "NCBIGene:16183": [{ tissue: "T cell", tpm: 640.0 }],
};

const resolvers = {
  Gene: {
    __resolveReference: (reference) => ({ id: reference.id }),
    expression: (gene) => LEVELS[gene.id] ?? [],
  },
  Query: {
    mostExpressedIn: (_root, { tissue }) =>
      Object.entries(LEVELS)
        .filter(([, levels]) => levels.some((level) => level.tissue === tissue))
        .map(([id]) => ({ id })),
  },
};

export const schema = buildSubgraphSchema([{ typeDefs, resolvers }]);
