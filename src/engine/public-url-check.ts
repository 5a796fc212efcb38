/**
 * The public-url check of a run, started as soon as the first object is verified in
 * storage (uploaded now, or found present by a run with nothing to upload): its request
 * then overlaps the rest of the upload stage instead of adding a round trip between the
 * last upload and the rewrite. Its result is awaited, and reported, at the same point of
 * the run as before: before any link is rewritten.
 */
import type { Logger } from "../core/logger.js";
import type { EngineOptions } from "../options/options.js";
import type { Storage } from "../storage/storage.js";
import type { Outcomes } from "./outcomes.js";
import type { ImageResult } from "./types.js";
import { type Fetch, verifyPublicUrl } from "./verify-public-url.js";

export interface PublicUrlCheck {
  /** Told of each object verified in storage: the first one is checked at once. */
  readonly onVerified: (image: ImageResult) => void;
  /** Awaits the check (or runs it on a present object): throws the InputError it found. */
  readonly stage: (outcomes: Outcomes) => Promise<void>;
}

interface CheckDeps {
  readonly storage: Storage;
  readonly logger: Logger;
  readonly fetch: Fetch;
}

/** What the check reads of the run's options. */
type CheckOptions = Pick<EngineOptions, "verifyPublicUrl" | "dryRun" | "publicUrl" | "storage">;

export function publicUrlCheck(options: CheckOptions, deps: CheckDeps): PublicUrlCheck {
  const enabled = options.verifyPublicUrl && !options.dryRun;
  const check = (sample: ImageResult) => {
    const checked = verifyPublicUrl(sample, deps.fetch, {
      provider: options.storage.provider,
      bucket: options.storage.bucket,
      publicUrl: options.publicUrl,
      delivery: deps.storage.delivery,
    });
    // Awaited by stage(), which reports it.
    checked.catch(() => {});
    return { sample, checked };
  };
  let started: ReturnType<typeof check> | undefined;
  return {
    onVerified(image) {
      const verified = image.status === "uploaded" || image.status === "present";
      if (enabled && !started && verified) started = check(image);
    },
    async stage(outcomes) {
      // A fresh upload if there was one, else an object found present.
      const sample = started?.sample ?? outcomes.sample();
      if (!enabled || !sample) return;
      await deps.logger.group("Verify public-url", async () => {
        await (started ?? check(sample)).checked;
        const what = deps.storage.delivery.proof === "bytes" ? "the uploaded bytes" : "an image";
        deps.logger.info(`${sample.url} serves ${what}.`);
      });
    },
  };
}
