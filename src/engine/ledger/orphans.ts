/**
 * `md-image-offload orphans`: objects under `prefix` that nothing names any more. An
 * object is named by a manifest entry, or by a link in a content file under `public-url`
 * or under an older base a manifest entry still records (a new CDN domain does not orphan
 * the objects its links reach).
 */
import type { EngineOptions } from "../../options/options.js";
import type { Storage } from "../../storage/storage.js";
import { collectReferences } from "../collect.js";
import { DIGEST_INDEX_KEY } from "../digest-index.js";
import { scanContent } from "../scan.js";
import { readLedger } from "./ledger-file.js";

export interface Orphan {
  readonly key: string;
  readonly bytes: number;
}

export interface Orphans {
  readonly orphans: readonly Orphan[];
  /** Their total size. */
  readonly bytes: number;
}

type OrphanOptions = Pick<
  EngineOptions,
  | "content"
  | "publicUrl"
  | "prefix"
  | "manifestFile"
  | "generator"
  | "shortcodes"
  | "frontMatterKeys"
  | "staticDirs"
  | "staticDirsSet"
>;

export async function findOrphans(
  root: string,
  options: OrphanOptions,
  storage: Storage,
): Promise<Orphans> {
  const entries = options.manifestFile ? await readLedger(root, options.manifestFile) : new Map();
  const named = new Set<string>();
  const bases = new Set([options.publicUrl]);
  const tailOf = (key: string) => storage.delivery.url("", key);
  for (const entry of entries.values()) {
    named.add(entry.key);
    const tail = tailOf(entry.key);
    if (entry.url.endsWith(tail)) bases.add(entry.url.slice(0, -tail.length));
  }
  const files = await scanContent(root, options.content);
  const linked = new Set<string>();
  for (const { destination } of (await collectReferences(root, files, options)).references) {
    const url = destination.trim();
    linked.add(url.split(/[?#]/, 1)[0] ?? "");
    const key = keyIn(url, bases);
    if (key !== undefined) named.add(key);
  }
  // URLs with more than the key after the base (Images' `/<variant>`) name it too.
  const isLinked = (key: string) =>
    [...bases].some((base) => linked.has(storage.delivery.url(base, key)));
  const objects = await storage.list(options.prefix);
  // An empty prefix lists the whole bucket: the digest index is the tool's own, not an image.
  named.add(DIGEST_INDEX_KEY);
  const orphans = objects
    .filter((object) => !named.has(object.key) && !isLinked(object.key))
    .map((object) => ({ key: object.key, bytes: object.size ?? 0 }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { orphans, bytes: orphans.reduce((sum, orphan) => sum + orphan.bytes, 0) };
}

/** The object key a URL names under one of `bases`, or undefined. */
function keyIn(destination: string, bases: ReadonlySet<string>): string | undefined {
  const url = destination.split(/[?#]/, 1)[0] ?? "";
  for (const base of bases) {
    if (!url.startsWith(`${base}/`)) continue;
    try {
      return decodeURIComponent(url.slice(base.length + 1));
    } catch {
      return url.slice(base.length + 1);
    }
  }
  return undefined;
}
