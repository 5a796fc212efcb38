/**
 * PutObject as one SigV4-signed HTTP request over the run's keep-alive agent, without the
 * SDK's middleware stack: per small image the stack cost more CPU than the upload itself
 * (resolving 30 middlewares, serialising, re-hashing the body). Used for S3-compatible
 * endpoints; the payload hash is the sha256 the plan computed, the body the bytes it hashed.
 * Errors come out shaped like the SDK's (name = S3 error code, $metadata.httpStatusCode) so
 * that s3-errors.ts classifies both the same way.
 */
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import type { Agent as HttpAgent, IncomingMessage } from "node:http";
import { request as httpRequest } from "node:http";
import type { Agent as HttpsAgent } from "node:https";
import { request as httpsRequest } from "node:https";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, Provider, SourceData } from "@smithy/types";
import { describeError, ItemError } from "../core/errors.js";
import type { PutRequest } from "./storage.js";

export interface SignedPutTarget {
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

/** What the response said that the integrity check needs. */
export interface SignedPutResponse {
  readonly etag?: string;
  /** SSE-KMS or SSE-C: the ETag is no MD5 of the bytes. */
  readonly encrypted: boolean;
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

/** node:crypto behind the hash interface the signer expects. */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: SourceData) {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash("sha256");
    return createHmac("sha256", bytesOf(this.secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

function bytesOf(data: SourceData): string | Uint8Array {
  if (typeof data === "string" || data instanceof Uint8Array) return data;
  return ArrayBuffer.isView(data)
    ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
    : new Uint8Array(data);
}

/** The SDK's key encoding: each segment percent-encoded, `/` kept, `!'()*` encoded too. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Virtual-hosted unless path style is asked for or the bucket is no DNS label. */
export function objectUrl(
  target: Pick<SignedPutTarget, "endpoint" | "bucket" | "forcePathStyle">,
  key: string,
): URL {
  const { endpoint, bucket } = target;
  const base = endpoint.pathname.replace(/\/+$/, "");
  const encodedKey = key.split("/").map(encodeSegment).join("/");
  const dnsLabel = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket);
  if (target.forcePathStyle || !dnsLabel)
    return new URL(`${endpoint.origin}${base}/${encodeSegment(bucket)}/${encodedKey}`);
  return new URL(`${endpoint.protocol}//${bucket}.${endpoint.host}${base}/${encodedKey}`);
}

/** How far the server's clock is from ours, when its Date says more than five minutes. */
const SKEW_LIMIT_MS = 5 * 60 * 1000;

export function createSignedPut(target: SignedPutTarget) {
  const signer = new SignatureV4({
    service: "s3",
    region: target.region,
    credentials: target.credentials,
    sha256: NodeSha256,
    // S3 signs the path as sent, not encoded twice.
    uriEscapePath: false,
    applyChecksum: false,
  });

  return async function signedPut(put: PutRequest): Promise<SignedPutResponse> {
    const url = objectUrl(target, put.key);
    const headers: Record<string, string> = {
      host: url.host,
      "content-type": put.contentType,
      "content-length": String(put.size),
      "content-md5": Buffer.from(put.md5, "hex").toString("base64"),
      "cache-control": put.cacheControl,
      "x-amz-meta-sha256": put.sha256,
      // The payload hash S3 checks the body against: the plan's sha256 of these bytes.
      "x-amz-content-sha256": put.sha256,
      ...(put.acl ? { "x-amz-acl": put.acl } : {}),
    };
    const signed = await signer.sign(
      {
        method: "PUT",
        protocol: url.protocol,
        hostname: url.hostname,
        ...(url.port ? { port: Number(url.port) } : {}),
        path: url.pathname,
        query: {},
        headers,
      },
      { signingDate: new Date(Date.now() + target.clockOffset.get()) },
    );
    const response = await send(url, signed.headers, put, target);
    const header = (name: string) => {
      const value = response.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    const status = response.statusCode ?? 0;
    if (status >= 200 && status < 300) {
      const sse = header("x-amz-server-side-encryption") ?? "";
      const etag = header("etag");
      return {
        ...(etag ? { etag } : {}),
        encrypted:
          sse.startsWith("aws:kms") ||
          header("x-amz-server-side-encryption-customer-algorithm") !== undefined,
      };
    }
    throw errorOf(status, response, target.clockOffset);
  };
}

interface Answer {
  readonly statusCode: number | undefined;
  readonly headers: IncomingMessage["headers"];
  readonly body: string;
}

/** Error bodies are short XML; more is never needed to name the error. */
const ERROR_BODY_LIMIT = 64 * 1024;

function send(
  url: URL,
  headers: Record<string, string>,
  put: PutRequest,
  target: SignedPutTarget,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = (url.protocol === "https:" ? httpsRequest : httpRequest)(url, {
      method: "PUT",
      headers,
      agent: target.agent,
    });
    request.setTimeout(target.socketTimeoutMs, () => {
      const error = new Error(`no answer within ${target.socketTimeoutMs / 1000} s`);
      error.name = "TimeoutError";
      request.destroy(error);
    });
    request.on("error", reject);
    request.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        if (body.length < ERROR_BODY_LIMIT) body += chunk;
      });
      response.on("end", () =>
        resolve({ statusCode: response.statusCode, headers: response.headers, body }),
      );
      response.on("error", reject);
    });
    if (put.bytes) {
      request.end(put.bytes);
      return;
    }
    const body = put.body();
    // A file that fails to read would otherwise leave the request waiting for bytes.
    body.on("error", (error) => {
      request.destroy();
      reject(
        new ItemError(
          `Could not read the file for ${put.key} while uploading it (${describeError(error)}).`,
        ),
      );
    });
    request.on("close", () => body.destroy());
    body.pipe(request);
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
  clockOffset: SignedPutTarget["clockOffset"],
): S3ResponseError {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers))
    if (typeof value === "string") headers[name] = value;
  const code = /<Code>([^<]*)<\/Code>/.exec(response.body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(response.body)?.[1];
  let skewCorrected = false;
  const serverTime = headers.date ? Date.parse(headers.date) : Number.NaN;
  if (Number.isFinite(serverTime)) {
    const offset = serverTime - Date.now();
    if (Math.abs(offset - clockOffset.get()) > SKEW_LIMIT_MS) {
      clockOffset.set(offset);
      skewCorrected = true;
    }
  }
  const name = code || STATUS_NAMES[status] || (status >= 500 ? "InternalError" : "Error");
  const text = message || code || `HTTP ${status}`;
  return new S3ResponseError(name, text, status, skewCorrected, headers);
}
