import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../src/core/logger.js";
import {
  collectReferences,
  distinctLocal,
  locallyReferencedImages,
  problems,
  resolveAll,
} from "../../src/engine/collect.js";
import { readSettings } from "../support/read-settings.js";

const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);
const options = {
  content: ["**/*.md"],
  extensions: new Set(["png"]),
  ...readSettings(["static", "."]),
};
let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "mio-collect-"));
  await mkdir(path.join(root, "static/img"), { recursive: true });
  await writeFile(path.join(root, "a.png"), PNG);
  await writeFile(path.join(root, "static/img/b.png"), PNG);
  await writeFile(
    path.join(root, "post.md"),
    "![a](a.png) ![b](/img/b.png)\n\n![m](gone.png) ![a again](./a.png)\n",
  );
  await writeFile(path.join(root, "other.md"), "![x](../../outside.png)\n");
  await writeFile(
    path.join(root, "latin1.md"),
    Buffer.from([0x21, 0x5b, 0xe9, 0x5d, 0x28, 0x61, 0x2e, 0x70, 0x6e, 0x67, 0x29]),
  );
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("collecting and resolving references", () => {
  it("lets the event loop run while it parses, so storage answers sent at the start are read meanwhile", async () => {
    const files = Array.from({ length: 64 }, (_, index) => `many/${index}.md`);
    await mkdir(path.join(root, "many"), { recursive: true });
    for (const file of files) await writeFile(path.join(root, file), "![a](../a.png)\n");
    let done = false;
    let ranDuringParse = false;
    const collecting = collectReferences(root, files, options);
    setImmediate(() => {
      ranDuringParse = !done;
    });
    const { references } = await collecting;
    done = true;
    expect(references).toHaveLength(64);
    expect(ranDuringParse).toBe(true);
    await rm(path.join(root, "many"), { recursive: true, force: true });
  });

  it("reports missing and refused references at file:line and lists each local image once", async () => {
    const logger = new MemoryLogger();
    const { references, sites } = await collectReferences(
      root,
      ["latin1.md", "other.md", "post.md"],
      options,
      logger,
    );
    const resolved = await resolveAll(root, references, options, logger, sites);

    expect(distinctLocal(resolved).map((image) => image.path)).toEqual([
      "a.png",
      "static/img/b.png",
    ]);
    expect(problems(resolved, "missing")).toEqual([
      {
        file: "post.md",
        line: 3,
        destination: "gone.png",
        message: expect.stringMatching(/^not found \(looked for gone\.png\)/),
      },
    ]);
    expect(problems(resolved, "refused")).toMatchObject([
      { file: "other.md", line: 1, destination: "../../outside.png" },
    ]);
    const warnings = logger.lines.filter((line) => line.level === "warning");
    expect(warnings.map((line) => line.location)).toEqual([
      { file: "latin1.md" },
      { file: "other.md", line: 1 },
      { file: "post.md", line: 3 },
    ]);
    expect(warnings[0]?.message).toMatch(/not valid UTF-8.*save it as UTF-8/);
  });

  it("finds every image any content file still references (what delete-local must keep)", async () => {
    expect([...(await locallyReferencedImages(root, options))].sort()).toEqual([
      "a.png",
      "static/img/b.png",
    ]);
  });

  it("says when Obsidian embeds sit outside any detected vault, and reads them with generator: obsidian", async () => {
    const vault = await mkdtemp(path.join(os.tmpdir(), "mio-vault-"));
    await mkdir(path.join(vault, "attachments"));
    await writeFile(path.join(vault, "note.md"), "![[pic.png]]\n");
    await writeFile(path.join(vault, "attachments", "pic.png"), "x");
    const auto = new MemoryLogger();
    expect((await collectReferences(vault, ["note.md"], options, auto)).references).toEqual([]);
    expect(auto.lines.map((line) => line.message)).toContain(
      "1 file(s) hold Obsidian embeds (![[…]]) outside any detected vault; if this is an Obsidian vault committed without its .obsidian/ folder, set generator: obsidian.",
    );
    const set = { ...options, generator: "obsidian" as const };
    const { references, sites } = await collectReferences(vault, ["note.md"], set);
    const resolved = await resolveAll(vault, references, set, undefined, sites);
    expect(distinctLocal(resolved).map((image) => image.path)).toEqual(["attachments/pic.png"]);
    await rm(vault, { recursive: true, force: true });
  });

  it("reads MDX with JSX, loading the MDX reader on first need, and Markdown inside JSX counts", async () => {
    const site = await mkdtemp(path.join(os.tmpdir(), "mio-mdx-"));
    await writeFile(path.join(site, "pic.png"), PNG);
    await writeFile(path.join(site, "a.mdx"), "<figure>\n\n![in jsx](./pic.png)\n\n</figure>\n");
    await writeFile(path.join(site, "b.mdx"), '<Image src="./pic.png" />\n');
    // This test file's module registry is its own: the reader is not loaded before this call.
    const { references } = await collectReferences(site, ["a.mdx", "b.mdx"], options);
    expect(references.map((reference) => [reference.file, reference.raw])).toEqual([
      ["a.mdx", "./pic.png"],
      ["b.mdx", "./pic.png"],
    ]);
    await rm(site, { recursive: true, force: true });
  });
});
