import { describe, expect, it } from "vitest";
import { findReferences } from "../../../src/engine/references/index.js";
import type { Reference } from "../../../src/engine/types.js";
import { find, fixture, fixtureNames, rows } from "./fixtures.js";

/** The line of a byte offset, counted the slow way: CRLF, LF and lone CR end a line. */
function lineAt(bytes: Buffer, offset: number): number {
  const before = bytes.subarray(0, offset).toString("utf8");
  return before.split(/\r\n|\n|\r/).length;
}

function expectExactRanges(bytes: Buffer, references: readonly Reference[]): void {
  for (const reference of references) {
    expect(bytes.subarray(reference.start, reference.end).toString("utf8")).toBe(reference.raw);
    expect(reference.line).toBe(lineAt(bytes, reference.start));
  }
}

describe("byte ranges", () => {
  it("holds exactly the raw text, with the right line, in every fixture", () => {
    let total = 0;
    for (const name of fixtureNames()) {
      const references = find(name);
      total += references.length;
      expectExactRanges(fixture(name), references);
    }
    expect(total).toBeGreaterThan(80);
  });

  it("returns references sorted by start", () => {
    for (const name of fixtureNames()) {
      const starts = find(name).map((r) => r.start);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    }
  });
});

describe("line endings", () => {
  it("maps CRLF files back to their own bytes", () => {
    const bytes = fixture("crlf.md");
    expect(bytes.includes("\r\n")).toBe(true);
    const references = find("crlf.md");
    expect(rows(references).map(([line, kind, raw]) => [line, kind, raw])).toEqual([
      [3, "markdown-image", "img/one.png"],
      [4, "markdown-image", "img/two.png"],
      [6, "markdown-image", "img/three.png"],
      [8, "html-src", "img/four.png"],
      [10, "definition", "img/def.png"],
    ]);
    expectExactRanges(bytes, references);
  });

  it("handles old Mac line endings (lone CR) and mixed endings", () => {
    const bytes = Buffer.from('# t\r\r![a](a.png)\r\n\n![b](b.png)\n\r<img src="c.png">\r');
    const references = findReferences("a.md", bytes);
    expect(rows(references).map(([line, , raw]) => [line, raw])).toEqual([
      [3, "a.png"],
      [5, "b.png"],
      [7, "c.png"],
    ]);
    expectExactRanges(bytes, references);
  });
});

describe("encodings", () => {
  it("counts a BOM in the byte offsets and still reads the front matter", () => {
    const bytes = fixture("bom.md");
    const references = find("bom.md");
    expect(rows(references).map(([line, kind, raw]) => [line, kind, raw])).toEqual([
      [2, "front-matter", "img/cover.png"],
      [6, "markdown-image", "img/body.png"],
    ]);
    expect(references[0]?.start).toBe(3 + "---\r\ncover: ".length);
    expectExactRanges(bytes, references);
  });

  it("parses what follows a BOM as if the BOM were not there", () => {
    // Indented four spaces after the BOM: code, as every editor shows it.
    expect(findReferences("a.md", Buffer.from("\uFEFF    ![a](a.png)\n"))).toEqual([]);
    const bytes = Buffer.from("\uFEFF# ![a](a.png)\n");
    expect(findReferences("a.md", bytes)).toMatchObject([{ start: 3 + 7, raw: "a.png" }]);
  });

  it("uses byte offsets after multi-byte characters and emoji", () => {
    const bytes = fixture("unicode.md");
    const references = find("unicode.md");
    expect(rows(references).map(([line, kind, raw]) => [line, kind, raw])).toEqual([
      [3, "markdown-image", "bilder/straße.png"],
      [3, "html-src", "bilder/日本.png"],
      [4, "markdown-image", "图片/图.png"],
      [4, "markdown-link", "图片/大图.png"],
      [8, "markdown-image", "img/写真.png"],
    ]);
    const text = bytes.toString("utf8");
    // The byte offset lies past the UTF-16 index: ü, — and 🎉 take more bytes than units.
    expect(references[0]?.start).toBeGreaterThan(text.indexOf("bilder/straße.png"));
    expectExactRanges(bytes, references);
  });

  it("maps past a NUL character, which markdown-it replaces", () => {
    const bytes = Buffer.from("a\0b ![x](x.png)\n");
    expect(findReferences("a.md", bytes)).toMatchObject([{ start: 9, end: 14, raw: "x.png" }]);
  });

  it("reports nothing for a file that is not valid UTF-8", () => {
    expect(find("invalid-utf8.md")).toEqual([]);
  });
});
