/**
 * The Storage interface for AWS S3 and S3-compatible providers, over one of two transports:
 * signed HTTP requests for S3-compatible endpoints, the AWS SDK for AWS itself. Retries,
 * the preflight's deadline, error translation and the run of consecutive failures live
 * here, the same for both.
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import { StorageError } from "../core/errors.js";
import type { StorageOptions } from "../options/options.js";
import {
  type RetryPolicy,
  type RetryTuning,
  retryPolicyFrom,
  withRetries,
} from "./retry-policy.js";
import { credentialIdentity } from "./s3-client-config.js";
import {
  type ErrorContext,
  isTransientStorageError,
  notS3Answer,
  storageTimeoutError,
  translateStorageError,
} from "./s3-errors.js";
import { createLeanTransport } from "./s3-lean.js";
import type { SdkTransport } from "./s3-sdk.js";
import { createSignedRequests } from "./s3-signed-request.js";
import { S3_TRAITS } from "./s3-traits.js";
import { type ClockOffset, NotListBucketResult, type S3Transport } from "./s3-transport.js";
import type { ObjectInfo, PreflightResult, PutRequest, PutResult, Storage } from "./storage.js";

/** Knobs for tests; the defaults suit a CI runner. */
export interface S3StorageTuning extends RetryTuning {
  /** Give up on a connection that is not established within this time. */
  readonly connectionTimeoutMs?: number;
  /** Give up on a socket that stays silent this long (an idle timeout, not a total one). */
  readonly socketTimeoutMs?: number;
  /** The whole preflight, retries included, must answer within this time. */
  readonly preflightTimeoutMs?: number;
  /**
   * After this many requests in a row failed even after their retries, with no success in
   * between, storage is taken as down and the run stops instead of waiting out every image.
   */
  readonly consecutiveFailureLimit?: number;
}

/** Appended to the prefix for the preflight listing; no key template produces it. */
export const PREFLIGHT_PROBE = ".md-image-offload-preflight/";

/** The spec asks an unreachable endpoint to fail within ~15 s, not the SDK's minutes. */
export const PREFLIGHT_TIMEOUT_MS = 10_000;

/**
 * The S3 implementation of `Storage`. One factory of closures on purpose: every method
 * shares the one client, its connection pool, the retry policy and the run of consecutive
 * failures, which separate functions would have to pass around.
 */
export function createS3Storage(options: StorageOptions, tuning: S3StorageTuning = {}): Storage {
  const policy: RetryPolicy = retryPolicyFrom(tuning);
  const preflightTimeoutMs = tuning.preflightTimeoutMs ?? PREFLIGHT_TIMEOUT_MS;
  const failureLimit = tuning.consecutiveFailureLimit ?? 10;
  // One agent for the whole run: keep-alive saves a TLS handshake per object, and enough
  // sockets that `concurrency` requests never queue behind each other.
  const agentOptions = { keepAlive: true, maxSockets: Math.max(1, options.concurrency) };
  const agents = { http: new HttpAgent(agentOptions), https: new HttpsAgent(agentOptions) };
  const bucket = options.bucket;
  const sdk = lazySdk(options, tuning, agents);
  // The keys the inputs gave, else the SDK's default chain (loaded only then).
  const identity = options.credentials ? credentialIdentity(options.credentials) : undefined;
  // S3-compatible endpoints get every request without the SDK (s3-lean.ts); AWS itself
  // keeps the SDK, which follows its region redirects.
  const transport: S3Transport = options.endpoint
    ? createLeanTransport(
        createSignedRequests({
          endpoint: new URL(options.endpoint),
          bucket,
          forcePathStyle: options.forcePathStyle,
          region: options.region,
          credentials: async () => identity ?? (await sdk.load()).credentials(),
          clockOffset: sdk.clockOffset,
          agent: options.endpoint.startsWith("https:") ? agents.https : agents.http,
          socketTimeoutMs: tuning.socketTimeoutMs ?? 30_000,
        }),
      )
    : sdk.transport;
  const contextFor = (action: string, key?: string): ErrorContext => ({
    action,
    bucket,
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    ...(key === undefined ? {} : { key }),
  });

  // Requests in a row that failed after all their attempts; any success resets it.
  let consecutiveFailures = 0;
  let lastFailure: unknown;

  /** One storage request under the retry policy; what it throws is already translated. */
  async function request<T>(
    action: string,
    key: string | undefined,
    operation: (attempt: number) => Promise<T>,
  ): Promise<T> {
    const context = contextFor(action, key);
    if (consecutiveFailures >= failureLimit) throw storageDown(context);
    try {
      const result = await withRetries(policy, operation, isTransientStorageError);
      consecutiveFailures = 0;
      return result;
    } catch (error) {
      if (isTransientStorageError(error)) {
        consecutiveFailures++;
        lastFailure = error;
        if (consecutiveFailures >= failureLimit) throw storageDown(context);
      }
      throw translateStorageError(error, context, policy.maxAttempts);
    }
  }

  /** Every page of `prefix` from `token` on (from the first without one), after `objects`. */
  async function listPages(
    prefix: string,
    objects: ObjectInfo[],
    token: string | undefined,
  ): Promise<ObjectInfo[]> {
    let next = token;
    do {
      const from = next;
      const page = await request(`listing prefix "${prefix}" of`, undefined, () =>
        transport.listPage({ prefix, ...(from ? { token: from } : {}) }),
      );
      objects.push(...page.objects);
      next = page.next;
    } while (next);
    return objects;
  }

  function storageDown(context: ErrorContext): StorageError {
    const last = translateStorageError(lastFailure, context, policy.maxAttempts).message;
    return new StorageError(
      `Storage at ${options.endpoint ?? "AWS S3"} failed ${failureLimit} requests in a row even after retries, so the run stopped (last: ${last.replace(/\.$/, "")}); try again later, or check the \`endpoint\` input.`,
      "StorageDown",
    );
  }

  return {
    ...S3_TRAITS,
    async preflight(prefix: string, { list = false } = {}): Promise<PreflightResult> {
      const context = contextFor(`listing prefix "${prefix}" of`);
      // A prefix no upload uses: the answer is always one short page (never truncated),
      // and it still proves the bucket exists and the key may list it.
      // Asked to list, the prefix's own first page is the check.
      const probe = list ? prefix : `${prefix}${PREFLIGHT_PROBE}`;
      // A deadline for the whole check: a server that accepts connections and never
      // answers would otherwise hold the run for the socket timeout of every attempt.
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(), preflightTimeoutMs);
      // What the server said last, if anything: more useful than "no answer" at the deadline.
      let answered: unknown;
      let attempts = 0;
      const deadlinePassed = new Promise<void>((resolve) =>
        deadline.signal.addEventListener("abort", () => resolve(), { once: true }),
      );
      // A backoff never outlasts the deadline.
      const sleep = (ms: number) => Promise.race([policy.sleep(ms), deadlinePassed]);
      try {
        const first = await withRetries(
          { ...policy, sleep },
          async (attempt) => {
            attempts = attempt;
            try {
              return await transport.listPage({
                prefix: probe,
                ...(list ? {} : { maxKeys: 1 }),
                signal: deadline.signal,
              });
            } catch (error) {
              if (!deadline.signal.aborted) answered = error;
              throw error;
            }
          },
          (error) => !deadline.signal.aborted && isTransientStorageError(error),
        );
        if (!list) return { canList: true };
        const objects = first.next
          ? listPages(prefix, [...first.objects], first.next)
          : Promise.resolve([...first.objects]);
        objects.catch(() => {}); // awaited, and reported, by whoever uses the listing
        return { canList: true, objects };
      } catch (error) {
        if (error instanceof NotListBucketResult)
          throw notS3Answer(context, "HTTP 200 without a ListBucketResult");
        if (deadline.signal.aborted) {
          if (answered === undefined) throw storageTimeoutError(context, preflightTimeoutMs);
          throw translateStorageError(answered, context, attempts);
        }
        const translated = translateStorageError(error, context, policy.maxAttempts);
        // R2 tokens scoped to objects may not list the bucket: a plain AccessDenied on this
        // bucket-level call says nothing about uploads, which report their own errors.
        if (translated instanceof StorageError && translated.code === "AccessDenied")
          return { canList: false };
        throw translated;
      } finally {
        clearTimeout(timer);
      }
    },

    head(key: string): Promise<ObjectInfo | undefined> {
      return request("checking", key, () => transport.head(key));
    },

    list(prefix: string): Promise<ObjectInfo[]> {
      return listPages(prefix, [], undefined);
    },

    put(put: PutRequest): Promise<PutResult> {
      return request("uploading", put.key, (attempt) =>
        transport.put(put, attempt, policy.maxAttempts),
      );
    },

    get(key: string): Promise<Buffer> {
      return request("reading", key, () => transport.get(key));
    },

    async delete(key: string): Promise<void> {
      await request("deleting", key, () => transport.delete(key));
    },

    close(): void {
      sdk.destroy();
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/**
 * The SDK transport, imported and built on first use: for AWS itself, or for the default
 * credential chain when no keys are given. The clock correction lives here until then,
 * and in the SDK client after, which corrects it on RequestTimeTooSkewed too.
 */
function lazySdk(
  options: StorageOptions,
  tuning: S3StorageTuning,
  agents: { readonly http: HttpAgent; readonly https: HttpsAgent },
) {
  let offsetMs = 0;
  let loaded: SdkTransport | undefined;
  let loading: Promise<SdkTransport> | undefined;
  const clockOffset: ClockOffset = {
    get: () => (loaded ? loaded.clockOffsetMs() : offsetMs),
    set: (ms) => {
      offsetMs = ms;
      loaded?.setClockOffset(ms);
    },
  };
  const load = (): Promise<SdkTransport> => {
    loading ??= import("./s3-sdk.js").then(({ createSdkTransport }) => {
      loaded = createSdkTransport(options, {
        agents,
        connectionTimeoutMs: tuning.connectionTimeoutMs ?? 10_000,
        socketTimeoutMs: tuning.socketTimeoutMs ?? 30_000,
        clockOffset,
      });
      return loaded;
    });
    return loading;
  };
  const transport: S3Transport = {
    listPage: async (request) => (await load()).listPage(request),
    head: async (key) => (await load()).head(key),
    put: async (put, attempt, maxAttempts) => (await load()).put(put, attempt, maxAttempts),
    get: async (key) => (await load()).get(key),
    delete: async (key) => (await load()).delete(key),
  };
  return { load, clockOffset, transport, destroy: () => loaded?.destroy() };
}
