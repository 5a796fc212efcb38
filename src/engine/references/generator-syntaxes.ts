/**
 * The generator syntaxes by name: what a generator profile lists. `liquid` is a pass over
 * the text (templates masked before parsing); the others are inline syntaxes.
 */
import { docfxImages } from "./docfx.js";
import { eleventyImages } from "./eleventy.js";
import { hexoTags } from "./hexo.js";
import { hugoShortcodes } from "./hugo.js";
import { jekyllIncludes } from "./jekyll-include.js";
import { obsidianEmbeds } from "./obsidian.js";
import type { InlineSyntax } from "./syntax.js";

export const SYNTAX_NAMES = [
  "obsidian-embed",
  "hugo-shortcode",
  "liquid",
  "eleventy-image",
  "hexo-tag",
  "docfx-image",
  "jekyll-include",
] as const;
export type SyntaxName = (typeof SYNTAX_NAMES)[number];

const INLINE: Readonly<Record<Exclude<SyntaxName, "liquid">, InlineSyntax>> = {
  "obsidian-embed": obsidianEmbeds,
  "hugo-shortcode": hugoShortcodes,
  "eleventy-image": eleventyImages,
  "hexo-tag": hexoTags,
  "docfx-image": docfxImages,
  "jekyll-include": jekyllIncludes,
};

export function inlineSyntaxes(names: readonly SyntaxName[]): InlineSyntax[] {
  return names.flatMap((name) => (name === "liquid" ? [] : [INLINE[name]]));
}
