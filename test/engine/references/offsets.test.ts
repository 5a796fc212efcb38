import { describe, expect, it } from "vitest";
import {
  lineStarts,
  normalizeLikeMarkdownIt,
  TextPositions,
} from "../../../src/engine/references/offsets.js";
import { seededInts } from "../../support/seeded-random.js";

const PIECES = ["a", "![x](p.png)", "\n", "\r\n", "\r", "é", "图", "😀", " ", "\0"];

function text(next: (n: number) => number, pieces: readonly string[]): string {
  return Array.from({ length: next(60) }, () => pieces[next(pieces.length)]).join("");
}

describe("offsets in decoded text", () => {
  it("finds every line start, whatever ends the lines", () => {
    const next = seededInts(42);
    for (let round = 0; round < 300; round++) {
      const sample = text(next, PIECES);
      const expected = [0];
      for (const match of sample.matchAll(/\r\n|\r|\n/g))
        expected.push((match.index ?? 0) + match[0].length);
      expect(lineStarts(sample), JSON.stringify(sample)).toEqual(expected);
    }
  });

  it("gives the UTF-8 byte offset and line of every position, ASCII or not", () => {
    const next = seededInts(7);
    for (let round = 0; round < 200; round++) {
      const ascii = round % 2 === 0;
      const sample = text(next, ascii ? ["a", "\n", "\r\n", " ", "[x](y)"] : PIECES);
      const positions = new TextPositions(sample);
      for (let index = 0; index <= sample.length; index += 1 + next(3)) {
        // Inside a CRLF pair or a surrogate pair is no position anything refers to.
        if (sample[index - 1] === "\r" && sample[index] === "\n") continue;
        const high = sample.charCodeAt(index - 1);
        if (high >= 0xd800 && high <= 0xdbff) continue;
        const before = sample.slice(0, index);
        expect(positions.byteOffset(index)).toBe(Buffer.byteLength(before, "utf8"));
        expect(positions.line(index)).toBe(before.split(/\r\n|\r|\n/).length);
      }
    }
  });

  it("normalizes line ends and NUL as markdown-it does, and leaves other text as it is", () => {
    expect(normalizeLikeMarkdownIt("a\r\nb\rc\0d")).toBe("a\nb\nc\uFFFDd");
    expect(normalizeLikeMarkdownIt("a\nb")).toBe("a\nb");
    expect(normalizeLikeMarkdownIt("a\0b")).toBe("a\uFFFDb");
  });
});
