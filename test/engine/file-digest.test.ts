import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SNIFF_BYTES } from "../../src/engine/content-type.js";
import { createDigestCache, digestFile } from "../../src/engine/file-digest.js";

const dir = mkdtempSync(path.join(tmpdir(), "digest-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file to read, inside the root that holds it. */
const at = (absolutePath: string, root = path.dirname(absolutePath)) => ({
  root,
  absolutePath,
  path: path.basename(absolutePath),
});

const hex = (algorithm: string, bytes: Buffer): string =>
  createHash(algorithm).update(bytes).digest("hex");

describe("digestFile", () => {
  it("returns size, sha256, md5 and the head of a real image", async () => {
    const file = path.join(import.meta.dirname, "../fixtures/plan/pixel.png");
    const bytes = readFileSync(file);
    const digest = await digestFile(at(file));
    expect(digest).toEqual({
      size: bytes.length,
      sha256: hex("sha256", bytes),
      md5: hex("md5", bytes),
      head: bytes,
    });
  });

  it("hashes a file larger than one read chunk and keeps only its first bytes", async () => {
    const bytes = randomBytes(3 * 1024 * 1024 + 17);
    const file = path.join(dir, "big.bin");
    writeFileSync(file, bytes);
    const digest = await digestFile(at(file));
    expect(digest.size).toBe(bytes.length);
    expect(digest.sha256).toBe(hex("sha256", bytes));
    expect(digest.md5).toBe(hex("md5", bytes));
    expect(digest.head).toEqual(bytes.subarray(0, SNIFF_BYTES));
  });

  it("gives the same digest for a small file read in one call, describing the bytes read", async () => {
    const bytes = randomBytes(200 * 1024);
    const file = path.join(dir, "small.bin");
    writeFileSync(file, bytes);
    const whole = await digestFile(at(file));
    expect(whole).toEqual({
      size: bytes.length,
      sha256: hex("sha256", bytes),
      md5: hex("md5", bytes),
      head: bytes.subarray(0, SNIFF_BYTES),
    });
  });

  it("handles an empty file", async () => {
    const file = path.join(dir, "empty.png");
    writeFileSync(file, "");
    const digest = await digestFile(at(file));
    expect(digest.size).toBe(0);
    expect(digest.sha256).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    expect(digest.head.length).toBe(0);
  });

  it("rejects when the file cannot be read", async () => {
    await expect(digestFile(at(path.join(dir, "absent.png")))).rejects.toThrow(/ENOENT/);
  });

  it("refuses a file swapped for a symlink, even to a file inside the repository", async () => {
    const root = mkdtempSync(path.join(dir, "repo-"));
    const outside = path.join(dir, "secret.png");
    writeFileSync(outside, "AWS_SECRET=1");
    symlinkSync(outside, path.join(root, "swapped.png"));
    await expect(digestFile(at(path.join(root, "swapped.png"), root))).rejects.toThrow(
      "swapped.png changed while the run was in progress (it is now a symbolic link); run again once the files are settled.",
    );
  });

  it("refuses a file whose directory was swapped for a link leading outside", async () => {
    const root = mkdtempSync(path.join(dir, "repo-"));
    const elsewhere = mkdtempSync(path.join(dir, "elsewhere-"));
    writeFileSync(path.join(elsewhere, "a.png"), "AWS_SECRET=1");
    symlinkSync(elsewhere, path.join(root, "img"));
    await expect(digestFile(at(path.join(root, "img/a.png"), root))).rejects.toThrow(
      "a.png changed while the run was in progress (it now leads outside the repository); run again once the files are settled.",
    );
  });
});

describe("createDigestCache", () => {
  it("reads a file once however often it is asked, and holds its bytes for the upload", async () => {
    const bytes = randomBytes(5000);
    const file = path.join(dir, "held.png");
    writeFileSync(file, bytes);
    const cache = createDigestCache();
    const first = await cache.digestOf(at(file));
    // Changed on disk after hashing: the memo and the held bytes still describe what was read.
    writeFileSync(file, randomBytes(5000));
    expect(await cache.digestOf(at(file))).toEqual(first);
    expect(first.sha256).toBe(hex("sha256", bytes));
    expect(cache.heldBytes(file, first.sha256)).toEqual(bytes);
    // Asked for other content, it holds nothing.
    expect(cache.heldBytes(file, hex("sha256", Buffer.from("other")))).toBeUndefined();
    cache.release();
    expect(cache.heldBytes(file, first.sha256)).toBeUndefined();
  });

  it("remembers a digest known at once, and answers at once with one a stage already took", async () => {
    const [indexed, read] = ["indexed.png", "read.png"].map((name) => path.join(dir, name));
    writeFileSync(indexed as string, randomBytes(300));
    writeFileSync(read as string, randomBytes(300));
    const fromIndex = {
      sha256: "a".repeat(64),
      md5: "b".repeat(32),
      size: 300,
      contentType: "image/png",
      head: Buffer.alloc(0),
    };
    const cache = createDigestCache(
      undefined,
      async () => undefined,
      () => fromIndex,
    );
    expect(cache.digestNow(at(indexed as string))).toBe(fromIndex);
    // digestOf answers from the memo: the file is not read (its real sha256 differs).
    expect(await cache.digestOf(at(indexed as string))).toBe(fromIndex);
    const hashed = await cache.digestOf(at(read as string));
    expect(hashed.sha256).toBe(hex("sha256", readFileSync(read as string)));
    // Read first by another stage: digestNow gives that answer, not the index's.
    expect(cache.digestNow(at(read as string))).toBe(hashed);
    expect(await cache.digestOf(at(read as string))).toBe(hashed);
  });

  it("holds no more bytes than its budget, and none of a file too large to read at once", async () => {
    const [a, b, large] = ["a.png", "b.png", "large.png"].map((name) => path.join(dir, name));
    writeFileSync(a as string, randomBytes(600));
    writeFileSync(b as string, randomBytes(600));
    writeFileSync(large as string, randomBytes(2 * 1024 * 1024));
    const cache = createDigestCache(1000);
    const digestA = await cache.digestOf(at(a as string));
    const digestB = await cache.digestOf(at(b as string));
    expect(cache.heldBytes(a as string, digestA.sha256)?.length).toBe(600);
    expect(cache.heldBytes(b as string, digestB.sha256)).toBeUndefined();
    const roomy = createDigestCache();
    const digestLarge = await roomy.digestOf(at(large as string));
    expect(roomy.heldBytes(large as string, digestLarge.sha256)).toBeUndefined();
  });

  it("holds each file's own bytes and head when hundreds of small files share read buffers", async () => {
    // Small files are read into shared slabs: no file's bytes may overlap another's.
    const sizes = [0, 1, 4095, 4096, 4097, 16_384, 70_000, 600_000];
    const files = Array.from({ length: 400 }, (_, index) => {
      const bytes = randomBytes(sizes[index % sizes.length] ?? 1);
      const file = path.join(dir, `slab-${index}.png`);
      writeFileSync(file, bytes);
      return { file, bytes };
    });
    const cache = createDigestCache();
    const digests = [];
    for (const { file } of files) digests.push(await cache.digestOf(at(file)));
    for (const [index, { file, bytes }] of files.entries()) {
      const digest = digests[index];
      expect(digest?.sha256).toBe(hex("sha256", bytes));
      // Buffer.equals: vitest's toEqual walks a Buffer byte by byte.
      expect(digest?.head.equals(bytes.subarray(0, SNIFF_BYTES))).toBe(true);
      expect(cache.heldBytes(file, digest?.sha256 ?? "")?.equals(bytes)).toBe(true);
    }
  });
});
