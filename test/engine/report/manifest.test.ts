import { mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  buildManifest,
  writeManifest,
  writeRunManifest,
} from "../../../src/engine/report/manifest.js";
import type { ImageResult, ResolvedReference } from "../../../src/engine/types.js";

function image(imagePath: string, overrides: Partial<ImageResult> = {}): ImageResult {
  const hash = imagePath.length.toString(16).padStart(64, "0");
  return {
    path: imagePath,
    absolutePath: `/repo/${imagePath}`,
    size: 1234,
    sha256: hash,
    md5: hash.slice(0, 32),
    contentType: "image/png",
    key: `images/${hash.slice(0, 16)}.png`,
    url: `https://cdn.example.com/images/${hash.slice(0, 16)}.png`,
    status: "uploaded",
    ...overrides,
  };
}

function localRef(file: string, imagePath: string, line = 1): ResolvedReference {
  return {
    reference: {
      file,
      kind: "markdown-image",
      start: 0,
      end: 5,
      raw: "x.png",
      destination: "x.png",
      line,
    },
    resolution: {
      status: "local",
      absolutePath: `/repo/${imagePath}`,
      path: imagePath,
      suffix: "",
    },
  };
}

describe("buildManifest", () => {
  const logo = image("static/logo.png");
  const broken = image("posts/huge.png", {
    status: "failed",
    reason: "huge.png is 80 MB, over max-size 50 MB.",
  });
  const resolved: ResolvedReference[] = [
    localRef("posts/b.md", "static/logo.png"),
    localRef("posts/a.md", "static/logo.png"),
    localRef("posts/a.md", "static/logo.png", 9),
    // Same bytes under another name: deduplicated into the logo's ImageResult.
    localRef("posts/c.md", "posts/img/logo-copy.png"),
    localRef("posts/c.md", "posts/huge.png"),
    {
      reference: {
        file: "posts/c.md",
        kind: "markdown-image",
        start: 9,
        end: 15,
        raw: "no.png",
        destination: "no.png",
        line: 3,
      },
      resolution: { status: "missing", candidates: ["posts/no.png"] },
    },
  ];
  const groups = new Map([
    ["static/logo.png", logo],
    ["posts/img/logo-copy.png", logo],
    ["posts/huge.png", broken],
  ]);

  it("lists every source path, sorted, with the files that reference it", () => {
    const manifest = buildManifest([logo, broken], resolved, (p) => groups.get(p));

    expect(manifest).toEqual([
      {
        source: "posts/huge.png",
        sha256: broken.sha256,
        key: broken.key,
        url: broken.url,
        bytes: 1234,
        status: "failed",
        reason: "huge.png is 80 MB, over max-size 50 MB.",
        referencedFrom: ["posts/c.md"],
      },
      {
        source: "posts/img/logo-copy.png",
        sha256: logo.sha256,
        key: logo.key,
        url: logo.url,
        bytes: 1234,
        status: "uploaded",
        referencedFrom: ["posts/c.md"],
      },
      {
        source: "static/logo.png",
        sha256: logo.sha256,
        key: logo.key,
        url: logo.url,
        bytes: 1234,
        status: "uploaded",
        referencedFrom: ["posts/a.md", "posts/b.md"],
      },
    ]);
  });

  it("without a lookup, knows only each image's first path", () => {
    const manifest = buildManifest([logo, broken], resolved);
    expect(manifest.map((entry) => entry.source)).toEqual(["posts/huge.png", "static/logo.png"]);
  });
});

describe("writeManifest", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(path.join(tmpdir(), "manifest-"));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("writes versioned pretty JSON into a directory it creates, leaving no temp file", async () => {
    const manifest = buildManifest(
      [image("static/logo.png")],
      [localRef("posts/a.md", "static/logo.png")],
    );
    const target = path.join(directory, "out", "md-image-offload-manifest.json");

    await writeManifest(target, manifest);

    const text = await readFile(target, "utf8");
    expect(JSON.parse(text)).toEqual({ version: 1, images: manifest });
    expect(text).toContain('\n  "version": 1,\n');
    expect(text.endsWith("}\n")).toBe(true);
    expect(await readdir(path.join(directory, "out"))).toEqual(["md-image-offload-manifest.json"]);
  });

  it("replaces an earlier manifest", async () => {
    const target = path.join(directory, "manifest.json");
    await writeManifest(target, buildManifest([image("a.png")], []));
    await writeManifest(target, []);
    expect(JSON.parse(await readFile(target, "utf8"))).toEqual({ version: 1, images: [] });
  });
});

describe("writeRunManifest", () => {
  it("writes into a new private directory each run, never through a planted symlink", async () => {
    const shared = await mkdtemp(path.join(tmpdir(), "shared-tmp-"));
    const victim = path.join(shared, "victim.txt");
    await writeFile(victim, "precious\n");
    // What an attacker could plant at the names the old code wrote to.
    for (const name of ["md-image-offload-manifest.json", "md-image-offload-4242.json"])
      await symlink(victim, path.join(shared, name));

    const first = await writeRunManifest(shared, []);
    const second = await writeRunManifest(shared, []);

    expect(first).not.toBe(second);
    expect(path.dirname(path.dirname(first))).toBe(shared);
    expect((await stat(path.dirname(first))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(first, "utf8"))).toEqual({ version: 1, images: [] });
    expect(await readFile(victim, "utf8")).toBe("precious\n");
    await rm(shared, { recursive: true, force: true });
  });
});
