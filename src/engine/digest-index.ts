/**
 * The digest index: what each image's git blob id hashed to on an earlier run, kept as one
 * small object in the bucket, where the next run finds it on a fresh runner. A run with
 * nothing new then reads no image: each digest comes from the index, and is used only when
 * the listing of the prefix shows its object with the same size and MD5. A missing, stale or
 * damaged index costs speed (the image is hashed), never a wrong link.
 */
import { createHash } from "node:crypto";
import { realpathSync, statSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { compareCodeUnits } from "../core/compare.js";
import { describeError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { ObjectInfo, Storage } from "../storage/storage.js";
import { objectsByKey } from "./existence.js";
import type { FileDigest, FileToRead } from "./file-digest.js";
import type { ImageResult } from "./types.js";

/** What one blob hashed to. */
export interface KnownDigest {
  readonly sha256: string;
  readonly md5: string;
  readonly size: number;
  readonly contentType: string;
}

export type DigestIndex = ReadonlyMap<string, KnownDigest>;

/**
 * Beside the images, not under their prefix: the listing of the prefix stays one page per
 * 1,000 images. Its entries hold for any prefix (a blob's bytes do not depend on it).
 */
export const DIGEST_INDEX_KEY = ".md-image-offload/digests-v1";

const HEADER = "md-image-offload digests v1";
const LINE =
  /^([0-9a-f]{40}|[0-9a-f]{64}) ([0-9a-f]{64}) ([0-9a-f]{32}) (\d{1,15}) (image\/[a-z0-9.+-]{1,40})$/;

/** The index's text; a line that is not exactly an entry is ignored, a wrong header empties it. */
export function parseDigestIndex(text: string): Map<string, KnownDigest> {
  const index = new Map<string, KnownDigest>();
  const lines = text.split("\n");
  if (lines[0] !== HEADER) return index;
  for (const line of lines.slice(1)) {
    const match = LINE.exec(line);
    if (!match) continue;
    const [, blob = "", sha256 = "", md5 = "", size = "", contentType = ""] = match;
    index.set(blob, { sha256, md5, size: Number(size), contentType });
  }
  return index;
}

/** Sorted lines, one per blob, so two runs that know the same write the same bytes. */
export function serializeDigestIndex(index: DigestIndex): string {
  const lines = [...index]
    .sort(([a], [b]) => compareCodeUnits(a, b))
    .map(([blob, d]) => `${blob} ${d.sha256} ${d.md5} ${d.size} ${d.contentType}`);
  return `${[HEADER, ...lines].join("\n")}\n`;
}

/** The index as storage holds it; empty when there is none or it cannot be read. */
export async function readDigestIndex(
  storage: Storage,
  key: string,
  logger: Logger,
): Promise<DigestIndex> {
  try {
    return parseDigestIndex((await storage.get(key)).toString("utf8"));
  } catch (error) {
    logger.debug(`No digest index read from ${key} (${describeError(error)}); images are hashed.`);
    return new Map();
  }
}

/** What the lookup needs: the blobs of clean files, the index, the prefix's listing. */
export interface IndexSources {
  readonly root: string;
  readonly blobs: ReadonlyMap<string, string>;
  readonly index: Promise<DigestIndex>;
  readonly listing: Promise<readonly ObjectInfo[]>;
  /** The key an image with these bytes gets (key-template). */
  readonly keyOf: (sha256: string, imagePath: string) => string;
}

/** The blob id of the file at this absolute path, through the real root. */
export function blobFinder(root: string, blobs: ReadonlyMap<string, string>) {
  let under: string | undefined;
  return (absolutePath: string): string | undefined => {
    if (under === undefined) {
      const realRoot = realpathSync.native(root);
      under = realRoot.endsWith(path.sep) ? realRoot : `${realRoot}${path.sep}`;
    }
    // Asked thousands of times a run: a prefix test, not path.relative, for the usual case.
    if (!absolutePath.startsWith(under)) return undefined;
    const relative = absolutePath.slice(under.length);
    if (DOT_DOT_SEGMENT.test(relative)) return undefined;
    return blobs.get(path.sep === "/" ? relative : relative.split(path.sep).join("/"));
  };
}

/** A `..` segment, which would lead back out of the root (callers pass real paths: none). */
const DOT_DOT_SEGMENT = /(?:^|[\\/])\.\.(?:[\\/]|$)/;

/**
 * A digest from the index for a clean tracked file whose object the listing shows with the
 * same size and MD5; undefined (hash it) otherwise. The file's size must match too: the blob
 * is of git's cleaned bytes, which a filter or line-ending rule may change on checkout.
 */
export function knownDigests(sources: IndexSources): {
  readonly known: (file: FileToRead) => Promise<FileDigest | undefined>;
  /**
   * The same answer without waiting, once the index and the listing are in; undefined
   * (ask `known`, or hash) before that. The plan then keys thousands of unchanged images
   * in one pass instead of a promise chain each.
   */
  readonly knownNow: (file: FileToRead) => FileDigest | undefined;
  /** How many digests came from the index. */
  readonly hits: () => number;
} {
  let hits = 0;
  const blobOf = blobFinder(sources.root, sources.blobs);
  let stored: Promise<ReadonlyMap<string, ObjectInfo> | undefined> | undefined;
  const storedObjects = () => {
    stored ??= sources.listing.then(
      (objects) => objectsByKey(objects),
      () => undefined,
    );
    return stored;
  };
  // What has arrived, for knownNow; the listing's map is made only if the index has entries.
  let indexNow: DigestIndex | undefined;
  let objectsNow: ReadonlyMap<string, ObjectInfo> | undefined;
  sources.index.then(
    (index) => {
      indexNow = index;
      if (index.size > 0) void storedObjects().then((objects) => (objectsNow = objects));
    },
    () => {},
  );
  const confirmed = (
    file: FileToRead,
    entry: KnownDigest | undefined,
    objects: ReadonlyMap<string, ObjectInfo> | undefined,
  ): FileDigest | undefined => {
    if (!entry || (file.size ?? statSync(file.absolutePath).size) !== entry.size) return undefined;
    const object = objects?.get(sources.keyOf(entry.sha256, file.path));
    if (object?.size !== entry.size || object.etag?.toLowerCase() !== entry.md5) return undefined;
    hits++;
    const { sha256, md5, size, contentType } = entry;
    return { sha256, md5, size, contentType, head: Buffer.alloc(0) };
  };
  const known = async (file: FileToRead): Promise<FileDigest | undefined> => {
    const blob = blobOf(file.absolutePath);
    const entry = blob === undefined ? undefined : (await sources.index).get(blob);
    if (!entry) return undefined;
    return confirmed(file, entry, await storedObjects());
  };
  const knownNow = (file: FileToRead): FileDigest | undefined => {
    if (!indexNow || !objectsNow) return undefined;
    const blob = blobOf(file.absolutePath);
    return blob === undefined ? undefined : confirmed(file, indexNow.get(blob), objectsNow);
  };
  return { known, knownNow, hits: () => hits };
}

/**
 * The entries this run can add: images verified in storage, hashed this run, whose file is
 * still the same clean blob now (`blobsNow`) as when the run began; a file edited while it
 * was hashed never gets an entry.
 */
export function newEntries(
  images: readonly ImageResult[],
  sources: Pick<IndexSources, "root" | "blobs">,
  blobsNow: ReadonlyMap<string, string>,
  index: DigestIndex,
): Map<string, KnownDigest> {
  const before = blobFinder(sources.root, sources.blobs);
  const after = blobFinder(sources.root, blobsNow);
  const added = new Map<string, KnownDigest>();
  for (const image of images) {
    if (image.status !== "uploaded" && image.status !== "present") continue;
    const blob = before(image.absolutePath);
    if (blob === undefined || index.has(blob) || after(image.absolutePath) !== blob) continue;
    const { sha256, md5, size, contentType } = image;
    added.set(blob, { sha256, md5, size, contentType });
  }
  return added;
}

/** Stores the index with its new entries; a failure is told and costs only the next run's time. */
export async function writeDigestIndex(
  storage: Storage,
  key: string,
  index: DigestIndex,
  logger: Logger,
): Promise<void> {
  const bytes = Buffer.from(serializeDigestIndex(index), "utf8");
  try {
    await storage.put({
      key,
      body: () => Readable.from([bytes]),
      bytes,
      size: bytes.length,
      contentType: "text/plain; charset=utf-8",
      cacheControl: "no-cache",
      sha256: createHash("sha256").update(bytes).digest("hex"),
      md5: createHash("md5").update(bytes).digest("hex"),
    });
    logger.info(`Saved the digests of ${index.size} image(s) for the next run in ${key}.`);
  } catch (error) {
    logger.info(
      `Could not save the digest index ${key} (${describeError(error)}); the next run hashes the images again.`,
    );
  }
}
