import type { Clock, Logger } from "../core/logger.js";
import type { Fetch } from "../engine/verify-public-url.js";
import type { Options } from "../options/options.js";
import type { Storage } from "../storage/storage.js";
import type { Checklist } from "./checklist.js";
import { renderChecklistMarkdown } from "./render.js";
import { runSetupCheck } from "./run-check.js";

export interface DryRunCheck {
  readonly checklist: Checklist;
  /** For the job summary. */
  readonly markdown: string;
  /** One sentence when a check failed, for the step's failure. */
  readonly failure?: string;
}

/**
 * A dry run of the Action also runs the setup checklist, so a first workflow run with
 * `dry-run: true` proves credentials, bucket and public-url before anything is rewritten.
 * The only object it writes is the probe, deleted again.
 */
export async function checkSetupInDryRun(
  options: Options,
  deps: { readonly storage: Storage; readonly fetch: Fetch; readonly clock: Clock },
  logger: Logger,
): Promise<DryRunCheck> {
  const checklist = await logger.group("Setup check (dry run)", async () => {
    const result = await runSetupCheck(options, deps);
    for (const item of result.items) {
      if (item.status === "fail")
        logger.error(`✗ ${item.label}: ${item.detail}. ${item.fix ?? ""}`);
      else logger.info(`${item.status === "pass" ? "✓" : "–"} ${item.label}: ${item.detail}`);
    }
    return result;
  });
  const failed = checklist.items.filter((item) => item.status === "fail");
  const first = failed[0];
  return {
    checklist,
    markdown: renderChecklistMarkdown(checklist),
    ...(first
      ? {
          failure: `The setup check failed ${failed.length} line(s); first: ${first.fix ?? first.label}`,
        }
      : {}),
  };
}
