/**
 * The middle of the engine as one immutable table: for every local image path the run
 * resolved, what became of it (refused by the plan, or the object's upload result). Rewrite,
 * failure reports and the manifest all read this table; nothing else joins plan and upload.
 */
import type { Plan } from "./plan.js";
import type { ImageResult, RunCounts } from "./types.js";

export class Outcomes {
  /** One per distinct object checked or sent, then the images the plan refused. */
  readonly images: readonly ImageResult[];
  private readonly byPath: ReadonlyMap<string, ImageResult>;

  constructor(plan: Plan, settled: readonly ImageResult[]) {
    this.images = [...settled, ...plan.refused];
    const byKey = new Map(settled.map((image) => [image.key, image]));
    const byPath = new Map<string, ImageResult>();
    for (const [source, entry] of plan.byPath) {
      // Several paths with the same bytes share one object, hence one result.
      const outcome = "status" in entry ? entry : byKey.get(entry.key);
      if (outcome) byPath.set(source, outcome);
    }
    this.byPath = byPath;
  }

  /** What became of the image at this repository path. */
  of(imagePath: string): ImageResult | undefined {
    return this.byPath.get(imagePath);
  }

  /**
   * The URL a link to this image may be rewritten to: only an object verified present
   * (uploaded now with an integrity check, or found with matching size and sha256), or,
   * in a dry run, one that would be uploaded.
   */
  linkTarget(imagePath: string, dryRun: boolean): string | undefined {
    const image = this.of(imagePath);
    if (!image) return undefined;
    const verified = image.status === "uploaded" || image.status === "present";
    return verified || (dryRun && image.status === "planned") ? image.url : undefined;
  }

  /** One sample for the public-URL check: a fresh upload if there is one. */
  sample(): ImageResult | undefined {
    return (
      this.images.find((image) => image.status === "uploaded") ??
      this.images.find((image) => image.status === "present")
    );
  }

  counts(missing: number, rewritten: number): RunCounts {
    const count = (status: ImageResult["status"]) =>
      this.images.filter((image) => image.status === status).length;
    return {
      uploaded: count("uploaded"),
      skipped: count("present"),
      failed: count("failed"),
      missing,
      rewritten,
    };
  }
}
