import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { findReferences, loadReaders } from "../../../src/engine/references/index.js";
import { fixture, fixtureNames } from "./fixtures.js";
import { checkRewrite, placeholder, render, replaceRanges } from "./rewrite-property.js";

// The engine loads its parsers (MDX, YAML, TOML) on first need (parse-one.ts); direct
// calls to findReferences load them first.
await loadReaders();

interface SpecExample {
  readonly markdown: string;
  readonly number: number;
}
const spec = createRequire(import.meta.url)("commonmark-spec") as { tests: SpecExample[] };

function expectOnlyDestinationsChange(file: string, bytes: Buffer, complete = true): number {
  const check = checkRewrite(file, bytes);
  expect(check.restored, `${file}: rewritten page differs elsewhere`).toBe(check.original);
  expect(check.stray, `${file}: placeholder outside a URL attribute`).toEqual([]);
  expect(check.absent, `${file}: reported range not rendered as a destination`).toEqual([]);
  // Autolinks (<https://…>) are not needed and attribute values spanning lines are
  // skipped on purpose; every image source must be found.
  const missedImages = check.unreplaced.filter(
    ({ tag, url }) => tag !== "a" && !url.includes("\n"),
  );
  if (complete) expect(missedImages, `${file}: image source not reported`).toEqual([]);
  return check.references.length;
}

describe("rewriting every reported range changes only destinations", () => {
  // `.mdx` is rendered by @mdx-js/mdx, not markdown-it: see mdx-equivalence.test.ts.
  const markdownFixtures = fixtureNames().filter((name) => !name.endsWith(".mdx"));

  it.each(markdownFixtures)("%s", (name) => {
    expectOnlyDestinationsChange(name, fixture(name), false);
  });

  it.each(markdownFixtures.filter((name) => name !== "invalid-utf8.md"))(
    "%s: no image or link destination is missed",
    (name) => {
      // MDX expressions ({hero}) are values no rewrite can touch.
      const { unreplaced } = checkRewrite(name, fixture(name));
      const missed = unreplaced.filter(({ url }) => !url.startsWith("{"));
      expect(missed).toEqual([]);
    },
  );

  // Every CommonMark spec example, bare and inside containers, with tabs, CRLF, a BOM
  // and multi-byte text before it: markdown-it's own edge cases exercise the mapping.
  const variants: Record<string, (markdown: string) => string> = {
    plain: (s) => s,
    crlf: (s) => s.replaceAll("\n", "\r\n"),
    quote: (s) => s.replace(/^(?=.)/gm, "> "),
    "quote with tab": (s) => s.replace(/^(?=.)/gm, ">\t"),
    "list item": (s) => `- ${s.replace(/\n(?=.)/g, "\n  ")}`,
    "ordered list in quote, crlf": (s) =>
      `> 10. ${s.replace(/\n(?=.)/g, "\n>     ")}`.replaceAll("\n", "\r\n"),
    "bom and unicode": (s) => `\uFEFFé😀\n\n${s}`,
  };
  it.each(Object.keys(variants))("CommonMark spec examples, %s", (variant) => {
    const transform = variants[variant] ?? ((s: string) => s);
    let references = 0;
    for (const example of spec.tests) {
      const markdown = transform(example.markdown.replaceAll("→", "\t"));
      references += expectOnlyDestinationsChange(
        `spec-${example.number}.md`,
        Buffer.from(markdown),
      );
    }
    expect(references).toBeGreaterThan(50);
  });
});

describe("the property check itself", () => {
  it("notices a range that is one byte off", () => {
    const bytes = Buffer.from("![alt](a.png)\n");
    const [reference] = findReferences("a.md", bytes);
    if (!reference) throw new Error("expected a reference");
    const shifted = { ...reference, start: reference.start - 1, end: reference.end - 1 };
    const rewritten = render(replaceRanges(bytes, [shifted], placeholder));
    expect(rewritten).not.toContain(`src="${placeholder(0)}"`);
    expect(rewritten.replaceAll(placeholder(0), "a.png")).not.toBe(render(bytes));
  });
});
