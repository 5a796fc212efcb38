import type { Clock } from "../core/logger.js";
import type { Fetch } from "../engine/verify-public-url.js";
import type { Options } from "../options/options.js";
import type { Storage } from "../storage/storage.js";
import { type Checklist, runChecklist } from "./checklist.js";
import { runImagesChecklist } from "./images-checklist.js";
import { createBucketProbe } from "./s3-probe.js";

/** Runs the checklist with a bucket probe built from the same options as `storage`. */
export async function runSetupCheck(
  options: Options,
  deps: { readonly storage: Storage; readonly fetch: Fetch; readonly clock: Clock },
): Promise<Checklist> {
  const cloudflare = options.storage.cloudflare;
  if (cloudflare) return runImagesChecklist(options, cloudflare, deps);
  const probe = createBucketProbe(options.storage, deps.clock);
  try {
    return await runChecklist(options, { ...deps, probe });
  } finally {
    probe.close();
  }
}
