import { compareCodeUnits } from "../core/compare.js";
import type { Clock, Logger } from "../core/logger.js";
import type { EngineOptions } from "../options/options.js";
import type { Storage } from "../storage/storage.js";
import { collectReferences, distinctLocal, problems, resolveAll } from "./collect.js";
import type { EagerUploads } from "./eager-upload.js";
import { reportFailures } from "./failures.js";
import { createDigestCache, type DigestCache } from "./file-digest.js";
import { createFileLookup, type FileLookup } from "./file-lookup.js";
import {
  attachRecorded,
  type LedgerState,
  recordedObjects,
  updatedEntries,
  updatedImages,
  withRecordedObjects,
} from "./ledger/recorded.js";
import {
  filesLinking,
  inspectedStage,
  ledgerStage,
  reportUnattributed,
  writeLedgerStage,
} from "./ledger/stages.js";
import type { Outcomes } from "./outcomes.js";
import { type Plan, planImages } from "./plan.js";
import {
  recheckBlobs,
  type Snapshot,
  saveDigests,
  startPreflight,
  startSnapshot,
} from "./preflight.js";
import { Progress } from "./progress.js";
import { publicUrlCheck } from "./public-url-check.js";
import { relevanceOf } from "./references/index.js";
import { buildManifest } from "./report/manifest.js";
import { countBySyntax, stillLinked } from "./report/run-counts.js";
import { applyEdits, planEdits } from "./rewrite.js";
import { scanContent } from "./scan.js";
import type { LeftAlone, PlannedImage, ResolvedReference, RunResult, SiteReport } from "./types.js";
import { startEagerUploads, uploadSettings, uploadStage } from "./upload-stage.js";
import type { Fetch } from "./verify-public-url.js";

/** The side effects the engine needs, passed in by the adapter. */
export interface EngineDeps {
  readonly storage: Storage;
  readonly logger: Logger;
  readonly clock: Clock;
  /** Used to verify that public-url serves what was uploaded. */
  readonly fetch: Fetch;
  /** The parse worker's script: large runs parse on two threads (parallel-parse.ts). */
  readonly parseWorker?: URL;
  /**
   * Repository path → git blob id of each clean tracked file (git/blob-ids.ts): with it, a
   * run looks up unchanged images in the digest index instead of reading them.
   */
  readonly blobIds?: () => Promise<ReadonlyMap<string, string>>;
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
  /**
   * fsync each rewritten file before it replaces the old one (default true). An ephemeral
   * runner sets false: a machine crash loses the whole job there, and 400 fsyncs cost a
   * quarter of a run with nothing to upload.
   */
  readonly durable?: boolean;
}

/**
 * The whole job on a working tree: scan → references → resolve → plan → upload → verify →
 * rewrite → report. Markdown is written only after every object it will point to is
 * verified present, so a failure at any step leaves no link to a missing object.
 */
export async function runOffload(
  root: string,
  options: EngineOptions,
  deps: EngineDeps,
  scope: RunScope = {},
): Promise<RunResult> {
  const startedAt = deps.clock.now();
  // Only ever saves time: whatever goes wrong there, the run hashes as it would without it.
  let snapshotNow: Snapshot | undefined;
  const snapshot = startSnapshot(root, options, deps, scope.contentFiles !== undefined).then(
    (taken) => (snapshotNow = taken),
    () => undefined,
  );
  const digests = createDigestCache(
    undefined,
    async (file) => (await snapshot)?.known(file),
    (file) => snapshotNow?.knownNow(file),
  );
  const urlOf = (key: string) => deps.storage.delivery.url(options.publicUrl, key);
  // Read and checked first: a corrupt manifest fails the run before anything is written.
  // One lookup per run: the manifest's check and the resolve ask about the same files.
  const fileLookup = createFileLookup(root);
  const reading = await ledgerStage(root, options, deps.logger, {
    digestOf: digests.digestOf,
    urlOf,
    files: fileLookup,
  });
  // A push's scope needs the check first (posts linking an edited image's old URL join it);
  // otherwise it goes on while the content is scanned and parsed.
  const inspected =
    scope.contentFiles && reading ? await inspectedStage(reading, deps.logger) : undefined;
  const contentFiles = await scanStage(root, options, scope, deps.logger, inspected);
  const read = await readStage(root, contentFiles, options, deps, {
    hosts: reading?.hosts ?? [],
    files: fileLookup,
  });
  const ledger = inspected ?? (reading ? await inspectedStage(reading, deps.logger) : undefined);
  const resolved = ledger
    ? await attachRecorded(root, read.resolved, ledger, deps.logger)
    : read.resolved;
  if (ledger) reportUnattributed(resolved, ledger, options, deps.logger);
  const { left, sites } = read;
  const early = startPreflight(resolved, options, deps.storage, await snapshot);
  const verifying = publicUrlCheck(options, deps);
  const upload = uploadSettings(root, options, digests, verifying.onVerified);
  const eager = startEagerUploads(early, options, deps.storage, upload);
  const plan = await planStage(root, resolved, options, deps, ledger, digests, eager);
  const known = (await snapshot)?.hits() ?? 0;
  if (known > 0)
    deps.logger.info(`${known} unchanged image(s) known from the digest index, not read again.`);
  // Hashing is over: whether the files stayed the blobs they were, asked while uploads run.
  const blobsNow = recheckBlobs(await snapshot, plan.images, options.dryRun, deps);
  blobsNow.catch(() => {});
  const outcomes = await uploadStage(plan, options, deps, upload, { ...early, eager });
  digests.release();
  reportFailures(resolved, outcomes, deps.logger);
  await verifying.stage(outcomes);
  const entries = updatedEntries(ledger, plan, (imagePath) => outcomes.of(imagePath));
  const ledgerFile = await writeLedgerStage(
    root,
    options,
    scope.outputRoot,
    entries,
    deps.logger,
    scope.durable ?? true,
  );
  const saving = saveDigests(await snapshot, outcomes.images, blobsNow, deps);
  const { edits, rewritten } = await rewriteStage(root, resolved, outcomes, options, deps, scope);
  await saving;
  const missing = problems(resolved, "missing");
  return {
    counts: outcomes.counts(missing.length, rewritten.length),
    images: outcomes.images,
    manifest: buildManifest(outcomes.images, resolved, (imagePath) => outcomes.of(imagePath)),
    missing,
    refused: problems(resolved, "refused"),
    edits,
    files: rewritten,
    dryRun: options.dryRun,
    durationMs: deps.clock.now() - startedAt,
    read: { files: contentFiles, stillLinked: stillLinked(resolved, edits, rewritten) },
    left,
    sites,
    syntaxes: countBySyntax(resolved, edits),
    updated: updatedImages(ledger, entries),
    written: ledgerFile ? [...rewritten, ledgerFile].sort() : rewritten,
  };
}

/** The content files the globs match, narrowed to the scope (a push's changed files). */
function scanStage(
  root: string,
  options: EngineOptions,
  scope: RunScope,
  logger: Logger,
  ledger?: LedgerState,
): Promise<string[]> {
  return logger.group("Scan content files", async () => {
    const found = await scanContent(root, options.content);
    const globs = options.content.join(", ");
    logger.info(`${found.length} content file(s) match ${globs}.`);
    if (found.length === 0)
      logger.warning(
        `No content file matches ${globs}; check the content input (globs are relative to the repository root).`,
      );
    if (!scope.contentFiles) return found;
    const inScope = new Set(scope.contentFiles);
    const kept = found.filter((file) => inScope.has(file));
    logger.info(`${kept.length} of them are in scope (changed by this push or pull request).`);
    const linking = ledger ? filesLinking(root, found, inScope, ledger.staleUrls) : [];
    if (linking.length > 0) {
      logger.info(`${linking.length} more link an edited or moved image's recorded URL.`);
    }
    return [...kept, ...linking].sort(compareCodeUnits);
  });
}

/** Every destination in the files, and what each resolves to. */
async function readStage(
  root: string,
  files: readonly string[],
  options: EngineOptions,
  { logger, parseWorker }: EngineDeps,
  lookups: {
    /** Hosts of the recorded URLs, any of which may have to change. */
    readonly hosts: readonly string[];
    /** The run's file lookup, shared with the manifest's check. */
    readonly files: FileLookup;
  },
): Promise<{ resolved: ResolvedReference[]; left: LeftAlone[]; sites: SiteReport[] }> {
  // Local images, and recorded URLs that may have to change (their hosts).
  const relevance = relevanceOf(options.extensions, lookups.hosts);
  const collected = await logger.group("Find image references", async () =>
    collectReferences(root, files, options, logger, {
      relevance,
      ...(parseWorker ? { parseWorker } : {}),
    }),
  );
  const resolved = await logger.group("Resolve local images", () =>
    resolveAll(root, collected.references, options, logger, collected.sites, lookups.files),
  );
  return { resolved, left: collected.left, sites: collected.sites.siteReports() };
}

/** Each distinct local image hashed once, refused or named by its key. */
function planStage(
  root: string,
  resolved: readonly ResolvedReference[],
  options: EngineOptions,
  { logger, clock, storage }: EngineDeps,
  ledger: LedgerState | undefined,
  digests: Pick<DigestCache, "digestOf" | "digestNow">,
  eager: EagerUploads | undefined,
): Promise<Plan> {
  const localPaths = distinctLocal(resolved);
  return logger.group("Hash and plan uploads", async () => {
    const hashing = new Progress("Hashing", "read", localPaths.length, logger, clock);
    const settings = {
      root,
      keyTemplate: options.keyTemplate,
      prefix: options.prefix,
      publicUrl: options.publicUrl,
      maxSize: options.maxSize,
      digestOf: digests.digestOf,
      digestNow: digests.digestNow,
      urlOf: (key: string) => storage.delivery.url(options.publicUrl, key),
      ...(storage.refusal ? { refusal: storage.refusal.bind(storage) } : {}),
      ...(eager ? { onPlanned: (image: PlannedImage) => eager.offer(image) } : {}),
    };
    const local = await planImages(localPaths, settings, (bytes) => hashing.record(bytes));
    const recorded = ledger
      ? recordedObjects(resolved, ledger, options.publicUrl, settings.urlOf)
      : [];
    const planned = withRecordedObjects(local, recorded);
    logger.info(
      `${localPaths.length} local image(s), ${planned.images.length} distinct object(s) to check.`,
    );
    return planned;
  });
}

/** The edits, as data, for every link to a verified object; applied unless a dry run. */
async function rewriteStage(
  root: string,
  resolved: readonly ResolvedReference[],
  outcomes: Outcomes,
  options: EngineOptions,
  { logger }: EngineDeps,
  scope: RunScope,
) {
  const edits = planEdits(
    resolved,
    (imagePath) => outcomes.linkTarget(imagePath, options.dryRun),
    (skipped) => logger.warning(skipped.message, { file: skipped.file, line: skipped.line }),
  );
  const title = options.dryRun ? "Rewrite (dry run)" : "Rewrite content files";
  const rewritten = await logger.group(title, async () => {
    const changed = options.dryRun
      ? [...new Set(edits.map((edit) => edit.file))].sort()
      : await applyEdits(root, edits, scope.outputRoot, scope.durable ?? true);
    const would = options.dryRun ? "would be " : "";
    logger.info(`${edits.length} link(s) in ${changed.length} file(s) ${would}rewritten.`);
    return changed;
  });
  return { edits, rewritten };
}
