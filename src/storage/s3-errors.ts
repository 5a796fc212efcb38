/**
 * Turns what the AWS SDK and Node's sockets throw into the engine's typed errors: a
 * StorageError (the whole run cannot work: bucket, credentials, endpoint, region) with one
 * sentence that names the input to fix, or an ItemError for a single object.
 */
import { ItemError, OffloadError, StorageError } from "../engine/errors.js";

export interface ErrorContext {
  /** What was being done, as a verb phrase: "uploading", "checking", "listing". */
  readonly action: string;
  readonly bucket: string;
  /** Empty: AWS S3. */
  readonly endpoint?: string;
  /** The object key, for per-object operations. */
  readonly key?: string;
}

/** The fields of SDK errors and Node system errors that classification looks at. */
interface ErrorFacts {
  readonly names: string[];
  readonly codes: string[];
  readonly status?: number;
  readonly message: string;
}

// Node socket and TLS codes that mean the endpoint itself is wrong, not a passing glitch.
const ENDPOINT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "ERR_INVALID_URL",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "EPROTO",
]);

const TRANSIENT_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT", "EAI_AGAIN", "EHOSTUNREACH"]);
const TRANSIENT_NAMES = new Set([
  "TimeoutError",
  "RequestTimeout",
  "RequestTimeoutException",
  "InternalError",
  "ServiceUnavailable",
  "SlowDown",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "BandwidthLimitExceeded",
]);
const TRANSIENT_STATUS = new Set([429, 500, 502, 503, 504]);

function factsOf(error: unknown): ErrorFacts {
  const names: string[] = [];
  const codes: string[] = [];
  let status: number | undefined;
  // Walk cause chains and AggregateError members (Node's happy-eyeballs connect errors).
  const visit = (value: unknown, depth: number): void => {
    if (depth > 5 || typeof value !== "object" || value === null) return;
    const record = value as {
      name?: unknown;
      code?: unknown;
      Code?: unknown;
      $metadata?: { httpStatusCode?: unknown };
      errors?: unknown;
      cause?: unknown;
    };
    if (typeof record.name === "string") names.push(record.name);
    if (typeof record.Code === "string") names.push(record.Code);
    if (typeof record.code === "string") codes.push(record.code);
    const httpStatus = record.$metadata?.httpStatusCode;
    if (status === undefined && typeof httpStatus === "number") status = httpStatus;
    if (Array.isArray(record.errors)) for (const inner of record.errors) visit(inner, depth + 1);
    visit(record.cause, depth + 1);
  };
  visit(error, 0);
  const message = error instanceof Error ? error.message : String(error);
  return { names, codes, message, ...(status === undefined ? {} : { status }) };
}

function where(context: ErrorContext): string {
  return context.endpoint ? context.endpoint : "AWS S3";
}

/** A StorageError when the error means no request of this run can succeed. */
function fatalError(facts: ErrorFacts, context: ErrorContext): StorageError | undefined {
  const has = (name: string): boolean => facts.names.includes(name);
  const status = facts.status;
  const bucket = `"${context.bucket}"`;
  if (has("NoSuchBucket")) {
    return new StorageError(
      `The bucket ${bucket} does not exist on ${where(context)}; check the \`bucket\` input (and \`endpoint\`/\`region\`).`,
      "NoSuchBucket",
      status,
    );
  }
  if (has("InvalidAccessKeyId")) {
    return new StorageError(
      `Storage at ${where(context)} does not know this access key (InvalidAccessKeyId); check the \`access-key-id\` input.`,
      "InvalidAccessKeyId",
      status,
    );
  }
  if (has("SignatureDoesNotMatch")) {
    return new StorageError(
      `Storage at ${where(context)} rejected the request signature (SignatureDoesNotMatch); check the \`secret-access-key\` input.`,
      "SignatureDoesNotMatch",
      status,
    );
  }
  if (has("ExpiredToken") || has("InvalidToken") || has("TokenRefreshRequired")) {
    return new StorageError(
      `Storage at ${where(context)} rejected the session token as expired or invalid; check the \`session-token\` input or the role that provides it.`,
      facts.names.find((name) => name.endsWith("Token") || name === "TokenRefreshRequired"),
      status,
    );
  }
  if (has("CredentialsProviderError")) {
    return new StorageError(
      "No storage credentials were found; set the `access-key-id` and `secret-access-key` inputs (or provide AWS credentials to the job).",
      "CredentialsProviderError",
    );
  }
  if (has("PermanentRedirect") || has("AuthorizationHeaderMalformed") || status === 301) {
    return new StorageError(
      `Storage at ${where(context)} says bucket ${bucket} lives in another region or endpoint; check the \`region\` and \`endpoint\` inputs.`,
      facts.names[0],
      status,
    );
  }
  // A skewed clock also answers 403, but the SDK corrects its clock and retries that itself.
  const skewed = has("RequestTimeTooSkewed") || has("RequestExpired");
  if (!skewed && (has("AccessDenied") || has("Forbidden") || status === 403)) {
    return new StorageError(
      `Storage at ${where(context)} denied access to bucket ${bucket} while ${context.action}; check that \`access-key-id\` and \`secret-access-key\` belong to a key allowed to read and write it.`,
      "AccessDenied",
      status,
    );
  }
  const endpointCode = facts.codes.find(
    (code) => ENDPOINT_CODES.has(code) || code.startsWith("CERT_"),
  );
  if (endpointCode) {
    return new StorageError(
      `Could not reach storage at ${where(context)} (${endpointCode}); check the \`endpoint\` input.`,
      endpointCode,
    );
  }
  return undefined;
}

/**
 * The typed error for anything a storage call threw; the original stays as `cause` so
 * later retry logic can still classify it.
 */
export function translateStorageError(error: unknown, context: ErrorContext): OffloadError {
  if (error instanceof OffloadError) return error;
  const facts = factsOf(error);
  const fatal = fatalError(facts, context);
  const translated = fatal ?? itemError(facts, context);
  translated.cause = error;
  return translated;
}

function itemError(facts: ErrorFacts, context: ErrorContext): OffloadError {
  const code =
    facts.names.find((name) => name !== "Error" && name !== "AggregateError") ?? facts.codes[0];
  const detail = [facts.status === undefined ? undefined : `HTTP ${facts.status}`, code]
    .filter((part) => part !== undefined && part !== "")
    .join(" ");
  const reason = facts.message && facts.message !== code ? facts.message.replace(/\.$/, "") : "";
  const what = context.key
    ? `${context.action} ${context.key}`
    : `${context.action} bucket "${context.bucket}"`;
  const message = `Storage failed ${what}${detail ? ` (${detail})` : ""}${reason ? `: ${reason}` : ""}.`;
  return context.key ? new ItemError(message) : new OffloadError(message);
}

/** True for errors worth another attempt: 5xx, 429, throttling, timeouts, dropped sockets. */
export function isTransientStorageError(error: unknown): boolean {
  const facts = factsOf(error);
  if (facts.status !== undefined && TRANSIENT_STATUS.has(facts.status)) return true;
  if (facts.names.some((name) => TRANSIENT_NAMES.has(name))) return true;
  if (facts.codes.some((code) => TRANSIENT_CODES.has(code))) return true;
  const retryable = (error as { $retryable?: unknown } | null)?.$retryable;
  return retryable !== undefined && retryable !== null;
}
