/**
 * A large run parses on two threads with the real worker (dist/parse-worker.js): what it
 * finds, warns about and leaves alone must be exactly what one thread finds.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../src/core/logger.js";
import { collectReferences } from "../../src/engine/collect.js";
import { relevanceOf } from "../../src/engine/references/index.js";
import { readSettings } from "../support/read-settings.js";

const WORKER = path.resolve(import.meta.dirname, "../../dist/parse-worker.js");
const settings = readSettings(["static"]);
const relevance = relevanceOf(["png", "jpg", "svg"]);
let root: string;
let files: string[];

/** MDX with JSX (the micromark reader), Markdown, and the files that get warnings. */
function post(index: number): [string, string] {
  if (index % 10 === 0)
    return [`docs/p${index}.md`, `# P${index}\n\n![a](./img/${index}.png) [page](https://e.com)\n`];
  return [
    `docs/p${index}.mdx`,
    [
      "import hero from './hero.png';",
      "",
      `# Post ${index}`,
      "",
      "<figure>",
      "",
      `![in jsx](./img/${index}.png)`,
      "",
      "</figure>",
      "",
      `<Image src="./img/${index % 7}.svg" /> and [a page](https://example.com/${index}).`,
      "",
    ].join("\n"),
  ];
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "mio-parallel-"));
  await mkdir(path.join(root, "docs"), { recursive: true });
  files = [];
  for (let index = 0; index < 1200; index++) {
    const [file, text] = post(index);
    await writeFile(path.join(root, file), text);
    files.push(file);
  }
  await writeFile(
    path.join(root, "docs/bad.mdx"),
    "# Bad\n\nAn expression {that never closes\n\n![x](./x.png)\n",
  );
  await writeFile(path.join(root, "docs/latin1.md"), Buffer.from([0x21, 0x5b, 0xe9, 0x5d]));
  files.push("docs/bad.mdx", "docs/latin1.md");
  files.sort();
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

async function collect(parseWorker?: URL) {
  const logger = new MemoryLogger();
  const extras = { relevance, ...(parseWorker ? { parseWorker } : {}) };
  const { references, left } = await collectReferences(root, files, settings, logger, extras);
  return { references, left, lines: logger.lines.filter((line) => line.level !== "debug") };
}

describe("parsing a large run on two threads", () => {
  it("finds, warns about and leaves alone exactly what one thread does", async () => {
    expect(existsSync(WORKER), "run npm run build first").toBe(true);
    // A copy of the worker that leaves a mark, to prove the second thread did its share.
    const marked = path.join(root, "marked-worker.mjs");
    const used = path.join(root, "worker-used");
    await writeFile(
      marked,
      `import { writeFileSync } from "node:fs";\nwriteFileSync(${JSON.stringify(used)}, "");\nawait import(${JSON.stringify(pathToFileURL(WORKER).href)});\n`,
    );
    const one = await collect();
    const two = await collect(pathToFileURL(marked));
    expect(existsSync(used)).toBe(true);
    expect(two.references).toEqual(one.references);
    expect(two.left).toEqual(one.left);
    expect(two.lines).toEqual(one.lines);
    // The run really read what matters: JSX Markdown, attributes, ESM left, both warnings.
    expect(one.references.length).toBeGreaterThan(2000);
    expect(one.left).toContainEqual({ reason: expect.stringMatching(/ESM/), count: 1080 });
    expect(
      one.lines.filter((line) => line.level === "warning").map((l) => l.location?.file),
    ).toEqual(["docs/bad.mdx", "docs/latin1.md"]);
  });

  it("parses the worker's share itself when the worker cannot start", async () => {
    const logger = new MemoryLogger();
    const missing = pathToFileURL(path.join(root, "no-such-worker.js"));
    const broken = await collectReferences(root, files, settings, logger, {
      relevance,
      parseWorker: missing,
    });
    const one = await collect();
    expect(broken.references).toEqual(one.references);
    expect(logger.lines.some((line) => /The parse worker failed/.test(line.message))).toBe(true);
  });
});
