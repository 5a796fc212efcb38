/**
 * The S3 transport for S3-compatible endpoints: each request one SigV4-signed HTTP request
 * (s3-signed-request.ts) instead of the SDK's middleware stack, which for small images and
 * long listings cost more CPU than the work, and most of the bundle's load time.
 */

import { isNotFound } from "./s3-errors.js";
import { checkStoredBytes, normalizeEtag } from "./s3-put.js";
import type { SignedAnswer, SignedRequest } from "./s3-signed-request.js";
import {
  isEncrypted,
  type ListPage,
  type ListPageRequest,
  notListBucketResult,
  type S3Transport,
} from "./s3-transport.js";
import type { ObjectInfo, PutRequest } from "./storage.js";

type Send = (request: SignedRequest) => Promise<SignedAnswer>;

export function createLeanTransport(send: Send): S3Transport {
  return {
    listPage: (request) => leanListPage(send, request),
    async head(key) {
      try {
        return objectInfoOf(key, await send({ method: "HEAD", key }));
      } catch (error) {
        // A HEAD answer has no body, so a missing bucket also looks like this; the
        // preflight and the upload that follows report NoSuchBucket.
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async put(put, attempt, maxAttempts) {
      const answer = await leanPut(send, put);
      checkStoredBytes(put, answer.etag, answer.encrypted, attempt, maxAttempts);
      const etag = normalizeEtag(answer.etag);
      return etag ? { etag } : {};
    },
    async get(key) {
      return (await send({ method: "GET", key })).body;
    },
    async delete(key) {
      await send({ method: "DELETE", key });
    },
  };
}

function objectInfoOf(key: string, answer: SignedAnswer): ObjectInfo {
  // With SSE-KMS or SSE-C the ETag is not the MD5 of the bytes: left out so nobody
  // compares it with one.
  const encrypted = isEncrypted(
    answer.header("x-amz-server-side-encryption"),
    answer.header("x-amz-server-side-encryption-customer-algorithm"),
  );
  const etag = encrypted ? undefined : normalizeEtag(answer.header("etag"));
  const sha256 = answer.header("x-amz-meta-sha256")?.toLowerCase();
  return {
    key,
    size: Number(answer.header("content-length") ?? 0),
    ...(sha256 ? { sha256 } : {}),
    ...(etag ? { etag } : {}),
  };
}

/** What the upload's answer says that the integrity check needs. */
interface LeanPutAnswer {
  readonly etag?: string;
  /** SSE-KMS or SSE-C: the ETag is no MD5 of the bytes. */
  readonly encrypted: boolean;
}

async function leanPut(send: Send, put: PutRequest): Promise<LeanPutAnswer> {
  const answer = await send({
    method: "PUT",
    key: put.key,
    headers: {
      "content-type": put.contentType,
      "content-length": String(put.size),
      "content-md5": Buffer.from(put.md5, "hex").toString("base64"),
      "cache-control": put.cacheControl,
      "x-amz-meta-sha256": put.sha256,
      ...(put.acl ? { "x-amz-acl": put.acl } : {}),
    },
    // The payload hash S3 checks the body against: the plan's sha256 of these bytes.
    payloadSha256: put.sha256,
    body: put.bytes ?? put.body,
    bodyName: put.key,
  });
  const etag = answer.header("etag");
  return {
    ...(etag ? { etag } : {}),
    encrypted: isEncrypted(
      answer.header("x-amz-server-side-encryption"),
      answer.header("x-amz-server-side-encryption-customer-algorithm"),
    ),
  };
}

/** One ListObjectsV2 page of `prefix` (1,000 keys), from `token` on. */
async function leanListPage(send: Send, request: ListPageRequest): Promise<ListPage> {
  const answer = await send({
    method: "GET",
    key: "",
    query: {
      "list-type": "2",
      ...(request.token ? { "continuation-token": request.token } : {}),
      ...(request.maxKeys ? { "max-keys": String(request.maxKeys) } : {}),
      prefix: request.prefix,
    },
    ...(request.signal ? { signal: request.signal } : {}),
  });
  return parseListPage(answer.body.toString("utf8"));
}

const XML_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
};

function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name.startsWith("#x") || name.startsWith("#X"))
      return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
    return XML_ENTITIES[name] ?? whole;
  });
}

function element(xml: string, name: string): string | undefined {
  const open = xml.indexOf(`<${name}>`);
  if (open < 0) return undefined;
  const start = open + name.length + 2;
  const end = xml.indexOf(`</${name}>`, start);
  return end < 0 ? undefined : decodeXml(xml.slice(start, end));
}

/**
 * A ListBucketResult, read for the three fields existence needs: the elements S3
 * documents, flat text with the five XML entities, in a known shape. Anything else (an
 * HTML page answered with 200) has no ListBucketResult and is refused.
 */
export function parseListPage(xml: string): ListPage {
  if (!xml.includes("<ListBucketResult")) throw notListBucketResult();
  const objects: ObjectInfo[] = [];
  let at = xml.indexOf("<Contents>");
  while (at >= 0) {
    const end = xml.indexOf("</Contents>", at);
    if (end < 0) break;
    const entry = xml.slice(at, end);
    const key = element(entry, "Key");
    if (key !== undefined) {
      const etag = normalizeEtag(element(entry, "ETag"));
      objects.push({ key, size: Number(element(entry, "Size") ?? 0), ...(etag ? { etag } : {}) });
    }
    at = xml.indexOf("<Contents>", end);
  }
  // Element text is escaped, so these names can only be the result's own elements.
  const truncated = element(xml, "IsTruncated") === "true";
  const next = element(xml, "NextContinuationToken");
  return { objects, ...(truncated && next ? { next } : {}) };
}
