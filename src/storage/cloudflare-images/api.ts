/**
 * The Cloudflare API's answer envelope (`{success, errors, messages, result}`) and what its
 * failures mean: a CloudflareApiError carries the HTTP status, the error codes and the
 * Retry-After header (in the shape retry-policy.ts reads), and `translateImagesError` turns
 * it into one sentence naming the input to fix.
 */
import { ItemError, OffloadError, StorageError } from "../../core/errors.js";
import { printable } from "../../core/printable.js";

export interface ApiMessage {
  readonly code: number;
  readonly message: string;
}

/** The documented envelope of every Cloudflare API v4 answer. */
export interface Envelope<T> {
  readonly success: boolean;
  readonly errors: readonly ApiMessage[];
  readonly messages: readonly ApiMessage[];
  readonly result: T;
}

/** One image as the API describes it (upload, details and listing answers). */
export interface ImageRecord {
  readonly id: string;
  readonly filename?: string;
  readonly metadata?: Record<string, unknown>;
  readonly uploaded?: string;
  readonly requireSignedURLs?: boolean;
  readonly variants?: readonly string[];
}

/** Error codes the Images API documents for the cases handled here. */
export const CODES = {
  /** Authentication error: the token is wrong or lacks the permission. */
  authentication: 10000,
  /** Unauthorized to access requested resource. */
  unauthorized: 9109,
  /** Could not route to /accounts/…: an account ID that does not exist. */
  noRoute: 7003,
  noRouteForUri: 7000,
  /** Image not found. */
  notFound: 5404,
  /** An image with this custom ID already exists. */
  alreadyExists: 5409,
  /** Rate limited. */
  rateLimited: 971,
} as const;

/** A non-success answer of the API, or a body that is not its envelope. */
export class CloudflareApiError extends Error {
  override name = "CloudflareApiError";
  /** Read by retry-policy.ts's retryAfterMs, like an SDK error's raw response. */
  readonly $response: { readonly headers: Record<string, string> };
  constructor(
    readonly status: number,
    readonly errors: readonly ApiMessage[],
    headers: Record<string, string>,
  ) {
    const first = errors[0];
    super(first ? `${first.message} (code ${first.code})` : `HTTP ${status}`);
    this.$response = { headers };
  }

  hasCode(code: number): boolean {
    return this.errors.some((error) => error.code === code);
  }
}

/** Reads an answer's envelope; throws CloudflareApiError unless it is a success. */
export async function readEnvelope<T>(response: Response): Promise<T> {
  const headers = Object.fromEntries(response.headers.entries());
  const text = await response.text();
  let body: Partial<Envelope<T>> | undefined;
  try {
    body = JSON.parse(text) as Partial<Envelope<T>>;
  } catch {
    body = undefined;
  }
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  if (!response.ok || body?.success !== true) {
    const described =
      errors.length > 0 || body !== undefined
        ? errors
        : [{ code: 0, message: `not the Cloudflare API (HTTP ${response.status}, no JSON)` }];
    throw new CloudflareApiError(response.status, described, headers);
  }
  return body.result as T;
}

/** Rate limits, server errors and dropped connections: worth another attempt. */
export function isTransientImagesError(error: unknown): boolean {
  if (error instanceof CloudflareApiError) {
    return error.status === 429 || error.status >= 500 || error.hasCode(CODES.rateLimited);
  }
  if (error instanceof OffloadError) return false;
  // fetch throws TypeError("fetch failed") with the socket error as cause; a timeout is
  // an AbortSignal.timeout's TimeoutError. A wrong host or certificate stays wrong.
  if (CONFIG_CODES.has(causeCode(error) ?? "")) return false;
  const name = (error as { name?: unknown } | null)?.name;
  return error instanceof TypeError || name === "TimeoutError" || name === "AbortError";
}

/** Socket and TLS codes that mean the URL itself is wrong, not a passing glitch. */
const CONFIG_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "ERR_INVALID_URL",
  "ERR_BAD_PORT",
  "CERT_HAS_EXPIRED",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
]);

function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (typeof cause?.code === "string") return cause.code;
  // fetch refuses the ports browsers block (1, 9, 25…) before connecting.
  return cause?.message === "bad port" ? "ERR_BAD_PORT" : undefined;
}

const TOKEN_FIX =
  "use an API token with the permission Images Write (Account → Cloudflare Images → Edit) for this account";

/**
 * One sentence naming the input to fix: a StorageError when every request would fail the
 * same way (token, account, unreachable API), an ItemError for one image.
 */
const URL_DEFAULTS = {
  "cloudflare-api-url": "https://api.cloudflare.com/client/v4",
  "cloudflare-batch-url": "https://batch.imagedelivery.net",
} as const;

export function translateImagesError(
  error: unknown,
  action: string,
  /** The base URL the request went to, and the input that set it. */
  where: { readonly url: string; readonly input: keyof typeof URL_DEFAULTS },
  id?: string,
): Error {
  const { url, input: urlInput } = where;
  if (error instanceof OffloadError) return error;
  const subject = id === undefined ? "" : ` ${printable(id)}`;
  if (error instanceof CloudflareApiError) {
    const said = printable(error.message);
    if (error.hasCode(CODES.noRoute) || error.hasCode(CODES.noRouteForUri)) {
      return new StorageError(
        `Input cloudflare-account-id: Cloudflare knows no such account (${said}) while ${action}${subject}; copy the account ID from the Images page of the dashboard.`,
        "UnknownAccount",
        error.status,
      );
    }
    if (
      error.status === 401 ||
      error.status === 403 ||
      error.hasCode(CODES.authentication) ||
      error.hasCode(CODES.unauthorized)
    ) {
      return new StorageError(
        `Input cloudflare-api-token: Cloudflare refused the token with HTTP ${error.status} (${said}) while ${action}${subject}; ${TOKEN_FIX}, and check cloudflare-account-id.`,
        "AccessDenied",
        error.status,
      );
    }
    if (error.status === 429 || error.hasCode(CODES.rateLimited)) {
      return new StorageError(
        `Cloudflare kept answering HTTP 429 (rate limited: 1,200 requests per 5 minutes per token) while ${action}${subject}, even after retries; run again later or lower concurrency.`,
        "RateLimited",
        429,
      );
    }
    if (error.status >= 500) {
      return new ItemError(
        `Cloudflare answered HTTP ${error.status} (${said}) while ${action}${subject}, even after retries; run again later.`,
      );
    }
    return new ItemError(`Cloudflare refused ${action}${subject}: ${said}.`);
  }
  const code = causeCode(error);
  if (code && CONFIG_CODES.has(code)) {
    return new StorageError(
      `Input ${urlInput}: ${printable(url)} could not be reached (${code}) while ${action}${subject}; leave it at ${URL_DEFAULTS[urlInput]} unless a proxy stands in between.`,
      "Unreachable",
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ItemError(
    `Cloudflare could not be reached while ${action}${subject} (${printable(code ?? message)}), even after retries.`,
  );
}
