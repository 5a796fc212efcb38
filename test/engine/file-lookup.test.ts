/**
 * The run's file lookup, which the manifest's check and the resolve share: what it says
 * about a file inside the repository, a missing one, and symlinks inside and out.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createFileLookup } from "../../src/engine/file-lookup.js";

// Real path, so expected paths match where the temp dir is itself a symlink.
const base = realpathSync(mkdtempSync(path.join(os.tmpdir(), "mio-lookup-")));
const root = path.join(base, "repo");
const outside = path.join(base, "outside");
mkdirSync(path.join(root, "img"), { recursive: true });
mkdirSync(outside);
writeFileSync(path.join(root, "img/a.png"), "12345");
writeFileSync(path.join(outside, "secret.png"), "secret");
symlinkSync("a.png", path.join(root, "img/alias.png"));
symlinkSync(path.join(outside, "secret.png"), path.join(root, "img/escape.png"));
symlinkSync(path.join(root, "img"), path.join(root, "pics"));
symlinkSync(outside, path.join(root, "elsewhere"));
mkdirSync(path.join(root, "img/sub/deeper"), { recursive: true });
writeFileSync(path.join(root, "img/sub/deeper/b.png"), "123");
// A link to a link to a folder, and a link to nothing.
symlinkSync(path.join(root, "pics"), path.join(root, "pics-again"));
symlinkSync(path.join(root, "gone"), path.join(root, "dangling"));
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("createFileLookup", () => {
  const { lookup, realRoot } = createFileLookup(root);

  it("finds a file inside with its size", () => {
    expect(lookup(path.join(root, "img/a.png"))).toEqual({
      kind: "file",
      realPath: path.join(root, "img/a.png"),
      size: 5,
    });
    expect(realRoot()).toBe(root);
  });

  it("follows symlinks that stay inside to the real file", () => {
    for (const name of ["img/alias.png", "pics/a.png"]) {
      const found = lookup(path.join(root, name));
      expect(found).toMatchObject({ kind: "file", realPath: path.join(root, "img/a.png") });
    }
  });

  it("follows symlinked folders anywhere above a file, and links to links", () => {
    for (const name of ["pics/sub/deeper/b.png", "pics-again/sub/deeper/b.png"]) {
      expect(lookup(path.join(root, name))).toEqual({
        kind: "file",
        realPath: path.join(root, "img/sub/deeper/b.png"),
        size: 3,
      });
    }
    expect(lookup(path.join(root, "dangling/b.png"))).toEqual({ kind: "absent" });
  });

  it("says outside for a symlinked file or folder that leads out of the repository", () => {
    expect(lookup(path.join(root, "img/escape.png")).kind).toBe("outside");
    expect(lookup(path.join(root, "elsewhere/secret.png")).kind).toBe("outside");
  });

  it("says absent for a missing name, a folder, and a name under a file", () => {
    expect(lookup(path.join(root, "img/none.png"))).toEqual({ kind: "absent" });
    expect(lookup(path.join(root, "img"))).toEqual({ kind: "absent" });
    expect(lookup(path.join(root, "img/a.png/b.png"))).toEqual({ kind: "absent" });
    expect(lookup(path.join(root, "no-dir/b.png"))).toEqual({ kind: "absent" });
  });
});
