// The home page's note on the data served: the release, and how to load real data when the
// database holds only the seed page (a fresh `make serve`).
import { HomeDocument } from "../generated/graphql";
import { useQuery } from "../useQuery";

const GENE_DATA = new Set(["gene-info", "gene2go", "gaf"]);

export function ReleaseNote() {
  const loaded = useQuery(HomeDocument, {});
  if (loaded.state !== "done") return null;
  const release = loaded.data.currentRelease;
  if (!release) {
    return <p class="release-note">No data loaded yet.</p>;
  }
  // No genes or annotations from NCBI or the GO Consortium: the seed page (and perhaps an
  // ontology) only.
  const seedOnly = !release.sources.some((source) => GENE_DATA.has(source.format));
  return (
    <aside class="release-note" aria-label="Data served">
      <p>
        Serving release {release.number}, loaded {release.loadedAt.slice(0, 10)}.
      </p>
      {seedOnly && (
        <p>
          This database holds only the IL2 seed page. For real data (the Gene Ontology and NCBI
          Gene), run <code>genegraph update --species human,mouse,rat</code> on the server.
        </p>
      )}
    </aside>
  );
}
