// Runs one typed operation whenever its variables change; stale answers are dropped.
import { useEffect, useState } from "preact/hooks";

import { request } from "./api";
import type { TypedDocumentString } from "./generated/graphql";

export type Loaded<R> =
  | { state: "loading" }
  | { state: "error"; message: string }
  | { state: "done"; data: R };

export function useQuery<R, V>(document: TypedDocumentString<R, V>, variables: V): Loaded<R> {
  const [loaded, setLoaded] = useState<Loaded<R>>({ state: "loading" });
  const key = JSON.stringify(variables);
  useEffect(() => {
    const abort = new AbortController();
    setLoaded({ state: "loading" });
    request(document, variables, abort.signal).then(
      (data) => setLoaded({ state: "done", data }),
      (error: unknown) => {
        if (!abort.signal.aborted) setLoaded({ state: "error", message: String(error) });
      },
    );
    return () => abort.abort();
  }, [document, key]);
  return loaded;
}
