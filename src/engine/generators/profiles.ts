/**
 * Site generators as data: which syntaxes each renders besides CommonMark and HTML, and
 * where it serves root-relative paths from (relative to the site's folder).
 */
import type { Generator } from "../../options/options.js";
import type { SyntaxName } from "../references/generator-syntaxes.js";

export interface GeneratorProfile {
  /** As the log names a site of it: "a Hugo site", "an Obsidian vault". */
  readonly label: string;
  readonly syntaxes: readonly SyntaxName[];
  /** Where `/img/a.png` is served from, relative to the site folder, first hit wins. */
  readonly staticDirs: readonly string[];
  /** Names not found relative to the note are looked up anywhere in the vault. */
  readonly vault: boolean;
  /**
   * Front-matter paths are site paths (`teaser: assets/a.png` means `/assets/a.png`), as
   * Jekyll themes pass them through relative_url; elsewhere they are relative to the file.
   */
  readonly frontMatterFromSiteRoot?: boolean;
}

export const PROFILES: Readonly<Record<Generator, GeneratorProfile>> = {
  hugo: {
    label: "a Hugo site",
    syntaxes: ["hugo-shortcode"],
    staticDirs: ["static"],
    vault: false,
  },
  jekyll: {
    label: "a Jekyll site",
    syntaxes: ["liquid", "jekyll-include"],
    staticDirs: ["."],
    vault: false,
    frontMatterFromSiteRoot: true,
  },
  hexo: { label: "a Hexo site", syntaxes: ["hexo-tag"], staticDirs: ["source"], vault: false },
  astro: { label: "an Astro site", syntaxes: [], staticDirs: ["public"], vault: false },
  docusaurus: { label: "a Docusaurus site", syntaxes: [], staticDirs: ["static"], vault: false },
  // MkDocs serves docs_dir; detect.ts puts the configured folder first.
  mkdocs: { label: "an MkDocs site", syntaxes: [], staticDirs: ["docs"], vault: false },
  vitepress: { label: "a VitePress site", syntaxes: [], staticDirs: ["public"], vault: false },
  eleventy: {
    label: "an Eleventy site",
    syntaxes: ["liquid", "eleventy-image"],
    staticDirs: [".", "src"],
    vault: false,
  },
  docfx: { label: "a DocFX site", syntaxes: ["docfx-image"], staticDirs: ["."], vault: false },
  obsidian: {
    label: "an Obsidian vault",
    syntaxes: ["obsidian-embed"],
    staticDirs: ["."],
    vault: true,
  },
  // Quartz publishes the vault in content/; detect.ts makes that the site folder.
  quartz: { label: "a Quartz site", syntaxes: ["obsidian-embed"], staticDirs: ["."], vault: true },
};
