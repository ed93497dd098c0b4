// The GO slim the gene and enrichment pages summarise genes with: the terms directly below
// the three GO roots over is_a (the ontology's first level: "cellular process", "binding",
// ...), read from the server, so it fits whatever ontology is loaded. Asked once per visit.
import { useEffect, useState } from "preact/hooks";

import { request } from "./api";
import {
  type GoCategory,
  SlimRootsDocument,
  SlimSummaryDocument,
  type SlimMapping,
  type SlimSummaryQuery,
} from "./generated/graphql";
import type { Loaded } from "./useQuery";

export type SlimSummary = SlimSummaryQuery["slimSummary"];

let roots: Promise<string[]> | null = null;

export function defaultSlim(): Promise<string[]> {
  roots ??= request(SlimRootsDocument, {}).then((data) =>
    [data.process, data.function, data.component].flatMap((root) =>
      (root?.children ?? []).filter((c) => c.relation === "is_a").map((c) => c.term.id),
    ),
  );
  roots.catch(() => {
    roots = null; // asked again next time
  });
  return roots;
}

// The slim summary of ``genes``; null when the loaded ontology has no first level.
export async function slimSummary(
  genes: string[],
  taxon: number,
  mapping: SlimMapping,
  category: GoCategory | null = null,
): Promise<SlimSummary | null> {
  const slim = await defaultSlim();
  if (slim.length === 0) return null;
  const data = await request(SlimSummaryDocument, { genes, slim, taxon, category, mapping });
  return data.slimSummary;
}

// ``slimSummary`` as a component's state, asked again when its arguments change.
export function useSlimSummary(
  genes: string[],
  taxon: number,
  mapping: SlimMapping,
  category: GoCategory | null = null,
): Loaded<SlimSummary | null> {
  const [loaded, setLoaded] = useState<Loaded<SlimSummary | null>>({ state: "loading" });
  const key = JSON.stringify([genes, taxon, mapping, category]);
  useEffect(() => {
    let current = true;
    setLoaded({ state: "loading" });
    slimSummary(genes, taxon, mapping, category).then(
      (data) => current && setLoaded({ state: "done", data }),
      (error: unknown) => current && setLoaded({ state: "error", message: String(error) }),
    );
    return () => {
      current = false;
    };
  }, [key]);
  return loaded;
}
