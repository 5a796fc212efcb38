/**
 * Where Images requests go. The API allows 1,200 requests per 5 minutes per token; a run
 * with more to make than BATCH_THRESHOLD asks once for a batch token
 * (`GET /accounts/{id}/images/v1/batch_token`) and sends its image requests to the batch
 * host with it, whose paths drop the `/accounts/{id}` part.
 */

/** From this many requests on (exclusive), a batch token is worth its own request. */
export const BATCH_THRESHOLD = 200;

/** A base URL for `/images/…` paths and the bearer token that goes with it. */
export interface Route {
  readonly base: string;
  readonly token: string;
  /** True for the batch host. */
  readonly batch: boolean;
}

export interface BatchTokenAnswer {
  readonly token: string;
  readonly expiresAt?: string;
}

/** The API route: `<api-url>/accounts/<account>` with the API token. */
export function apiRoute(apiUrl: string, accountId: string, apiToken: string): Route {
  return {
    base: `${apiUrl}/accounts/${encodeURIComponent(accountId)}`,
    token: apiToken,
    batch: false,
  };
}

/** The batch route, or undefined when the answer holds no token. */
export function batchRoute(batchUrl: string, answer: unknown): Route | undefined {
  const token = (answer as Partial<BatchTokenAnswer> | null)?.token;
  if (typeof token !== "string" || token === "") return undefined;
  return { base: batchUrl, token, batch: true };
}
