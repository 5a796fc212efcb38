import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ASTRO_CONFIGS, folderNames, siteFolders } from "../../src/engine/site-folders.js";

const root = mkdtempSync(path.join(tmpdir(), "site-folders-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function file(relative: string, text = ""): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), text);
}

describe("siteFolders", () => {
  it("finds the nearest folder above a file that holds a configuration", () => {
    file("site/astro.config.mjs", "export default {}");
    file("site/src/content/blog/post.md");
    file("other/notes/post.md");
    const astroOf = siteFolders(root, ASTRO_CONFIGS);
    expect(astroOf("site/src/content/blog/post.md")).toBe("site");
    expect(astroOf("other/notes/post.md")).toBeUndefined();
  });

  it("counts no dangling symlink as a configuration; a folder that cannot be read has no names", () => {
    file("broken/posts/post.md");
    symlinkSync("missing.mjs", path.join(root, "broken/astro.config.mjs"));
    const names = folderNames(root);
    const astroOf = siteFolders(root, ASTRO_CONFIGS, names);
    expect(astroOf("broken/posts/post.md")).toBeUndefined();
    // Listed by the folder's one read, then refused because it leads nowhere.
    expect(names("broken").has("astro.config.mjs")).toBe(true);
    expect(names("no-such-folder").size).toBe(0);
  });
});
