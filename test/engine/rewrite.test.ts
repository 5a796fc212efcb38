import {
  chmodSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import {
  chmod,
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ItemError } from "../../src/core/errors.js";
import { writeFileAtomic, writeFileAtomicFast } from "../../src/engine/atomic-write.js";
import { applyEdits, planEdits, type SkippedEdit } from "../../src/engine/rewrite.js";
import type { Edit, Reference, ReferenceKind, ResolvedReference } from "../../src/engine/types.js";

const FIXTURES = fileURLToPath(new URL("../fixtures/rewrite/", import.meta.url));
const CDN = "https://cdn.example.com/images";

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "rewrite-"));
  await mkdir(path.join(root, "content"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Copies a fixture into the temp repository and returns its bytes. */
async function install(fixture: string, file: string): Promise<Buffer> {
  const bytes = await readFile(path.join(FIXTURES, fixture));
  await writeFile(path.join(root, file), bytes);
  return bytes;
}

/** A reference to the `occurrence`-th appearance of `raw`, with real byte offsets. */
function referenceTo(
  bytes: Buffer,
  file: string,
  raw: string,
  kind: ReferenceKind,
  occurrence = 0,
): Reference {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) {
    start = bytes.indexOf(raw, start + 1, "utf8");
    if (start < 0) throw new Error(`${raw} not found in ${file}`);
  }
  const line = bytes.subarray(0, start).toString("utf8").split("\n").length;
  return { file, kind, start, end: start + Buffer.byteLength(raw), raw, destination: raw, line };
}

function local(reference: Reference, imagePath: string, suffix = ""): ResolvedReference {
  return {
    reference,
    resolution: { status: "local", absolutePath: `/repo/${imagePath}`, path: imagePath, suffix },
  };
}

const urls: Record<string, string> = {
  "content/img/cover.png": `${CDN}/aaaa.png`,
  "content/img/harbour.jpg": `${CDN}/bbbb.jpg`,
  "content/bilder/straße.png": `${CDN}/cccc.png`,
  "content/b.png": `${CDN}/dddd.png`,
};
const urlFor = (imagePath: string) => urls[imagePath];

async function crlfEdits(file = "content/trip.md"): Promise<Edit[]> {
  const bytes = await install("crlf-bom.md", file);
  return planEdits(
    [
      local(referenceTo(bytes, file, "./img/cover.png", "front-matter"), "content/img/cover.png"),
      local(
        referenceTo(bytes, file, "./img/harbour.jpg", "markdown-image"),
        "content/img/harbour.jpg",
      ),
      local(
        referenceTo(bytes, file, "./img/harbour.jpg", "html-src", 1),
        "content/img/harbour.jpg",
      ),
    ],
    urlFor,
  );
}

describe("applyEdits", () => {
  // durable: false is the Action's way (an ephemeral runner): synchronous writes, no fsync.
  it.each([true, false])(
    "changes only the destinations of a CRLF file with a BOM and no final newline (durable: %s)",
    async (durable) => {
      const edits = await crlfEdits();
      const written = await applyEdits(root, edits, root, durable);

      expect(written).toEqual(["content/trip.md"]);
      const original = (await readFile(path.join(FIXTURES, "crlf-bom.md"))).toString("utf8");
      const expected = original
        .replace("./img/cover.png", `${CDN}/aaaa.png`)
        .replaceAll("./img/harbour.jpg", `${CDN}/bbbb.jpg`);
      const after = await readFile(path.join(root, "content/trip.md"));
      expect(after.equals(Buffer.from(expected, "utf8"))).toBe(true);
      expect([...after.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      expect(after.toString("utf8")).toContain(`![harbour](${CDN}/bbbb.jpg "The harbour")   \r\n`);
      expect(after.toString("utf8").endsWith("no newline after this line.  ")).toBe(true);
    },
  );

  it("uses byte offsets: multi-byte text before the edits and several edits on one line", async () => {
    const file = "content/unicode.md";
    const bytes = await install("unicode.md", file);
    const edits = planEdits(
      [
        local(
          referenceTo(bytes, file, "./bilder/straße.png", "markdown-image"),
          "content/bilder/straße.png",
        ),
        local(
          referenceTo(bytes, file, "./b.png?w=100#top", "markdown-image"),
          "content/b.png",
          "?w=100#top",
        ),
        local(
          referenceTo(bytes, file, "./bilder/straße.png", "markdown-image", 1),
          "content/bilder/straße.png",
        ),
      ],
      urlFor,
    );
    expect(edits).toHaveLength(3);

    await applyEdits(root, edits);

    expect(await readFile(path.join(root, file), "utf8")).toBe(
      "# Ünïcödé 🎉 日本語\n\nGrüße aus Köln — " +
        `![ß](${CDN}/cccc.png) ![b](${CDN}/dddd.png?w=100#top) ![ß again](${CDN}/cccc.png)\n\n` +
        "[![t](./t.png)](./full.png)\n",
    );
  });

  it("writes nothing when a file changed since it was parsed, and names that file", async () => {
    const edits = await crlfEdits("content/trip.md");
    const other = await install("unicode.md", "content/unicode.md");
    const otherEdits = planEdits(
      [
        local(
          referenceTo(other, "content/unicode.md", "./b.png?w=100#top", "markdown-image"),
          "content/b.png",
          "?w=100#top",
        ),
      ],
      urlFor,
    );
    const edited = `<!-- a writer saved the file meanwhile -->\r\n${await readFile(path.join(root, "content/trip.md"), "utf8")}`;
    await writeFile(path.join(root, "content/trip.md"), edited);

    const attempt = applyEdits(root, [...edits, ...otherEdits]);

    await expect(attempt).rejects.toBeInstanceOf(ItemError);
    await expect(attempt).rejects.toThrow(
      "content/trip.md changed while the run was in progress; run again.",
    );
    expect(await readFile(path.join(root, "content/trip.md"), "utf8")).toBe(edited);
    // All or nothing: the unchanged file is not rewritten either.
    expect((await readFile(path.join(root, "content/unicode.md"))).equals(other)).toBe(true);
    expect((await readdir(path.join(root, "content"))).sort()).toEqual(["trip.md", "unicode.md"]);
  });

  it("treats a file deleted since it was parsed as changed", async () => {
    const edits = await crlfEdits();
    await rm(path.join(root, "content/trip.md"));
    await expect(applyEdits(root, edits)).rejects.toThrow("content/trip.md changed while the run");
  });

  it("leaves no temp file behind and keeps the permission bits", async () => {
    const edits = await crlfEdits();
    await chmod(path.join(root, "content/trip.md"), 0o664);

    await applyEdits(root, edits);

    expect(await readdir(path.join(root, "content"))).toEqual(["trip.md"]);
    if (process.platform !== "win32") {
      expect((await stat(path.join(root, "content/trip.md"))).mode & 0o777).toBe(0o664);
    }
  });

  it("writes through a symlinked content file, so the link stays a link", async () => {
    await crlfEdits("content/real.md");
    await symlink("real.md", path.join(root, "content/trip.md"));
    const bytes = await readFile(path.join(root, "content/trip.md"));
    const edits = planEdits(
      [
        local(
          referenceTo(bytes, "content/trip.md", "./img/cover.png", "front-matter"),
          "content/img/cover.png",
        ),
      ],
      urlFor,
    );

    await applyEdits(root, edits);

    expect((await stat(path.join(root, "content/trip.md"))).isFile()).toBe(true);
    expect(await readFile(path.join(root, "content/real.md"), "utf8")).toContain(
      `cover: ${CDN}/aaaa.png\r\n`,
    );
    expect((await lstat(path.join(root, "content/trip.md"))).isSymbolicLink()).toBe(true);
  });

  it("refuses overlapping edits without touching the file", async () => {
    const bytes = await install("unicode.md", "content/unicode.md");
    const reference = referenceTo(
      bytes,
      "content/unicode.md",
      "./b.png?w=100#top",
      "markdown-image",
    );
    const first: Edit = {
      file: reference.file,
      start: reference.start,
      end: reference.end,
      oldText: reference.raw,
      newText: "x",
      line: 3,
    };
    const second: Edit = {
      ...first,
      start: first.start + 2,
      oldText: reference.raw.slice(2),
      newText: "y",
    };

    await expect(applyEdits(root, [first, second])).rejects.toThrow(
      /overlapping edits in content\/unicode.md/,
    );
    expect((await readFile(path.join(root, "content/unicode.md"))).equals(bytes)).toBe(true);
  });

  it("refuses a file outside the root", async () => {
    const edit: Edit = {
      file: "../outside.md",
      start: 0,
      end: 1,
      oldText: "x",
      newText: "y",
      line: 1,
    };
    await expect(applyEdits(root, [edit])).rejects.toThrow(
      "../outside.md is not a file inside the repository",
    );
  });

  it("returns no files for no edits", async () => {
    expect(await applyEdits(root, [])).toEqual([]);
  });
});

describe("writeFileAtomic", () => {
  it("removes its temp file when the final rename fails", async () => {
    // Renaming a file over a non-empty directory fails after the temp file was written.
    await mkdir(path.join(root, "content/occupied"));
    await writeFile(path.join(root, "content/occupied/keep.txt"), "x");

    await expect(writeFileAtomic(path.join(root, "content/occupied"), "new")).rejects.toThrow();

    expect(await readdir(path.join(root, "content"))).toEqual(["occupied"]);
  });

  it("without durability still replaces the file whole, keeping its mode and no temp file", async () => {
    const target = path.join(root, "content/post.md");
    await writeFile(target, "old\n", { mode: 0o640 });
    await chmod(target, 0o640);
    await writeFileAtomic(target, "new\n", { durable: false });
    expect(await readFile(target, "utf8")).toBe("new\n");
    expect((await stat(target)).mode & 0o777).toBe(0o640);
    expect(await readdir(path.join(root, "content"))).toEqual(["post.md"]);
  });

  it("creates a new file with the usual permissions", async () => {
    await writeFileAtomic(path.join(root, "content/new.json"), "{}\n");
    expect(await readFile(path.join(root, "content/new.json"), "utf8")).toBe("{}\n");
    expect(await readdir(path.join(root, "content"))).toEqual(["new.json"]);
  });
});

describe("writeFileAtomicFast", () => {
  it("replaces the file whole, keeping its mode, and leaves no temp file", async () => {
    const target = path.join(root, "content/post.md");
    writeFileSync(target, "old\n", { mode: 0o640 });
    chmodSync(target, 0o640);
    await writeFileAtomicFast(target, "new\n");
    expect(readFileSync(target, "utf8")).toBe("new\n");
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(readdirSync(path.join(root, "content"))).toEqual(["post.md"]);
  });

  it("writes through a symbolic link, which stays a link", async () => {
    const real = path.join(root, "content/real.md");
    writeFileSync(real, "old\n");
    symlinkSync("real.md", path.join(root, "content/link.md"));
    await writeFileAtomicFast(path.join(root, "content/link.md"), "new\n");
    expect(readFileSync(real, "utf8")).toBe("new\n");
    expect(lstatSync(path.join(root, "content/link.md")).isSymbolicLink()).toBe(true);
  });

  it("keeps the mode of a symlink's target, and writes inside a symlinked folder", async () => {
    const real = path.join(root, "content/secret.md");
    writeFileSync(real, "old\n");
    chmodSync(real, 0o600);
    symlinkSync("secret.md", path.join(root, "content/secret-link.md"));
    await writeFileAtomicFast(path.join(root, "content/secret-link.md"), "new\n");
    expect(statSync(real).mode & 0o777).toBe(0o600);
    mkdirSync(path.join(root, "shared"));
    writeFileSync(path.join(root, "shared/post.md"), "old\n");
    symlinkSync(path.join(root, "shared"), path.join(root, "content/linked"));
    await writeFileAtomicFast(path.join(root, "content/linked/post.md"), "new\n");
    expect(readFileSync(path.join(root, "shared/post.md"), "utf8")).toBe("new\n");
    expect(lstatSync(path.join(root, "content/linked")).isSymbolicLink()).toBe(true);
    expect(readdirSync(path.join(root, "shared"))).toEqual(["post.md"]);
  });

  it("replaces a dangling symbolic link with the file", async () => {
    symlinkSync("gone.md", path.join(root, "content/dangling.md"));
    await writeFileAtomicFast(path.join(root, "content/dangling.md"), "new\n");
    expect(lstatSync(path.join(root, "content/dangling.md")).isFile()).toBe(true);
    expect(readFileSync(path.join(root, "content/dangling.md"), "utf8")).toBe("new\n");
  });

  it("removes its temp file when the final rename fails", async () => {
    mkdirSync(path.join(root, "content/occupied"));
    writeFileSync(path.join(root, "content/occupied/keep.txt"), "x");
    await expect(writeFileAtomicFast(path.join(root, "content/occupied"), "new")).rejects.toThrow();
    expect(readdirSync(path.join(root, "content"))).toEqual(["occupied"]);
  });
});

describe("planEdits", () => {
  const file = "content/post.md";
  function ref(raw: string, kind: ReferenceKind = "markdown-image", start = 10): Reference {
    return {
      file,
      kind,
      start,
      end: start + Buffer.byteLength(raw),
      raw,
      destination: raw,
      line: 4,
    };
  }

  it("keeps the ?query#fragment suffix on the new URL", () => {
    const edits = planEdits(
      [local(ref("./b.png?w=100#top"), "content/b.png", "?w=100#top")],
      urlFor,
    );
    expect(edits).toEqual([
      {
        file,
        start: 10,
        end: 27,
        oldText: "./b.png?w=100#top",
        newText: `${CDN}/dddd.png?w=100#top`,
        line: 4,
      },
    ]);
  });

  it("plans no edit for an image that is not verified present, nor for non-local references", () => {
    const edits = planEdits(
      [
        local(ref("./unverified.png"), "content/unverified.png"),
        {
          reference: ref("./gone.png", "markdown-image", 40),
          resolution: { status: "missing", candidates: ["content/gone.png"] },
        },
        {
          reference: ref("../../etc/passwd", "markdown-link", 60),
          resolution: { status: "refused", reason: "outside" },
        },
        {
          reference: ref("https://x.test/a.png", "markdown-image", 90),
          resolution: { status: "ignored", reason: "remote" },
        },
      ],
      urlFor,
    );
    expect(edits).toEqual([]);
  });

  it("plans nothing when the destination already is the URL", () => {
    const url = `${CDN}/dddd.png`;
    expect(planEdits([local(ref(url), "content/b.png")], urlFor)).toEqual([]);
  });

  it("drops a second edit of the same range and sorts by file and position", () => {
    const later = { ...ref("./b.png", "markdown-image", 50) };
    const other = { ...ref("./b.png", "markdown-image", 5), file: "content/a.md" };
    const edits = planEdits(
      [
        local(later, "content/b.png"),
        local(ref("./b.png"), "content/b.png"),
        local(later, "content/b.png"),
        local(other, "content/b.png"),
      ],
      urlFor,
    );
    expect(edits.map((edit) => `${edit.file}@${edit.start}`)).toEqual([
      "content/a.md@5",
      "content/post.md@10",
      "content/post.md@50",
    ]);
  });

  it.each<[string, ReferenceKind, string]>([
    ["a space in a Markdown destination", "markdown-image", `${CDN}/my pic.png`],
    ["an unbalanced parenthesis in a Markdown destination", "definition", `${CDN}/a(1.png`],
    ["a quote in an HTML attribute", "html-src", `${CDN}/a".png`],
    ["a single quote in an attribute", "html-href", `${CDN}/it's.png`],
    ["a flow character in a YAML scalar", "front-matter", `${CDN}/a[1].png`],
    ["a newline anywhere", "markdown-image", `${CDN}/a\n.png`],
    ["an HTML entity in the URL", "html-src", `${CDN}/a&amp;b.png`],
  ])("skips an edit with %s and reports it", (_name, kind, url) => {
    const skipped: SkippedEdit[] = [];
    const edits = planEdits(
      [local(ref("./a.png", kind), "content/a.png")],
      () => url,
      (skip) => skipped.push(skip),
    );
    expect(edits).toEqual([]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0]).toMatchObject({ file, line: 4, destination: "./a.png", newText: url });
    expect(skipped[0]?.message).toMatch(/the link was left as it is/);
  });

  it("accepts characters that are fine in that context", () => {
    const parens = planEdits(
      [local(ref("./a.png", "html-src"), "content/a.png")],
      () => `${CDN}/a(1.png`,
    );
    const brackets = planEdits([local(ref("./a.png"), "content/a.png")], () => `${CDN}/a[1].png`);
    const entityInSuffix = planEdits(
      [local(ref("./a.png?x=1&amp;y=2", "html-src"), "content/a.png", "?x=1&amp;y=2")],
      () => `${CDN}/a.png`,
    );
    expect([parens, brackets, entityInSuffix].map((edits) => edits.length)).toEqual([1, 1, 1]);
    expect(entityInSuffix[0]?.newText).toBe(`${CDN}/a.png?x=1&amp;y=2`);
  });
});
