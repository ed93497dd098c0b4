#!/usr/bin/env bash
# Refresh the GraphiQL assets genegraph serves itself (genegraph/static/graphiql/).
# They are committed so the server needs no network at run time; this script only
# re-creates them from the npm registry when the pinned versions change.
set -euo pipefail
GRAPHIQL=3.8.3 REACT=18.2.0 EXPLORER=1.0.2
out="$(cd "$(dirname "$0")/.." && pwd)/genegraph/static/graphiql"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
cd "$work"
for spec in "graphiql@$GRAPHIQL" "react@$REACT" "react-dom@$REACT" "@graphiql/plugin-explorer@$EXPLORER"; do
  npm pack --silent "$spec" >/dev/null
done
for tarball in *.tgz; do mkdir -p "${tarball%.tgz}"; tar xzf "$tarball" -C "${tarball%.tgz}"; done
cp "graphiql-$GRAPHIQL/package/graphiql.min.js" "graphiql-$GRAPHIQL/package/graphiql.min.css" "$out/"
cp "react-$REACT/package/umd/react.production.min.js" "$out/"
cp "react-dom-$REACT/package/umd/react-dom.production.min.js" "$out/"
cp "graphiql-plugin-explorer-$EXPLORER/package/dist/index.umd.js" "$out/plugin-explorer.umd.js"
cp "graphiql-plugin-explorer-$EXPLORER/package/dist/style.css" "$out/plugin-explorer.css"
cp "graphiql-$GRAPHIQL/package/LICENSE" "$out/LICENSE.graphiql-$GRAPHIQL"
cp "react-$REACT/package/LICENSE" "$out/LICENSE.react-$REACT"
cp "react-dom-$REACT/package/LICENSE" "$out/LICENSE.react-dom-$REACT"
echo "GraphiQL assets written to $out"
