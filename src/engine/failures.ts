/** How a run reports images it could not offload, and whether the run as a whole failed. */
import type { Logger } from "../core/logger.js";
import type { EngineOptions } from "../options/options.js";
import type { Outcomes } from "./outcomes.js";
import type { ResolvedReference, RunResult } from "./types.js";

/** Why the run as a whole failed, in one sentence, or undefined when it succeeded. */
export function runFailure(
  result: RunResult,
  options: Pick<EngineOptions, "failOnMissing">,
): string | undefined {
  const failed = result.images.filter((image) => image.status === "failed");
  if (failed.length > 0) {
    const names = failed
      .slice(0, 5)
      .map((image) => image.path)
      .join(", ");
    const more = failed.length > 5 ? ` and ${failed.length - 5} more` : "";
    return `${failed.length} image(s) could not be offloaded (${names}${more}); their links were left unchanged and each is reported at the lines that link it.`;
  }
  if (options.failOnMissing && result.missing.length > 0) {
    const first = result.missing[0];
    return `${result.missing.length} reference(s) point at missing local images (first: ${first?.file}:${first?.line} → ${first?.destination}); add the files or fix the links, or set fail-on-missing: false.`;
  }
  return undefined;
}

/**
 * An image that failed (refused by plan, or its upload failed) is reported where the
 * writer can fix it: at every file:line that references it.
 */
export function reportFailures(
  resolved: readonly ResolvedReference[],
  outcomes: Outcomes,
  logger: Logger,
): void {
  for (const { reference, resolution } of resolved) {
    if (resolution.status !== "local") continue;
    const image = outcomes.of(resolution.path);
    if (image?.status !== "failed") continue;
    const reason = (image.reason ?? "the upload failed").replace(/\.$/, "");
    // Plan's reasons name the image already; storage's name the key.
    const subject = reason.startsWith(resolution.path) ? "" : `${resolution.path}: `;
    logger.error(`${subject}${reason}; the link was left as it is.`, {
      file: reference.file,
      line: reference.line,
    });
  }
}
