/**
 * Reading and writing what Images keeps about an image: the `sha256` and `path` metadata
 * (at most 1,024 bytes), the ObjectInfo the engine compares, and which API errors mean
 * "missing" and "already exists".
 */
import type { Readable } from "node:stream";
import type { ObjectInfo } from "../storage.js";
import { CloudflareApiError, CODES, type ImageRecord } from "./api.js";

/** Images keeps at most 1,024 bytes of metadata: a very long path is cut, the sha256 never. */
export const METADATA_LIMIT = 1024;

export function metadataJson(sha256: string, path: string): string {
  let kept = [...path];
  let json = JSON.stringify({ sha256, path });
  while (Buffer.byteLength(json) > METADATA_LIMIT && kept.length > 0) {
    kept = kept.slice(0, -Math.max(1, Math.ceil((Buffer.byteLength(json) - METADATA_LIMIT) / 4)));
    json = JSON.stringify({ sha256, path: `${kept.join("")}…` });
  }
  return json;
}

export function metadataSha256(record: ImageRecord | undefined): string | undefined {
  const value = record?.metadata?.sha256;
  return typeof value === "string" ? value.toLowerCase() : undefined;
}

export function infoOf(record: ImageRecord): ObjectInfo {
  const sha256 = metadataSha256(record);
  return { key: record.id, ...(sha256 ? { sha256 } : {}) };
}

export function isMissing(error: unknown): boolean {
  return (
    error instanceof CloudflareApiError &&
    (error.hasCode(CODES.notFound) || (error.status === 404 && !error.hasCode(CODES.noRoute)))
  );
}

/** Cloudflare's answer to a custom ID that is taken: HTTP 409, error 5409. */
export function isConflict(error: unknown): boolean {
  return (
    error instanceof CloudflareApiError &&
    (error.status === 409 || error.hasCode(CODES.alreadyExists))
  );
}

export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * `https://imagedelivery.net/<account hash>` from an image's first variant URL
 * (`…/<hash>/<id>/<variant>`): its origin and first path segment.
 */
export function deliveryBaseOf(record: ImageRecord | undefined): string | undefined {
  const variant = record?.variants?.[0];
  if (!variant) return undefined;
  try {
    const url = new URL(variant);
    const hash = url.pathname.split("/").find(Boolean);
    return hash ? `${url.origin}/${hash}` : undefined;
  } catch {
    return undefined;
  }
}
