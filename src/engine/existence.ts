/**
 * Which planned images are already in storage, asked as cheaply as possible: one
 * ListObjectsV2 pass over the keys' common prefix (1 request per 1,000 objects) for large
 * runs, one HeadObject per image for small ones.
 */

import { describeError, StorageError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import type { ObjectInfo, Storage } from "../storage/storage.js";
import type { PlannedImage } from "./types.js";

/**
 * From this many candidate keys on, a listing replaces the HEADs. One listing page holds
 * 1,000 objects, so at 50 keys the listing still wins while the prefix holds fewer than
 * 50,000 objects; below it a run is a handful of requests either way.
 */
export const LIST_MIN_KEYS = 50;

/**
 * What the engine knows about one key before uploading:
 * - `present`: listed with the same size and an ETag equal to the local MD5: the stored
 *   bytes are ours, no request needed;
 * - `absent`: not listed, or listed with another size or sha256: upload without asking again;
 * - `unknown`: ask HeadObject (small runs, no listing, or a listed object of the right
 *   size whose ETag is not a plain MD5, so only its sha256 metadata can confirm it).
 */
export type Existence = "present" | "absent" | "unknown";

export interface ExistenceIndex {
  /** How the listing pass classified the key, `unknown` when there was none. */
  lookup(image: PlannedImage): Existence;
}

const NOTHING_KNOWN: ExistenceIndex = { lookup: () => "unknown" };

/** The longest prefix every key shares (code units), e.g. `images/` with the default template. */
export function commonPrefix(keys: readonly string[]): string {
  const [first, ...rest] = keys;
  if (first === undefined) return "";
  let length = first.length;
  for (const key of rest) {
    let same = 0;
    const limit = Math.min(length, key.length);
    while (same < limit && key.charCodeAt(same) === first.charCodeAt(same)) same++;
    length = same;
    if (length === 0) break;
  }
  return first.slice(0, length);
}

/** What the listing says about `image`: `stored` is the listed object under its key, if any. */
export function classify(image: PlannedImage, stored: ObjectInfo | undefined): Existence {
  if (!stored) return "absent";
  if (stored.size !== undefined && stored.size !== image.size) return "absent";
  // A listing that carries our sha256 metadata (Images) answers by itself; another sha256
  // goes to the upload, whose storage says what to do about it.
  if (stored.sha256 !== undefined)
    return stored.sha256.toLowerCase() === image.sha256.toLowerCase() ? "present" : "absent";
  if (stored.size === undefined) return "unknown";
  // Content-addressed key + size + MD5 of the stored bytes: the same content. Any other
  // ETag (multipart "<hex>-<n>", SSE-KMS) proves nothing either way, so HEAD reads sha256.
  if (stored.etag !== undefined && stored.etag.toLowerCase() === image.md5.toLowerCase())
    return "present";
  return "unknown";
}

/**
 * A listing's objects by key, made once per listing: the digest index, the uploads started
 * early and the upload stage all look keys up in the same listing (10,000 objects: one map
 * instead of three).
 */
const byKeyOfListing = new WeakMap<readonly ObjectInfo[], ReadonlyMap<string, ObjectInfo>>();

export function objectsByKey(objects: readonly ObjectInfo[]): ReadonlyMap<string, ObjectInfo> {
  let byKey = byKeyOfListing.get(objects);
  if (!byKey) {
    const made = new Map<string, ObjectInfo>();
    for (const object of objects) made.set(object.key, object);
    byKeyOfListing.set(objects, made);
    byKey = made;
  }
  return byKey;
}

/** A listing of `prefix` sent before the keys were known, so that it costs no wall time. */
export interface EarlyListing {
  readonly prefix: string;
  readonly objects: Promise<ObjectInfo[]>;
}

/**
 * Lists the common prefix of `images`' keys when there are at least LIST_MIN_KEYS of
 * them and they share a non-empty prefix (an empty one would walk the whole bucket, which
 * may hold a website's worth of unrelated objects). A listing that is refused
 * (AccessDenied: R2 tokens scoped to objects) or keeps failing falls back to HeadObject
 * per key with a notice; errors that every request would hit (no such bucket, wrong
 * credentials) still abort the run.
 */
export async function indexByListing(
  images: readonly PlannedImage[],
  storage: Storage,
  logger: Logger,
  /** False when the preflight was denied listing (R2 tokens scoped to objects). */
  canList = true,
  /** A listing started while the images were hashed: used when every key is under its prefix. */
  early?: EarlyListing,
): Promise<ExistenceIndex> {
  if (images.length < LIST_MIN_KEYS) return NOTHING_KNOWN;
  if (!canList) {
    logger.info(
      `This key may not list the bucket; checking the ${images.length} images one HeadObject request each instead.`,
    );
    return NOTHING_KNOWN;
  }
  const prefix = commonPrefix(images.map((image) => image.key));
  if (prefix === "" && storage.delivery.listing === "prefix") {
    logger.debug(
      `The ${images.length} keys share no prefix, so each is checked with HeadObject instead of listing the whole bucket.`,
    );
    return NOTHING_KNOWN;
  }

  let listed: ObjectInfo[];
  try {
    listed = await (early && prefix.startsWith(early.prefix)
      ? early.objects
      : storage.list(prefix));
  } catch (error) {
    if (error instanceof StorageError && error.code !== "AccessDenied") throw error;
    const why =
      error instanceof StorageError ? "listing is not allowed for this key" : describeError(error);
    logger.info(
      `Could not list "${prefix}" (${why}); checking the ${images.length} images one HeadObject request each instead.`,
    );
    return NOTHING_KNOWN;
  }

  const byKey = objectsByKey(listed);
  const index: ExistenceIndex = { lookup: (image) => classify(image, byKey.get(image.key)) };
  let present = 0;
  let toConfirm = 0;
  for (const image of images) {
    const existence = index.lookup(image);
    if (existence === "present") present++;
    else if (existence === "unknown") toConfirm++;
  }
  logger.info(
    `Listed ${listed.length} object(s) under "${prefix}": ${present} of ${images.length} image(s) already present${toConfirm > 0 ? `, ${toConfirm} to confirm with HeadObject` : ""}.`,
  );
  return index;
}
