/**
 * YAML (and JSON) front matter read as the generators read it. The `yaml` parser gives
 * every scalar its source range; values are walked through maps and lists so that
 * dotted key paths (`header.teaser`, `images[]`) find them.
 *
 * Jekyll (Psych), Hexo and Eleventy (js-yaml) accept front matter that a strict YAML 1.2
 * parser refuses: a quoted scalar continued at column 0, tabs as indentation. When the
 * strict parse fails, the text is repaired in a copy (tabs → spaces, continuation lines
 * indented) with every inserted character remembered, parsed again, and each range mapped
 * back: the file itself is only ever edited at a value's own bytes.
 */
import { isMap, isScalar, isSeq, type Node, parseDocument, Scalar } from "yaml";
import { keyPathOf, type PathStep } from "../../core/key-paths.js";
import type { Found } from "./found.js";

/** Errors a lenient YAML reader (js-yaml, Psych) does not raise, which the repair removes. */
const REPAIRABLE = new Set([
  "TAB_AS_INDENT",
  "MISSING_CHAR",
  "MULTILINE_IMPLICIT_KEY",
  "BAD_INDENT",
]);

/**
 * String scalars at `keys`, as Found with offsets into `source` shifted by `offset`,
 * through the YAML parser (and the lenient repair). Imported on first need (readers.ts):
 * flat front matter is read without it (front-matter-flat.ts).
 */
export function parsedYamlValues(
  source: string,
  offset: number,
  keys: ReadonlySet<string>,
): Found[] {
  let document = parseDocument(source, { keepSourceTokens: false });
  let toSource = (position: number): number => position;
  let text = source;
  if (document.errors.length > 0) {
    if (!document.errors.every((error) => REPAIRABLE.has(error.code))) return [];
    const repaired = repairLenientYaml(source);
    document = parseDocument(repaired.text);
    if (document.errors.length > 0) return [];
    toSource = repaired.toSource;
    text = repaired.text;
  }
  const found: Found[] = [];
  walk(document.contents, [], (steps, scalar) => {
    if (!keys.has(keyPathOf(steps))) return;
    const span = scalarSpan(text, scalar);
    if (!span) return;
    const [start, end] = [toSource(span[0]), toSource(span[1])];
    // Nothing was inserted inside the value: its bytes in the file are the parsed value.
    if (source.slice(start, end) !== scalar.value) return;
    found.push({
      kind: "front-matter",
      start: offset + start,
      end: offset + end,
      destination: scalar.value as string,
    });
  });
  return found;
}

type Visit = (steps: readonly PathStep[], scalar: Scalar) => void;

function walk(node: Node | null | undefined | unknown, steps: PathStep[], visit: Visit): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      if (!isScalar(pair.key)) continue;
      const name = pair.key.value;
      if (typeof name !== "string" && typeof name !== "number") continue;
      walk(pair.value, [...steps, String(name)], visit);
    }
  } else if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) walk(item, [...steps, index], visit);
  } else if (isScalar(node) && typeof node.value === "string" && node.value !== "") {
    visit(steps, node);
  }
}

/** The bytes a rewrite may replace: a plain scalar, or a quoted one between its quotes. */
function scalarSpan(text: string, scalar: Scalar): [number, number] | undefined {
  const range = scalar.range;
  if (!range) return undefined;
  let [start, end] = range;
  if (scalar.type === Scalar.QUOTE_DOUBLE || scalar.type === Scalar.QUOTE_SINGLE) {
    start += 1;
    end -= 1;
  } else if (scalar.type !== Scalar.PLAIN) {
    return undefined; // block scalars: the source is not the value
  }
  return text.slice(start, end) === scalar.value ? [start, end] : undefined;
}

interface Repaired {
  readonly text: string;
  /** Offset in the repaired text → offset in the original. */
  readonly toSource: (position: number) => number;
}

/**
 * Leading tabs become spaces (same length); a line that continues a quoted scalar opened
 * on an earlier line is indented one column deeper than the key that opened it.
 */
export function repairLenientYaml(source: string): Repaired {
  const lines = source.split(/(?<=\n)/);
  const insertedAt: number[] = []; // original offsets where one space was inserted
  let out = "";
  let position = 0;
  let open: { quote: string; indent: number } | undefined;
  for (const rawLine of lines) {
    let line = rawLine.replace(/^\t+/, (tabs) => " ".repeat(tabs.length));
    if (open) {
      const indent = /^ */.exec(line)?.[0].length ?? 0;
      const missing = open.indent + 1 - indent;
      for (let i = 0; i < missing; i++) insertedAt.push(position);
      if (missing > 0) line = " ".repeat(missing) + line;
      if (closesQuote(line, 0, open.quote)) open = undefined;
    } else {
      open = opensQuote(line);
    }
    out += line;
    position += rawLine.length;
  }
  const toSource = (repaired: number): number => {
    let shift = 0;
    for (const at of insertedAt) {
      if (at + shift < repaired) shift++;
      else break;
    }
    return repaired - shift;
  };
  return { text: out, toSource };
}

/** `key: "text…` (or `- "text…`) whose quote does not close on this line. */
function opensQuote(line: string): { quote: string; indent: number } | undefined {
  const match = /^( *)(?:- +)?(?:[^\s:#][^:#]*:[ \t]+)?(["'])/.exec(line);
  if (!match?.[2]) return undefined;
  const quote = match[2];
  return closesQuote(line, match[0].length, quote)
    ? undefined
    : { quote, indent: match[1]?.length ?? 0 };
}

function closesQuote(line: string, from: number, quote: string): boolean {
  for (let i = from; i < line.length; i++) {
    const char = line[i];
    if (quote === '"' && char === "\\") i++;
    else if (char === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return true;
    }
  }
  return false;
}
