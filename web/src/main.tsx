import { render } from "preact";
import { useEffect } from "preact/hooks";

import { EnrichmentPage } from "./pages/Enrichment";
import { GenePage } from "./pages/Gene";
import { SearchPage } from "./pages/Search";
import { TermPage } from "./pages/Term";
import { interceptLinks, type Route, useRoute } from "./router";
import "./style.css";

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case "search":
      return <SearchPage query={route.query} taxon={route.taxon} />;
    case "gene":
      return <GenePage id={route.id} taxon={route.taxon} />;
    case "term":
      return <TermPage id={route.id} />;
    case "enrichment":
      return <EnrichmentPage />;
    case "missing":
      return (
        <section>
          <h1>Not found</h1>
          <p>There is no page at {route.path}.</p>
        </section>
      );
  }
}

function App() {
  const route = useRoute();
  // A new page moves focus to its heading, so screen readers announce it.
  useEffect(() => {
    const heading = document.querySelector<HTMLElement>("main h1");
    if (heading && route.page !== "search") heading.focus({ preventScroll: true });
  }, [route]);
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="bar">
        <a class="brand" href="/" data-app>
          genegraph
        </a>
        <nav aria-label="Main">
          <a href="/" data-app aria-current={route.page === "search" ? "page" : undefined}>
            Search
          </a>
          <a
            href="/enrichment"
            data-app
            aria-current={route.page === "enrichment" ? "page" : undefined}
          >
            Enrichment
          </a>
          <a href="/graphql">GraphiQL</a>
        </nav>
      </header>
      <main id="main">
        <Page route={route} />
      </main>
    </>
  );
}

interceptLinks();
render(<App />, document.getElementById("app")!);
