/**
 * The run's stages that read and write the repository's manifest (engine/ledger): read and
 * inspected before anything else, written after the uploads are verified and before the
 * content files are, so it never names an object that is not there.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Logger } from "../../core/logger.js";
import type { EngineOptions } from "../../options/options.js";
import type { DigestOf } from "../file-digest.js";
import type { ResolvedReference } from "../types.js";
import { type Ledger, readLedger, writeLedger } from "./ledger-file.js";
import { inspectLedger, type LedgerState, unattributedLinks } from "./recorded.js";

/** The repository's manifest, and what it says changed since; undefined when disabled. */
export async function ledgerStage(
  root: string,
  options: EngineOptions,
  logger: Logger,
  digestOf?: DigestOf,
  /** An object's URL, as the storage makes it. */
  urlOf?: (key: string) => string,
): Promise<LedgerState | undefined> {
  if (!options.manifestFile) return undefined;
  const file = options.manifestFile;
  return logger.group("Read the repository's manifest", async () => {
    const entries = await readLedger(root, file);
    const state = await inspectLedger(root, entries, options.publicUrl, digestOf, urlOf);
    logger.info(
      `${file}: ${entries.size} recorded image(s), ${state.changed.size} edited since, ${state.gone.size} whose file is gone.`,
    );
    return state;
  });
}

export function reportUnattributed(
  resolved: readonly ResolvedReference[],
  ledger: LedgerState,
  options: EngineOptions,
  logger: Logger,
): void {
  const count = unattributedLinks(resolved, ledger, options.publicUrl);
  if (count === 0) return;
  logger.info(
    `${count} link(s) under public-url name no image in ${options.manifestFile} (offloaded before it existed, or by hand): they stay as they are, and an edit to their image cannot reach them; put the local path back in the link to have it recorded.`,
  );
}

/** The manifest as the run leaves it; the path written, or undefined when unchanged. */
export async function writeLedgerStage(
  root: string,
  options: EngineOptions,
  /** Where the run writes (artifact mode's staging folder), default the tree itself. */
  outputRoot: string | undefined,
  entries: Ledger,
  logger: Logger,
  durable = true,
): Promise<string | undefined> {
  if (!options.manifestFile || options.dryRun) return undefined;
  const written = await writeLedger(outputRoot ?? root, options.manifestFile, entries, durable);
  if (written) logger.info(`${options.manifestFile} records ${entries.size} image(s).`);
  return written ? options.manifestFile : undefined;
}

/** Content files outside the scope whose text holds one of `urls`: an edited image's links. */
export function filesLinking(
  root: string,
  files: readonly string[],
  inScope: ReadonlySet<string>,
  urls: ReadonlyMap<string, string>,
): string[] {
  if (urls.size === 0) return [];
  return files.filter((file) => {
    if (inScope.has(file)) return false;
    const text = readFileSync(path.join(root, file), "latin1");
    for (const url of urls.keys()) if (text.includes(url)) return true;
    return false;
  });
}
