/**
 * HTTP to the Images API with Node's own fetch: one bearer token per route (the API's, or
 * a batch token's), one timeout per attempt, and every request under the one retry policy
 * (429 and 5xx retried, Retry-After honoured).
 */
import type { CloudflareImagesOptions } from "../../options/options.js";
import { type RetryPolicy, withRetries } from "../retry-policy.js";
import { CloudflareApiError, isTransientImagesError, readEnvelope } from "./api.js";
import { apiRoute, batchRoute, type Route } from "./batch-token.js";

export interface ImagesRequest {
  readonly method: "GET" | "POST" | "DELETE";
  /** Below the route's base, starting `/images/`. */
  readonly path: string;
  /** A fresh body per attempt (a FormData cannot be sent twice safely). */
  readonly body?: () => FormData;
  /** `api`: always the API token (listing, batch token); `images`: the batch host once it has a token. */
  readonly route?: "api" | "images";
  /** Raw bytes instead of the JSON envelope (the `/blob` of an image). */
  readonly raw?: boolean;
  /**
   * Tighter limits than the run's, for the first request: a silent API fails it after
   * `timeoutAttempts` attempts of `timeoutMs`, while a 429 is still waited out.
   */
  readonly timeoutMs?: number;
  readonly timeoutAttempts?: number;
}

export interface ImagesClient {
  /** The answer's `result`; throws CloudflareApiError (or what fetch threw) after the retries. */
  call<T>(request: ImagesRequest): Promise<T>;
  /** True while image requests go to the batch host. */
  usesBatch(): boolean;
  /** Asks for a batch token once; image requests use the batch host from then on. */
  useBatchToken(): Promise<boolean>;
  /** API requests and batch requests sent so far, retries included. */
  readonly sent: { api: number; batch: number };
}

/** `images/a b.png` → `images/a%20b.png`: each segment encoded, the slashes kept. */
export function encodeId(id: string): string {
  return id.split("/").map(encodeURIComponent).join("/");
}

export function createImagesClient(
  options: CloudflareImagesOptions,
  policy: RetryPolicy,
  timeoutMs: number,
): ImagesClient {
  const api = apiRoute(options.apiUrl, options.accountId, options.apiToken);
  let images: Route = api;
  let batchAsked = false;
  const sent = { api: 0, batch: 0 };

  async function send<T>(route: Route, request: ImagesRequest): Promise<T> {
    if (route.batch) sent.batch++;
    else sent.api++;
    const body = request.body?.();
    const response = await fetch(`${route.base}${request.path}`, {
      method: request.method,
      headers: { authorization: `Bearer ${route.token}` },
      ...(body ? { body } : {}),
      signal: AbortSignal.timeout(request.timeoutMs ?? timeoutMs),
    });
    if (request.raw && response.ok) return Buffer.from(await response.arrayBuffer()) as T;
    return readEnvelope<T>(response);
  }

  async function call<T>(request: ImagesRequest): Promise<T> {
    let timeouts = 0;
    const retryable = (error: unknown) => {
      if ((error as { name?: unknown } | null)?.name === "TimeoutError") timeouts++;
      return isTransientImagesError(error) && timeouts < (request.timeoutAttempts ?? Infinity);
    };
    return withRetries(
      policy,
      async () => {
        const route = request.route === "api" ? api : images;
        try {
          return await send<T>(route, request);
        } catch (error) {
          // A batch token lasts a limited time: once refused, the rest goes to the API.
          if (route.batch && error instanceof CloudflareApiError && error.status === 401) {
            images = api;
            return send<T>(api, request);
          }
          throw error;
        }
      },
      retryable,
    );
  }

  return {
    call,
    usesBatch: () => images.batch,
    async useBatchToken() {
      if (batchAsked) return images.batch;
      batchAsked = true;
      try {
        const answer = await call<unknown>({
          method: "GET",
          path: "/images/v1/batch_token",
          route: "api",
        });
        images = batchRoute(options.batchUrl, answer) ?? api;
      } catch {
        // Without a batch token the API still works, only with its lower rate limit.
        images = api;
      }
      return images.batch;
    },
    sent,
  };
}
