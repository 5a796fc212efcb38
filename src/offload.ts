/**
 * The one job both adapters run: storage opened from the options, the engine on a tree,
 * the run's manifest written, the verdict in one sentence, storage closed. The Action and
 * the CLI differ only in where inputs come from and where the report goes.
 */
import { DEFAULT_MAX_BYTES, httpGet } from "./core/http-get.js";
import { type Clock, type Logger, systemClock } from "./core/logger.js";
import { runFailure } from "./engine/failures.js";
import { writeRunManifest } from "./engine/report/manifest.js";
import { type RunScope, runOffload } from "./engine/run.js";
import type { RunResult } from "./engine/types.js";
import type { Fetch } from "./engine/verify-public-url.js";
import { cleanBlobIds } from "./git/blob-ids.js";
import type { Options } from "./options/options.js";
import { openStorage } from "./storage/open-storage.js";
import type { Storage } from "./storage/storage.js";

export interface OffloadContext {
  readonly root: string;
  readonly options: Options;
  readonly logger: Logger;
  /** Where the run's manifest goes (a new private directory is made inside). */
  readonly tempDir: string;
  readonly scope?: RunScope;
  readonly clock?: Clock;
  readonly fetch?: Fetch;
  /** The parse worker's script, next to the entry point (dist/parse-worker.js). */
  readonly parseWorker?: URL;
}

export interface OffloadRun<T> {
  readonly result: RunResult;
  readonly manifestPath: string;
  /** Why the run failed, in one sentence; undefined when it succeeded. */
  readonly failure?: string;
  /** What `withStorage` returned (the Action's dry-run setup check). */
  readonly extra: T;
  /** public-url as the run used it (learned from the account when the input was empty). */
  readonly publicUrl: string;
}

/**
 * Runs the engine; `withStorage` runs after it, while storage is still open, and its
 * failure sentence joins the run's.
 */
export async function offload<T extends { readonly failure?: string } | undefined>(
  context: OffloadContext,
  withStorage: (storage: Storage, result: RunResult) => Promise<T> = async () => undefined as T,
): Promise<OffloadRun<T>> {
  const { options, logger } = context;
  // Not the global fetch: its first use loads undici, a noticeable part of a no-op run.
  // The limit lets through any image the run may upload.
  const maxBytes = Math.max(options.maxSize, DEFAULT_MAX_BYTES);
  const fetchUrl: Fetch = context.fetch ?? ((url, init) => httpGet(url, { ...init, maxBytes }));
  const clock = context.clock ?? systemClock;
  const storage = openStorage(options.storage);
  try {
    // Cloudflare Images may leave public-url empty: the account's delivery URL is learned.
    const publicUrl = options.publicUrl || (await storage.defaultPublicUrl(!options.dryRun));
    const result = await runOffload(
      context.root,
      { ...options, publicUrl },
      {
        storage,
        logger,
        clock,
        fetch: fetchUrl,
        ...(context.parseWorker ? { parseWorker: context.parseWorker } : {}),
        blobIds: () => cleanBlobIds(context.root),
      },
      context.scope ?? {},
    );
    const extra = await withStorage(storage, result);
    const manifestPath = await writeRunManifest(context.tempDir, result.manifest);
    const failure = [runFailure(result, options), extra?.failure].filter(Boolean).join(" ");
    return { result, manifestPath, extra, publicUrl, ...(failure ? { failure } : {}) };
  } finally {
    storage.close();
  }
}
