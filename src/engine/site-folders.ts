/**
 * Which generator site a content file belongs to: the nearest folder above it (up to the
 * repository root) holding the generator's configuration. Docusaurus's `@site/` alias and
 * `static/`, and Astro's content collection schema, are relative to that folder.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

const SCRIPT_EXTENSIONS = ["js", "ts", "mjs", "cjs", "mts", "cts"];
export const DOCUSAURUS_CONFIGS = SCRIPT_EXTENSIONS.map((ext) => `docusaurus.config.${ext}`);
export const ASTRO_CONFIGS = SCRIPT_EXTENSIONS.map((ext) => `astro.config.${ext}`);
/** Astro 5's `src/content.config.*`, then Astro 2–4's `src/content/config.*`. */
export const ASTRO_SCHEMAS = [
  ...SCRIPT_EXTENSIONS.map((ext) => `src/content.config.${ext}`),
  ...SCRIPT_EXTENSIONS.map((ext) => `src/content/config.${ext}`),
];

/** The names in a repository-relative folder (none when it cannot be read). */
export type FolderNames = (folder: string) => ReadonlySet<string>;

/**
 * One directory read per folder, shared by every lookup of configuration files: a blog of
 * 400 post folders would otherwise cost a stat per folder and per name looked for (six
 * Astro configs, six Docusaurus ones, about fifty generator markers).
 */
export function folderNames(root: string): FolderNames {
  const byFolder = new Map<string, ReadonlySet<string>>();
  return (folder) => {
    let names = byFolder.get(folder);
    if (!names) {
      try {
        names = new Set(readdirSync(path.join(root, folder)));
      } catch {
        names = new Set();
      }
      byFolder.set(folder, names);
    }
    return names;
  };
}

/** `siteOf(file)` → repository-relative folder (`.` at the root) holding one of `configNames`. */
export function siteFolders(
  root: string,
  configNames: readonly string[],
  names: FolderNames = folderNames(root),
): (file: string) => string | undefined {
  const byFolder = new Map<string, string | undefined>();
  const siteOfFolder = (folder: string): string | undefined => {
    if (byFolder.has(folder)) return byFolder.get(folder);
    // Listed, then confirmed: a dangling symlink is listed but names no configuration.
    const listed = names(folder);
    const hasConfig = configNames.some(
      (name) => listed.has(name) && existsSync(path.join(root, folder, name)),
    );
    const parent = folder === "." ? undefined : path.posix.dirname(folder);
    const site = hasConfig ? folder : parent === undefined ? undefined : siteOfFolder(parent);
    byFolder.set(folder, site);
    return site;
  };
  return (file) => siteOfFolder(path.posix.dirname(file));
}

/** The first of `names` that exists in `folder`, repository-relative. */
export function firstExisting(
  root: string,
  folder: string,
  names: readonly string[],
): string | undefined {
  const name = names.find((candidate) => existsSync(path.join(root, folder, candidate)));
  return name === undefined ? undefined : path.posix.join(folder, name);
}
