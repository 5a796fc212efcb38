/**
 * Mapping offsets in a token's content back to the normalized document.
 *
 * markdown-it's inline and html_block tokens carry the text with container prefixes
 * (`> `, list indentation) removed, partially consumed tabs expanded to spaces, and, in
 * table cells, `\|` unescaped. Their `map` only gives source lines. Each content line is
 * found again in its source line and every position is VERIFIED: a locator returns a
 * document offset only when the document text there equals the content text.
 */
import { lineIndexOf, lineStarts } from "./offsets.js";

/** Content offsets [start, end) → document offset of start, or undefined. */
export type Locator = (start: number, end: number) => number | undefined;

/** The normalized document split into lines (only `\n` remains after normalization). */
export class DocLines {
  readonly starts: number[];

  constructor(readonly text: string) {
    this.starts = lineStarts(text);
  }

  get count(): number {
    return this.starts.length;
  }

  start(line: number): number {
    return this.starts[line] ?? this.text.length;
  }

  /** The line's text without its `\n`. */
  line(line: number): string {
    const start = this.start(line);
    const next = this.starts[line + 1];
    return this.text.slice(start, next === undefined ? this.text.length : next - 1);
  }

  lineOf(offset: number): number {
    return lineIndexOf(this.starts, offset);
  }
}

/**
 * Column shift from a content line to its source line: content column c is source
 * column c + shift. Content lines are a suffix of the source line (paragraphs, html
 * blocks) or a substring of it (ATX headings), possibly with spaces in front that came
 * from a tab; those leading blanks are not matched.
 */
function columnShift(sourceLine: string, contentLine: string): number | undefined {
  const trimmed = contentLine.replace(/^[ \t]+/, "");
  if (trimmed === "") return undefined;
  const at = sourceLine.lastIndexOf(trimmed);
  if (at < 0) return undefined;
  return at - (contentLine.length - trimmed.length);
}

/** For content whose line k is document line `firstLine + k`. */
export function lineLocator(doc: DocLines, content: string, firstLine: number): Locator {
  const contentStarts = lineStarts(content);
  // Per content line, computed once: a long line with many destinations stays linear.
  const lines = new Map<number, { source: string; shift: number | undefined }>();
  const lineInfo = (k: number, lineStart: number, lineEnd: number) => {
    let info = lines.get(k);
    if (!info) {
      const source = doc.line(firstLine + k);
      info = { source, shift: columnShift(source, content.slice(lineStart, lineEnd)) };
      lines.set(k, info);
    }
    return info;
  };
  return (start, end) => {
    const k = lineIndexOf(contentStarts, start);
    const lineStart = contentStarts[k] ?? 0;
    const next = contentStarts[k + 1];
    const lineEnd = next === undefined ? content.length : next - 1;
    if (end > lineEnd) return undefined; // destinations never span lines
    const docLine = firstLine + k;
    if (docLine >= doc.count) return undefined;
    const want = content.slice(start, end);
    const { source, shift } = lineInfo(k, lineStart, lineEnd);
    if (shift !== undefined) {
      const column = start - lineStart + shift;
      if (source.startsWith(want, column)) return doc.start(docLine) + column;
    }
    // Last resort: the text occurs exactly once on that source line.
    const first = source.indexOf(want);
    if (first >= 0 && source.indexOf(want, first + 1) < 0) return doc.start(docLine) + first;
    return undefined;
  };
}

/** A table row as markdown-it's table rule saw it: document offsets of its text. */
export interface TableRow {
  readonly start: number;
  readonly end: number;
}

/** One cell of a row: its source span and markdown-it's unescaped text of it. */
interface Cell {
  /** Document offset of each character of `text`. */
  readonly positions: readonly number[];
  readonly text: string;
}

/**
 * The row split into cells exactly like markdown-it's `escapedSplit` (after `trim()`,
 * dropping an empty first and last cell), keeping where each character came from.
 */
function splitRow(doc: DocLines, row: TableRow): Cell[] {
  const raw = doc.text.slice(row.start, row.end);
  const trimmedStart = raw.length - raw.trimStart().length;
  const line = raw.trim();
  const base = row.start + trimmedStart;
  const cells: Cell[] = [];
  let text = "";
  let positions: number[] = [];
  let escaped = false;
  for (let pos = 0; pos <= line.length; pos++) {
    const ch = line[pos];
    if (ch === undefined || (ch === "|" && !escaped)) {
      cells.push({ positions, text });
      text = "";
      positions = [];
      escaped = false;
      continue;
    }
    if (ch === "|" && escaped) {
      text = text.slice(0, -1); // `\|` is a literal pipe: markdown-it drops the backslash
      positions.pop();
    }
    text += ch;
    positions.push(base + pos);
    escaped = ch === "\\";
  }
  if (cells.length > 0 && cells[0]?.text === "") cells.shift();
  if (cells.length > 0 && cells[cells.length - 1]?.text === "") cells.pop();
  return cells;
}

/** For the inline content of cell `index` of a table row. */
export function tableCellLocator(
  doc: DocLines,
  row: TableRow | undefined,
  index: number,
  content: string,
): Locator {
  const cell = row ? splitRow(doc, row)[index] : undefined;
  // markdown-it's cell content is `text.trim()`: skip what trim() removed in front.
  const offset = cell ? cell.text.length - cell.text.trimStart().length : 0;
  return (start, end) => {
    if (!cell || cell.text.trim() !== content) return undefined;
    const from = cell.positions[offset + start];
    const to = cell.positions[offset + end - 1];
    if (from === undefined || to === undefined) return undefined;
    const want = content.slice(start, end);
    return doc.text.slice(from, to + 1) === want ? from : undefined;
  };
}
