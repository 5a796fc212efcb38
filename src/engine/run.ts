import type { Clock, Logger } from "../core/logger.js";
import type { Options } from "../options/options.js";
import type { Storage } from "../storage/storage.js";
import { collectReferences, distinctLocal, problems, resolveAll } from "./collect.js";
import { planImages } from "./plan.js";
import { Progress } from "./progress.js";
import { buildManifest } from "./report/manifest.js";
import { applyEdits, planEdits } from "./rewrite.js";
import { scanContent } from "./scan.js";
import type { ImageResult, ResolvedReference, RunResult } from "./types.js";
import { uploadImages } from "./upload.js";
import { type Fetch, verifyPublicUrl } from "./verify-public-url.js";

/** The side effects the engine needs, passed in by the adapter. */
export interface EngineDeps {
  readonly storage: Storage;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Used to verify that public-url serves what was uploaded. */
  readonly fetch: Fetch;
}

/** What a run covers and where it writes. */
export interface RunScope {
  /**
   * Repository-relative paths; only content files in this list are processed, and images
   * referenced only from files outside it are not touched.
   */
  readonly contentFiles?: readonly string[];
  /** Where rewritten files are written (same relative paths); default: the tree itself. */
  readonly outputRoot?: string;
}

/**
 * The whole job on a working tree: scan → references → resolve → plan → upload → verify →
 * rewrite → report. Markdown is written only after every object it will point to is
 * verified present, so a failure at any step leaves no link to a missing object.
 */
export async function runOffload(
  root: string,
  options: Options,
  deps: EngineDeps,
  scope: RunScope = {},
): Promise<RunResult> {
  const { logger, clock } = deps;
  const startedAt = clock.now();

  const files = await logger.group("Scan content files", async () => {
    const found = await scanContent(root, options.content);
    logger.info(`${found.length} content file(s) match ${options.content.join(", ")}.`);
    if (found.length === 0)
      logger.warning(
        `No content file matches ${options.content.join(", ")}; check the content input (globs are relative to the repository root).`,
      );
    if (!scope.contentFiles) return found;
    const inScope = new Set(scope.contentFiles);
    const kept = found.filter((file) => inScope.has(file));
    logger.info(`${kept.length} of them are in scope (changed by this push or pull request).`);
    return kept;
  });

  const references = await logger.group("Find image references", async () =>
    collectReferences(root, files, logger),
  );

  const resolved = await logger.group("Resolve local images", () =>
    resolveAll(root, references, options, logger),
  );
  const missing = problems(resolved, "missing");
  const refused = problems(resolved, "refused");

  const localPaths = distinctLocal(resolved);
  const plan = await logger.group("Hash and plan uploads", async () => {
    const hashing = new Progress("Hashing", "read", localPaths.length, logger, clock);
    const planned = await planImages(
      localPaths,
      {
        root,
        keyTemplate: options.keyTemplate,
        prefix: options.prefix,
        publicUrl: options.publicUrl,
        maxSize: options.maxSize,
      },
      (bytes) => hashing.record(bytes),
    );
    logger.info(
      `${localPaths.length} local image(s), ${planned.images.length} distinct object(s) to check.`,
    );
    return planned;
  });

  const uploaded = await logger.group(
    options.dryRun ? "Check storage (dry run)" : "Upload to storage",
    async () => {
      // One cheap request first: wrong credentials, a missing bucket or a dead endpoint
      // fail here in one sentence (a dry run too), before any object or file is written.
      if (plan.images.length > 0) await deps.storage.preflight(options.prefix);
      return uploadImages(
        plan.images,
        deps.storage,
        {
          root,
          concurrency: options.concurrency,
          cacheControl: options.cacheControl,
          ...(options.storage.acl ? { acl: options.storage.acl } : {}),
          dryRun: options.dryRun,
        },
        logger,
        clock,
      );
    },
  );
  const images: ImageResult[] = [...uploaded, ...plan.refused];
  const byKey = new Map(uploaded.map((image) => [image.key, image]));
  const imageFor = (imagePath: string): ImageResult | undefined => {
    const entry = plan.byPath.get(imagePath);
    if (!entry) return undefined;
    return "status" in entry ? entry : byKey.get(entry.key);
  };
  reportFailures(resolved, imageFor, logger);

  if (options.verifyPublicUrl && !options.dryRun) {
    const sample =
      uploaded.find((image) => image.status === "uploaded") ??
      uploaded.find((image) => image.status === "present");
    if (sample) {
      await logger.group("Verify public-url", async () => {
        await verifyPublicUrl(sample, deps.fetch, {
          provider: options.storage.provider,
          bucket: options.storage.bucket,
          publicUrl: options.publicUrl,
        });
        logger.info(`${sample.url} serves the uploaded bytes.`);
      });
    }
  }

  // A link is rewritten only to an object verified present: uploaded now with an
  // integrity check, or found with matching size and sha256.
  // A dry run plans the edits its uploads would allow, and never applies them.
  const urlFor = (imagePath: string): string | undefined => {
    const image = imageFor(imagePath);
    const verified = image?.status === "uploaded" || image?.status === "present";
    return image && (verified || (options.dryRun && image.status === "planned"))
      ? image.url
      : undefined;
  };
  const edits = planEdits(resolved, urlFor, (skipped) =>
    logger.warning(skipped.message, { file: skipped.file, line: skipped.line }),
  );
  const rewritten = await logger.group(
    options.dryRun ? "Rewrite (dry run)" : "Rewrite content files",
    async () => {
      const changed = options.dryRun
        ? [...new Set(edits.map((edit) => edit.file))].sort()
        : await applyEdits(root, edits, scope.outputRoot);
      logger.info(
        `${edits.length} link(s) in ${changed.length} file(s) ${options.dryRun ? "would be " : ""}rewritten.`,
      );
      return changed;
    },
  );

  const manifest = buildManifest(images, resolved, imageFor);
  return {
    counts: {
      uploaded: images.filter((image) => image.status === "uploaded").length,
      skipped: images.filter((image) => image.status === "present").length,
      failed: images.filter((image) => image.status === "failed").length,
      missing: missing.length,
      rewritten: rewritten.length,
    },
    images,
    manifest,
    missing,
    refused,
    edits,
    files: rewritten,
    dryRun: options.dryRun,
    durationMs: clock.now() - startedAt,
  };
}

/** Why the run as a whole failed, in one sentence, or undefined when it succeeded. */
export function runFailure(
  result: RunResult,
  options: Pick<Options, "failOnMissing">,
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
function reportFailures(
  resolved: readonly ResolvedReference[],
  imageFor: (imagePath: string) => ImageResult | undefined,
  logger: Logger,
): void {
  for (const { reference, resolution } of resolved) {
    if (resolution.status !== "local") continue;
    const image = imageFor(resolution.path);
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
