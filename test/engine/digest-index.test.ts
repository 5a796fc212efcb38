/** The digest index's text and which entries a run may add. */
import { mkdir, mkdtemp, realpath, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  blobFinder,
  knownDigests,
  newEntries,
  parseDigestIndex,
  serializeDigestIndex,
} from "../../src/engine/digest-index.js";
import type { ImageResult } from "../../src/engine/types.js";

const blob = (n: number) => n.toString(16).padStart(40, "0");
const entry = (n: number) => ({
  sha256: n.toString(16).padStart(64, "a"),
  md5: n.toString(16).padStart(32, "b"),
  size: 100 + n,
  contentType: "image/png",
});

describe("digest index text", () => {
  it("reads back what it wrote, sorted, so two runs that know the same write the same bytes", () => {
    const index = new Map([
      [blob(2), entry(2)],
      [blob(1), entry(1)],
    ]);
    const text = serializeDigestIndex(index);
    expect(text.split("\n")[1]?.startsWith(blob(1))).toBe(true);
    expect(parseDigestIndex(text)).toEqual(index);
    expect(serializeDigestIndex(parseDigestIndex(text))).toBe(text);
  });

  it("ignores any line that is not exactly an entry, and all of an unknown format", () => {
    const good = serializeDigestIndex(new Map([[blob(1), entry(1)]]));
    const damaged = `${good}${blob(2)} not-a-hash ${entry(2).md5} 5 image/png\n${blob(3)} ${entry(3).sha256} ${entry(3).md5} 7 text/html\n<script>\n`;
    expect([...parseDigestIndex(damaged).keys()]).toEqual([blob(1)]);
    expect(parseDigestIndex(good.replace("v1", "v9")).size).toBe(0);
    expect(parseDigestIndex("").size).toBe(0);
  });
});

describe("newEntries", () => {
  it("adds verified images whose file stayed the same clean blob, and nothing already known", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "mio-digests-"));
    try {
      const image = (name: string, status: ImageResult["status"]): ImageResult => ({
        path: name,
        absolutePath: path.join(root, name),
        status,
        key: `images/${name}`,
        url: `https://cdn/${name}`,
        ...entry(name.length),
      });
      for (const name of ["a.png", "bb.png", "ccc.png", "dddd.png", "eeeee.png"])
        await writeFile(path.join(root, name), name);
      const before = new Map([
        ["a.png", blob(1)],
        ["bb.png", blob(2)],
        ["ccc.png", blob(3)],
        ["dddd.png", blob(4)],
        ["eeeee.png", blob(5)],
      ]);
      const now = new Map(before);
      now.set("bb.png", blob(22)); // edited and committed while the run hashed it
      now.delete("ccc.png"); // edited, not committed
      const images = [
        image("a.png", "uploaded"),
        image("bb.png", "uploaded"),
        image("ccc.png", "present"),
        image("dddd.png", "failed"),
        image("eeeee.png", "present"),
      ];
      const known = new Map([[blob(5), entry(5)]]);
      const added = newEntries(images, { root, blobs: before }, now, known);
      expect([...added]).toEqual([[blob(1), entry("a.png".length)]]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("knownDigests", () => {
  it("answers at once only when the index and the listing are in, with the same rules", async () => {
    const root = await realpath(await mkdtemp(path.join(os.tmpdir(), "mio-known-")));
    try {
      const names = ["a.png", "b.png", "c.png", "d.png"];
      for (const name of names) await writeFile(path.join(root, name), "x".repeat(entry(1).size));
      const blobs = new Map(names.map((name, n) => [name, blob(n + 1)]));
      const keyOf = (sha256: string) => `images/${sha256.slice(0, 16)}.png`;
      let answerIndex = (_: Map<string, ReturnType<typeof entry>>) => {};
      let answerListing = (_: { key: string; size: number; etag: string }[]) => {};
      const sources = {
        root,
        blobs,
        index: new Promise<Map<string, ReturnType<typeof entry>>>(
          (resolve) => (answerIndex = resolve),
        ),
        listing: new Promise<{ key: string; size: number; etag: string }[]>(
          (resolve) => (answerListing = resolve),
        ),
        keyOf,
      };
      const { known, knownNow, hits } = knownDigests(sources);
      const file = (name: string, size = entry(1).size) => ({
        root,
        absolutePath: path.join(root, name),
        path: name,
        size,
      });
      const asked = known(file("a.png"));
      expect(knownNow(file("a.png"))).toBeUndefined();
      // a.png and b.png share the bytes of entry 1; c.png's entry has another size; d.png has none.
      answerIndex(
        new Map([
          [blob(1), entry(1)],
          [blob(2), entry(1)],
          [blob(3), entry(3)],
        ]),
      );
      await new Promise((resolve) => setImmediate(resolve));
      expect(knownNow(file("a.png"))).toBeUndefined(); // the listing is not in yet
      answerListing([{ key: keyOf(entry(1).sha256), size: entry(1).size, etag: entry(1).md5 }]);
      await new Promise((resolve) => setImmediate(resolve));
      const digest = { ...entry(1), head: Buffer.alloc(0) };
      expect(await asked).toEqual(digest);
      expect(knownNow(file("b.png"))).toEqual(digest);
      expect(knownNow(file("b.png", 5))).toBeUndefined(); // the file's size differs from the entry's
      expect(knownNow(file("c.png"))).toBeUndefined();
      expect(knownNow(file("d.png"))).toBeUndefined();
      expect(hits()).toBe(2);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it("trusts no entry whose object the listing shows with another MD5", async () => {
    const root = await realpath(await mkdtemp(path.join(os.tmpdir(), "mio-known-")));
    try {
      await writeFile(path.join(root, "a.png"), "x".repeat(entry(1).size));
      const keyOf = (sha256: string) => `images/${sha256.slice(0, 16)}.png`;
      const { known, knownNow } = knownDigests({
        root,
        blobs: new Map([["a.png", blob(1)]]),
        index: Promise.resolve(new Map([[blob(1), entry(1)]])),
        listing: Promise.resolve([
          { key: keyOf(entry(1).sha256), size: entry(1).size, etag: entry(2).md5 },
        ]),
        keyOf,
      });
      const file = {
        root,
        absolutePath: path.join(root, "a.png"),
        path: "a.png",
        size: entry(1).size,
      };
      expect(await known(file)).toBeUndefined();
      expect(knownNow(file)).toBeUndefined();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe("blobFinder", () => {
  it("finds a file's blob by its path under the real root, and none outside it", async () => {
    const parent = await realpath(await mkdtemp(path.join(os.tmpdir(), "mio-finder-")));
    try {
      const root = path.join(parent, "blog");
      await mkdir(path.join(root, "img"), { recursive: true });
      const blobs = new Map([
        ["img/a.png", blob(1)],
        ["../blog-other/x.png", blob(2)],
      ]);
      const find = blobFinder(root, blobs);
      expect(find(path.join(root, "img/a.png"))).toBe(blob(1));
      expect(find(path.join(root, "img/missing.png"))).toBeUndefined();
      // A sibling whose name starts with the root's is not inside it.
      expect(find(path.join(parent, "blog-other/x.png"))).toBeUndefined();
      expect(find(`${root}${path.sep}..${path.sep}blog-other${path.sep}x.png`)).toBeUndefined();
      expect(find(root)).toBeUndefined();
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
