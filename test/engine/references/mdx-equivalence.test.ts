/**
 * Rendering equivalence for MDX: each fixture is compiled by @mdx-js/mdx before and after
 * every reported range is replaced by a placeholder URL; putting each destination back
 * where its placeholder landed must give exactly the original compiled program. So the
 * ranges hold image sources and nothing else (not code, comments or other attributes).
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { compileSync } from "@mdx-js/mdx";
import { normalizeUri } from "micromark-util-sanitize-uri";
import { describe, expect, it } from "vitest";
import { blankFrontMatter, findFrontMatter } from "../../../src/engine/references/front-matter.js";
import { findReferences, loadReaders } from "../../../src/engine/references/index.js";
import type { Reference } from "../../../src/engine/types.js";
import { placeholder, replaceRanges } from "./rewrite-property.js";

// The engine loads its parsers (MDX, YAML, TOML) on first need (parse-one.ts); direct
// calls to findReferences load them first.
await loadReaders();

const fixtures = path.resolve(import.meta.dirname, "../../fixtures");

function mdxFixtures(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: "utf8" })
    .filter((name) => name.endsWith(".mdx") && !name.includes("broken"))
    .map((name) => path.join(folder, name));
}

function compiled(bytes: Buffer): string {
  let text = bytes.toString("utf8");
  const block = findFrontMatter(text, 0);
  if (block) text = blankFrontMatter(text, block);
  return String(compileSync(text, { jsx: true }));
}

/** How MDX prints a destination in the compiled program. */
function asCompiled(reference: Reference): string {
  // Compiled with `jsx: true`, an attribute expression is printed as written, braces included.
  if (reference.kind === "jsx-expression") return reference.raw;
  const value = reference.kind.startsWith("html-")
    ? reference.destination
    : normalizeUri(reference.destination);
  return JSON.stringify(value).slice(1, -1);
}

/** Placeholder text per reference kind: a JSX expression becomes a string attribute. */
function replacement(references: Reference[]) {
  return (index: number) =>
    references[index]?.kind === "jsx-expression" ? `"${placeholder(index)}"` : placeholder(index);
}

const files = [
  ...mdxFixtures(path.join(fixtures, "sites")),
  path.join(fixtures, "references/page.mdx"),
];

describe("MDX compiled before and after a rewrite differs only in image sources", () => {
  it.each(files.map((file) => path.relative(fixtures, file)))("%s", (name) => {
    const bytes = readFileSync(path.join(fixtures, name));
    const references = findReferences(`posts/${path.basename(name)}`, bytes, {
      docusaurusSite: ".",
    }).filter((reference) => reference.kind !== "front-matter");
    expect(references.length).toBeGreaterThan(0);
    let restored = compiled(replaceRanges(bytes, references, replacement(references)));
    references.forEach((reference, index) => {
      const printed =
        reference.kind === "jsx-expression" ? `"${placeholder(index)}"` : placeholder(index);
      expect(restored, `${name}: ${reference.raw}`).toContain(printed);
      restored = restored.replaceAll(printed, asCompiled(reference));
    });
    expect(restored).toBe(compiled(bytes));
  });
});
