/**
 * The upload phase: for every distinct image, check storage and send the ones that are
 * missing or different. One image failing never stops the others; a storage problem that
 * fails every request (bucket, credentials, endpoint) aborts the run instead.
 */
import pLimit, { type LimitFunction } from "p-limit";
import { describeError, StorageError } from "../core/errors.js";
import { isPlainMd5Etag } from "../core/etag.js";
import type { Clock, Logger } from "../core/logger.js";
import type { ObjectInfo, Storage } from "../storage/storage.js";
import type { EagerUploads } from "./eager-upload.js";
import { type EarlyListing, type Existence, indexByListing } from "./existence.js";
import { Progress } from "./progress.js";
import type { ImageResult, PlannedImage } from "./types.js";
import { heldBody, openUploadBody } from "./upload-body.js";

export interface UploadSettings {
  /** The repository root: bytes are read only through descriptors proven inside it. */
  readonly root: string;
  readonly concurrency: number;
  readonly cacheControl: string;
  readonly acl?: string;
  readonly dryRun: boolean;
  /** What the preflight learned: false when this key may not list the bucket. */
  readonly canList?: boolean;
  /** The listing sent while the images were hashed, if any. */
  readonly listing?: EarlyListing;
  /** The bytes an image was hashed from, when the run still holds them (DigestCache). */
  readonly heldBytes?: (absolutePath: string, sha256: string) => Buffer | undefined;
  /** Uploads started while the images were hashed (eager-upload.ts), collected here. */
  readonly eager?: EagerUploads;
  /**
   * Told of each object as soon as it is verified in storage: uploaded and checked, or
   * found present (public-url-check.ts starts its request on the first).
   */
  readonly onVerified?: (image: ImageResult) => void;
  /** The run's limit on requests in flight, shared with `eager` (default: a new one). */
  readonly limit?: LimitFunction;
}

/**
 * True when the stored object is this image: same size and same sha256 metadata, or, for
 * objects stored without our metadata, an ETag equal to the MD5 (single-part uploads).
 */
export function isSameObject(image: PlannedImage, stored: ObjectInfo): boolean {
  if (stored.size !== undefined && stored.size !== image.size) return false;
  // A plain-MD5 ETag that differs means other bytes, whatever the sha256 metadata claims:
  // an upload damaged in transit keeps the metadata it was sent with.
  const etag = stored.etag?.toLowerCase();
  // An object known only from the ledger (its file is gone) has no local MD5 to compare.
  if (image.md5 !== "" && isPlainMd5Etag(etag) && etag !== image.md5.toLowerCase()) return false;
  if (stored.sha256 !== undefined)
    return stored.sha256.toLowerCase() === image.sha256.toLowerCase();
  return stored.etag !== undefined && stored.etag.toLowerCase() === image.md5.toLowerCase();
}

async function settleImage(
  image: PlannedImage,
  storage: Storage,
  settings: UploadSettings,
  existence: Existence,
): Promise<ImageResult> {
  if (existence === "present") return { ...image, status: "present" };
  if (existence === "unknown") {
    const stored = await storage.head(image.key);
    if (stored && isSameObject(image, stored)) return { ...image, status: "present" };
  }
  if (image.absolutePath === "") {
    const reason = `${image.path} is gone and its recorded object ${image.key} is not in storage with the recorded bytes, so links to it were left as they are; restore the file to upload it again.`;
    return { ...image, status: "failed", reason };
  }
  return settings.dryRun ? planOnly(image) : send(image, storage, settings);
}

/** A dry run's uploader: what would be sent, with no request. */
async function planOnly(image: PlannedImage): Promise<ImageResult> {
  return { ...image, status: "planned" };
}

/** The bytes proven to be the hashed ones, sent with the integrity checks of `Storage.put`. */
export async function send(
  image: PlannedImage,
  storage: Storage,
  settings: UploadSettings,
): Promise<ImageResult> {
  // The bytes that were hashed, when held: what the key names is what is sent, however the
  // file changes meanwhile. Otherwise read again, through a descriptor, and checked.
  const held = settings.heldBytes?.(image.absolutePath, image.sha256);
  const body = held ? heldBody(held) : await openUploadBody(settings.root, image);
  try {
    await storage.put({
      key: image.key,
      path: image.path,
      body: body.open,
      ...(held ? { bytes: held } : {}),
      size: image.size,
      contentType: image.contentType,
      cacheControl: settings.cacheControl,
      sha256: image.sha256,
      md5: image.md5,
      ...(settings.acl ? { acl: settings.acl } : {}),
    });
  } finally {
    await body.close();
  }
  const uploaded: ImageResult = { ...image, status: "uploaded" };
  settings.onVerified?.(uploaded);
  return uploaded;
}

/**
 * Checks and uploads `images` (already one per key) with at most `settings.concurrency`
 * requests in flight; results come back in input order. Large runs learn what exists
 * from one listing first (see existence.ts), so a run with nothing new sends about one
 * request per 1,000 images.
 */
export async function uploadImages(
  images: readonly PlannedImage[],
  storage: Storage,
  settings: UploadSettings,
  logger: Logger,
  clock: Clock,
): Promise<ImageResult[]> {
  const existing = await indexByListing(
    images,
    storage,
    logger,
    settings.canList ?? true,
    settings.listing,
  );
  if (!settings.dryRun) {
    const toAsk = images.filter((image) => existing.lookup(image) !== "present").length;
    await storage.expectRequests(toAsk);
  }
  const limit = settings.limit ?? pLimit(Math.max(1, settings.concurrency));
  const progress = new Progress("Progress", "uploaded", images.length, logger, clock);
  let fatal: StorageError | undefined;

  const recordResult = (image: PlannedImage, result: ImageResult): ImageResult => {
    if (result.status !== "failed") logger.debug(`${image.path} → ${image.key}: ${result.status}`);
    if (result.status === "present") settings.onVerified?.(result);
    progress.record(result.status === "uploaded" ? image.size : 0);
    return result;
  };
  const settleOne = async (
    image: PlannedImage,
    decide: () => Promise<ImageResult>,
  ): Promise<ImageResult | undefined> => {
    if (fatal) return undefined;
    let result: ImageResult;
    try {
      result = await decide();
    } catch (error) {
      if (error instanceof StorageError) {
        // Every other request would fail the same way: queued tasks see `fatal` and
        // return without a request (clearing p-limit's queue would leave them pending).
        fatal ??= error;
        return undefined;
      }
      result = { ...image, status: "failed", reason: describeError(error) };
      logger.debug(`${image.path} → ${image.key}: failed: ${result.reason}`);
    }
    return recordResult(image, result);
  };
  const asUsual = (image: PlannedImage, existence: Existence) =>
    // Known present from the listing: no request to make, so no slot to wait for (a
    // no-op's 2,000 images would each queue behind p-limit's hops for nothing).
    existence === "present"
      ? fatal
        ? undefined
        : recordResult(image, { ...image, status: "present" })
      : limit(() => settleOne(image, () => settleImage(image, storage, settings, existence)));

  const tasks = images.map((image) => {
    const early = settings.eager?.started(image.key);
    if (!early) return asUsual(image, existing.lookup(image));
    // Not held in a slot while waiting: the early upload may itself wait for one.
    return early.result.then(
      (sent) => {
        if (sent && early.sha256 === image.sha256)
          return settleOne(image, async () => ({ ...image, status: "uploaded" }));
        // Not sent early after all; or another file's bytes went under this key (a
        // collision the plan refused), so this image's bytes are sent over them.
        return asUsual(image, sent ? "absent" : existing.lookup(image));
      },
      (error: unknown) => settleOne(image, () => Promise.reject(error)),
    );
  });

  // allSettled waits for requests already in flight, so nothing runs on after we return.
  const settled = await Promise.allSettled(tasks);
  if (fatal) throw fatal;
  return settled.map((outcome, index) => {
    const image = images[index] as PlannedImage;
    if (outcome.status === "rejected") {
      return { ...image, status: "failed", reason: describeError(outcome.reason) };
    }
    return outcome.value ?? { ...image, status: "failed", reason: "The upload was not attempted." };
  });
}
