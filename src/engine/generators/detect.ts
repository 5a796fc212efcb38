/**
 * Which generator renders a content file: the nearest folder above it (up to the
 * repository root) holding a generator's configuration. A monorepo can hold a Docusaurus
 * `docs/` beside a Hugo `blog/`. Each site is described once, with the file that told.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { Generator } from "../../options/options.js";
import { type FolderNames, folderNames } from "../site-folders.js";

export interface DetectedSite {
  readonly generator: Generator;
  /** Repository-relative folder of the site (for Quartz, its `content/` vault). */
  readonly folder: string;
  /** Repository-relative configuration file (or folder) that says so. */
  readonly evidence: string;
  /** MkDocs: the configured docs_dir, relative to the site folder. */
  readonly docsDir?: string;
}

const SCRIPT = ["js", "mjs", "cjs", "ts", "mts", "cts"];
const named = (base: string, extensions: readonly string[]): string[] =>
  extensions.map((ext) => `${base}.${ext}`);

/** Marker files per generator, in the order they are tried within one folder. */
const MARKERS: readonly { generator: Generator | "jekyll-or-hexo"; names: readonly string[] }[] = [
  { generator: "docusaurus", names: named("docusaurus.config", SCRIPT) },
  { generator: "astro", names: named("astro.config", SCRIPT) },
  { generator: "hugo", names: named("hugo", ["toml", "yaml", "yml", "json"]) },
  { generator: "jekyll-or-hexo", names: ["_config.yml", "_config.yaml"] },
  {
    generator: "eleventy",
    names: [...named("eleventy.config", SCRIPT), ".eleventy.js", ".eleventy.cjs"],
  },
  { generator: "mkdocs", names: ["mkdocs.yml", "mkdocs.yaml"] },
  { generator: "vitepress", names: named(".vitepress/config", SCRIPT) },
  { generator: "docfx", names: ["docfx.json"] },
  { generator: "quartz", names: ["quartz.config.ts", "quartz.config.js"] },
];

/** A Hugo site's old config name, told apart from other `config.*` files by Hugo's keys. */
const HUGO_CONFIGS = named("config", ["toml", "yaml", "yml", "json"]);
const HUGO_KEYS = /^\s*"?(?:baseURL|languageCode|defaultContentLanguage|\[params\]|\[menu\b)/m;

export function createSiteDetector(
  root: string,
  names: FolderNames = folderNames(root),
): (file: string) => DetectedSite | undefined {
  const byFolder = new Map<string, DetectedSite | undefined>();
  const siteOfFolder = (folder: string): DetectedSite | undefined => {
    if (byFolder.has(folder)) return byFolder.get(folder);
    const parent = folder === "." ? undefined : path.posix.dirname(folder);
    const site =
      detectIn(root, folder, names(folder)) ??
      (parent === undefined ? undefined : siteOfFolder(parent));
    byFolder.set(folder, site);
    return site;
  };
  return (file) => siteOfFolder(path.posix.dirname(file));
}

/** The site whose configuration sits in `folder` itself, if any. */
function detectIn(
  root: string,
  folder: string,
  /** The folder's names, read once (site-folders.ts). */
  listed: ReadonlySet<string>,
): DetectedSite | undefined {
  const at = (name: string): string => path.posix.join(folder, name);
  const exists = (name: string): boolean => {
    const slash = name.indexOf("/");
    if (slash < 0) return listed.has(name);
    return listed.has(name.slice(0, slash)) && existsSync(path.join(root, folder, name));
  };
  for (const { generator, names } of MARKERS) {
    const name = names.find(exists);
    if (name === undefined) continue;
    if (generator === "jekyll-or-hexo" && isThemeFolder(root, folder)) continue;
    if (generator === "jekyll-or-hexo") {
      const hexo = readText(root, at("package.json"))?.includes('"hexo"') ?? false;
      return { generator: hexo ? "hexo" : "jekyll", folder, evidence: at(name) };
    }
    if (generator === "quartz") {
      return { generator, folder: at("content"), evidence: at(name) };
    }
    if (generator === "mkdocs") {
      return { generator, folder, evidence: at(name), docsDir: mkdocsDocsDir(root, at(name)) };
    }
    return { generator, folder, evidence: at(name) };
  }
  const hugoConfig = HUGO_CONFIGS.find(
    (name) => exists(name) && HUGO_KEYS.test(readText(root, at(name)) ?? ""),
  );
  if (hugoConfig) return { generator: "hugo", folder, evidence: at(hugoConfig) };
  if (listed.has(".obsidian") && isDirectory(path.join(root, folder, ".obsidian"))) {
    return { generator: "obsidian", folder, evidence: at(".obsidian/") };
  }
  return undefined;
}

/**
 * `themes/<name>/_config.yml` of a Hexo site is the theme's settings, not a site: the
 * site is the folder holding `themes/`.
 */
function isThemeFolder(root: string, folder: string): boolean {
  const parent = path.posix.dirname(folder);
  if (path.posix.basename(parent) !== "themes") return false;
  const site = path.posix.dirname(parent);
  return ["_config.yml", "_config.yaml"].some((name) => existsSync(path.join(root, site, name)));
}

/** `docs_dir: content` in mkdocs.yml; MkDocs' default is `docs`. */
function mkdocsDocsDir(root: string, config: string): string {
  const match = /^docs_dir:\s*["']?([^"'#\r\n]+?)["']?\s*(?:#.*)?$/m.exec(
    readText(root, config) ?? "",
  );
  return match?.[1]?.replace(/\/+$/, "") || "docs";
}

function readText(root: string, file: string): string | undefined {
  try {
    return readFileSync(path.join(root, file), "utf8");
  } catch {
    return undefined;
  }
}

function isDirectory(absolute: string): boolean {
  try {
    return statSync(absolute).isDirectory();
  } catch {
    return false;
  }
}
