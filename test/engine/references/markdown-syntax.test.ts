import { describe, expect, it } from "vitest";
import { findReferences } from "../../../src/engine/references/index.js";
import { find, rows } from "./fixtures.js";

describe("inline images and links", () => {
  it("reports every inline destination with its exact source text", () => {
    expect(rows(find("inline.md"))).toEqual([
      [3, "markdown-image", "./img/diagram.png", "./img/diagram.png"],
      [4, "markdown-image", "img/my pic.png", "img/my pic.png"],
      [5, "markdown-image", "img/my\\(1\\).png", "img/my(1).png"],
      [5, "markdown-image", "img/a&amp;b.png", "img/a&b.png"],
      [7, "markdown-link", "img/full.png", "img/full.png"],
      [7, "markdown-image", "img/t.png", "img/t.png"],
      [7, "markdown-link", "img/full.png", "img/full.png"],
      [8, "markdown-image", "https://example.com/r.png", "https://example.com/r.png"],
      [8, "markdown-link", "#usage", "#usage"],
      [9, "markdown-image", "//cdn.example.com/p.png", "//cdn.example.com/p.png"],
      [9, "markdown-image", "{{site.baseurl}}/a.png", "{{site.baseurl}}/a.png"],
      [10, "markdown-image", "img/my%20pic.png?v=1#frag", "img/my%20pic.png?v=1#frag"],
      [11, "markdown-link", "no.png", "no.png"],
    ]);
  });

  it("gives the range inside angle brackets, not the brackets", () => {
    const bytes = Buffer.from("![a](<my pic.png> 'title')\n");
    const [reference] = findReferences("a.md", bytes);
    expect(reference).toMatchObject({ start: 6, end: 16, raw: "my pic.png" });
    expect(bytes.subarray(0, 6).toString()).toBe("![a](<");
  });

  it("skips an empty destination and a javascript: link markdown-it refuses", () => {
    const bytes = Buffer.from("![a]() ![b](<>) [c](javascript:alert(1))\n");
    expect(findReferences("a.md", bytes)).toEqual([]);
  });

  it("copies the file path into every reference", () => {
    const references = find("inline.md");
    expect(new Set(references.map((r) => r.file))).toEqual(new Set(["posts/inline.md"]));
  });
});

describe("reference-style images", () => {
  it("reports each definition once, whatever uses it", () => {
    expect(rows(find("references.md"))).toEqual([
      [7, "definition", "./img/logo.png", "./img/logo.png"],
      [8, "definition", "img/the chart.png", "img/the chart.png"],
      [10, "definition", "img/next-line.png", "img/next-line.png"],
    ]);
  });

  it("reports a definition that nothing uses too", () => {
    const bytes = Buffer.from("text\n\n[unused]: ./img/u.png\n");
    expect(rows(findReferences("a.md", bytes))).toEqual([
      [3, "definition", "./img/u.png", "./img/u.png"],
    ]);
  });
});

describe("containers", () => {
  it("finds destinations in headings, quotes, lists, tables and tab-indented lines", () => {
    expect(rows(find("containers.md")).map(([line, kind, raw]) => [line, kind, raw])).toEqual([
      [1, "markdown-image", "img/setext.png"],
      [4, "markdown-image", "img/atx.png"],
      [6, "markdown-image", "img/quoted.png"],
      [7, "markdown-image", "img/second.png"],
      [8, "markdown-image", "img/lazy.png"],
      [10, "markdown-image", "img/deep.png"],
      [12, "markdown-image", "img/one.png"],
      [13, "markdown-image", "img/two.png"],
      [14, "markdown-image", "img/three.png"],
      [15, "markdown-image", "img/four.png"],
      [18, "markdown-image", "img/five.png"],
      [20, "definition", "img/quoted-def.png"],
      [23, "markdown-image", "img/many.png"],
      [24, "markdown-image", "img/many.png"],
      [28, "markdown-image", "img/cell.png"],
      [28, "markdown-image", "img/cell.png"],
      [29, "markdown-image", "img/pipe.png"],
      [29, "html-src", "img/html-cell.png"],
      [33, "markdown-image", "img/qt.png"],
      [35, "markdown-image", "img/tab.png"],
      [36, "markdown-image", "img/tabq.png"],
      [39, "markdown-image", "img/tab-cont.png"],
      [39, "markdown-image", "img/inner.png"],
    ]);
  });

  it("tells apart two identical images on one table row", () => {
    const [first, second] = find("containers.md").filter((r) => r.raw === "img/cell.png");
    expect(first && second && second.start - first.start).toBe("img/cell.png) | ![cell](".length);
  });

  it("skips a destination it cannot place exactly (an escaped pipe inside a table cell)", () => {
    const bytes = Buffer.from("| a |\n| - |\n| ![x](a\\|b.png) |\n");
    expect(findReferences("a.md", bytes)).toEqual([]);
  });
});

describe("what is not a reference", () => {
  it("ignores code spans, fenced and indented code, HTML comments and other elements", () => {
    expect(rows(find("not-references.md"))).toEqual([
      [29, "markdown-image", "img/outer.png", "img/outer.png"],
      [31, "markdown-image", "img/real.png", "img/real.png"],
    ]);
  });
});
