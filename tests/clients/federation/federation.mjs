// Apollo Federation with the real implementation's packages, against a running genegraph:
// 1. composition (@apollo/composition) of genegraph's subgraph SDL, read from its
//    `_service { sdl }`, with the toy expression subgraph;
// 2. a gateway (@apollo/gateway in Apollo Server) over both, introspecting and composing
//    them itself, answering queries that cross the subgraphs both ways.
// Prints one JSON report on stdout for tests/schema/test_federation_gateway.py.
// Usage: node federation.mjs http://127.0.0.1:8000/graphql
import { composeServices } from "@apollo/composition";
import { ApolloGateway, IntrospectAndCompose, RemoteGraphQLDataSource } from "@apollo/gateway";
import { ApolloServer } from "@apollo/server";
import { ApolloServerPluginInlineTraceDisabled } from "@apollo/server/plugin/disabled";
import { startStandaloneServer } from "@apollo/server/standalone";
import { parse, print } from "graphql";

import { schema as expressionSchema, typeDefs as expressionTypeDefs } from "./expression-subgraph.mjs";

const genegraphUrl = process.argv[2];
if (!genegraphUrl) {
  throw new Error("usage: federation.mjs GENEGRAPH_GRAPHQL_URL");
}

async function post(url, query, variables = {}) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

const report = {};

// 1. Composition.
const { body: service } = await post(genegraphUrl, "{ _service { sdl } }");
const genegraphSdl = service.data._service.sdl;
const composition = composeServices([
  { name: "genegraph", url: genegraphUrl, typeDefs: parse(genegraphSdl) },
  { name: "expression", url: "http://expression.invalid/graphql", typeDefs: expressionTypeDefs },
]);
report.composition = {
  errors: (composition.errors ?? []).map((error) => error.message),
  hints: (composition.hints ?? []).map((hint) => hint.toString()),
};
if (!composition.errors) {
  const api = composition.schema.toAPISchema().toGraphQLJSSchema();
  report.composition.geneFields = Object.keys(api.getType("Gene").getFields()).sort();
  report.composition.queryFields = Object.keys(api.getQueryType().getFields()).sort();
}

// 2. A gateway over genegraph and the expression subgraph, each served over HTTP.
const expression = new ApolloServer({
  schema: expressionSchema,
  plugins: [ApolloServerPluginInlineTraceDisabled()],
});
const { url: expressionUrl } = await startStandaloneServer(expression, { listen: { port: 0 } });
// What the gateway sends genegraph, operation by operation, for the report.
report.sentToGenegraph = [];
class RecordingDataSource extends RemoteGraphQLDataSource {
  willSendRequest({ request }) {
    if (this.url === genegraphUrl && !request.query.includes("_service")) {
      report.sentToGenegraph.push({ query: request.query, variables: request.variables ?? {} });
    }
  }
}
const gateway = new ApolloGateway({
  buildService: ({ url }) => new RecordingDataSource({ url }),
  supergraphSdl: new IntrospectAndCompose({
    subgraphs: [
      { name: "genegraph", url: genegraphUrl },
      { name: "expression", url: expressionUrl },
    ],
  }),
});
const router = new ApolloServer({ gateway });
const { url: routerUrl } = await startStandaloneServer(router, { listen: { port: 0 } });
try {
  // genegraph first, then the expression subgraph's _entities for the genes it found.
  report.geneWithExpression = await post(
    routerUrl,
    `query GeneWithExpression($symbol: String!) {
      gene(symbol: $symbol) {
        id symbol expression { tissue tpm }
        orthologs(taxa: [10090]) { gene { id symbol expression { tissue tpm } } }
      }
    }`,
    { symbol: "IL2" },
  );
  // The expression subgraph first, then genegraph's _entities for the genes it named.
  report.mostExpressed = await post(
    routerUrl,
    `query MostExpressed {
      mostExpressedIn(tissue: "T cell") {
        id symbol name species { scientificName }
        goTerms(category: BIOLOGICAL_PROCESS) { id }
      }
    }`,
  );
} finally {
  await router.stop();
  await expression.stop();
}
console.log(JSON.stringify(report));
