import type { ComponentChildren } from "preact";

import type { Loaded } from "../useQuery";

// Loading and error states of a query, or its content once it has answered.
export function Status<R>({
  loaded,
  children,
}: {
  loaded: Loaded<R>;
  children: (data: R) => ComponentChildren;
}) {
  if (loaded.state === "loading") return <p role="status">Loading…</p>;
  if (loaded.state === "error")
    return (
      <p role="alert" class="error">
        {loaded.message}
      </p>
    );
  return <>{children(loaded.data)}</>;
}
