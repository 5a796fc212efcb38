/**
 * The YAML and TOML parsers (and the MDX reader) are imported when a file first needs
 * them, not at start. Each test starts from fresh module state (vi.resetModules) and
 * records whether the parser packages were imported at all; a file read while its parser
 * loads must give exactly what it gives with the parser loaded before.
 */
import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MemoryLogger } from "../../../src/core/logger.js";
import { readSettings } from "../../support/read-settings.js";

const FLAT = "---\ntitle: My trip\ndate: 2024-05-01\ncover: ./img/cover.png\n---\n\nText.\n";
const NESTED_YAML = `---
title: Trip
tags:
  - travel
  - food
image:
  src: ./img/hero.png
images:
  - ./img/one.png
  - "./img/two.png"
---

![body](./img/body.png)
`;
const TOML = `+++
title = "Trip"
cover = "./img/cover.png"
images = ["./img/one.png", './img/two.png']

[image]
src = "./img/hero.png"
+++

![body](./img/body.png)
`;
/** Needs two readers in one file: YAML first (front matter), then MDX (JSX, ESM). */
const NESTED_MDX = `---
header:
  teaser: ./img/teaser.png
---

import pic from './img/imported.png'

<Image src="./img/jsx.png" />
`;

const NESTED_FOUND = ["./img/hero.png", "./img/one.png", "./img/two.png", "./img/body.png"];
const TOML_FOUND = [
  "./img/cover.png",
  "./img/one.png",
  "./img/two.png",
  "./img/hero.png",
  "./img/body.png",
];
const MDX_FOUND = ["./img/teaser.png", "./img/jsx.png"];

/** The engine as a run starts it: nothing imported yet, imports of the parsers recorded. */
async function freshEngine() {
  vi.resetModules();
  const imported = { yaml: false, toml: false };
  vi.doMock("yaml", async (original) => {
    imported.yaml = true;
    return original();
  });
  vi.doMock("toml-eslint-parser", async (original) => {
    imported.toml = true;
    return original();
  });
  const { parseOne } = await import("../../../src/engine/references/parse-one.js");
  const { collectReferences } = await import("../../../src/engine/collect.js");
  const { findReferences } = await import("../../../src/engine/references/index.js");
  const readers = await import("../../../src/engine/references/readers.js");
  const lazy = await import("../../../src/engine/references/lazy-reader.js");
  return { parseOne, collectReferences, findReferences, readers, lazy, imported };
}

afterAll(() => {
  vi.doUnmock("yaml");
  vi.doUnmock("toml-eslint-parser");
  vi.resetModules();
});

const destinations = (references: readonly { destination: string }[]) =>
  references.map((reference) => reference.destination);

describe("parsers loaded on first need", () => {
  it("reads flat YAML front matter without importing the YAML parser", async () => {
    const engine = await freshEngine();
    const parsed = await engine.parseOne("post.md", Buffer.from(FLAT), {});
    expect(destinations(parsed.references)).toEqual(["./img/cover.png"]);
    expect(engine.imported).toEqual({ yaml: false, toml: false });
    expect(engine.readers.yamlReader.loaded).toBe(false);
  });

  it.each([
    ["nested YAML", "post.md", NESTED_YAML, "yaml", NESTED_FOUND],
    ["TOML", "post.md", TOML, "toml", TOML_FOUND],
    ["nested YAML in MDX with JSX", "page.mdx", NESTED_MDX, "yaml", MDX_FOUND],
  ] as const)(
    "finds the same in %s whether its parser loads on demand or before",
    async (_, file, text, parser, expected) => {
      const onDemand = await freshEngine();
      expect(onDemand.imported[parser]).toBe(false);
      // A direct, synchronous read says what it lacks rather than reading less.
      expect(() => onDemand.findReferences(file, Buffer.from(text))).toThrow(
        onDemand.lazy.ReaderNotLoaded,
      );
      const lazily = await onDemand.parseOne(file, Buffer.from(text), {});
      expect(onDemand.imported[parser]).toBe(true);

      const preloaded = await freshEngine();
      await preloaded.readers.loadReaders();
      const eagerly = await preloaded.parseOne(file, Buffer.from(text), {});
      expect(lazily).toEqual(eagerly);
      expect(destinations(lazily.references)).toEqual(expected);
    },
  );
});

describe("a run whose parsers load mid-run", () => {
  let site: string;
  const settings = { ...readSettings(["public", "."]) };
  beforeAll(async () => {
    // An Astro site: the image() field count reads front matter before the file is parsed.
    site = await mkdtemp(path.join(os.tmpdir(), "mio-readers-"));
    const fixture = path.resolve(import.meta.dirname, "../../fixtures/sites/astro-image");
    await cp(fixture, site, { recursive: true });
    const blog = path.join(site, "src/content/blog");
    await writeFile(path.join(blog, "flat.md"), FLAT);
    const heroImage = "---\ntitle: Nested\ntags:\n  - travel\nheroImage: ./img/hero.png\n---\n";
    await writeFile(path.join(blog, "nested.md"), heroImage);
    await writeFile(path.join(blog, "hugo-like.md"), TOML);
    await writeFile(path.join(blog, "nested.mdx"), NESTED_MDX);
    await writeFile(path.join(blog, "nested-again.md"), NESTED_YAML);
  });
  afterAll(async () => {
    await rm(site, { recursive: true, force: true });
  });

  it("finds, counts and logs exactly what it does with every parser loaded before", async () => {
    const files = [
      "src/content/blog/flat.md",
      "src/content/blog/first-post.md",
      "src/content/blog/nested.md",
      "src/content/blog/hugo-like.md",
      "src/content/blog/nested.mdx",
      "src/content/blog/using-mdx.mdx",
      "src/content/blog/nested-again.md",
    ];
    const run = async (preload: boolean) => {
      const engine = await freshEngine();
      if (preload) await engine.readers.loadReaders();
      expect(engine.imported).toEqual({ yaml: preload, toml: preload });
      const logger = new MemoryLogger();
      const { references, left } = await engine.collectReferences(site, files, settings, logger);
      expect(engine.imported).toEqual({ yaml: true, toml: true });
      return { references, left, lines: logger.lines };
    };
    const lazily = await run(false);
    const eagerly = await run(true);
    expect(lazily).toEqual(eagerly);
    // The nested heroImage (the first front matter to need the parser) is counted.
    expect(lazily.left).toContainEqual({
      reason: expect.stringMatching(/^in front-matter field heroImage, /),
      count: 3,
    });
    const nested = lazily.references.filter((r) => r.file.endsWith("/nested-again.md"));
    expect(destinations(nested)).toEqual(NESTED_FOUND);
  });
});
