import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { SNIFF_BYTES } from "./content-type.js";
import { openInside } from "./open-inside.js";

export interface FileDigest {
  /** Bytes actually read, so size and hashes always describe the same content. */
  readonly size: number;
  /** Hex SHA-256: the content address in keys and the `sha256` metadata. */
  readonly sha256: string;
  /** Hex MD5: sent as Content-MD5 and compared with the single-part ETag. */
  readonly md5: string;
  /** The first bytes (up to SNIFF_BYTES) for content sniffing. */
  readonly head: Buffer;
}

/**
 * Files up to this size are read in one call: a stream costs an open, a read per 64 KiB,
 * an empty read and a close, each a trip through the thread pool, which dominates hashing
 * thousands of small images. Larger files stream, so memory stays bounded.
 */
const WHOLE_READ_LIMIT = 1024 * 1024;

/** Which file to read: the repository root, the checked absolute path, and its name for messages. */
export interface FileToRead {
  readonly root: string;
  readonly absolutePath: string;
  readonly path: string;
}

/**
 * Hashes a file in one pass, through a descriptor proven to be inside the repository
 * (open-inside.ts); memory stays flat however large the image is. Small files are read in
 * one call; the digest describes the bytes actually read either way.
 */
export async function digestFile(file: FileToRead): Promise<FileDigest> {
  const { handle, stats } = await openInside(file.root, file.absolutePath, file.path);
  try {
    return await digestHandle(handle, stats.size);
  } finally {
    await handle.close();
  }
}

/** The digest of what an open handle holds, read from its start. */
export async function digestHandle(handle: FileHandle, sizeHint: number): Promise<FileDigest> {
  if (sizeHint <= WHOLE_READ_LIMIT) {
    const bytes = await handle.readFile();
    return {
      size: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
      md5: createHash("md5").update(bytes).digest("hex"),
      // A copy, so the whole file is not kept alive by its first bytes.
      head: Buffer.from(bytes.subarray(0, SNIFF_BYTES)),
    };
  }
  const sha256 = createHash("sha256");
  const md5 = createHash("md5");
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  const stream = handle.createReadStream({ start: 0, autoClose: false });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    sha256.update(chunk);
    md5.update(chunk);
    size += chunk.length;
    if (headLength < SNIFF_BYTES) {
      const part = chunk.subarray(0, SNIFF_BYTES - headLength);
      headChunks.push(part);
      headLength += part.length;
    }
  }
  return {
    size,
    sha256: sha256.digest("hex"),
    md5: md5.digest("hex"),
    head: Buffer.concat(headChunks),
  };
}

/** Digests a run already took, by absolute path: a file is read once however many stages ask. */
export type DigestOf = (file: FileToRead) => Promise<FileDigest>;

/**
 * One run's memo of digestFile. The ledger's check of recorded images and the plan hash the
 * same files; within one run the bytes read first are the bytes every stage describes.
 */
export function createDigestCache(): DigestOf {
  const digests = new Map<string, Promise<FileDigest>>();
  return (file) => {
    let digest = digests.get(file.absolutePath);
    if (!digest) {
      digest = digestFile(file);
      digests.set(file.absolutePath, digest);
      // A failure is not remembered: the next stage reports it in its own words.
      digest.catch(() => digests.delete(file.absolutePath));
    }
    return digest;
  };
}
