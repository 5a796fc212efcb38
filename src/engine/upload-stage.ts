/**
 * The upload stage and what it shares with the uploads that start while images are still
 * hashed (eager-upload.ts): one set of settings, one limit on requests in flight.
 */
import pLimit, { type LimitFunction } from "p-limit";
import type { EngineOptions } from "../options/options.js";
import type { Storage } from "../storage/storage.js";
import { type EagerUploads, eagerUploads } from "./eager-upload.js";
import type { DigestCache } from "./file-digest.js";
import { Outcomes } from "./outcomes.js";
import type { Plan } from "./plan.js";
import type { EarlyRequests } from "./preflight.js";
import type { EngineDeps } from "./run.js";
import type { ImageResult } from "./types.js";
import { type UploadSettings, uploadImages } from "./upload.js";

/** The run's upload settings: `limit` is always the one shared with the early uploads. */
export type RunUploadSettings = UploadSettings & { readonly limit: LimitFunction };

/** What every upload needs, early or not: where bytes are read, how they are sent. */
export function uploadSettings(
  root: string,
  options: EngineOptions,
  digests: DigestCache,
  /** The public-url check's hook: the first verified object is checked while others go on. */
  onVerified: (image: ImageResult) => void,
): RunUploadSettings {
  return {
    onVerified,
    root,
    concurrency: options.concurrency,
    cacheControl: options.cacheControl,
    ...(options.storage.acl ? { acl: options.storage.acl } : {}),
    dryRun: options.dryRun,
    heldBytes: digests.heldBytes,
    // One limit for the uploads started while hashing and the upload stage's.
    limit: pLimit(Math.max(1, options.concurrency)),
  };
}

/** Uploads that start while hashing goes on, when the listing is on its way (not a dry run). */
export function startEagerUploads(
  early: EarlyRequests,
  options: EngineOptions,
  storage: Storage,
  settings: RunUploadSettings,
): EagerUploads | undefined {
  if (options.dryRun || !early.preflight || !early.listing) return undefined;
  const start = { preflight: early.preflight, listing: early.listing };
  return eagerUploads(start, storage, settings, settings.limit);
}

/** What storage holds, then the uploads; a dry run checks and plans but sends nothing. */
export function uploadStage(
  plan: Plan,
  options: EngineOptions,
  deps: EngineDeps,
  settings: UploadSettings,
  early: EarlyRequests & { eager?: EagerUploads | undefined },
) {
  const title = options.dryRun ? "Check storage (dry run)" : "Upload to storage";
  return deps.logger.group(title, async () => {
    // It also learns whether this key may list the bucket, so existence need not ask again.
    const canList =
      plan.images.length === 0 ||
      (await (early.preflight ?? deps.storage.preflight(options.prefix))).canList;
    const settled = await uploadImages(
      plan.images,
      deps.storage,
      {
        ...settings,
        canList,
        ...(early.listing ? { listing: early.listing } : {}),
        ...(early.eager ? { eager: early.eager } : {}),
      },
      deps.logger,
      deps.clock,
    );
    return new Outcomes(plan, settled);
  });
}
