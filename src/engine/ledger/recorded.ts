/**
 * What the repository's ledger changes about a run. A link that is already a URL names no
 * local file, so an image edited after its first offload, or a bucket served from a new
 * domain, would never reach the blog. The ledger says which file each URL stands for:
 *
 * - a recorded image whose file now holds other bytes is "changed": its new bytes are
 *   uploaded under a new key and every link to its old URL is rewritten;
 * - a recorded URL under another base than `public-url` (a new CDN domain) is rewritten to
 *   the same key under the new base, once the object is verified present there;
 * - a recorded image whose file is gone keeps its entry, its object and its links.
 */
import { statSync } from "node:fs";
import path from "node:path";
import pLimit from "p-limit";
import { keyToUrl } from "../../core/key-template.js";
import type { Logger } from "../../core/logger.js";
import { isInside } from "../../core/paths.js";
import { type DigestOf, digestFile } from "../file-digest.js";
import { createFileLookup, type FileLookup } from "../file-lookup.js";
import type { Plan } from "../plan.js";
import type { ImageResult, PlannedImage, ResolvedReference } from "../types.js";
import type { Ledger, LedgerEntry } from "./ledger-file.js";

const INSPECT_CONCURRENCY = 16;

export interface LedgerState {
  readonly entries: Ledger;
  /** Recorded paths whose file exists with other bytes than the ledger says. */
  readonly changed: ReadonlySet<string>;
  /** Recorded paths whose file is gone. */
  readonly gone: ReadonlySet<string>;
  /** URLs that links must not keep: changed images' and those under another public-url. */
  readonly staleUrls: ReadonlyMap<string, string>;
}

/** What the manifest's check asks with; each defaults to the plain way. */
export interface LedgerChecks {
  /** A file's digest (default: read and hash it). */
  readonly digestOf?: DigestOf;
  /** An object's URL; the storage decides (default `<publicUrl>/<key>`). */
  readonly urlOf?: (key: string) => string;
  /** The run's file lookup, which the resolve then reuses (default: one of its own). */
  readonly files?: FileLookup;
}

/** Which recorded images changed or are gone, and which recorded URLs are stale. */
export async function inspectLedger(
  root: string,
  entries: Ledger,
  publicUrl: string,
  checks: LedgerChecks = {},
): Promise<LedgerState> {
  const { digestOf = digestFile, urlOf = (key) => keyToUrl(publicUrl, key) } = checks;
  const files = checks.files ?? createFileLookup(root);
  const changed = new Set<string>();
  const gone = new Set<string>();
  const staleUrls = new Map<string, string>();
  // Files are hashed several at a time: a disk (and the thread pool) keeps up with more.
  const limit = pLimit(INSPECT_CONCURRENCY);
  const states = await Promise.all(
    [...entries].map(([imagePath, entry]) =>
      limit(() => fileState(root, imagePath, entry, files, digestOf)),
    ),
  );
  for (const [index, [imagePath, entry]] of [...entries].entries()) {
    const state = states[index];
    if (state === "gone") gone.add(imagePath);
    if (state === "changed") changed.add(imagePath);
    if (state === "changed" || entry.url !== urlOf(entry.key)) {
      staleUrls.set(entry.url, imagePath);
    }
  }
  return { entries, changed, gone, staleUrls };
}

async function fileState(
  root: string,
  imagePath: string,
  entry: LedgerEntry,
  files: FileLookup,
  digestOf: DigestOf,
): Promise<"same" | "changed" | "gone"> {
  const absolutePath = path.resolve(root, imagePath);
  if (!isInside(root, absolutePath)) return "gone";
  try {
    // The resolve asks about the same files next: the lookup keeps this answer for it.
    // A recorded path that now leads outside the repository (a symlink) counts as gone.
    const found = files.lookup(absolutePath);
    if (found.kind !== "file") return "gone";
    const size = found.size ?? statSync(found.realPath).size;
    if (size !== entry.bytes) return "changed";
    // The real path, as the plan names it, so the plan reuses this digest.
    const digest = await digestOf({ root, absolutePath: found.realPath, path: imagePath, size });
    return digest.sha256 === entry.sha256 ? "same" : "changed";
  } catch {
    return "gone";
  }
}

/**
 * Links whose URL is a stale recorded one become links to the recorded file again: a
 * "local" resolution when the file is there (planned, hashed, uploaded like any other), a
 * "recorded" one when it is gone (its object checked by key, never re-sent).
 */
export async function attachRecorded(
  root: string,
  resolved: readonly ResolvedReference[],
  state: LedgerState,
  logger?: Logger,
): Promise<ResolvedReference[]> {
  if (state.staleUrls.size === 0) return [...resolved];
  const out: ResolvedReference[] = [];
  for (const item of resolved) {
    const { reference, resolution } = item;
    const destination = reference.destination.trim();
    const split = destination.search(/[?#]/);
    const url = split < 0 ? destination : destination.slice(0, split);
    const imagePath = resolution.status === "ignored" ? state.staleUrls.get(url) : undefined;
    if (imagePath === undefined) {
      out.push(item);
      continue;
    }
    const suffix = reference.raw.startsWith(url) ? reference.raw.slice(url.length) : "";
    if (state.gone.has(imagePath)) {
      out.push({ reference, resolution: { status: "recorded", path: imagePath, suffix } });
    } else {
      const absolutePath = path.resolve(root, imagePath);
      out.push({
        reference,
        resolution: { status: "local", absolutePath, path: imagePath, suffix, viaUrl: true },
      });
    }
  }
  const count = out.filter((item, index) => item !== resolved[index]).length;
  if (count > 0)
    logger?.info(`${count} link(s) name a recorded image by a URL that has to change.`);
  return out;
}

/** Objects of gone files that links still need under the current public-url. */
export function recordedObjects(
  resolved: readonly ResolvedReference[],
  state: LedgerState,
  publicUrl: string,
  urlOf: (key: string) => string = (key) => keyToUrl(publicUrl, key),
): PlannedImage[] {
  const planned = new Map<string, PlannedImage>();
  for (const { resolution } of resolved) {
    if (resolution.status !== "recorded" || planned.has(resolution.path)) continue;
    const entry = state.entries.get(resolution.path);
    if (!entry) continue;
    planned.set(resolution.path, {
      path: resolution.path,
      absolutePath: "",
      size: entry.bytes,
      sha256: entry.sha256,
      md5: "",
      contentType: "",
      key: entry.key,
      url: urlOf(entry.key),
    });
  }
  return [...planned.values()];
}

/** The plan with the objects of gone files added (one per key), so upload checks them. */
export function withRecordedObjects(plan: Plan, recorded: readonly PlannedImage[]): Plan {
  if (recorded.length === 0) return plan;
  const images = [...plan.images];
  const byPath = new Map<string, PlannedImage | ImageResult>(plan.byPath);
  const byKey = new Map(images.map((image) => [image.key, image]));
  for (const object of recorded) {
    const same = byKey.get(object.key);
    if (!same) {
      images.push(object);
      byKey.set(object.key, object);
    }
    byPath.set(object.path, same ?? object);
  }
  return { ...plan, images, byPath };
}

/** The ledger after the run: every image verified present, under the URL links now use. */
export function updatedEntries(
  state: LedgerState | undefined,
  plan: Plan,
  outcomeOf: (imagePath: string) => ImageResult | undefined,
): Map<string, LedgerEntry> {
  const entries = new Map(state?.entries ?? []);
  for (const imagePath of plan.byPath.keys()) {
    const outcome = outcomeOf(imagePath);
    if (outcome?.status !== "uploaded" && outcome?.status !== "present") continue;
    entries.set(imagePath, {
      sha256: outcome.sha256,
      bytes: outcome.size,
      key: outcome.key,
      url: outcome.url,
    });
  }
  return entries;
}

/** Edited images whose new bytes are verified present: "diagram.png (old → new)". */
export function updatedImages(
  state: LedgerState | undefined,
  entries: Ledger,
): { readonly path: string; readonly oldUrl: string; readonly newUrl: string }[] {
  if (!state) return [];
  return [...state.changed].flatMap((imagePath) => {
    const before = state.entries.get(imagePath);
    const after = entries.get(imagePath);
    if (!before || !after || before.sha256 === after.sha256) return [];
    return [{ path: imagePath, oldUrl: before.url, newUrl: after.url }];
  });
}

/**
 * Links under `public-url` that no entry names: offloaded before the manifest existed (or
 * by hand). They stay as they are; an edit to their image cannot reach them.
 */
export function unattributedLinks(
  resolved: readonly ResolvedReference[],
  state: LedgerState,
  publicUrl: string,
): number {
  const recorded = new Set([...state.entries.values()].map((entry) => entry.url));
  let count = 0;
  for (const { reference, resolution } of resolved) {
    if (resolution.status !== "ignored") continue;
    const url = reference.destination.trim().split(/[?#]/, 1)[0] ?? "";
    if (url.startsWith(`${publicUrl}/`) && !recorded.has(url)) count++;
  }
  return count;
}
