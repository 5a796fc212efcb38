/**
 * Obsidian (and Quartz) embeds: `![[pic.png]]`, `![[dir/pic.png|300]]`,
 * `![[pic.png|300x200]]`, `![[pic.svg#icon]]`, `![[pic.png|a caption]]`. Obsidian renders a
 * remote image only in Markdown syntax, so the whole embed becomes `![pic|300](URL#icon)`,
 * keeping the size (Obsidian reads `alt|300` as a width) and the fragment. The name is
 * looked up as Obsidian does (see vault.ts), literally: no percent-decoding, spaces allowed.
 */
import { type InlineSyntax, markdownAlt, type SyntaxMatch, stem } from "./syntax.js";

const SIZE = /^\d+(?:x\d+)?$/;

export const obsidianEmbeds: InlineSyntax = {
  name: "obsidian-embed",
  starts: "!",
  template: false,
  match(src, pos): SyntaxMatch | undefined {
    if (!src.startsWith("![[", pos)) return undefined;
    const close = src.indexOf("]]", pos + 3);
    if (close < 0) return undefined;
    const inner = src.slice(pos + 3, close);
    if (inner === "" || /[\n\r[\]]/.test(inner)) return undefined;
    const end = close + 2;
    const bar = inner.indexOf("|");
    const target = (bar < 0 ? inner : inner.slice(0, bar)).trim();
    const alias = bar < 0 ? "" : inner.slice(bar + 1).trim();
    const hash = target.indexOf("#");
    const name = hash < 0 ? target : target.slice(0, hash);
    if (name === "") return { end, hits: [] }; // `![[#heading]]`: a link inside the note
    const label = alias === "" ? stem(name) : SIZE.test(alias) ? `${stem(name)}|${alias}` : alias;
    return {
      end,
      hits: [
        {
          kind: "embed",
          start: pos,
          end,
          destination: target,
          lookup: { path: name, suffix: hash < 0 ? "" : target.slice(hash), literal: true },
          wrap: [`![${markdownAlt(label)}](`, ")"],
        },
      ],
    };
  },
};
