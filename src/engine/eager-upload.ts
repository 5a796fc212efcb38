/**
 * Uploads that start while the rest of the images are still being hashed. A cold run used
 * to hash every image before its first PUT, although the upload phase leaves the CPU idle
 * most of the time (each request waits a round trip): with the listing in hand, an image
 * known absent is sent as soon as it is hashed, and the upload stage then only collects
 * what was started here. Nothing is decided here that the upload stage would decide
 * otherwise: only keys the listing says are absent are sent, each key once, with the same
 * checks (upload.ts `send`), under the same concurrency limit.
 */
import type { LimitFunction } from "p-limit";
import { StorageError } from "../core/errors.js";
import type { ObjectInfo, PreflightResult, Storage } from "../storage/storage.js";
import { classify, type EarlyListing, objectsByKey } from "./existence.js";
import type { ImageResult, PlannedImage } from "./types.js";
import { send, type UploadSettings } from "./upload.js";

/** An upload started early: the bytes it sent (by sha256) and how it ended. */
export interface EagerUpload {
  readonly sha256: string;
  /** The upload's result, or undefined when the key was not sent early after all. */
  readonly result: Promise<ImageResult | undefined>;
}

export interface EagerUploads {
  /** A planned image, hashed and keyed: sent now if the listing says its key is absent. */
  offer(image: PlannedImage): void;
  /** What was started for `key`, if anything. */
  started(key: string): EagerUpload | undefined;
}

/** What early uploads wait for: the preflight passed and the prefix was listed. */
export interface EagerStart {
  readonly preflight: Promise<PreflightResult>;
  readonly listing: EarlyListing;
}

/**
 * Starts uploads of offered images once the preflight has passed and the listing is in.
 * A failed preflight or listing, or a storage error that every request would hit, stops
 * it: the upload stage then decides as if nothing had started, and reports.
 */
export function eagerUploads(
  start: EagerStart,
  storage: Storage,
  settings: UploadSettings,
  limit: LimitFunction,
): EagerUploads {
  const listed = Promise.all([start.preflight, start.listing.objects]).then(
    ([preflight, objects]) => (preflight.canList ? objectsByKey(objects) : undefined),
    () => undefined,
  );
  const uploads = new Map<string, EagerUpload>();
  let stopped = false;
  const sendIfAbsent = async (
    image: PlannedImage,
    byKey: ReadonlyMap<string, ObjectInfo> | undefined,
  ) => {
    if (stopped || !byKey) return undefined;
    const existence = classify(image, byKey.get(image.key));
    // Verified present by the listing: the public-url check may start on it now.
    if (existence === "present") settings.onVerified?.({ ...image, status: "present" });
    if (existence !== "absent") return undefined;
    return limit(async () => {
      if (stopped) return undefined;
      try {
        return await send(image, storage, settings);
      } catch (error) {
        if (error instanceof StorageError) stopped = true;
        throw error;
      }
    });
  };
  return {
    offer(image) {
      if (uploads.has(image.key) || !image.key.startsWith(start.listing.prefix)) return;
      const result = listed.then((byKey) => sendIfAbsent(image, byKey));
      // Awaited by the upload stage, which reports a failure in its own words.
      result.catch(() => {});
      uploads.set(image.key, { sha256: image.sha256, result });
    },
    started: (key) => uploads.get(key),
  };
}
