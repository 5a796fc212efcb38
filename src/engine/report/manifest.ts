/**
 * The manifest: a JSON file listing every image the run saw, for later build steps and
 * for people who want to know where an image went.
 */
import { mkdir, mkdtemp } from "node:fs/promises";
import path from "node:path";
import { compareCodeUnits } from "../../core/compare.js";
import { writeFileAtomic } from "../atomic-write.js";
import type { ImageResult, ManifestEntry, ResolvedReference } from "../types.js";

/** Bumped when an existing field changes meaning; adding fields keeps the version. */
export const MANIFEST_VERSION = 1;

/**
 * One entry per image source path, sorted by path.
 *
 * Several paths holding identical bytes share one ImageResult (one upload, one key); each
 * path still gets its own entry with that same sha256/key/url/status, so a reader can look
 * up any local path it knows. `imageFor(path)` maps every local image path to its result;
 * it defaults to matching `ImageResult.path`, which only knows the first path of a group.
 *
 * `referencedFrom` lists the distinct content files whose local references resolved to
 * that path. A path that resolved but has no ImageResult (never planned, e.g. unreadable)
 * has no key or hash to report and is left out; the run reports those elsewhere.
 */
export function buildManifest(
  images: readonly ImageResult[],
  resolved: readonly ResolvedReference[],
  imageFor?: (imagePath: string) => ImageResult | undefined,
): ManifestEntry[] {
  const byPath = new Map(images.map((image) => [image.path, image]));
  const lookup = imageFor ?? ((imagePath: string) => byPath.get(imagePath));

  const referencedFrom = new Map<string, Set<string>>();
  for (const image of images) referencedFrom.set(image.path, new Set());
  for (const { reference, resolution } of resolved) {
    if (resolution.status !== "local") continue;
    const files = referencedFrom.get(resolution.path) ?? new Set<string>();
    files.add(reference.file);
    referencedFrom.set(resolution.path, files);
  }

  const entries: ManifestEntry[] = [];
  for (const [source, files] of referencedFrom) {
    const image = lookup(source) ?? byPath.get(source);
    if (!image) continue;
    entries.push({
      source,
      sha256: image.sha256,
      key: image.key,
      url: image.url,
      bytes: image.size,
      status: image.status,
      ...(image.reason !== undefined ? { reason: image.reason } : {}),
      referencedFrom: [...files].sort(compareCodeUnits),
    });
  }
  return entries.sort((a, b) => compareCodeUnits(a.source, b.source));
}

/**
 * Writes `{ "version": 1, "images": [...] }` as pretty JSON, atomically, creating the
 * directory if needed, so a later step never reads half a manifest.
 */
export async function writeManifest(
  manifestPath: string,
  manifest: readonly ManifestEntry[],
): Promise<void> {
  await mkdir(path.dirname(manifestPath), { recursive: true });
  const document = { version: MANIFEST_VERSION, images: manifest };
  await writeFileAtomic(manifestPath, `${JSON.stringify(document, null, 2)}\n`);
}

/**
 * Writes the run's manifest into a new private directory under `baseDir` (RUNNER_TEMP, or
 * the system temp dir) and returns its path. A fixed or guessable name in a shared temp
 * dir could be a symlink someone planted to make the write land on a file of theirs;
 * mkdtemp's directory is new, unguessable and ours alone.
 */
export async function writeRunManifest(
  baseDir: string,
  manifest: readonly ManifestEntry[],
): Promise<string> {
  const directory = await mkdtemp(path.join(baseDir, "md-image-offload-"));
  const manifestPath = path.join(directory, "manifest.json");
  await writeManifest(manifestPath, manifest);
  return manifestPath;
}
