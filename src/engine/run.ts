import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Options } from "../options/options.js";
import type { Storage } from "../storage/storage.js";
import type { Clock, Logger } from "./logger.js";
import { planImages } from "./plan.js";
import { findReferences } from "./references/index.js";
import { buildManifest } from "./report/manifest.js";
import { createResolver } from "./resolve.js";
import { applyEdits, planEdits } from "./rewrite.js";
import { scanContent } from "./scan.js";
import type { ImageResult, Problem, Reference, ResolvedReference, RunResult } from "./types.js";
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

/**
 * The whole job on a working tree: scan → references → resolve → plan → upload → verify →
 * rewrite → report. Markdown is written only after every object it will point to is
 * verified present, so a failure at any step leaves no link to a missing object.
 */
export async function runOffload(
  root: string,
  options: Options,
  deps: EngineDeps,
): Promise<RunResult> {
  const { logger, clock } = deps;
  const startedAt = clock.now();

  const files = await logger.group("Scan content files", async () => {
    const found = await scanContent(root, options.content);
    logger.info(`${found.length} content file(s) match ${options.content.join(", ")}.`);
    return found;
  });

  const references = await logger.group("Find image references", () =>
    collectReferences(root, files, logger),
  );

  const resolved = await logger.group("Resolve local images", () =>
    resolveAll(root, references, options, logger),
  );
  const missing = problems(resolved, "missing");
  const refused = problems(resolved, "refused");

  const localPaths = distinctLocal(resolved);
  const plan = await logger.group("Hash and plan uploads", async () => {
    const planned = await planImages(localPaths, {
      keyTemplate: options.keyTemplate,
      prefix: options.prefix,
      publicUrl: options.publicUrl,
      maxSize: options.maxSize,
    });
    logger.info(
      `${localPaths.length} local image(s), ${planned.images.length} distinct object(s) to check.`,
    );
    for (const failure of planned.refused)
      logger.warning(failure.reason ?? `${failure.path} was refused.`, { file: failure.path });
    return planned;
  });

  const uploaded = await logger.group(
    options.dryRun ? "Check storage (dry run)" : "Upload to storage",
    () =>
      uploadImages(
        plan.images,
        deps.storage,
        {
          concurrency: options.concurrency,
          cacheControl: options.cacheControl,
          ...(options.storage.acl ? { acl: options.storage.acl } : {}),
          dryRun: options.dryRun,
        },
        logger,
        clock,
      ),
  );
  const images: ImageResult[] = [...uploaded, ...plan.refused];
  for (const image of images) {
    if (image.status === "failed")
      logger.error(`${image.path}: ${image.reason ?? "failed"}`, { file: image.path });
  }

  const byKey = new Map(uploaded.map((image) => [image.key, image]));
  const imageFor = (imagePath: string): ImageResult | undefined => {
    const entry = plan.byPath.get(imagePath);
    if (!entry) return undefined;
    return "status" in entry ? entry : byKey.get(entry.key);
  };

  if (options.verifyPublicUrl && !options.dryRun) {
    const sample =
      uploaded.find((image) => image.status === "uploaded") ??
      uploaded.find((image) => image.status === "present");
    if (sample) {
      await logger.group("Verify public-url", async () => {
        await verifyPublicUrl(sample, deps.fetch);
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
        : await applyEdits(root, edits);
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
    return `${failed.length} image(s) could not be offloaded (${names}${more}); their links were left unchanged, see the warnings above.`;
  }
  if (options.failOnMissing && result.missing.length > 0) {
    const first = result.missing[0];
    return `${result.missing.length} reference(s) point at missing local images (first: ${first?.file}:${first?.line} → ${first?.destination}); add the files or fix the links, or set fail-on-missing: false.`;
  }
  return undefined;
}

async function collectReferences(
  root: string,
  files: readonly string[],
  logger: Logger,
): Promise<Reference[]> {
  const all: Reference[] = [];
  for (const file of files) {
    const bytes = await readFile(path.join(root, file));
    const found = findReferences(file, bytes);
    if (found.length === 0 && !isUtf8(bytes)) {
      logger.warning(
        `${file} is not valid UTF-8, so its references were not read; save it as UTF-8.`,
        { file },
      );
    }
    all.push(...found);
  }
  logger.info(`${all.length} destination(s) in ${files.length} file(s).`);
  return all;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

async function resolveAll(
  root: string,
  references: readonly Reference[],
  options: Options,
  logger: Logger,
): Promise<ResolvedReference[]> {
  const resolve = createResolver({
    root,
    staticDirs: options.staticDirs,
    extensions: options.extensions,
  });
  const resolved: ResolvedReference[] = [];
  for (const reference of references) {
    const resolution = await resolve(reference);
    resolved.push({ reference, resolution });
    const location = { file: reference.file, line: reference.line };
    if (resolution.status === "missing") {
      logger.warning(
        `Image not found: ${reference.destination} (looked for ${resolution.candidates.join(", ")}); the link was left as it is.`,
        location,
      );
    } else if (resolution.status === "refused") {
      logger.warning(`Refused ${reference.destination}: ${resolution.reason}`, location);
    }
  }
  return resolved;
}

function problems(
  resolved: readonly ResolvedReference[],
  status: "missing" | "refused",
): Problem[] {
  return resolved.flatMap(({ reference, resolution }) => {
    if (resolution.status !== status) return [];
    const message =
      resolution.status === "refused"
        ? resolution.reason
        : `not found (looked for ${resolution.status === "missing" ? resolution.candidates.join(", ") : ""})`;
    return [
      { file: reference.file, line: reference.line, destination: reference.destination, message },
    ];
  });
}

function distinctLocal(
  resolved: readonly ResolvedReference[],
): { path: string; absolutePath: string }[] {
  const seen = new Map<string, { path: string; absolutePath: string }>();
  for (const { resolution } of resolved) {
    if (resolution.status === "local" && !seen.has(resolution.path)) {
      seen.set(resolution.path, { path: resolution.path, absolutePath: resolution.absolutePath });
    }
  }
  return [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
