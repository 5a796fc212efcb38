/**
 * The manifest's stage: read and validated at once, its recorded images checked in the
 * background (on a fresh runner that check waits for the digest index and the listing),
 * so the content is scanned and parsed meanwhile.
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { MemoryLogger } from "../../../src/core/logger.js";
import type { FileDigest } from "../../../src/engine/file-digest.js";
import { createFileLookup } from "../../../src/engine/file-lookup.js";
import { serializeLedger } from "../../../src/engine/ledger/ledger-file.js";
import { inspectedStage, ledgerStage } from "../../../src/engine/ledger/stages.js";
import { parseInputs } from "../../../src/options/parse-inputs.js";

const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
const roots: string[] = [];
afterEach(async () => {
  for (const root of roots.splice(0)) await rm(root, { recursive: true, force: true });
});

const options = parseInputs(
  (name) =>
    ({
      bucket: "b",
      "public-url": "https://cdn.example.com",
      "access-key-id": "k",
      "secret-access-key": "s",
    })[name],
  "cli",
);

async function repository(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "mio-stages-"));
  roots.push(root);
  await mkdir(path.join(root, "img"));
  await writeFile(path.join(root, "img/same.png"), "same");
  await writeFile(path.join(root, "img/edited.png"), "new!");
  const entry = (name: string, text: string, host: string) => ({
    sha256: sha256(text),
    bytes: text.length,
    key: `images/${name}`,
    url: `https://${host}/images/${name}`,
  });
  const entries = new Map([
    ["img/same.png", entry("same.png", "same", "cdn.example.com")],
    ["img/edited.png", entry("edited.png", "old!", "old-cdn.example.com")],
  ]);
  await mkdir(path.join(root, ".md-image-offload"));
  await writeFile(path.join(root, options.manifestFile as string), serializeLedger(entries));
  return root;
}

describe("ledgerStage", () => {
  it("returns once the manifest is read, before its images' digests are in", async () => {
    const root = await repository();
    const asked: string[] = [];
    let answer = () => {};
    const answered = new Promise<void>((resolve) => (answer = resolve));
    // Digests that wait, as they do for the digest index and the listing on a fresh runner.
    const digestOf = async (file: { absolutePath: string; path: string }): Promise<FileDigest> => {
      asked.push(file.path);
      await answered;
      const text = file.path === "img/same.png" ? "same" : "new!";
      return { sha256: sha256(text), md5: "", size: 4, head: Buffer.alloc(0) };
    };
    const logger = new MemoryLogger();
    const reading = await ledgerStage(root, options, logger, { digestOf });
    expect(reading?.entries.size).toBe(2);
    // Every recorded URL's host, so the parse keeps links under any of them.
    expect([...(reading?.hosts ?? [])].sort()).toEqual(["cdn.example.com", "old-cdn.example.com"]);
    expect(asked.sort()).toEqual(["img/edited.png", "img/same.png"]);
    let settled = false;
    void reading?.inspected.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);

    answer();
    const state = await inspectedStage(reading as NonNullable<typeof reading>, logger);
    expect([...state.changed]).toEqual(["img/edited.png"]);
    expect([...state.staleUrls.keys()]).toEqual(["https://old-cdn.example.com/images/edited.png"]);
    expect(logger.lines.map((line) => line.message)).toEqual([
      "Read the repository's manifest",
      ".md-image-offload/manifest.json: 2 recorded image(s).",
      ".md-image-offload/manifest.json: 1 recorded image(s) edited since, 0 whose file is gone.",
    ]);
  });

  it("counts a recorded image that became a symlink out of the repository as gone, unread", async () => {
    const root = await repository();
    const outside = await mkdtemp(path.join(os.tmpdir(), "mio-stages-outside-"));
    roots.push(outside);
    // Same bytes as recorded: only the link's target says it is not the repository's file.
    await writeFile(path.join(outside, "same.png"), "same");
    await rm(path.join(root, "img/same.png"));
    await symlink(path.join(outside, "same.png"), path.join(root, "img/same.png"));
    const asked: string[] = [];
    const digestOf = async (file: { absolutePath: string; path: string }): Promise<FileDigest> => {
      asked.push(file.absolutePath);
      return { sha256: sha256("new!"), md5: "", size: 4, head: Buffer.alloc(0) };
    };
    const files = createFileLookup(root);
    const reading = await ledgerStage(root, options, new MemoryLogger(), { digestOf, files });
    const state = await inspectedStage(reading as NonNullable<typeof reading>, new MemoryLogger());
    expect([...state.gone]).toEqual(["img/same.png"]);
    const realOutside = await realpath(outside);
    expect(asked.some((file) => file.startsWith(realOutside))).toBe(false);
    // The resolve that shares the lookup refuses the same path.
    expect(files.lookup(path.join(root, "img/same.png")).kind).toBe("outside");
  });

  it("fails at once on a manifest that is not valid JSON", async () => {
    const root = await repository();
    await writeFile(path.join(root, options.manifestFile as string), "{ not json");
    await expect(ledgerStage(root, options, new MemoryLogger())).rejects.toThrow(/not valid JSON/);
  });
});
