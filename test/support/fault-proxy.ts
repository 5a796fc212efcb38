/**
 * An HTTP proxy in front of s3rver that observes and damages traffic the way a network or a
 * stricter provider could: it counts requests, holds or drops them, corrupts PUT bodies,
 * answers throttling and signature errors, and checks request times against its own clock.
 */
import { createServer, request as forward, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import type { RunningS3rver } from "./s3rver.js";
import { hasValidSignature } from "./sigv4.js";

/** What the proxy does to one request instead of forwarding it. */
export type ProxyFault =
  /** Drop the connection without an answer (ECONNRESET / socket hang up on the client). */
  | { readonly type: "reset" }
  /** Accept and never answer (a firewall or a dead load balancer). */
  | { readonly type: "hang" }
  /** An S3 error response, e.g. 503 SlowDown with Retry-After (B2) or 429 (R2). */
  | {
      readonly type: "status";
      readonly status: number;
      readonly code: string;
      /** Seconds, sent as the Retry-After header. */
      readonly retryAfter?: number;
    };

/** A request as the fault hook sees it. */
export interface ProxyRequest {
  readonly method: string;
  /** `/bucket/key`, without the query. */
  readonly path: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** Real S3 rejects requests whose x-amz-date is more than this away from its clock. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * An HTTP proxy in front of s3rver that observes and damages traffic the way a network
 * could: it counts requests, can hold requests open, flip a byte of a PUT body, drop or
 * never answer connections, answer 5xx/429 with Retry-After, check SigV4 signatures
 * against a secret, and play a server whose clock differs from the client's.
 */
export interface S3FaultProxy {
  readonly endpoint: string;
  /** Paths (`/bucket/key`) of every PUT that reached the proxy, in order. */
  readonly puts: string[];
  /** Every request as `METHOD /path?query`, in order (a listing is `GET /bucket?list-type=2…`). */
  readonly requests: string[];
  /** Answer listings (ListObjectsV2) with 403 AccessDenied, like an R2 token scoped to objects. */
  denyListing: boolean;
  /** Most requests (of any method) open at the same time, and most PUTs. */
  readonly maxInFlight: number;
  readonly maxInFlightPuts: number;
  /** PUTs whose path matches get the first body byte inverted before s3rver stores it. */
  corruptPut: (path: string) => boolean;
  /** Answer the next `count` PUTs of `path` with 503 SlowDown without forwarding them. */
  failNextPuts(path: string, count: number): void;
  /** Hold every PUT this long before forwarding, so concurrent uploads overlap. */
  putDelayMs: number;
  /** Called for every PUT as it arrives (e.g. to advance a test clock). */
  onPut: (path: string) => void;
  /** Hold every forwarded request (any method) this long. */
  latencyMs: number;
  /** Decides, per request, a fault to inject instead of forwarding; undefined forwards. */
  fault: (request: ProxyRequest) => ProxyFault | undefined;
  /** Every fault injected, as `TYPE METHOD /path` (`status` faults as their status code). */
  readonly faults: string[];
  /** Error codes of the requests the proxy's own checks refused (signature, clock). */
  readonly refused: string[];
  /**
   * When set, requests must be signed (SigV4) with this secret, or get 403
   * SignatureDoesNotMatch (s3rver itself checks no v4 signature).
   */
  secretAccessKey: string | undefined;
  /**
   * When set, the proxy plays a server whose clock is this far ahead of the real one: it
   * sends its own Date on every response and rejects a request whose x-amz-date is more
   * than 5 minutes from that clock with 403 RequestTimeTooSkewed.
   */
  serverClockOffsetMs: number | undefined;
  /** Requests rejected as RequestTimeTooSkewed. */
  readonly skewRejections: number;
  stop(): Promise<void>;
}

function errorXml(code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
}

/** `20240102T030405Z` → epoch milliseconds. */
function parseAmzDate(text: string): number {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!match) return Number.NaN;
  const [, y, mo, d, h, mi, se] = match.map(Number) as number[];
  return Date.UTC(y ?? 0, (mo ?? 1) - 1, d, h, mi, se);
}

export async function startS3FaultProxy(target: RunningS3rver): Promise<S3FaultProxy> {
  const failures = new Map<string, number>();
  let inFlight = 0;
  let inFlightPuts = 0;

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const isPut = req.method === "PUT";
    proxy.requests.push(`${req.method} ${req.url}`);
    inFlight++;
    proxy.maxInFlight = Math.max(proxy.maxInFlight, inFlight);
    if (isPut) {
      inFlightPuts++;
      proxy.maxInFlightPuts = Math.max(proxy.maxInFlightPuts, inFlightPuts);
      proxy.puts.push(path);
      proxy.onPut(path);
    }
    res.on("close", () => {
      inFlight--;
      if (isPut) inFlightPuts--;
    });

    const offset = proxy.serverClockOffsetMs;
    const serverNow = (): number => Date.now() + (offset ?? 0);
    const reject = (status: number, code: string, message: string, extra = {}): void => {
      proxy.refused.push(code);
      req.resume();
      const headers = {
        "content-type": "application/xml",
        ...(offset === undefined ? {} : { date: new Date(serverNow()).toUTCString() }),
        ...extra,
      };
      // Answer only once the body is consumed, as servers do; the client sees the status.
      const answer = (): void => {
        res.writeHead(status, headers);
        res.end(errorXml(code, message));
      };
      if (req.readableEnded) answer();
      else req.on("end", answer);
    };

    // Anonymous reads (a public-url check) carry neither a date nor a signature to check.
    const signed = req.headers.authorization !== undefined;
    if (signed && offset !== undefined) {
      const sent = parseAmzDate(String(req.headers["x-amz-date"] ?? ""));
      if (!(Math.abs(sent - serverNow()) <= MAX_CLOCK_SKEW_MS)) {
        proxy.skewRejections++;
        reject(
          403,
          "RequestTimeTooSkewed",
          "The difference between the request time and the current time is too large.",
        );
        return;
      }
    }
    if (
      signed &&
      proxy.secretAccessKey !== undefined &&
      !hasValidSignature(req, proxy.secretAccessKey)
    ) {
      reject(
        403,
        "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided.",
      );
      return;
    }

    const injected = proxy.fault({
      method: req.method ?? "GET",
      path,
      url: req.url ?? "/",
      headers: req.headers,
    });
    if (injected) {
      const label = injected.type === "status" ? String(injected.status) : injected.type;
      proxy.faults.push(`${label} ${req.method} ${path}`);
      if (injected.type === "reset") {
        req.socket.destroy();
      } else if (injected.type === "status") {
        reject(
          injected.status,
          injected.code,
          "Injected by the test proxy.",
          injected.retryAfter === undefined ? {} : { "retry-after": String(injected.retryAfter) },
        );
      }
      // "hang": never answer; stop() closes the connection.
      return;
    }

    if (proxy.denyListing && req.method === "GET" && /[?&]list-type=/.test(req.url ?? "")) {
      req.resume();
      res.writeHead(403, { "content-type": "application/xml" });
      res.end("<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>");
      return;
    }

    const remainingFailures = failures.get(path) ?? 0;
    if (isPut && remainingFailures > 0) {
      failures.set(path, remainingFailures - 1);
      req.resume();
      req.on("end", () => {
        res.writeHead(503, { "content-type": "application/xml" });
        res.end(
          "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>",
        );
      });
      return;
    }

    const send = (body: Buffer): void => {
      const upstream = forward(
        {
          host: "127.0.0.1",
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (response) => {
          const headers = { ...response.headers };
          // A server with another clock sends its own Date; the SDK corrects from it.
          if (offset !== undefined) headers.date = new Date(serverNow()).toUTCString();
          res.writeHead(response.statusCode ?? 502, headers);
          response.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      if (isPut && body.length > 0 && proxy.corruptPut(path)) {
        body = Buffer.from(body);
        body[0] = (body[0] ?? 0) ^ 0xff;
      }
      upstream.end(body);
    };
    // The body is read whole before it is forwarded, so a client that dies mid-upload
    // (a SIGKILL test) leaves nothing in s3rver, as with real S3; s3rver itself would keep
    // a truncated object that breaks its listings.
    const chunks: Buffer[] = [];
    let complete = false;
    let due = false;
    let sent = false;
    const maybeSend = (): void => {
      if (!complete || !due || sent) return;
      sent = true;
      send(Buffer.concat(chunks));
    };
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      complete = true;
      maybeSend();
    });
    const delay = proxy.latencyMs + (isPut ? proxy.putDelayMs : 0);
    setTimeout(() => {
      due = true;
      maybeSend();
    }, delay);
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const proxy = {
    endpoint: `http://127.0.0.1:${port}`,
    puts: [] as string[],
    requests: [] as string[],
    denyListing: false,
    maxInFlight: 0,
    maxInFlightPuts: 0,
    corruptPut: (_path: string) => false,
    failNextPuts(path: string, count: number) {
      failures.set(path, count);
    },
    putDelayMs: 0,
    onPut: (_path: string) => {},
    latencyMs: 0,
    fault: (_request: ProxyRequest): ProxyFault | undefined => undefined,
    faults: [] as string[],
    refused: [] as string[],
    secretAccessKey: undefined as string | undefined,
    serverClockOffsetMs: undefined as number | undefined,
    skewRejections: 0,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
