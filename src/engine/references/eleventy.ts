/**
 * Eleventy Image's shortcode, `{% image "src/a.png", "alt" %}` (Nunjucks and Liquid):
 * Eleventy resizes and rewrites those images itself at build time. They are left to that
 * pipeline and counted in the report, so a user sees why they were not offloaded.
 */
import type { InlineSyntax, SyntaxMatch } from "./syntax.js";

export const LEFT_TO_ELEVENTY_IMAGE =
  "named by Eleventy Image's {% image %} shortcode, left to that pipeline";

const IMAGE_TAG =
  /\{%-?\s*(?:image|eleventyImage)\s+(?:"([^"\n]*)"|'([^'\n]*)'|[^\n%]*?)[^\n%]*-?%\}/y;

export const eleventyImages: InlineSyntax = {
  name: "eleventy-image",
  starts: "{",
  template: true,
  match(src, pos): SyntaxMatch | undefined {
    IMAGE_TAG.lastIndex = pos;
    const match = IMAGE_TAG.exec(src);
    if (!match) return undefined;
    const destination = match[1] ?? match[2] ?? match[0];
    return {
      end: IMAGE_TAG.lastIndex,
      hits: [],
      left: [{ reason: LEFT_TO_ELEVENTY_IMAGE, destination }],
    };
  },
};
