/** The two places where MDX reads text that Markdown would not: ESM blocks and JSX comments. */

import type { StateInline, Token } from "markdown-it";
import type { DocLines } from "./locate.js";

const ESM_START = /^(?:import|export)(?=[\s{*]|$)/;

/** `(`/`{`/`[` minus their closers on one line, ignoring string literals and `//` comments. */
function bracketBalance(line: string): number {
  let balance = 0;
  let quote = "";
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote) {
      if (ch === "\\") i++;
      else if (ch === quote) quote = "";
      continue;
    }
    if (ch === '"' || ch === "'" || ch === "`") quote = ch;
    else if (ch === "/" && line[i + 1] === "/") break;
    else if (ch === "(" || ch === "{" || ch === "[") balance++;
    else if (ch === ")" || ch === "}" || ch === "]") balance--;
  }
  return balance;
}

/**
 * Document line ranges [first, end) of MDX `import`/`export` blocks: a top-level
 * paragraph whose line starts with the keyword, up to a blank line at which its
 * brackets are closed (MDX keeps reading ESM past blank lines while the code is
 * incomplete). Unbalanced code falls back to the first blank line.
 */
export function esmLineRanges(tokens: readonly Token[], doc: DocLines): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (const token of tokens) {
    if (token.type !== "paragraph_open" || token.level !== 0 || !token.map) continue;
    const first = token.map[0];
    if (!ESM_START.test(doc.line(first))) continue;
    let firstBlank = -1;
    let depth = 0;
    let line = first;
    for (; line < doc.count; line++) {
      const text = doc.line(line);
      if (line > first && text.trim() === "") {
        if (firstBlank < 0) firstBlank = line;
        if (depth <= 0) break;
      }
      depth += bracketBalance(text);
    }
    const end = line >= doc.count && depth > 0 && firstBlank >= 0 ? firstBlank : line;
    ranges.push([first, end]);
  }
  return ranges;
}

/**
 * Inline rule: an MDX comment (an opening brace-slash-star up to star-slash-brace) is text, so an image commented out in it
 * is not a reference. Registered only for MDX.
 */
export function mdxComment(state: StateInline, silent: boolean): boolean {
  const start = state.pos;
  if (!state.src.startsWith("{/*", start)) return false;
  const close = state.src.indexOf("*/}", start + 3);
  if (close < 0 || close + 3 > state.posMax) return false;
  if (!silent) {
    const token = state.push("text", "", 0);
    token.content = state.src.slice(start, close + 3);
  }
  state.pos = close + 3;
  return true;
}
