import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../../src/core/errors.js";
import {
  readLedger,
  serializeLedger,
  writeLedger,
} from "../../../src/engine/ledger/ledger-file.js";

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "mio-ledger-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const entry = (n: number) => ({
  sha256: n.toString(16).padStart(64, "0"),
  bytes: n,
  key: `images/${n}.png`,
  url: `https://cdn.example.com/images/${n}.png`,
});

describe("the repository's manifest file", () => {
  it("is stable: sorted paths, one entry per line, so one change is a one-line diff", () => {
    const text = serializeLedger(
      new Map([
        ["b/z.png", entry(2)],
        ["a/é.png", entry(1)],
        ["a/b.png", entry(3)],
      ]),
    );
    const lines = text.split("\n");
    expect(lines.slice(0, 3)).toEqual(["{", '  "version": 1,', '  "images": {']);
    expect(lines.slice(3, 6).map((line) => line.split(":")[0]?.trim())).toEqual([
      '"a/b.png"',
      '"a/é.png"',
      '"b/z.png"',
    ]);
    expect(JSON.parse(text).images["a/b.png"]).toEqual(entry(3));
    const changed = serializeLedger(
      new Map([
        ["b/z.png", entry(2)],
        ["a/é.png", entry(9)],
        ["a/b.png", entry(3)],
      ]),
    );
    const differing = lines.filter((line, index) => line !== changed.split("\n")[index]);
    expect(differing).toHaveLength(1);
  });

  it("round-trips through an atomic write, and reports when nothing changed", async () => {
    const entries = new Map([["img/a.png", entry(1)]]);
    expect(await writeLedger(root, ".md-image-offload/manifest.json", entries)).toBe(true);
    expect(await writeLedger(root, ".md-image-offload/manifest.json", entries)).toBe(false);
    expect(await readLedger(root, ".md-image-offload/manifest.json")).toEqual(entries);
    expect(await readLedger(root, "absent.json")).toEqual(new Map());
  });

  it("writes the same manifest without fsync on an ephemeral runner (durable off)", async () => {
    const entries = new Map([
      ["img/a.png", entry(1)],
      ["img/b.png", entry(2)],
    ]);
    const file = ".md-image-offload/fast.json";
    expect(await writeLedger(root, file, entries, false)).toBe(true);
    expect(await readFile(path.join(root, file), "utf8")).toBe(serializeLedger(entries));
    expect(await writeLedger(root, file, entries, false)).toBe(false);
    expect(await readLedger(root, file)).toEqual(entries);
    // No temp file is left beside it.
    expect(await readdir(path.join(root, ".md-image-offload"))).not.toContainEqual(
      expect.stringMatching(/\.tmp$/),
    );
  });

  it("refuses invalid JSON, another version or a malformed entry in one sentence naming manifest-file", async () => {
    await mkdir(path.join(root, "bad"), { recursive: true });
    const cases: [string, RegExp][] = [
      ["{ nope", /is not valid JSON; fix or delete it/],
      ['{"version": 2, "images": {}}', /has version 2, and this release reads version 1/],
      [
        '{"version": 1, "images": {"a.png": {"sha256": "x"}}}',
        /has a malformed entry for "a\.png"/,
      ],
      ["[]", /is not a JSON object/],
    ];
    for (const [text, message] of cases) {
      await writeFile(path.join(root, "bad/m.json"), text);
      const error = await readLedger(root, "bad/m.json").catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).input).toBe("manifest-file");
      expect((error as Error).message).toMatch(
        /^The manifest bad\/m\.json \(input manifest-file\) /,
      );
      expect((error as Error).message).toMatch(message);
    }
    expect(await readFile(path.join(root, "bad/m.json"), "utf8")).toBe("[]");
  });
});
