import { statSync } from "node:fs";
import pLimit from "p-limit";
import { compareCodeUnits } from "../core/compare.js";
import { describeFileError } from "../core/errors.js";
import { formatBytes } from "../core/format.js";
import { keyToUrl, renderKey, validateKeyTemplate } from "../core/key-template.js";
import { sharedTurns } from "../core/next-turn.js";
import type { ImageFacts } from "../storage/storage.js";
import { describeBytes, sniffContentType } from "./content-type.js";
import { type DigestOf, digestFile, type FileDigest, type FileToRead } from "./file-digest.js";
import { ChangedDuringRunError, openInside } from "./open-inside.js";
import type { ImageResult, PlannedImage } from "./types.js";

export interface PlanSettings {
  /** The repository root: every file is read through a descriptor proven inside it. */
  readonly root: string;
  readonly keyTemplate: string;
  readonly prefix: string;
  /** Base URL without a trailing slash. */
  readonly publicUrl: string;
  /** Bytes; larger files are refused without being read. */
  readonly maxSize: number;
  /** The run's digest memo (default: read every file afresh). */
  readonly digestOf?: DigestOf;
  /** A digest the memo knows at once (the digest index), else undefined. */
  readonly digestNow?: (file: FileToRead) => FileDigest | undefined;
  /** An object's URL (default: `<publicUrl>/<key>`); the storage decides (Storage.delivery). */
  readonly urlOf?: (key: string) => string;
  /** What the storage refuses before any request (Storage.refusal). */
  readonly refusal?: (image: ImageFacts) => Promise<string | undefined>;
  /** Told of each image as soon as it is hashed and keyed (eager-upload.ts starts it). */
  readonly onPlanned?: (image: PlannedImage) => void;
}

export interface Plan {
  /** One per distinct key, sorted by path: what upload checks and sends. */
  readonly images: PlannedImage[];
  /** Refused before upload (too large, unreadable, not an image, key collision), status "failed". */
  readonly refused: ImageResult[];
  /** Every source path given, to the image its links should point at or to why it was refused. */
  readonly byPath: ReadonlyMap<string, PlannedImage | ImageResult>;
}

export interface LocalImage {
  /** Repository-relative POSIX path. */
  readonly path: string;
  /** Absolute, symlinks resolved. */
  readonly absolutePath: string;
  /** A regular file's size as the resolve saw it; unknown: the plan stats the file. */
  readonly size?: number;
}

/** Files hashed at once: enough to keep a disk busy, few enough to stay under fd limits. */
const HASH_CONCURRENCY = 8;

/**
 * Hashes each distinct file once, refuses what must not be uploaded, and names each
 * upload by its key. Identical bytes under a hash-only template collapse into one
 * object (the first path in sorted order), so ten posts sharing a logo upload it once.
 */
export async function planImages(
  paths: readonly LocalImage[],
  settings: PlanSettings,
  /** Called once per distinct file examined, with its size (for progress lines). */
  onExamined: (bytes: number) => void = () => {},
): Promise<Plan> {
  validateKeyTemplate(settings.keyTemplate);
  const sorted = [...paths].sort((a, b) => compareCodeUnits(a.path, b.path));
  const distinct = new Map<string, LocalImage>();
  for (const image of sorted) {
    if (!distinct.has(image.absolutePath)) distinct.set(image.absolutePath, image);
  }

  const limit = pLimit(HASH_CONCURRENCY);
  // Uploads started early, and the listing, progress between files.
  const turn = sharedTurns();
  const settle = (outcome: PlannedImage | ImageResult) => {
    onExamined(outcome.size);
    if (!("status" in outcome)) settings.onPlanned?.(outcome);
    return outcome;
  };
  const outcomes: (PlannedImage | ImageResult | Promise<PlannedImage | ImageResult>)[] = [];
  for (const image of distinct.values()) {
    const known = plannedAtOnce(image, settings);
    if (!known) {
      outcomes.push(limit(async () => settle(await examine(image, settings, turn))));
      continue;
    }
    const pause = turn();
    if (pause) await pause;
    outcomes.push(settle(known));
  }
  const examined = await Promise.all(outcomes);

  const images: PlannedImage[] = [];
  const refused: ImageResult[] = [];
  const byKey = new Map<string, PlannedImage>();
  const byAbsolutePath = new Map<string, PlannedImage | ImageResult>();
  for (const outcome of examined) {
    let entry: PlannedImage | ImageResult = outcome;
    if (!("status" in outcome)) {
      const sameKey = byKey.get(outcome.key);
      if (!sameKey) {
        byKey.set(outcome.key, outcome);
        images.push(outcome);
      } else if (sameKey.sha256 === outcome.sha256) {
        entry = sameKey;
      } else {
        entry = failed(
          outcome,
          `${outcome.path} would get the key ${outcome.key} that ${sameKey.path} already has, with different bytes; use a longer {hash:N} in key-template.`,
        );
      }
    }
    if ("status" in entry) refused.push(entry);
    byAbsolutePath.set(outcome.absolutePath, entry);
  }

  const byPath = new Map<string, PlannedImage | ImageResult>();
  for (const image of sorted) {
    const entry = byAbsolutePath.get(image.absolutePath);
    if (entry && !byPath.has(image.path)) byPath.set(image.path, entry);
  }
  return { images, refused, byPath };
}

/** A regular file's size, or why it has none. */
function sizeOnDisk(image: LocalImage): number | { readonly reason: string } {
  try {
    const stats = statSync(image.absolutePath);
    if (stats.isFile()) return stats.size;
    return { reason: `${image.path} is not a regular file; link an image file instead.` };
  } catch (error) {
    return {
      reason: `${image.path} could not be read (${describeFileError(error)}); check that the file exists and is readable.`,
    };
  }
}

/**
 * An unchanged image the digest index knows, keyed without a lane or a promise: what
 * examine() would plan for it, when its size is known and nothing may refuse it up front.
 */
function plannedAtOnce(image: LocalImage, settings: PlanSettings): PlannedImage | undefined {
  const { size } = image;
  if (settings.refusal || !settings.digestNow || size === undefined || size > settings.maxSize)
    return undefined;
  const { root } = settings;
  const digest = settings.digestNow({
    root,
    absolutePath: image.absolutePath,
    path: image.path,
    size,
  });
  if (!digest?.contentType) return undefined;
  return keyed(image, digest, digest.contentType, settings);
}

/** The plan of an image whose bytes are known: its key and URL. */
function keyed(
  image: LocalImage,
  digest: FileDigest,
  contentType: string,
  settings: PlanSettings,
): PlannedImage {
  const { size, sha256, md5 } = digest;
  const key = renderKey(settings.keyTemplate, {
    prefix: settings.prefix,
    sha256,
    path: image.path,
  });
  const url = settings.urlOf ? settings.urlOf(key) : keyToUrl(settings.publicUrl, key);
  return {
    path: image.path,
    absolutePath: image.absolutePath,
    size,
    sha256,
    md5,
    contentType,
    key,
    url,
  };
}

/** One file: a PlannedImage, or a failed ImageResult saying what to fix. */
async function examine(
  image: LocalImage,
  settings: PlanSettings,
  turn: () => Promise<void> | undefined,
): Promise<PlannedImage | ImageResult> {
  const pause = turn();
  if (pause) await pause;
  // Built field by field: callers may pass richer objects (a Resolution) whose extra fields
  // must not leak into the plan.
  const unread: PlannedImage = {
    path: image.path,
    absolutePath: image.absolutePath,
    size: 0,
    sha256: "",
    md5: "",
    contentType: "",
    key: "",
    url: "",
  };
  const size = image.size ?? sizeOnDisk(image);
  if (typeof size !== "number") return failed(unread, size.reason);
  // Checked before reading: an oversized file is never hashed or loaded.
  if (size > settings.maxSize) {
    return failed(
      { ...unread, size },
      `${image.path} is ${sizeComparison(size, settings.maxSize)}; raise max-size or shrink the image.`,
    );
  }

  let digest: Awaited<ReturnType<typeof digestFile>>;
  try {
    const digestOf = settings.digestOf ?? digestFile;
    digest = await digestOf({
      root: settings.root,
      absolutePath: image.absolutePath,
      path: image.path,
      size,
    });
  } catch (error) {
    if (error instanceof ChangedDuringRunError) return failed({ ...unread, size }, error.message);
    return failed(
      { ...unread, size },
      `${image.path} could not be read (${describeFileError(error)}); check that the file is readable.`,
    );
  }
  const hashed = { ...unread, size: digest.size, sha256: digest.sha256, md5: digest.md5 };
  const contentType = digest.contentType ?? sniffContentType(digest.head);
  if (!contentType) return failed(hashed, notAnImage(image.path, digest.head));

  const refused = await settings.refusal?.({
    path: image.path,
    size: digest.size,
    contentType,
    head: digest.head,
    bytes: () => readInside(settings.root, image),
  });
  if (refused) return failed(hashed, refused);
  return keyed(image, digest, contentType, settings);
}

/** The whole file through a descriptor proven inside the repository. */
async function readInside(root: string, image: LocalImage): Promise<Buffer> {
  const { handle } = await openInside(root, image.absolutePath, image.path);
  try {
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

function failed(image: PlannedImage, reason: string): ImageResult {
  return { ...image, status: "failed", reason };
}

function notAnImage(imagePath: string, head: Buffer): string {
  const looksLike = describeBytes(head);
  if (looksLike === "empty")
    return `${imagePath} is empty, so it is not an image; replace it with the real image.`;
  const fix =
    looksLike === "a Git LFS pointer"
      ? "check out with Git LFS (actions/checkout with lfs: true)"
      : "replace it with the real image or remove the reference";
  return `${imagePath} is not an image (its bytes are ${looksLike}); ${fix}.`;
}

/** "61.2 MB, over max-size 50 MB"; exact bytes when rounding would show two equal sizes. */
function sizeComparison(size: number, maxSize: number): string {
  const [shown, limit] = [formatBytes(size), formatBytes(maxSize)];
  if (shown !== limit) return `${shown}, over max-size ${limit}`;
  return `${size.toLocaleString("en-US")} bytes, over max-size ${maxSize.toLocaleString("en-US")} bytes`;
}
