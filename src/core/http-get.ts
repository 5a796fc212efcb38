/**
 * One GET over node:http / node:https, for the run's public-url check. Node 20's global
 * `fetch` loads its bundled undici on first use (even reading `globalThis.Response` does),
 * 25-35 ms of main-thread CPU in a no-op run of about a second, for one request.
 *
 * It behaves as fetch did wherever the check (and its messages) depend on it: redirects
 * are followed (at most 20, only to http: and https:), the AbortSignal aborts with its
 * reason (AbortSignal.timeout's TimeoutError), and a network failure is a TypeError whose
 * `cause` carries the system error code (ENOTFOUND, ECONNREFUSED…) or undici's sentence
 * ("redirect count exceeded"). Each request has its own connection (`agent: false`,
 * `Connection: close`): nothing is left open to keep the process alive after the check.
 */
import type { IncomingMessage } from "node:http";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { promisify } from "node:util";
import { brotliDecompress, gunzip, inflate } from "node:zlib";
import { formatBytes } from "./format.js";

export interface HttpGetInit {
  readonly signal?: AbortSignal;
  /** A longer body fails the read (default DEFAULT_MAX_BYTES). */
  readonly maxBytes?: number;
}

/** The part of fetch's Response the check reads. */
export interface HttpGetResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: { get(name: string): string | null };
  /** The whole body, decoded if the server encoded it anyway. */
  arrayBuffer(): Promise<ArrayBuffer>;
  /** Discards the body unread (closes the connection). */
  readonly body: { cancel(): Promise<void> };
}

/** Far above any image a run uploads by default (max-size 50 MB), far below memory trouble. */
export const DEFAULT_MAX_BYTES = 64_000_000;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** fetch's limit: the 21st redirect fails. */
const MAX_REDIRECTS = 20;

/**
 * `identity`: the check compares bytes, and an image gains nothing from compression. The
 * other two as fetch sends them, so that a CDN's bot rules see the same request as before.
 */
const HEADERS = { accept: "*/*", "user-agent": "node", "accept-encoding": "identity" };

/** GETs `url`, following redirects; rejects as fetch does (see the module comment). */
export async function httpGet(url: string, init: HttpGetInit = {}): Promise<HttpGetResponse> {
  const { signal } = init;
  let target: URL;
  try {
    target = new URL(url);
  } catch (error) {
    // fetch's sentence; the code (ERR_INVALID_URL) is what a message shows.
    throw new TypeError(`Failed to parse URL from ${url}`, { cause: error });
  }
  if (!isHttp(target)) throw networkError("unknown scheme");
  for (let redirects = 0; ; redirects++) {
    // An abort that came between two hops fired no listener of the next request.
    signal?.throwIfAborted();
    const message = await send(target, signal);
    const location = message.headers.location;
    if (!REDIRECT_STATUSES.has(message.statusCode ?? 0) || location === undefined) {
      return response(message, signal, init.maxBytes ?? DEFAULT_MAX_BYTES);
    }
    // A redirect's own body is never read.
    message.destroy();
    target = redirectTarget(location, target);
    if (redirects === MAX_REDIRECTS) throw networkError("redirect count exceeded");
  }
}

function isHttp(url: URL): boolean {
  return url.protocol === "http:" || url.protocol === "https:";
}

/** fetch's shape for a failure before any answer: "fetch failed", the reason in `cause`. */
function networkError(cause: unknown): TypeError {
  return new TypeError("fetch failed", {
    cause: typeof cause === "string" ? new Error(cause) : cause,
  });
}

/** The Location resolved against the URL that answered with it, checked as fetch does. */
function redirectTarget(location: string, current: URL): URL {
  let next: URL;
  try {
    next = new URL(location, current);
  } catch (error) {
    throw networkError(error);
  }
  if (!isHttp(next)) throw networkError("URL scheme must be a HTTP(S) scheme");
  return next;
}

/** One request; resolves with the answer's head, its body still unread. */
function send(target: URL, signal: AbortSignal | undefined): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = (target.protocol === "https:" ? httpsRequest : httpRequest)({
      method: "GET",
      // Built by hand rather than from the URL: Node would send a user name and password
      // in it as Basic auth, which fetch never did.
      hostname: target.hostname.replace(/^\[|\]$/g, ""),
      ...(target.port ? { port: target.port } : {}),
      path: `${target.pathname}${target.search}`,
      headers: HEADERS,
      agent: false,
    });
    // Destroyed with the signal's reason, so that a timeout stays a TimeoutError (Node's
    // own `signal` option would wrap it in an AbortError).
    const abort = () => request.destroy(signal?.reason);
    signal?.addEventListener("abort", abort, { once: true });
    request.on("error", (error) => {
      signal?.removeEventListener("abort", abort);
      reject(signal?.aborted ? signal.reason : networkError(error));
    });
    request.on("response", (message) => {
      signal?.removeEventListener("abort", abort);
      // An error before the body is read must not crash the process; the read reports it.
      message.on("error", () => {});
      resolve(message);
    });
    request.end();
  });
}

function response(
  message: IncomingMessage,
  signal: AbortSignal | undefined,
  maxBytes: number,
): HttpGetResponse {
  const status = message.statusCode ?? 0;
  return {
    status,
    ok: status >= 200 && status <= 299,
    headers: {
      get(name) {
        const value = message.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(", ") : (value ?? null);
      },
    },
    arrayBuffer: () => readBody(message, signal, maxBytes),
    body: {
      async cancel() {
        message.destroy();
      },
    },
  };
}

/** The whole body, or the signal's reason, or fetch's "terminated" with the cause. */
async function readBody(
  message: IncomingMessage,
  signal: AbortSignal | undefined,
  maxBytes: number,
): Promise<ArrayBuffer> {
  const abort = () => message.destroy(signal?.reason);
  signal?.addEventListener("abort", abort, { once: true });
  try {
    signal?.throwIfAborted();
    if (Number(message.headers["content-length"]) > maxBytes) throw tooLarge(maxBytes);
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of message as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw tooLarge(maxBytes);
      chunks.push(chunk);
    }
    const bytes = await decode(Buffer.concat(chunks, size), message, maxBytes);
    // A large body owns its memory: handed over without a copy (a small one sits in the pool).
    const whole = bytes.byteOffset === 0 && bytes.length === bytes.buffer.byteLength;
    const memory = whole
      ? bytes.buffer
      : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
    return memory as ArrayBuffer;
  } catch (error) {
    message.destroy();
    if (signal?.aborted) throw signal.reason;
    throw error instanceof TypeError ? error : new TypeError("terminated", { cause: error });
  } finally {
    signal?.removeEventListener("abort", abort);
  }
}

function tooLarge(maxBytes: number): TypeError {
  return new TypeError("terminated", {
    cause: new Error(`the answer is larger than ${formatBytes(maxBytes)}`),
  });
}

const DECODERS: ReadonlyMap<string, typeof gunzip> = new Map([
  ["gzip", gunzip],
  ["x-gzip", gunzip],
  ["deflate", inflate],
  ["br", brotliDecompress],
]);

/**
 * A server may encode the body although asked not to, and fetch decoded it: so does this
 * (off the main thread, within the same limit). An unknown coding is left as sent, as
 * fetch left it.
 */
async function decode(raw: Buffer, message: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const codings = (message.headers["content-encoding"] ?? "")
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding && coding !== "identity");
  const decoders = codings.map((coding) => DECODERS.get(coding));
  if (raw.length === 0 || decoders.length === 0 || decoders.some((decoder) => !decoder)) return raw;
  let bytes = raw;
  // Undone in reverse: the last coding named was applied last.
  for (const decoder of decoders.reverse()) {
    try {
      bytes = await promisify(decoder as typeof gunzip)(bytes, { maxOutputLength: maxBytes });
    } catch (error) {
      if ((error as { code?: unknown }).code === "ERR_BUFFER_TOO_LARGE") throw tooLarge(maxBytes);
      throw error;
    }
  }
  return bytes;
}
