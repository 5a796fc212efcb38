/**
 * S3 requests as one SigV4-signed HTTP request each over the run's keep-alive agent,
 * without the SDK's middleware stack: for small images and long listings the stack cost
 * more CPU than the work (resolving 30 middlewares, re-hashing bodies, a schema-driven XML
 * decoder). Used for S3-compatible endpoints, for the two requests a run makes by the
 * thousand: PutObject and ListObjectsV2. Errors come out shaped like the SDK's (name = S3
 * error code, $metadata.httpStatusCode, $response.headers) so s3-errors.ts and the retry
 * policy treat both alike.
 */
import type { Agent as HttpAgent, IncomingMessage } from "node:http";
import { request as httpRequest } from "node:http";
import type { Agent as HttpsAgent } from "node:https";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import type { Readable } from "node:stream";
import type { AwsCredentialIdentity, Provider } from "@smithy/types";
import { describeError, ItemError } from "../core/errors.js";
import { createSigner, escapeUri } from "./sigv4.js";

export interface SignedTarget {
  /** The endpoint URL as the user gave it (a path after the host is kept). */
  readonly endpoint: URL;
  readonly bucket: string;
  readonly forcePathStyle: boolean;
  readonly region: string;
  readonly credentials: Provider<AwsCredentialIdentity>;
  /** The clock correction shared with the SDK client: ms to add to the local clock. */
  readonly clockOffset: { get(): number; set(ms: number): void };
  readonly agent: HttpAgent | HttpsAgent;
  /** A socket silent this long is given up (connect included). */
  readonly socketTimeoutMs: number;
}

/** An S3 error answer, shaped like the SDK's service exceptions. */
export class S3ResponseError extends Error {
  readonly $metadata: { httpStatusCode: number; clockSkewCorrected?: boolean };
  readonly $fault: "client" | "server";
  /** The headers, as the SDK keeps them: the retry policy reads Retry-After there. */
  readonly $response: { headers: Record<string, string> };
  constructor(
    name: string,
    message: string,
    status: number,
    skewCorrected: boolean,
    headers: Record<string, string>,
  ) {
    super(message);
    this.name = name;
    this.$response = { headers };
    this.$metadata = {
      httpStatusCode: status,
      ...(skewCorrected ? { clockSkewCorrected: true } : {}),
    };
    this.$fault = status >= 500 ? "server" : "client";
  }
}

/** Where a target's objects live: computed once per run, not once per request. */
export interface ObjectLocation {
  readonly protocol: "http:" | "https:";
  readonly hostname: string;
  readonly port: string;
  /** The Host header: hostname and port as the URL has them. */
  readonly host: string;
  /** The path of `key` (empty for the bucket itself), each segment encoded as signed. */
  path(key: string): string;
}

/**
 * Virtual-hosted unless path style is asked for, the bucket is no DNS label or the
 * endpoint an IP address.
 */
export function objectLocation(
  target: Pick<SignedTarget, "endpoint" | "bucket" | "forcePathStyle">,
): ObjectLocation {
  const { endpoint, bucket } = target;
  const base = endpoint.pathname.replace(/\/+$/, "");
  const dnsLabel = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket);
  // As the SDK does: an IP address has no subdomains to put a bucket in.
  const ipHost = isIP(endpoint.hostname.replace(/^\[|\]$/g, "")) !== 0;
  const pathStyle = target.forcePathStyle || !dnsLabel || ipHost;
  const root = pathStyle ? `${base}/${escapeUri(bucket)}/` : `${base}/`;
  const hostname = pathStyle ? endpoint.hostname : `${bucket}.${endpoint.hostname}`;
  const port = endpoint.port;
  return {
    protocol: endpoint.protocol === "https:" ? "https:" : "http:",
    // node:http wants an IPv6 address without its brackets.
    hostname: hostname.replace(/^\[|\]$/g, ""),
    port,
    host: port ? `${hostname}:${port}` : hostname,
    path: (key) =>
      root + (key.includes("/") ? key.split("/").map(escapeUri).join("/") : escapeUri(key)),
  };
}

/** The URL of `key` (empty for the bucket itself). */
export function objectUrl(
  target: Pick<SignedTarget, "endpoint" | "bucket" | "forcePathStyle">,
  key: string,
): URL {
  const location = objectLocation(target);
  return new URL(`${location.protocol}//${location.host}${location.path(key)}`);
}

/** How far the server's clock is from ours, when its Date says more than five minutes. */
const SKEW_LIMIT_MS = 5 * 60 * 1000;

/** The SHA-256 of an empty payload, as SigV4 signs bodiless requests. */
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

export interface SignedRequest {
  readonly method: "GET" | "PUT" | "HEAD" | "DELETE";
  /** Empty for the bucket itself. */
  readonly key: string;
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  /** Hex SHA-256 of the body: sent as x-amz-content-sha256 and signed. */
  readonly payloadSha256?: string;
  readonly body?: Buffer | (() => Readable);
  /** Names the file in the error when a streamed body cannot be read. */
  readonly bodyName?: string;
  readonly signal?: AbortSignal;
}

/** A 2xx answer: its headers (lower-case) and its body. */
export interface SignedAnswer {
  readonly header: (name: string) => string | undefined;
  readonly body: Buffer;
}

export function createSignedRequests(target: SignedTarget) {
  const sign = createSigner(target.region, "s3");

  const location = objectLocation(target);

  /** One attempt; a non-2xx answer throws an S3ResponseError. */
  return async function signedRequest(request: SignedRequest): Promise<SignedAnswer> {
    const path = location.path(request.key);
    const query = request.query ?? NO_QUERY;
    // Encoded exactly as signed (RFC 3986, a space as %20): URLSearchParams would send `+`,
    // which a server may read back as a plus sign, then see another signature.
    const search = Object.entries(query).map(
      ([name, value]) => `${escapeUri(name)}=${escapeUri(value)}`,
    );
    const payloadSha256 = request.payloadSha256 ?? EMPTY_SHA256;
    const headers: Record<string, string> = {
      ...request.headers,
      host: location.host,
      "x-amz-content-sha256": payloadSha256,
    };
    const added = sign(
      { method: request.method, path, query, headers, payloadSha256 },
      await target.credentials(),
      new Date(Date.now() + target.clockOffset.get()),
    );
    Object.assign(headers, added);
    const fullPath = search.length > 0 ? `${path}?${search.join("&")}` : path;
    const answer = await send(location, fullPath, headers, request, target);
    const status = answer.statusCode ?? 0;
    if (status < 200 || status >= 300) throw errorOf(status, answer, target.clockOffset);
    const header = (name: string) => {
      const value = answer.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    return { header, body: answer.body };
  };
}

const NO_QUERY: Readonly<Record<string, string>> = Object.freeze({});

interface Answer {
  readonly statusCode: number | undefined;
  readonly headers: IncomingMessage["headers"];
  readonly body: Buffer;
}

/**
 * A listing page of 1,000 keys is about 250 kB, an error a few hundred bytes: anything
 * longer is cut there. Only an object read (GET of a key) is kept whole.
 */
const BODY_LIMIT = 8 * 1024 * 1024;

function send(
  location: ObjectLocation,
  path: string,
  headers: Record<string, string>,
  signedRequest: SignedRequest,
  target: SignedTarget,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // Options rather than a URL: node:http would take a URL apart again on every request.
    const request = (location.protocol === "https:" ? httpsRequest : httpRequest)({
      protocol: location.protocol,
      hostname: location.hostname,
      ...(location.port ? { port: location.port } : {}),
      path,
      method: signedRequest.method,
      headers,
      agent: target.agent,
      ...(signedRequest.signal ? { signal: signedRequest.signal } : {}),
    });
    request.setTimeout(target.socketTimeoutMs, () => {
      const error = new Error(`no answer within ${target.socketTimeoutMs / 1000} s`);
      error.name = "TimeoutError";
      request.destroy(error);
    });
    request.on("error", reject);
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let length = 0;
      const whole = signedRequest.method === "GET" && signedRequest.key !== "";
      const ok = (response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300;
      const limit = whole && ok ? Number.POSITIVE_INFINITY : BODY_LIMIT;
      response.on("data", (chunk: Buffer) => {
        if (length < limit) chunks.push(chunk);
        length += chunk.length;
      });
      response.on("end", () =>
        resolve({
          statusCode: response.statusCode,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
      response.on("error", reject);
    });
    const { body } = signedRequest;
    if (body === undefined || Buffer.isBuffer(body)) {
      request.end(body);
      return;
    }
    const stream = body();
    // A file that fails to read would otherwise leave the request waiting for bytes.
    stream.on("error", (error) => {
      request.destroy();
      reject(
        new ItemError(
          `Could not read the file for ${signedRequest.bodyName ?? path} while uploading it (${describeError(error)}).`,
        ),
      );
    });
    request.on("close", () => stream.destroy());
    stream.pipe(request);
  });
}

const STATUS_NAMES: Record<number, string> = {
  400: "BadRequest",
  403: "Forbidden",
  404: "NotFound",
};

/** The S3 error in the body, its clock correction applied when the server's Date says so. */
function errorOf(
  status: number,
  response: Answer,
  clockOffset: SignedTarget["clockOffset"],
): S3ResponseError {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers))
    if (typeof value === "string") headers[name] = value;
  const text = response.body.toString("utf8");
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  let skewCorrected = false;
  const serverTime = headers.date ? Date.parse(headers.date) : Number.NaN;
  if (Number.isFinite(serverTime)) {
    const offset = serverTime - Date.now();
    if (Math.abs(offset - clockOffset.get()) > SKEW_LIMIT_MS) {
      clockOffset.set(offset);
      skewCorrected = true;
    }
  }
  // Without an S3 error code (a HEAD answer has no body) the status says it all, as in
  // the SDK's errors: its retry class comes from the status.
  const name = code || STATUS_NAMES[status] || "Error";
  return new S3ResponseError(name, message || code || "", status, skewCorrected, headers);
}
