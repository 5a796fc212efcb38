/**
 * The run's stages that read and write the repository's manifest (engine/ledger): read and
 * inspected before anything else, written after the uploads are verified and before the
 * content files are, so it never names an object that is not there.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Logger } from "../../core/logger.js";
import type { EngineOptions } from "../../options/options.js";
import type { ResolvedReference } from "../types.js";
import { type Ledger, readLedger, writeLedger } from "./ledger-file.js";
import {
  inspectLedger,
  type LedgerChecks,
  type LedgerState,
  unattributedLinks,
} from "./recorded.js";

/** The repository's manifest as read, while its recorded images are being checked. */
export interface LedgerReading {
  readonly file: string;
  readonly entries: Ledger;
  /** Hosts of every recorded URL: a superset of the stale URLs' hosts the parse must see. */
  readonly hosts: readonly string[];
  /** Which recorded images changed or are gone (settles once the digests are in). */
  readonly inspected: Promise<LedgerState>;
}

/**
 * The repository's manifest, read and validated now (a corrupt one fails the run before
 * anything else); undefined when disabled. Its recorded images are checked in the
 * background: on a fresh runner that waits for the digest index and the listing, and the
 * content files are scanned and parsed meanwhile (inspectedStage awaits it).
 */
export async function ledgerStage(
  root: string,
  options: EngineOptions,
  logger: Logger,
  checks: LedgerChecks = {},
): Promise<LedgerReading | undefined> {
  if (!options.manifestFile) return undefined;
  const file = options.manifestFile;
  return logger.group("Read the repository's manifest", async () => {
    const entries = await readLedger(root, file);
    logger.info(`${file}: ${entries.size} recorded image(s).`);
    const inspected = inspectLedger(root, entries, options.publicUrl, checks);
    // Awaited by inspectedStage; a failure must not surface as unhandled before that.
    inspected.catch(() => {});
    const hosts = new Set<string>();
    for (const entry of entries.values()) hosts.add(hostOf(entry.url));
    return { file, entries, hosts: [...hosts], inspected };
  });
}

/** The check of the recorded images, awaited where the run needs it, with its one line. */
export async function inspectedStage(reading: LedgerReading, logger: Logger): Promise<LedgerState> {
  const state = await reading.inspected;
  logger.info(
    `${reading.file}: ${state.changed.size} recorded image(s) edited since, ${state.gone.size} whose file is gone.`,
  );
  return state;
}

/** The host of a recorded URL, or the URL itself if it is none. */
function hostOf(url: string): string {
  try {
    return new URL(url).host || url;
  } catch {
    return url;
  }
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
