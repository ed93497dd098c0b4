// Prints what relay-compiler wrote to src/__generated__, as JSON by artifact name: each
// operation's text (what Relay sends) and each fragment's refetch and connection metadata.
// tests/server/test_relay_client.py reads it.
import { readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';

const folder = new URL('./src/__generated__/', import.meta.url);
const require = createRequire(folder);
const artifacts = {};
for (const file of (await readdir(folder)).sort()) {
  const artifact = require(`./${file}`);
  if (artifact.kind === 'Request') {
    artifacts[artifact.params.name] = {
      kind: artifact.kind,
      operationKind: artifact.params.operationKind,
      text: artifact.params.text,
    };
  } else {
    const refetch = artifact.metadata?.refetch;
    artifacts[artifact.name] = {
      kind: artifact.kind,
      refetch: refetch && {
        operation: refetch.operation.params.name,
        fragmentPathInResult: refetch.fragmentPathInResult,
        identifierField: refetch.identifierInfo?.identifierField,
        connection: refetch.connection,
      },
      connection: artifact.metadata?.connection ?? null,
    };
  }
}
console.log(JSON.stringify(artifacts));
