/**
 * DocFX and Microsoft Learn's image extension: `:::image type="content"
 * source="media/a.png" alt-text="…" lightbox="media/a-big.png":::`, and the opening line of
 * `type="complex"` blocks (closed by `:::image-end:::`). The `source` and `lightbox`
 * values are destinations, relative to the file.
 */
import type { Found } from "./found.js";
import type { InlineSyntax, SyntaxMatch } from "./syntax.js";

const OPENING = /:::image\s/y;
const ATTRIBUTE = /\s*([\w-]+)\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)')/y;
const IMAGE_ATTRIBUTES = new Set(["source", "lightbox"]);

export const docfxImages: InlineSyntax = {
  name: "docfx-image",
  starts: ":",
  template: false,
  match(src, pos): SyntaxMatch | undefined {
    OPENING.lastIndex = pos;
    if (!OPENING.test(src)) return undefined;
    let at = OPENING.lastIndex;
    const hits: Found[] = [];
    for (;;) {
      ATTRIBUTE.lastIndex = at;
      const attribute = ATTRIBUTE.exec(src);
      if (!attribute) break;
      at = ATTRIBUTE.lastIndex;
      const name = attribute[1]?.toLowerCase() ?? "";
      const value = attribute[2] ?? attribute[3] ?? "";
      if (!IMAGE_ATTRIBUTES.has(name) || value === "") continue;
      const start = at - value.length - 1;
      hits.push({ kind: "docfx", start, end: start + value.length, destination: value });
    }
    const close = /\s*:::/y;
    close.lastIndex = at;
    if (!close.test(src)) return undefined;
    return { end: close.lastIndex, hits };
  },
};
