/**
 * Front matter: YAML between `---` lines, TOML between `+++` lines (Hugo), or a JSON
 * object at the top of the file (Hugo). The values at the configured key paths are the
 * destinations; only their own bytes are ever replaced, never the block re-serialised.
 */

import { FRONT_MATTER_KEYS, firstNames } from "../../core/key-paths.js";
import type { Found } from "./found.js";
import { flatYamlValues } from "./front-matter-flat.js";
import { tomlReader, yamlReader } from "./readers.js";

export { FRONT_MATTER_KEYS } from "../../core/key-paths.js";

export type FrontMatterFormat = "yaml" | "toml" | "json";

/** Where a front-matter block sits in the decoded text (UTF-16 offsets). */
export interface FrontMatterBlock {
  readonly format: FrontMatterFormat;
  /** First character of the opening delimiter (`---`, `+++`, `{`). */
  readonly start: number;
  /** End of the closing delimiter line (`---`/`...`, `+++`, `}`), before its line break. */
  readonly end: number;
  /** The data the parser reads: between the delimiter lines, or the JSON object itself. */
  readonly yamlStart: number;
  readonly yamlEnd: number;
}

const DELIMITED: readonly {
  format: FrontMatterFormat;
  opening: RegExp;
  closing: RegExp;
}[] = [
  { format: "yaml", opening: /---[ \t]*(?:\r\n|\n|\r)/y, closing: /^(?:---|\.\.\.)[ \t]*$/ },
  { format: "toml", opening: /\+\+\+[ \t]*(?:\r\n|\n|\r)/y, closing: /^\+\+\+[ \t]*$/ },
  { format: "json", opening: /(?=\{[ \t]*(?:\r\n|\n|\r))/y, closing: /^\}[ \t]*$/ },
];

/**
 * Finds front matter that starts at `from` (right after an optional BOM). Without a
 * closing delimiter there is no front matter: a `---` is then Markdown (a rule).
 */
export function findFrontMatter(text: string, from: number): FrontMatterBlock | undefined {
  for (const { format, opening, closing } of DELIMITED) {
    opening.lastIndex = from;
    const open = opening.exec(text);
    if (!open) continue;
    const dataStart = from + open[0].length;
    const closed = findClosingLine(text, dataStart, closing);
    if (!closed) continue;
    // JSON's closing brace belongs to the object the parser reads.
    const dataEnd = format === "json" ? closed.lineEnd : closed.lineStart;
    return { format, start: from, end: closed.lineEnd, yamlStart: dataStart, yamlEnd: dataEnd };
  }
  return undefined;
}

function findClosingLine(
  text: string,
  from: number,
  closing: RegExp,
): { lineStart: number; lineEnd: number } | undefined {
  const lineBreak = /\r\n|\n|\r/g;
  let lineStart = from;
  while (lineStart <= text.length) {
    lineBreak.lastIndex = lineStart;
    const found = lineBreak.exec(text);
    const lineEnd = found ? found.index : text.length;
    if (closing.test(text.slice(lineStart, lineEnd))) return { lineStart, lineEnd };
    if (!found) break;
    lineStart = lineEnd + found[0].length;
  }
  return undefined;
}

/**
 * Replaces the block with spaces, keeping line breaks, so Markdown parsing sees blank
 * lines and every later offset stays where it was.
 */
export function blankFrontMatter(text: string, block: FrontMatterBlock): string {
  const blanked = text.slice(block.start, block.end).replace(/[^\r\n]/g, " ");
  return text.slice(0, block.start) + blanked + text.slice(block.end);
}

/**
 * String values at the given key paths (`cover.image`, `images[]`). Only values whose
 * source text is exactly the parsed value are reported (plain, or quoted without
 * escapes), so that a rewrite of those bytes cannot change anything but the value.
 * Front matter its generator could not read yields nothing. Throws ReaderNotLoaded when
 * the front matter needs a parser not loaded yet (lazy-reader.ts).
 */
export function frontMatterReferences(
  text: string,
  block: FrontMatterBlock,
  keys: readonly string[] = FRONT_MATTER_KEYS,
): Found[] {
  const data = text.slice(block.yamlStart, block.yamlEnd);
  // Most front matter names no image key: skip the parser (a third of parse time).
  if (!firstNames(keys).some((name) => data.includes(name))) return [];
  const wanted = new Set(keys);
  const offset = block.yamlStart;
  if (block.format === "toml") return tomlReader().tomlFrontMatterValues(data, offset, wanted);
  // JSON is YAML 1.2 flow syntax: the same parser keeps its ranges. The parsers are loaded
  // on first need (readers.ts): before that, this throws ReaderNotLoaded for the caller to
  // load and read again.
  return (
    flatYamlValues(data, offset, wanted) ?? yamlReader().parsedYamlValues(data, offset, wanted)
  );
}
