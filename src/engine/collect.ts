/**
 * The read side of a run: content files → references → resolutions, with the warnings a
 * writer acts on (missing images, refused paths) at their file:line.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describeError } from "../core/errors.js";
import type { Logger } from "../core/logger.js";
import { FILES_PER_TURN, nextTurn, sharedTurns } from "../core/next-turn.js";
import type { EngineOptions } from "../options/options.js";
import type { FileLookup } from "./file-lookup.js";
import {
  PARALLEL_MIN_UNITS,
  type ParseWorker,
  parseUnits,
  startParseWorker,
} from "./parallel-parse.js";
import type { LocalImage } from "./plan.js";
import { type ReferenceNote, type Relevance, relevanceOf } from "./references/index.js";
import { decodeUtf8 } from "./references/offsets.js";
import { type FileReadOptions, type ParsedFile, parseOne } from "./references/parse-one.js";
import { createResolver } from "./resolve.js";
import { scanContent } from "./scan.js";
import { type ReadSettings, SiteContext } from "./site-context.js";
import type { LeftAlone, Problem, Reference, ResolvedReference } from "./types.js";

type ResolveOptions = Pick<EngineOptions, "staticDirs" | "extensions">;

/** What reading the content files gave: the references, their sites, what was left alone. */
export interface Collected {
  readonly references: Reference[];
  /** Per file: its generator's syntaxes, static folders and vault (for resolving). */
  readonly sites: SiteContext;
  readonly left: LeftAlone[];
}

/** What the read stage is given besides the settings. */
export interface ReadExtras {
  /** What the caller acts on; absent: every destination (orphans must see every URL). */
  readonly relevance?: Relevance;
  /** The parse worker's script (dist/parse-worker.js); absent: one thread parses all. */
  readonly parseWorker?: URL;
}

/** One content file as read on the main thread: its bytes and how to parse them. */
interface ReadFile {
  readonly file: string;
  readonly bytes: Buffer;
  readonly options: FileReadOptions;
}

/**
 * Every content file read and parsed, in order: its references, the images left to other
 * tools, and the warnings a writer acts on. A large run parses on two threads.
 */
export async function collectReferences(
  root: string,
  files: readonly string[],
  settings: ReadSettings,
  logger?: Logger,
  extras: ReadExtras = {},
): Promise<Collected> {
  const all: Reference[] = [];
  const sites = new SiteContext(root, settings);
  await sites.prepare(files);
  const left = new Map<string, number>();
  let embedsOutsideVault = 0;
  const { relevance } = extras;
  const units = files.reduce((sum, file) => sum + parseUnits(file), 0);
  const worker =
    extras.parseWorker && units >= PARALLEL_MIN_UNITS
      ? startParseWorker(extras.parseWorker)
      : undefined;

  const read = async (file: string): Promise<ReadFile> => {
    // Read synchronously on purpose: nothing else runs in this phase, and for thousands of
    // small text files one readFileSync costs a fifth of fs/promises' open/stat/read/close
    // trips (10,000 posts: 0.1 s instead of 0.5 s). Only the Astro field count may wait
    // (for a front-matter parser).
    const bytes = readFileSync(path.join(root, file));
    await sites.countLeftFields(file, bytes);
    const options = sites.optionsFor(file);
    // A vault committed without its .obsidian/ folder is not detected: say so, not silently.
    if (settings.generator === "auto" && !options.syntaxes?.length && bytes.includes("![[")) {
      embedsOutsideVault++;
    }
    return { file, bytes, options };
  };
  const take = ({ file, bytes }: ReadFile, parsed: ParsedFile): void => {
    for (const note of parsed.notes) noted(note, file, left, logger);
    if (parsed.references.length === 0 && decodeUtf8(bytes) === undefined) {
      const why = `${file} is not valid UTF-8, so its references were not read; save it as UTF-8.`;
      logger?.warning(why, { file });
    }
    for (const reference of parsed.references) all.push(reference);
  };
  const parseHere = (entry: ReadFile) =>
    parseOne(entry.file, entry.bytes, { ...entry.options, ...(relevance ? { relevance } : {}) });

  if (!worker) {
    for (const [index, file] of files.entries()) {
      if (index % FILES_PER_TURN === FILES_PER_TURN - 1) await nextTurn();
      const entry = await read(file);
      take(entry, await parseHere(entry));
    }
  } else {
    try {
      const entries: ReadFile[] = [];
      for (const file of files) entries.push(await read(file));
      const parsed = await parseOnTwoThreads(entries, units, worker, parseHere, {
        relevance,
        logger,
      });
      for (const [index, entry] of entries.entries())
        take(entry, parsed[index] ?? { references: [], notes: [] });
    } finally {
      worker.close();
    }
  }
  const leftAlone = [...left].map(([reason, count]) => ({ reason, count }));
  const collected = { references: all, sites, left: [...leftAlone, ...sites.leftFields()] };
  if (logger) logCollected(collected, files.length, embedsOutsideVault, logger);
  return collected;
}

/**
 * The first half of the work parsed here while the worker parses the second; if the
 * worker fails, its share is parsed here too. Findings come back in file order.
 */
async function parseOnTwoThreads(
  entries: readonly ReadFile[],
  /** The parse units of all entries. */
  units: number,
  worker: ParseWorker,
  parseHere: (entry: ReadFile) => Promise<ParsedFile>,
  { relevance, logger }: { relevance?: Relevance | undefined; logger?: Logger | undefined },
): Promise<ParsedFile[]> {
  let split = 0;
  for (let done = 0; split < entries.length && done * 2 < units; split++)
    done += parseUnits(entries[split]?.file ?? "");
  const theirShare = entries.slice(split);
  const jobs = theirShare.map(({ file, bytes, options }) => ({ file, bytes, options }));
  const theirs = worker.parse({ jobs, ...(relevance ? { relevance: relevance.spec } : {}) });
  const parsed: ParsedFile[] = [];
  for (const [index, entry] of entries.slice(0, split).entries()) {
    if (index % FILES_PER_TURN === FILES_PER_TURN - 1) await nextTurn();
    parsed.push(await parseHere(entry));
  }
  try {
    parsed.push(...(await theirs));
  } catch (error) {
    logger?.debug(`The parse worker failed (${describeError(error)}); parsing here instead.`);
    for (const entry of theirShare) parsed.push(await parseHere(entry));
  }
  return parsed;
}

/** What was read, for the log: sites and why, destinations, what was left alone. */
function logCollected(
  { references, sites, left }: Collected,
  fileCount: number,
  embedsOutsideVault: number,
  logger: Logger,
): void {
  for (const site of sites.siteReports()) logger.info(site.message);
  for (const message of sites.mismatchMessages()) logger.warning(message);
  logger.info(`${references.length} destination(s) in ${fileCount} file(s).`);
  const astroFields = new Set(sites.leftFields().map((field) => field.reason));
  for (const { reason, count } of left) {
    if (!astroFields.has(reason)) logger.info(`${count} image(s) ${reason}.`);
  }
  for (const message of sites.leftFieldMessages()) logger.info(message);
  if (embedsOutsideVault > 0) {
    logger.info(
      `${embedsOutsideVault} file(s) hold Obsidian embeds (![[…]]) outside any detected vault; if this is an Obsidian vault committed without its .obsidian/ folder, set generator: obsidian.`,
    );
  }
}

/** An invalid MDX file is warned about at its line; images left to a bundler are counted. */
function noted(
  note: ReferenceNote,
  file: string,
  left: Map<string, number>,
  logger: Logger | undefined,
): void {
  if (note.kind === "left") {
    left.set(note.reason, (left.get(note.reason) ?? 0) + 1);
    return;
  }
  logger?.warning(
    `${file} is not valid MDX (${note.reason}), so its images were left as they are; fix the MDX syntax.`,
    { file, line: note.line },
  );
}

export async function resolveAll(
  root: string,
  references: readonly Reference[],
  options: ResolveOptions,
  logger?: Logger,
  sites?: SiteContext,
  /** The run's file lookup, which the manifest's check may already have filled. */
  files?: FileLookup,
): Promise<ResolvedReference[]> {
  const resolve = createResolver({
    root,
    staticDirs: options.staticDirs,
    extensions: options.extensions,
    ...(sites ? { siteOf: (file: string) => sites.fileSite(file) } : {}),
    ...(files ? { files } : {}),
  });
  const resolved: ResolvedReference[] = [];
  // Lookups are synchronous (resolve.ts): a turn now and then lets answers already in (the
  // listing, the digest index) be read while thousands of references are resolved.
  const turn = sharedTurns();
  for (const reference of references) {
    const pause = turn();
    if (pause) await pause;
    const resolution = resolve(reference);
    resolved.push({ reference, resolution });
    const location = { file: reference.file, line: reference.line };
    if (resolution.status === "missing" && resolution.ambiguous) {
      logger?.warning(
        `Image name is ambiguous: ${reference.destination} matches ${resolution.candidates.join(", ")}; the link was left as it is; write the path from the vault root.`,
        location,
      );
    } else if (resolution.status === "missing") {
      logger?.warning(
        `Image not found: ${reference.destination} (looked for ${resolution.candidates.join(", ")}); the link was left as it is.`,
        location,
      );
    } else if (resolution.status === "refused") {
      logger?.warning(`Refused ${reference.destination}: ${resolution.reason}`, location);
    }
  }
  return resolved;
}

/**
 * Every local image path that some content file (all of them, whatever the run's scope)
 * still references, e.g. after a rewrite: what `delete-local` must never remove.
 */
export async function locallyReferencedImages(
  root: string,
  options: Pick<EngineOptions, "content"> & ResolveOptions & ReadSettings,
  /** Files whose links are already known (the run read them): not parsed again. */
  alreadyRead: ReadonlySet<string> = new Set(),
): Promise<Set<string>> {
  const files = (await scanContent(root, options.content)).filter((f) => !alreadyRead.has(f));
  // Only local images matter here.
  const relevance = relevanceOf(options.extensions);
  const { references, sites } = await collectReferences(root, files, options, undefined, {
    relevance,
  });
  const referenced = new Set<string>();
  for (const { resolution } of await resolveAll(root, references, options, undefined, sites)) {
    if (resolution.status === "local") referenced.add(resolution.path);
  }
  return referenced;
}

export function problems(
  resolved: readonly ResolvedReference[],
  status: "missing" | "refused",
): Problem[] {
  return resolved.flatMap(({ reference, resolution }) => {
    if (resolution.status === "refused" && status === "refused") {
      return [problem(reference, resolution.reason)];
    }
    if (resolution.status === "missing" && status === "missing") {
      const why = resolution.ambiguous ? "ambiguous (matches" : "not found (looked for";
      return [problem(reference, `${why} ${resolution.candidates.join(", ")})`)];
    }
    return [];
  });
}

function problem(reference: Reference, message: string): Problem {
  return {
    file: reference.file,
    line: reference.line,
    destination: reference.destination,
    message,
  };
}

/** Each local image once, in path order: what the plan hashes. */
export function distinctLocal(resolved: readonly ResolvedReference[]): LocalImage[] {
  const seen = new Map<string, LocalImage>();
  for (const { resolution } of resolved) {
    if (resolution.status === "local" && !seen.has(resolution.path)) {
      const { path: imagePath, absolutePath, size } = resolution;
      const image = { path: imagePath, absolutePath };
      seen.set(imagePath, size === undefined ? image : { ...image, size });
    }
  }
  return [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
