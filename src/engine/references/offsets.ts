/**
 * Position bookkeeping between the three strings a content file passes through:
 * the raw bytes, the decoded text (BOM kept, line endings as written) and the
 * normalized document markdown-it actually parses (BOM dropped, `\r\n`/`\r` → `\n`,
 * NUL → U+FFFD). Every offset a parser reports is in the last one; a Reference needs
 * byte offsets into the first.
 */

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** The file as text with the BOM kept, or undefined when the bytes are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return UTF8.decode(bytes);
  } catch {
    return undefined;
  }
}

export function bomLength(text: string): number {
  return text.charCodeAt(0) === 0xfeff ? 1 : 0;
}

/**
 * The same normalization markdown-it's core `normalize` rule applies, so offsets into
 * this string are offsets into markdown-it's `state.src`. Both replacements keep NUL's
 * length; only CRLF pairs shrink, which `NewlineShifts` undoes.
 */
export function normalizeLikeMarkdownIt(body: string): string {
  // Most files have neither: a scan for each is cheaper than two replacements.
  const cr = body.includes("\r");
  const nul = body.includes("\0");
  if (!cr && !nul) return body;
  const lines = cr ? body.replace(/\r\n?/g, "\n") : body;
  return nul ? lines.replace(/\0/g, "\uFFFD") : lines;
}

/** Maps offsets in the normalized document back to offsets in the un-normalized body. */
export class NewlineShifts {
  /** Normalized offsets of every `\n` that was a `\r\n` pair, ascending. */
  private readonly collapsed: number[] = [];

  constructor(body: string) {
    let removed = 0;
    for (let i = body.indexOf("\r\n"); i >= 0; i = body.indexOf("\r\n", i + 2)) {
      this.collapsed.push(i - removed);
      removed++;
    }
  }

  /** Body offset of normalized offset `index`: one more for each collapsed pair before it. */
  toBody(index: number): number {
    let lo = 0;
    let hi = this.collapsed.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.collapsed[mid] ?? 0) < index) lo = mid + 1;
      else hi = mid;
    }
    return index + lo;
  }
}

/** Start offsets of every line of `text`; a line ends at `\r\n`, `\n` or a lone `\r`. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes("\r")) {
    // Only `\n` ends lines: the native search is many times faster than a loop over chars.
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0d) {
      if (text.charCodeAt(i + 1) === 0x0a) i++;
      starts.push(i + 1);
    } else if (c === 0x0a) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Index of the last entry of ascending `starts` that is <= `index`. */
export function lineIndexOf(starts: readonly number[], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= index) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Byte offsets and 1-based line numbers for UTF-16 offsets into the decoded text. */
export class TextPositions {
  private readonly starts: number[];
  private readonly startBytes: number[];
  /** Every character is one byte: offsets are byte offsets as they are. */
  private readonly ascii: boolean;

  constructor(private readonly text: string) {
    this.starts = lineStarts(text);
    this.startBytes = [];
    this.ascii = Buffer.byteLength(text, "utf8") === text.length;
    if (this.ascii) return;
    let bytes = 0;
    for (let i = 0; i < this.starts.length; i++) {
      const start = this.starts[i] ?? 0;
      this.startBytes.push(bytes);
      const next = this.starts[i + 1] ?? text.length;
      bytes += Buffer.byteLength(text.slice(start, next), "utf8");
    }
  }

  /** Last answer, so ascending queries on one long line cost only the distance walked. */
  private cursor = { index: 0, bytes: 0 };

  byteOffset(index: number): number {
    if (this.ascii) return index;
    const line = lineIndexOf(this.starts, index);
    const start = this.starts[line] ?? 0;
    const from =
      this.cursor.index >= start && this.cursor.index <= index
        ? this.cursor
        : { index: start, bytes: this.startBytes[line] ?? 0 };
    const bytes = from.bytes + Buffer.byteLength(this.text.slice(from.index, index), "utf8");
    this.cursor = { index, bytes };
    return bytes;
  }

  line(index: number): number {
    return lineIndexOf(this.starts, index) + 1;
  }
}
