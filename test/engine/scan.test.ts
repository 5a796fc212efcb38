import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { scanContent } from "../../src/engine/scan.js";

const DEFAULT_CONTENT = ["**/*.md", "**/*.markdown", "**/*.mdx"];
const base = mkdtempSync(path.join(tmpdir(), "scan-"));
const root = path.join(base, "repo");
const outside = path.join(base, "outside");

function write(relative: string, text = "# post\n"): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

beforeAll(() => {
  for (const file of [
    "README.md",
    "posts/hello.md",
    "posts/2024/deep/nested.markdown",
    "docs/page.mdx",
    "docs/notes.txt",
    "drafts/wip.md",
    ".github/ISSUE_TEMPLATE/bug.md",
    "node_modules/pkg/README.md",
    "packages/site/node_modules/dep/CHANGELOG.md",
    ".git/description.md",
    "sub/.git/info.md",
    "Zeta.md",
    "ä.md",
  ]) {
    write(file);
  }
  mkdirSync(path.join(outside, "docs"), { recursive: true });
  writeFileSync(path.join(outside, "docs/foreign.md"), "# not ours\n");
  writeFileSync(path.join(outside, "single.md"), "# not ours\n");
  symlinkSync(outside, path.join(root, "linked-dir"));
  symlinkSync(path.join(outside, "single.md"), path.join(root, "linked-file.md"));
  symlinkSync("posts/hello.md", path.join(root, "alias.md"));
  symlinkSync("..", path.join(root, "posts/loop"));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("scanContent", () => {
  it("finds content files with the default globs, including dot directories, sorted", async () => {
    expect(await scanContent(root, DEFAULT_CONTENT)).toEqual([
      ".github/ISSUE_TEMPLATE/bug.md",
      "README.md",
      "Zeta.md",
      "docs/page.mdx",
      "drafts/wip.md",
      "posts/2024/deep/nested.markdown",
      "posts/hello.md",
      "ä.md",
    ]);
  });

  it("always leaves out node_modules and .git at any depth, even when a pattern names them", async () => {
    const found = await scanContent(root, ["**/*.md", "node_modules/**/*.md", ".git/*.md"]);
    expect(found.filter((file) => /(^|\/)(node_modules|\.git)\//.test(file))).toEqual([]);
  });

  it("applies !pattern lines as excludes and ignores blank lines", async () => {
    expect(await scanContent(root, ["**/*.md", "", "  !drafts/**  ", "!.github"])).toEqual([
      "README.md",
      "Zeta.md",
      "posts/hello.md",
      "ä.md",
    ]);
  });

  it("does not follow symbolic links, so nothing outside the repository and nothing twice", async () => {
    const found = await scanContent(root, ["**/*.md"]);
    expect(
      found.some((file) => file.startsWith("linked-dir/") || file.startsWith("posts/loop/")),
    ).toBe(false);
    expect(found).not.toContain("linked-file.md");
    expect(found).not.toContain("alias.md");
    expect(found.filter((file) => file === "posts/hello.md")).toHaveLength(1);
  });

  it("drops matches outside the repository from ../ and absolute patterns", async () => {
    expect(await scanContent(root, ["../outside/*.md", `${outside}/**/*.md`, "README.md"])).toEqual(
      ["README.md"],
    );
  });

  it("returns an empty list when nothing matches", async () => {
    expect(await scanContent(root, ["**/*.rst"])).toEqual([]);
  });

  it.each([[[]], [["!drafts/**"]], [["", "  "]]])(
    "refuses %j: there is nothing to include",
    async (patterns) => {
      const error = await scanContent(root, patterns).catch((thrown: unknown) => thrown);
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).input).toBe("content");
    },
  );
});
