"""GraphiQL, served with its assets from genegraph itself: no CDN, so it works offline."""

from __future__ import annotations

import html
import json

STATIC_PREFIX = "/static/graphiql"

EXAMPLE_QUERY = """# The IL2 gene card: biological-process GO terms, mouse and rat orthologs.
# Press Ctrl-Enter (or the play button) to run it.
{
  gene(symbol: "IL2") {
    id
    symbol
    name
    summary
    species { scientificName }
    goTerms(category: BIOLOGICAL_PROCESS) { id name category }
    orthologs(taxa: [10090, 10116]) {
      sources
      gene { symbol species { scientificName } }
    }
  }
}
"""

_PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>genegraph · GraphiQL</title>
    <link rel="icon" href="data:," />
    <style>
      body {{ height: 100%; margin: 0; width: 100%; overflow: hidden; }}
      #graphiql {{ height: 100vh; }}
    </style>
    <link rel="stylesheet" href="{static}/graphiql.min.css" />
    <link rel="stylesheet" href="{static}/plugin-explorer.css" />
    <script src="{static}/react.production.min.js"></script>
    <script src="{static}/react-dom.production.min.js"></script>
    <script src="{static}/graphiql.min.js"></script>
    <script src="{static}/plugin-explorer.umd.js"></script>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script>
      const fetcher = GraphiQL.createFetcher({{ url: window.location.pathname }});
      const explorer = GraphiQLPluginExplorer.explorerPlugin();
      ReactDOM.createRoot(document.getElementById("graphiql")).render(
        React.createElement(GraphiQL, {{
          fetcher,
          defaultQuery: {query},
          plugins: [explorer],
          defaultEditorToolsVisibility: true,
        }})
      );
    </script>
  </body>
</html>
"""

GRAPHIQL_HTML = _PAGE.format(static=html.escape(STATIC_PREFIX), query=json.dumps(EXAMPLE_QUERY))
