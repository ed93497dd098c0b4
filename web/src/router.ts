// A small history router: the app's pages are real paths (/gene/NCBIGene:3558), which
// genegraph answers with index.html, so links can be shared and reloaded.
import { useEffect, useState } from "preact/hooks";

export type Route =
  | { page: "search"; query: string; taxon: number | null }
  // `id` a gene id (NCBIGene:3558), or a symbol (IL2) within `taxon` (human when null).
  | { page: "gene"; id: string; taxon: number | null }
  | { page: "term"; id: string }
  | { page: "enrichment" }
  | { page: "missing"; path: string };

export function parseRoute(location: Location): Route {
  const path = location.pathname;
  const params = new URLSearchParams(location.search);
  const rest = (prefix: string) => decodeURIComponent(path.slice(prefix.length));
  const taxon = Number(params.get("taxon")) || null;
  if (path.startsWith("/gene/")) return { page: "gene", id: rest("/gene/"), taxon };
  if (path.startsWith("/term/")) return { page: "term", id: rest("/term/") };
  if (path === "/enrichment") return { page: "enrichment" };
  if (path === "/" || path === "/search") {
    return { page: "search", query: params.get("q") ?? "", taxon };
  }
  return { page: "missing", path };
}

export const genePath = (id: string) => `/gene/${encodeURIComponent(id)}`;
export const termPath = (id: string) => `/term/${encodeURIComponent(id)}`;

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, "", to);
  else history.pushState(null, "", to);
  dispatchEvent(new PopStateEvent("popstate"));
  if (!replace) scrollTo(0, 0);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location));
    addEventListener("popstate", update);
    return () => removeEventListener("popstate", update);
  }, []);
  return route;
}

// Same-origin links open in the app, without reloading the page.
export function interceptLinks(): void {
  document.addEventListener("click", (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element).closest?.("a");
    if (!link || link.target || link.hasAttribute("download")) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || !link.hasAttribute("data-app")) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
}
