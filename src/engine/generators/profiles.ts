/**
 * Site generators as data: which syntaxes each renders besides CommonMark and HTML, and
 * where it serves root-relative paths from (relative to the site's folder).
 */
import type { Generator } from "../../options/options.js";
import type { SyntaxName } from "../references/generator-syntaxes.js";

export interface GeneratorProfile {
  /** As people write it: "Hugo", "VitePress". */
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
  hugo: { label: "Hugo", syntaxes: ["hugo-shortcode"], staticDirs: ["static"], vault: false },
  jekyll: {
    label: "Jekyll",
    syntaxes: ["liquid"],
    staticDirs: ["."],
    vault: false,
    frontMatterFromSiteRoot: true,
  },
  hexo: { label: "Hexo", syntaxes: ["hexo-tag"], staticDirs: ["source"], vault: false },
  astro: { label: "Astro", syntaxes: [], staticDirs: ["public"], vault: false },
  docusaurus: { label: "Docusaurus", syntaxes: [], staticDirs: ["static"], vault: false },
  // MkDocs serves docs_dir; detect.ts puts the configured folder first.
  mkdocs: { label: "MkDocs", syntaxes: [], staticDirs: ["docs"], vault: false },
  vitepress: { label: "VitePress", syntaxes: [], staticDirs: ["public"], vault: false },
  eleventy: {
    label: "Eleventy",
    syntaxes: ["liquid", "eleventy-image"],
    staticDirs: [".", "src"],
    vault: false,
  },
  docfx: { label: "DocFX", syntaxes: ["docfx-image"], staticDirs: ["."], vault: false },
  obsidian: {
    label: "Obsidian vault",
    syntaxes: ["obsidian-embed"],
    staticDirs: ["."],
    vault: true,
  },
  // Quartz publishes the vault in content/; detect.ts makes that the site folder.
  quartz: { label: "Quartz", syntaxes: ["obsidian-embed"], staticDirs: ["."], vault: true },
};
