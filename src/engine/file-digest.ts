import { createHash } from "node:crypto";
import { closeSync, createReadStream, readSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { SNIFF_BYTES } from "./content-type.js";
import { openInsideSync } from "./open-inside.js";

export interface FileDigest {
  /** Bytes actually read, so size and hashes always describe the same content. */
  readonly size: number;
  /** Hex SHA-256: the content address in keys and the `sha256` metadata. */
  readonly sha256: string;
  /** Hex MD5: sent as Content-MD5 and compared with the single-part ETag. */
  readonly md5: string;
  /** The first bytes (up to SNIFF_BYTES) for content sniffing; empty when not read. */
  readonly head: Buffer;
  /** Sniffed on an earlier run, when the digest came from the digest index (not read). */
  readonly contentType?: string;
}

/** A digest, and the whole content when it was read in one call (small files). */
interface DigestRead {
  readonly digest: FileDigest;
  readonly bytes?: Buffer;
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
  /** Its size as the caller's stat just found it: a lookup by size need not stat again. */
  readonly size?: number;
}

/**
 * Hashes a file in one pass, through a descriptor proven to be inside the repository
 * (open-inside.ts); memory stays flat however large the image is. Small files are read in
 * one call; the digest describes the bytes actually read either way.
 */
export async function digestFile(file: FileToRead): Promise<FileDigest> {
  return (await readDigest(file)).digest;
}

async function readDigest(file: FileToRead): Promise<DigestRead> {
  const { fd, stats } = openInsideSync(file.root, file.absolutePath, file.path);
  try {
    if (stats.size <= WHOLE_READ_LIMIT) return wholeDigest(readWhole(fd, stats.size));
    return await streamDigest(createReadStream("", { fd, start: 0, autoClose: false }));
  } finally {
    closeSync(fd);
  }
}

/**
 * Buffers for small files and heads, cut from shared slabs. Each Buffer of its own costs an
 * allocation, fresh pages and the GC's bookkeeping of one more external block: a tenth of
 * the hashing phase's main-thread time on 2,000 images of 16 KB. A slab lives as long as any
 * part of it; the parts live until the uploads are done (held bytes) or the run ends (heads).
 */
function createSlab(slabBytes: number) {
  let slab: Buffer | undefined;
  let used = 0;
  return {
    take(size: number): Buffer {
      if (size > slabBytes / 8) return Buffer.allocUnsafe(size);
      if (!slab || used + size > slab.length) {
        slab = Buffer.allocUnsafeSlow(slabBytes);
        used = 0;
      }
      const part = slab.subarray(used, used + size);
      used += size;
      return part;
    },
  };
}

const fileSlab = createSlab(4 * 1024 * 1024);
const headSlab = createSlab(256 * 1024);

/**
 * The file's bytes, as readFileSync reads a descriptor (up to the size its stat gave, fewer
 * if it shrank), without the second fstat readFileSync makes: the open just took one.
 */
function readWhole(fd: number, size: number): Buffer {
  const bytes = fileSlab.take(size);
  let filled = 0;
  while (filled < size) {
    const read = readSync(fd, bytes, filled, size - filled, filled);
    if (read === 0) break;
    filled += read;
  }
  return filled === size ? bytes : bytes.subarray(0, filled);
}

/** The digest of what an open handle holds, read from its start. */
export async function digestHandle(handle: FileHandle, sizeHint: number): Promise<FileDigest> {
  if (sizeHint <= WHOLE_READ_LIMIT) return wholeDigest(await handle.readFile()).digest;
  return (await streamDigest(handle.createReadStream({ start: 0, autoClose: false }))).digest;
}

function wholeDigest(bytes: Buffer): DigestRead {
  const digest = {
    size: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    md5: createHash("md5").update(bytes).digest("hex"),
    // A copy, so the whole file is not kept alive by its first bytes (copy() is a memcpy;
    // Buffer.from(a Buffer) copies byte by byte).
    head: copyHead(bytes),
  };
  return { digest, bytes };
}

function copyHead(bytes: Buffer): Buffer {
  const head = headSlab.take(Math.min(bytes.length, SNIFF_BYTES));
  bytes.copy(head, 0, 0, head.length);
  return head;
}

async function streamDigest(stream: AsyncIterable<Buffer>): Promise<DigestRead> {
  const sha256 = createHash("sha256");
  const md5 = createHash("md5");
  const headChunks: Buffer[] = [];
  let headLength = 0;
  let size = 0;
  for await (const chunk of stream) {
    sha256.update(chunk);
    md5.update(chunk);
    size += chunk.length;
    if (headLength < SNIFF_BYTES) {
      const part = chunk.subarray(0, SNIFF_BYTES - headLength);
      headChunks.push(part);
      headLength += part.length;
    }
  }
  const digest = {
    size,
    sha256: sha256.digest("hex"),
    md5: md5.digest("hex"),
    head: Buffer.concat(headChunks),
  };
  return { digest };
}

/** Digests a run already took, by absolute path: a file is read once however many stages ask. */
export type DigestOf = (file: FileToRead) => Promise<FileDigest>;

/**
 * Bytes of small files held from hashing to upload, in all: a cold run then reads each image
 * once and sends exactly the bytes it hashed, with no second open, read and hash.
 */
const HELD_BYTES_BUDGET = 256 * 1024 * 1024;

export interface DigestCache {
  /** digestFile, memoized by absolute path. */
  readonly digestOf: DigestOf;
  /**
   * A digest known at once without reading (the digest index, confirmed by the listing),
   * remembered as digestOf's answer; undefined when only digestOf can tell.
   */
  readonly digestNow: (file: FileToRead) => FileDigest | undefined;
  /** The bytes the digest `sha256` of this file was computed from, when still held. */
  readonly heldBytes: (absolutePath: string, sha256: string) => Buffer | undefined;
  /** Lets go of every held byte (once the uploads are done). */
  readonly release: () => void;
}

/**
 * One run's memo of digestFile. The ledger's check of recorded images and the plan hash the
 * same files; within one run the bytes read first are the bytes every stage describes.
 */
export function createDigestCache(
  budget = HELD_BYTES_BUDGET,
  /** A digest known without reading the file (digest-index.ts), else undefined. */
  known: (file: FileToRead) => Promise<FileDigest | undefined> = async () => undefined,
  /** `known`'s answer when it needs no waiting, else undefined. */
  knownNow: (file: FileToRead) => FileDigest | undefined = () => undefined,
): DigestCache {
  const digests = new Map<string, Promise<FileDigest>>();
  // The answers already in, for digestNow: the manifest's check often asked first.
  const settled = new Map<string, FileDigest>();
  const held = new Map<string, { sha256: string; bytes: Buffer }>();
  let heldTotal = 0;
  const keep = (absolutePath: string, { digest, bytes }: DigestRead): FileDigest => {
    if (bytes && heldTotal + bytes.length <= budget) {
      held.set(absolutePath, { sha256: digest.sha256, bytes });
      heldTotal += bytes.length;
    }
    return digest;
  };
  return {
    digestOf: (file) => {
      let digest = digests.get(file.absolutePath);
      if (!digest) {
        digest = known(file)
          .catch(() => undefined)
          .then((found) => found ?? readDigest(file).then((read) => keep(file.absolutePath, read)));
        digests.set(file.absolutePath, digest);
        // A failure is not remembered: the next stage reports it in its own words.
        digest.then(
          (found) => settled.set(file.absolutePath, found),
          () => digests.delete(file.absolutePath),
        );
      }
      return digest;
    },
    digestNow: (file) => {
      // A stage that asked first keeps its answer: the memo is the run's one truth.
      if (digests.has(file.absolutePath)) return settled.get(file.absolutePath);
      const found = knownNow(file);
      if (found) {
        digests.set(file.absolutePath, Promise.resolve(found));
        settled.set(file.absolutePath, found);
      }
      return found;
    },
    heldBytes: (absolutePath, sha256) => {
      const entry = held.get(absolutePath);
      return entry && entry.sha256 === sha256 ? entry.bytes : undefined;
    },
    release: () => {
      held.clear();
      heldTotal = 0;
    },
  };
}
