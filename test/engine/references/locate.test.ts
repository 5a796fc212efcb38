import { describe, expect, it } from "vitest";
import { DocLines, lineLocator, tableCellLocator } from "../../../src/engine/references/locate.js";

describe("lineLocator", () => {
  it("maps a content line back past the prefix markdown-it removed", () => {
    const doc = new DocLines("> - ![a](a.png)\n>   more ![b](b.png)\n");
    const content = "![a](a.png)\nmore ![b](b.png)";
    const locate = lineLocator(doc, content, 0);
    const a = content.indexOf("a.png");
    const b = content.indexOf("b.png");
    expect(locate(a, a + 5)).toBe(doc.text.indexOf("a.png"));
    expect(locate(b, b + 5)).toBe(doc.text.indexOf("b.png"));
  });

  it("falls back to the only occurrence on the line, and gives up when there are two", () => {
    const doc = new DocLines("x a.png y\nb.png b.png\n");
    expect(lineLocator(doc, "a.png z", 0)(0, 5)).toBe(2);
    expect(lineLocator(doc, "b.png c", 1)(0, 5)).toBeUndefined();
  });

  it("never returns a range whose text differs", () => {
    const doc = new DocLines("abc\n");
    expect(lineLocator(doc, "xyz", 0)(0, 3)).toBeUndefined();
    expect(lineLocator(doc, "abc\nabc", 0)(4, 7)).toBeUndefined(); // no second line
  });
});

describe("tableCellLocator", () => {
  const doc = new DocLines("| a.png | x \\| a.png |\n");
  const row = { start: 0, end: doc.text.length - 1 };

  it("finds the cell by index even when another cell holds the same text", () => {
    expect(tableCellLocator(doc, row, 0, "a.png")(0, 5)).toBe(2);
    expect(tableCellLocator(doc, row, 1, "x | a.png")(4, 9)).toBe(doc.text.lastIndexOf("a.png"));
  });

  it("refuses a span that covers an escaped pipe", () => {
    expect(tableCellLocator(doc, row, 1, "x | a.png")(0, 3)).toBeUndefined();
  });

  it("gives up without a row or with a cell markdown-it did not see", () => {
    expect(tableCellLocator(doc, undefined, 0, "a.png")(0, 5)).toBeUndefined();
    expect(tableCellLocator(doc, row, 5, "a.png")(0, 5)).toBeUndefined();
  });
});
