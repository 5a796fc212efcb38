import { describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { FRONT_MATTER_KEYS, findReferences } from "../../../src/engine/references/index.js";
import { INPUTS } from "../../../src/options/inputs.js";
import { find, fixture, rows } from "./fixtures.js";
import { placeholder, replaceRanges } from "./rewrite-property.js";

function frontMatterOf(text: string): unknown {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  return parseDocument(match?.[1] ?? "").toJS();
}

describe("front matter", () => {
  it("reads by default exactly the fields the front-matter-keys input defaults to", () => {
    const input = INPUTS.find((candidate) => candidate.name === "front-matter-keys");
    expect(input?.default.split(" ")).toEqual(FRONT_MATTER_KEYS);
  });

  it("reports plain and quoted top-level scalars, inside the quotes", () => {
    expect(rows(find("front-matter.md"))).toEqual([
      [3, "front-matter", "img/plain.png", "img/plain.png"],
      [4, "front-matter", "img/double quoted.png", "img/double quoted.png"],
      [5, "front-matter", "img/single.png", "img/single.png"],
      [12, "front-matter", "img/camel.png", "img/camel.png"],
      [18, "markdown-image", "img/body.png", "img/body.png"],
    ]);
  });

  it("leaves escaped, block, list, numeric, nested and unlisted values alone", () => {
    const raws = find("front-matter.md").map((r) => r.raw);
    for (const untouched of ["escaped", "block.png", "list.png", "42", "nested.png", "other.png"]) {
      expect(raws.some((raw) => raw.includes(untouched))).toBe(false);
    }
  });

  it("can be rewritten without changing any other value or the quoting", () => {
    const bytes = fixture("front-matter.md");
    const references = find("front-matter.md");
    const rewritten = replaceRanges(bytes, references, placeholder).toString("utf8");
    expect(frontMatterOf(rewritten)).toEqual({
      ...(frontMatterOf(bytes.toString("utf8")) as object),
      image: placeholder(0),
      cover: placeholder(1),
      thumbnail: placeholder(2),
      coverImage: placeholder(3),
    });
    expect(rewritten).toContain(`cover: "${placeholder(1)}"`);
    expect(rewritten).toContain(`thumbnail: '${placeholder(2)}'`);
  });

  it("reads other keys when asked to", () => {
    const bytes = Buffer.from("---\nsocial: img/s.png\nimage: img/i.png\n---\n");
    const references = findReferences("a.md", bytes, { frontMatterKeys: ["social"] });
    expect(rows(references)).toEqual([[2, "front-matter", "img/s.png", "img/s.png"]]);
  });

  it("accepts `...` as the closing line", () => {
    const bytes = Buffer.from("---\nimage: a.png\n...\n![b](b.png)\n");
    expect(rows(findReferences("a.md", bytes)).map(([, kind, raw]) => [kind, raw])).toEqual([
      ["front-matter", "a.png"],
      ["markdown-image", "b.png"],
    ]);
  });

  it("does not let Markdown parsing see the front matter", () => {
    const bytes = Buffer.from('---\ndescription: "![x](fm.png)"\n[id]: def.png\n---\n\ntext\n');
    expect(findReferences("a.md", bytes)).toEqual([]);
  });

  it("needs the block at the very start and a closing line", () => {
    const late = Buffer.from("\n---\nimage: a.png\n---\n");
    expect(findReferences("a.md", late)).toEqual([]);
    const unclosed = Buffer.from("---\nimage: a.png\n\n![b](b.png)\n");
    expect(rows(findReferences("a.md", unclosed)).map(([, kind]) => kind)).toEqual([
      "markdown-image",
    ]);
  });

  it("reports nothing from YAML that does not parse, but still reads the body", () => {
    const bytes = Buffer.from("---\nimage: a.png\nimage: again.png\ncover: [\n---\n![b](b.png)\n");
    expect(rows(findReferences("a.md", bytes)).map(([, kind, raw]) => [kind, raw])).toEqual([
      ["markdown-image", "b.png"],
    ]);
  });
});
