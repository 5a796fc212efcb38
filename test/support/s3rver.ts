/**
 * Starts a real S3-compatible server (the npm `s3rver` package) inside the test process,
 * on 127.0.0.1 with a free port and a fresh temp directory, so storage tests go through the
 * real @aws-sdk/client-s3 over real HTTP.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, request as forward, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Transform } from "node:stream";

/** s3rver's built-in account (lib/models/account.js); any other key id is rejected. */
export const S3RVER_ACCESS_KEY_ID = "S3RVER";
export const S3RVER_SECRET_ACCESS_KEY = "S3RVER";
/** s3rver checks no region; the SDK needs one to sign. */
export const S3RVER_REGION = "us-east-1";

export interface RunningS3rver {
  /** `http://127.0.0.1:<port>`; use with path-style addressing. */
  readonly endpoint: string;
  readonly port: number;
  /** Where s3rver keeps buckets and objects. */
  readonly directory: string;
  stop(): Promise<void>;
}

/** The small part of s3rver's API used here (the package ships no types). */
interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  readonly httpServer?: Server;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rverInstance;

// s3rver is CommonJS without type declarations; requiring it keeps the cast in one place.
const S3rver = createRequire(import.meta.url)("s3rver") as S3rverConstructor;

export async function startS3rver(options: { buckets?: string[] } = {}): Promise<RunningS3rver> {
  const buckets = options.buckets ?? ["test-bucket"];
  const directory = await mkdtemp(join(tmpdir(), "s3rver-"));
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  let address: AddressInfo;
  try {
    address = await server.run();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  const port = address.port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    directory,
    async stop() {
      // Keep-alive sockets of a client a test forgot to close would hold close() open.
      server.httpServer?.closeAllConnections();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/**
 * An HTTP proxy in front of s3rver that observes and damages traffic the way a network
 * could: it counts requests, can hold PUTs open, flip a byte of a PUT body, or answer 503.
 */
export interface S3FaultProxy {
  readonly endpoint: string;
  /** Paths (`/bucket/key`) of every PUT that reached the proxy, in order. */
  readonly puts: string[];
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
  stop(): Promise<void>;
}

export async function startS3FaultProxy(target: RunningS3rver): Promise<S3FaultProxy> {
  const failures = new Map<string, number>();
  let inFlight = 0;
  let inFlightPuts = 0;

  const server = createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    const isPut = req.method === "PUT";
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

    const send = (): void => {
      const upstream = forward(
        {
          host: "127.0.0.1",
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
        },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
        },
      );
      upstream.on("error", () => res.destroy());
      let first = true;
      const corrupt = isPut && proxy.corruptPut(path);
      const damage = new Transform({
        transform(chunk: Buffer, _encoding, done) {
          if (corrupt && first && chunk.length > 0) {
            const copy = Buffer.from(chunk);
            copy[0] = (copy[0] ?? 0) ^ 0xff;
            first = false;
            done(null, copy);
            return;
          }
          done(null, chunk);
        },
      });
      req.pipe(damage).pipe(upstream);
    };
    if (isPut && proxy.putDelayMs > 0) setTimeout(send, proxy.putDelayMs);
    else send();
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const proxy = {
    endpoint: `http://127.0.0.1:${port}`,
    puts: [] as string[],
    maxInFlight: 0,
    maxInFlightPuts: 0,
    corruptPut: (_path: string) => false,
    failNextPuts(path: string, count: number) {
      failures.set(path, count);
    },
    putDelayMs: 0,
    onPut: (_path: string) => {},
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return proxy;
}
