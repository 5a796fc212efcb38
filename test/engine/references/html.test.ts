import { describe, expect, it } from "vitest";
import { findReferences } from "../../../src/engine/references/index.js";
import { parseSrcset } from "../../../src/engine/references/srcset.js";
import { find, rows } from "./fixtures.js";

function candidates(value: string): string[] {
  return parseSrcset(value).map(({ start, end }) => value.slice(start, end));
}

describe("HTML in Markdown", () => {
  it("reports img src, srcset candidates on img and source, and a href", () => {
    expect(rows(find("html.md"))).toEqual([
      [3, "html-src", "img/block.png", "img/block.png"],
      [6, "html-srcset", "img/wide.avif", "img/wide.avif"],
      [6, "html-srcset", "img/wide-2x.avif", "img/wide-2x.avif"],
      [7, "html-src", "img/fallback.png", "img/fallback.png"],
      [7, "html-srcset", "img/one.png", "img/one.png"],
      [7, "html-srcset", "img/two.png", "img/two.png"],
      [10, "html-src", "img/unquoted.png", "img/unquoted.png"],
      [10, "html-href", "img/full&amp;big.png", "img/full&big.png"],
      [12, "html-src", "img/upper.png", "img/upper.png"],
      [16, "html-src", "img/multi-line.png", "img/multi-line.png"],
      [18, "html-src", "img/padded.png", "img/padded.png"],
      [19, "html-srcset", "img/s1.png", "img/s1.png"],
      [20, "html-srcset", "img/s2.png", "img/s2.png"],
      [21, "html-srcset", "img/s3.png", "img/s3.png"],
      [23, "html-href", "https://example.com/", "https://example.com/"],
      [23, "html-src", "data:image/png;base64,iVBORw0KGgo=", "data:image/png;base64,iVBORw0KGgo="],
    ]);
  });

  it("decodes entities in the destination but keeps them in the range", () => {
    const bytes = Buffer.from('<img src="a&amp;b&#32;c&eacute;.png">\n');
    const [reference] = findReferences("a.md", bytes);
    expect(reference).toMatchObject({
      raw: "a&amp;b&#32;c&eacute;.png",
      destination: "a&b cé.png",
    });
  });

  it("keeps srcset candidate ranges right when entities come before them", () => {
    const bytes = Buffer.from('<img srcset="a&amp;1.png 1x, b&amp;2.png 2x">\n');
    expect(rows(findReferences("a.md", bytes))).toEqual([
      [1, "html-srcset", "a&amp;1.png", "a&1.png"],
      [1, "html-srcset", "b&amp;2.png", "b&2.png"],
    ]);
  });

  it("leaves video, web components and source src alone in .md files", () => {
    const bytes = Buffer.from(
      '<video src="v.mp4"></video>\n\n<x-img src="w.png"></x-img>\n\n<source src="s.png">\n',
    );
    expect(findReferences("a.md", bytes)).toEqual([]);
  });

  it("reports inline HTML inside a link label and a heading", () => {
    const bytes = Buffer.from('# Logo <img src="h.png">\n\n[<img src="in.png">](out.png)\n');
    expect(
      rows(findReferences("a.md", bytes)).map(([line, kind, raw]) => [line, kind, raw]),
    ).toEqual([
      [1, "html-src", "h.png"],
      [3, "html-src", "in.png"],
      [3, "markdown-link", "out.png"],
    ]);
  });

  it("does not report markup that markdown-it shows as text", () => {
    const bytes = Buffer.from('`<img src="code.png">` and \\<img src="escaped.png">\n');
    expect(findReferences("a.md", bytes)).toEqual([]);
  });
});

describe("parseSrcset", () => {
  it("splits candidates and drops width and density descriptors", () => {
    expect(candidates("a.png 480w, b.png 800w,c.png 2x")).toEqual(["a.png", "b.png", "c.png"]);
  });

  it("treats a URL without spaces around its comma as one URL, like browsers", () => {
    expect(candidates("a.png,b.png")).toEqual(["a.png,b.png"]);
  });

  it("drops commas that end a URL and skips empty candidates", () => {
    expect(candidates(" ,a.png, , b.png,  ")).toEqual(["a.png", "b.png"]);
  });

  it("does not split at a comma inside a parenthesized descriptor", () => {
    expect(candidates("a.png (x, y) 1x, b.png 2x")).toEqual(["a.png", "b.png"]);
  });

  it("finds nothing in an empty or blank value", () => {
    expect(candidates("")).toEqual([]);
    expect(candidates(" \n\t")).toEqual([]);
  });
});
