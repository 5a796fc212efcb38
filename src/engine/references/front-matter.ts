import { isMap, isScalar, parseDocument, Scalar } from "yaml";
import type { Found } from "./found.js";

/** Top-level front-matter keys whose string value is taken as an image destination. */
export const FRONT_MATTER_KEYS: readonly string[] = [
  "image",
  "cover",
  "coverImage",
  "thumbnail",
  "banner",
  "og_image",
  "featured_image",
  "hero",
  "heroImage", // Astro's blog starter
];

/** Where a YAML front-matter block sits in the decoded text (UTF-16 offsets). */
export interface FrontMatterBlock {
  /** First character of the opening `---`. */
  readonly start: number;
  /** End of the closing `---`/`...` line, before its line break. */
  readonly end: number;
  /** The YAML between the two delimiter lines. */
  readonly yamlStart: number;
  readonly yamlEnd: number;
}

const OPENING = /---[ \t]*(?:\r\n|\n|\r)/y;
const CLOSING = /^(?:---|\.\.\.)[ \t]*$/;

/**
 * Finds front matter that starts at `from` (right after an optional BOM). Without a
 * closing delimiter there is no front matter: the `---` is then Markdown (a rule).
 */
export function findFrontMatter(text: string, from: number): FrontMatterBlock | undefined {
  OPENING.lastIndex = from;
  const opening = OPENING.exec(text);
  if (!opening) return undefined;
  const yamlStart = from + opening[0].length;
  const lineBreak = /\r\n|\n|\r/g;
  let lineStart = yamlStart;
  while (lineStart <= text.length) {
    lineBreak.lastIndex = lineStart;
    const found = lineBreak.exec(text);
    const lineEnd = found ? found.index : text.length;
    if (CLOSING.test(text.slice(lineStart, lineEnd))) {
      return { start: from, end: lineEnd, yamlStart, yamlEnd: lineStart };
    }
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
 * Scalar string values of the given top-level keys. Only values whose source text is
 * exactly the parsed value are reported (plain, or quoted without escapes), so that a
 * rewrite of those bytes cannot change anything but the value. Invalid YAML yields
 * nothing: a file the writer's own tools cannot read is not ours to edit.
 */
export function frontMatterReferences(
  text: string,
  block: FrontMatterBlock,
  keys: readonly string[] = FRONT_MATTER_KEYS,
): Found[] {
  const yamlText = text.slice(block.yamlStart, block.yamlEnd);
  // Most front matter names no image key: skip the YAML parser (a third of parse time).
  if (!keys.some((key) => yamlText.includes(key))) return [];
  const document = parseDocument(yamlText);
  if (document.errors.length > 0 || !isMap(document.contents)) return [];
  const found: Found[] = [];
  for (const pair of document.contents.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== "string") continue;
    if (!keys.includes(pair.key.value)) continue;
    const value = pair.value;
    if (!isScalar(value) || typeof value.value !== "string" || value.value === "") continue;
    const range = value.range;
    if (!range) continue;
    let [start, end] = range;
    if (value.type === Scalar.QUOTE_DOUBLE || value.type === Scalar.QUOTE_SINGLE) {
      start += 1;
      end -= 1;
    } else if (value.type !== Scalar.PLAIN) {
      continue; // block scalars: the source is not the value
    }
    if (yamlText.slice(start, end) !== value.value) continue;
    found.push({
      kind: "front-matter",
      start: block.yamlStart + start,
      end: block.yamlStart + end,
      destination: value.value,
    });
  }
  return found;
}
