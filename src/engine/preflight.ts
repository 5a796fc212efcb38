/**
 * The first requests to storage, sent as soon as resolve has found a local image, so that
 * they overlap the hashing instead of waiting for it.
 */
import type { EngineOptions } from "../options/options.js";
import type { PreflightResult, Storage } from "../storage/storage.js";
import { distinctLocal } from "./collect.js";
import { type EarlyListing, LIST_MIN_KEYS } from "./existence.js";
import type { ResolvedReference } from "./types.js";

/**
 * The storage check, sent while the images are hashed so that its connection and round
 * trips cost no time; only a run with local images talks to storage at all. The upload
 * stage awaits it: wrong credentials, a missing bucket or a dead endpoint fail there in one
 * sentence (a dry run too), before any object or file is written. When it passes and the
 * keys will all start with `prefix`, the listing existence needs follows at once.
 */
export function startPreflight(
  resolved: readonly ResolvedReference[],
  options: EngineOptions,
  storage: Storage,
): { preflight?: Promise<PreflightResult>; listing?: EarlyListing } {
  const status = (reference: ResolvedReference) => reference.resolution.status;
  if (
    !resolved.some((reference) => status(reference) === "local" || status(reference) === "recorded")
  )
    return {};
  const preflight = storage.preflight(options.prefix);
  // Reported when the upload stage awaits it; a plan left with no image never does.
  preflight.catch(() => {});
  const keysUnderPrefix = options.prefix !== "" && options.keyTemplate.startsWith("{prefix}");
  const enough = distinctLocal(resolved).length >= LIST_MIN_KEYS;
  if (!keysUnderPrefix || !enough || storage.delivery.listing !== "prefix") return { preflight };
  const objects = preflight.then(({ canList }) =>
    canList ? storage.list(options.prefix) : Promise.reject(new Error("not listed")),
  );
  objects.catch(() => {});
  return { preflight, listing: { prefix: options.prefix, objects } };
}
