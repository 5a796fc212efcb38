/**
 * The two requests a run sends by the thousand, PutObject and ListObjectsV2, over
 * s3-signed-request.ts instead of the SDK (S3-compatible endpoints only).
 */

import { normalizeEtag } from "./s3-put.js";
import type { SignedAnswer, SignedRequest } from "./s3-signed-request.js";
import type { ObjectInfo, PutRequest } from "./storage.js";

type Send = (request: SignedRequest) => Promise<SignedAnswer>;

/** What the upload's answer says that the integrity check needs. */
export interface LeanPutAnswer {
  readonly etag?: string;
  /** SSE-KMS or SSE-C: the ETag is no MD5 of the bytes. */
  readonly encrypted: boolean;
}

export async function leanPut(send: Send, put: PutRequest): Promise<LeanPutAnswer> {
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
  const sse = answer.header("x-amz-server-side-encryption") ?? "";
  return {
    ...(etag ? { etag } : {}),
    encrypted:
      sse.startsWith("aws:kms") ||
      answer.header("x-amz-server-side-encryption-customer-algorithm") !== undefined,
  };
}

export interface ListPage {
  readonly objects: ObjectInfo[];
  readonly next?: string;
}

/** One ListObjectsV2 page of `prefix` (1,000 keys), from `token` on. */
export async function leanListPage(send: Send, prefix: string, token?: string): Promise<ListPage> {
  const answer = await send({
    method: "GET",
    key: "",
    query: {
      "list-type": "2",
      prefix,
      ...(token ? { "continuation-token": token } : {}),
    },
  });
  return parseListPage(answer.body);
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
  if (!xml.includes("<ListBucketResult"))
    throw Object.assign(new Error("XML parse error: the answer is no ListBucketResult"), {
      name: "Error",
    });
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
