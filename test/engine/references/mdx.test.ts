import { describe, expect, it } from "vitest";
import { findReferences, loadReaders } from "../../../src/engine/references/index.js";
import { find, fixture, rows } from "./fixtures.js";

// The engine loads its parsers (MDX, YAML, TOML) on first need (parse-one.ts); direct
// calls to findReferences load them first.
await loadReaders();

describe("MDX", () => {
  it("reports string src/srcset on any JSX element and skips expressions, ESM and JSX comments", () => {
    expect(rows(find("page.mdx"))).toEqual([
      [2, "front-matter", "./img/cover.png", "./img/cover.png"],
      [14, "html-src", "./img/component.png", "./img/component.png"],
      [17, "html-src", "./img/indented.png", "./img/indented.png"],
      [17, "html-srcset", "./img/i-1x.png", "./img/i-1x.png"],
      [17, "html-srcset", "./img/i-2x.png", "./img/i-2x.png"],
      [22, "html-src", "./img/clip.webm", "./img/clip.webm"],
      [26, "html-src", "./img/badge.svg", "./img/badge.svg"],
      [26, "markdown-image", "./img/md.png", "./img/md.png"],
      [28, "markdown-image", "./img/indented-md.png", "./img/indented-md.png"],
      [32, "html-src", "./img/live-jsx.png", "./img/live-jsx.png"],
    ]);
  });

  it("reads the same file as plain Markdown when told it is not MDX", () => {
    const raws = find("page.mdx", { mdx: false }).map((r) => r.raw);
    // No JSX rules: <Image>/<video> src are left alone, indented lines are code, and
    // markdown-it has no idea what {/* */} means.
    expect(raws).toEqual([
      "./img/cover.png",
      "./img/commented.png",
      "./img/md.png",
      "./img/commented-jsx.png",
      "./img/live-jsx.png",
    ]);
  });

  it("derives MDX from the file name unless told otherwise", () => {
    const bytes = Buffer.from('<Image src="./a.png" />\n');
    expect(findReferences("docs/page.mdx", bytes)).toHaveLength(1);
    expect(findReferences("docs/page.MDX", bytes)).toHaveLength(1);
    expect(findReferences("docs/page.md", bytes)).toHaveLength(0);
    expect(findReferences("docs/page.md", bytes, { mdx: true })).toHaveLength(1);
  });

  it("ignores an export that spans blank lines until its braces close", () => {
    const bytes = fixture("page.mdx");
    expect(bytes.toString("utf8")).toContain("./img/in-export.png");
    expect(find("page.mdx").some((r) => r.raw.includes("in-export"))).toBe(false);
  });

  it("still reads the paragraph right after an import block", () => {
    const bytes = Buffer.from('import X from "x"\n\n![after](./after.png)\n');
    expect(rows(findReferences("a.mdx", bytes)).map(([line, , raw]) => [line, raw])).toEqual([
      [3, "./after.png"],
    ]);
  });

  it("does not take 'important' or an indented import for ESM", () => {
    const bytes = Buffer.from("important ![a](./a.png)\n\n- import ![b](./b.png)\n");
    expect(findReferences("a.mdx", bytes).map((r) => r.raw)).toEqual(["./a.png", "./b.png"]);
  });
});

describe("Docusaurus ThemedImage", () => {
  it("rewrites each image of sources={{ light, dark }} to a string, keeping the object", () => {
    const text = [
      "import ThemedImage from '@theme/ThemedImage';",
      "import useBaseUrl from '@docusaurus/useBaseUrl';",
      "",
      "<ThemedImage",
      '  alt="Architecture"',
      "  sources={{",
      "    light: useBaseUrl('/img/arch-light.png'),",
      "    dark: require('./arch-dark.png').default,",
      "    other: someVariable,",
      "  }}",
      "/>",
    ].join("\n");
    const found = findReferences("docs/guide/arch.mdx", Buffer.from(text), { docusaurusSite: "." });
    expect(found.map((r) => [r.line, r.kind, r.raw, r.destination])).toEqual([
      [7, "jsx-expression", "useBaseUrl('/img/arch-light.png')", "../../static/img/arch-light.png"],
      [8, "jsx-expression", "require('./arch-dark.png').default", "./arch-dark.png"],
    ]);
  });
});
