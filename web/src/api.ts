// The app's GraphQL client: one POST per operation, typed by the generated documents.
import type { TypedDocumentString } from "./generated/graphql";

export class RequestFailed extends Error {}

interface Answer<R> {
  data?: R | null;
  errors?: { message: string }[];
}

export async function request<R, V>(
  document: TypedDocumentString<R, V>,
  variables: V,
  signal?: AbortSignal,
): Promise<R> {
  const response = await fetch("/graphql", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/graphql-response+json, application/json",
    },
    body: JSON.stringify({ query: document.toString(), variables }),
    signal,
  });
  let answer: Answer<R>;
  try {
    answer = (await response.json()) as Answer<R>;
  } catch {
    throw new RequestFailed(`The server answered ${response.status} without GraphQL.`);
  }
  if (answer.errors?.length) {
    throw new RequestFailed(answer.errors.map((error) => error.message).join("; "));
  }
  if (!answer.data) throw new RequestFailed(`The server answered ${response.status}.`);
  return answer.data;
}
