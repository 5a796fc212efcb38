/**
 * The first requests to storage, sent before the images are hashed so that their round
 * trips overlap local work: the preflight, the listing existence needs, and the digest
 * index that spares a run with nothing new from reading its images (digest-index.ts).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { renderKey } from "../core/key-template.js";
import type { Logger } from "../core/logger.js";
import type { EngineOptions } from "../options/options.js";
import type { PreflightResult, Storage } from "../storage/storage.js";
import { distinctLocal } from "./collect.js";
import {
  blobFinder,
  DIGEST_INDEX_KEY,
  type DigestIndex,
  type IndexSources,
  knownDigests,
  newEntries,
  readDigestIndex,
  writeDigestIndex,
} from "./digest-index.js";
import { type EarlyListing, LIST_MIN_KEYS } from "./existence.js";
import type { FileDigest, FileToRead } from "./file-digest.js";
import type { ImageResult, PlannedImage, ResolvedReference } from "./types.js";

export interface EarlyRequests {
  readonly preflight?: Promise<PreflightResult>;
  readonly listing?: EarlyListing;
}

/** Requests sent at the very start of a run, when the repository's images are known to git. */
export interface Snapshot extends Required<EarlyRequests> {
  readonly sources: IndexSources;
  /** Where the digest index is kept. */
  readonly indexKey: string;
  /** A digest from the index that the listing confirms, else undefined. */
  readonly known: (file: FileToRead) => Promise<FileDigest | undefined>;
  /** The same, at once, when the index and the listing are in; else undefined. */
  readonly knownNow: (file: FileToRead) => FileDigest | undefined;
  /** How many digests came from the index. */
  readonly hits: () => number;
}

/** What the snapshot needs of the engine's side effects (EngineDeps). */
interface SnapshotDeps {
  readonly storage: Storage;
  readonly logger: Logger;
  readonly blobIds?: () => Promise<ReadonlyMap<string, string>>;
}

/** Every key starts with a non-empty prefix, so one listing of it sees them all. */
const keysUnderPrefix = (options: EngineOptions) =>
  options.prefix !== "" && options.keyTemplate.startsWith("{prefix}");

/**
 * Starts the preflight (which lists the prefix itself) and the digest index's download at
 * once, when git tracks at least LIST_MIN_KEYS clean images and storage lists by prefix
 * (S3: an ETag is the MD5 that confirms an entry). A run narrowed to a push's files lists
 * only when a manifest exists, whose recorded images it would otherwise hash.
 */
export async function startSnapshot(
  root: string,
  options: EngineOptions,
  deps: SnapshotDeps,
  narrowed: boolean,
): Promise<Snapshot | undefined> {
  const { storage, logger } = deps;
  if (!deps.blobIds || !keysUnderPrefix(options) || storage.delivery.listing !== "prefix")
    return undefined;
  if (narrowed && !(options.manifestFile && existsSync(path.join(root, options.manifestFile))))
    return undefined;
  const blobs = await deps.blobIds().catch(() => new Map<string, string>());
  let images = 0;
  for (const file of blobs.keys())
    if (options.extensions.has(path.posix.extname(file).slice(1).toLowerCase())) images++;
  if (images < LIST_MIN_KEYS) return undefined;

  const preflight = storage.preflight(options.prefix, { list: true });
  // Reported when the upload stage awaits it.
  preflight.catch(() => {});
  const objects = preflight.then(({ objects }) => objects ?? Promise.reject(notListed()));
  objects.catch(() => {});
  const fetched = readDigestIndex(storage, DIGEST_INDEX_KEY, logger);
  // A storage that fails its preflight has no index to wait for.
  const empty: DigestIndex = new Map();
  const index = Promise.race([
    fetched,
    preflight.then(
      () => fetched,
      () => empty,
    ),
  ]);
  const sources: IndexSources = {
    root,
    blobs,
    index,
    listing: objects,
    keyOf: (sha256, imagePath) =>
      renderKey(options.keyTemplate, { prefix: options.prefix, sha256, path: imagePath }),
  };
  return {
    preflight,
    listing: { prefix: options.prefix, objects },
    sources,
    indexKey: DIGEST_INDEX_KEY,
    ...knownDigests(sources),
  };
}

const notListed = () => new Error("not listed");

/**
 * The storage check, sent while the images are hashed so that its connection and round
 * trips cost no time; only a run with local images talks to storage at all (or one that
 * started a snapshot). The upload stage awaits it: wrong credentials, a missing bucket or a
 * dead endpoint fail there in one sentence (a dry run too), before any object or file is
 * written. When it passes and the keys will all start with `prefix`, the listing existence
 * needs follows at once.
 */
export function startPreflight(
  resolved: readonly ResolvedReference[],
  options: EngineOptions,
  storage: Storage,
  snapshot?: Snapshot,
): EarlyRequests {
  const status = (reference: ResolvedReference) => reference.resolution.status;
  if (
    !resolved.some((reference) => status(reference) === "local" || status(reference) === "recorded")
  )
    return {};
  if (snapshot) return { preflight: snapshot.preflight, listing: snapshot.listing };
  const preflight = storage.preflight(options.prefix);
  // Reported when the upload stage awaits it; a plan left with no image never does.
  preflight.catch(() => {});
  const enough = distinctLocal(resolved).length >= LIST_MIN_KEYS;
  if (!keysUnderPrefix(options) || !enough || storage.delivery.listing !== "prefix")
    return { preflight };
  const objects = preflight.then(({ canList }) =>
    canList ? storage.list(options.prefix) : Promise.reject(notListed()),
  );
  objects.catch(() => {});
  return { preflight, listing: { prefix: options.prefix, objects } };
}

/**
 * Git asked again, once every image is hashed, which files are still the blobs they were:
 * only those get an entry (saveDigests). Started while the uploads run, so git's answer
 * costs no wall time; not asked when no hashed image could add an entry.
 */
export async function recheckBlobs(
  snapshot: Snapshot | undefined,
  hashed: readonly PlannedImage[],
  dryRun: boolean,
  deps: SnapshotDeps,
): Promise<ReadonlyMap<string, string> | undefined> {
  if (!snapshot || !deps.blobIds || dryRun) return undefined;
  const { sources } = snapshot;
  // As if every image were stored: whether any could add an entry at all (a clean tracked
  // file whose blob the index lacks). A no-op's images are all in the index already.
  const index = await sources.index;
  const blobOf = blobFinder(sources.root, sources.blobs);
  const couldAdd = hashed.some((image) => {
    const blob = blobOf(image.absolutePath);
    return blob !== undefined && !index.has(blob);
  });
  if (!couldAdd) return undefined;
  return deps.blobIds().catch(() => new Map<string, string>());
}

/** The digests this run hashed and stored, added to the index for the next run. */
export async function saveDigests(
  snapshot: Snapshot | undefined,
  images: readonly ImageResult[],
  blobsNow: Promise<ReadonlyMap<string, string> | undefined>,
  deps: SnapshotDeps,
): Promise<void> {
  const after = await blobsNow;
  if (!snapshot || !after) return;
  const { sources } = snapshot;
  const index = await sources.index;
  const added = newEntries(images, sources, after, index);
  if (added.size === 0) return;
  await writeDigestIndex(
    deps.storage,
    snapshot.indexKey,
    new Map([...index, ...added]),
    deps.logger,
  );
}
