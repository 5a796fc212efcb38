/**
 * The one retry policy for every storage request (HEAD, LIST, PUT, GET, DELETE).
 *
 * The SDK's standard strategy is switched off (maxAttempts 1 on the client): it gives 3
 * attempts and a shared budget of retry tokens that a burst of throttling empties, after
 * which every request fails on its first error; and it never retries a PUT whose body is a
 * stream. Here each request gets its own attempts, with capped exponential backoff, full
 * jitter over the upper half, and the server's Retry-After honoured (B2 answers 503 with
 * it, R2 answers 429).
 */

export interface RetryPolicy {
  /** Attempts per request, the first one included. */
  readonly maxAttempts: number;
  /** Backoff before the 2nd attempt; doubles for each later one. */
  readonly baseDelayMs: number;
  /** No backoff (and no Retry-After) waits longer than this. */
  readonly maxDelayMs: number;
  /** Injected so tests do not sleep for real. */
  readonly sleep: (ms: number) => Promise<void>;
  /** Injected so tests are deterministic; returns [0, 1). */
  readonly random: () => number;
}

/**
 * 8 attempts: with 20 % of requests failing at random, a request fails for good with
 * probability 0.2^8 ≈ 2.6e-6, so a run of thousands of uploads still succeeds. The delays
 * (0.2, 0.4, … 12.8 s) add up to about 25 s, long enough to ride out a throttling burst.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 200,
  maxDelayMs: 20_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/** A storage's knobs for tests; any left out keep DEFAULT_RETRY_POLICY's value. */
export interface RetryTuning {
  /** Attempts per request, first one included. */
  readonly maxAttempts?: number;
  /** First backoff delay of a retried request; doubles each attempt, with jitter. */
  readonly retryBaseDelayMs?: number;
  /** Longest wait between two attempts, Retry-After included. */
  readonly maxRetryDelayMs?: number;
  /** Replaces the real wait between attempts (tests). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Replaces Math.random for the jitter (tests). */
  readonly random?: () => number;
}

/** The policy a storage runs with, from its tuning. */
export function retryPolicyFrom(tuning: RetryTuning): RetryPolicy {
  return {
    maxAttempts: Math.max(1, tuning.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts),
    baseDelayMs: tuning.retryBaseDelayMs ?? DEFAULT_RETRY_POLICY.baseDelayMs,
    maxDelayMs: tuning.maxRetryDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
    sleep: tuning.sleep ?? DEFAULT_RETRY_POLICY.sleep,
    random: tuning.random ?? DEFAULT_RETRY_POLICY.random,
  };
}

/** The Retry-After header of a failed SDK request, in milliseconds, when there is one. */
export function retryAfterMs(error: unknown, now: number = Date.now()): number | undefined {
  const response = (error as { $response?: { headers?: Record<string, unknown> } } | null)
    ?.$response;
  const headers = response?.headers ?? {};
  const entry = Object.entries(headers).find(([name]) => name.toLowerCase() === "retry-after");
  const value = typeof entry?.[1] === "string" ? entry[1].trim() : undefined;
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * How long to wait before attempt `attempt + 1`: a random point in the upper half of the
 * doubled window (so concurrent requests spread out), at least what Retry-After asks,
 * never more than maxDelayMs.
 */
export function backoffDelay(policy: RetryPolicy, attempt: number, retryAfter?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = ceiling / 2 + policy.random() * (ceiling / 2);
  return Math.min(policy.maxDelayMs, Math.max(jittered, retryAfter ?? 0));
}

/**
 * Runs `operation` until it succeeds, throws an error `isRetryable` rejects, or has run
 * `maxAttempts` times; the last error is rethrown as it was.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  operation: (attempt: number) => Promise<T>,
  isRetryable: (error: unknown) => boolean,
): Promise<T> {
  const attempts = Math.max(1, policy.maxAttempts);
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await policy.sleep(backoffDelay(policy, attempt, retryAfterMs(error)));
    }
  }
}
