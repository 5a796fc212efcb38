import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSiteDetector } from "../../../src/engine/generators/detect.js";
import { Vault } from "../../../src/engine/generators/vault.js";

let root: string;
async function put(file: string, text = ""): Promise<void> {
  await mkdir(path.dirname(path.join(root, file)), { recursive: true });
  await writeFile(path.join(root, file), text);
}

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "mio-detect-"));
  await put("hugo-new/hugo.toml", 'title = "x"\n');
  await put("hugo-old/config.toml", 'baseURL = "https://example.org/"\n');
  await put("not-hugo/config.toml", "[tool]\nname = 'x'\n");
  await put("jekyll/_config.yml", "title: x\n");
  await put("hexo/_config.yml", "title: x\n");
  await put("hexo/package.json", '{"dependencies": {"hexo": "^7.0.0"}}\n');
  await put("hexo/themes/matery/_config.yml", "menu: {}\n");
  await put("astro/astro.config.mjs");
  await put("docusaurus/docusaurus.config.ts");
  await put("mkdocs/mkdocs.yml", "site_name: x\ndocs_dir: 'content' # the pages\n");
  await put("vitepress/docs/.vitepress/config.mts");
  await put("eleventy/.eleventy.js");
  await put("docfx/docfx.json", "{}");
  await put("quartz/quartz.config.ts");
  await put("vault/.obsidian/app.json", "{}");
  await put("vault/hugo-inside/hugo.yaml", "title: x\n");
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("generator detection", () => {
  it("finds the nearest configuration above each content file", () => {
    const detect = createSiteDetector(root);
    const of = (file: string) => {
      const site = detect(file);
      return site && [site.generator, site.folder, site.evidence];
    };
    expect(of("hugo-new/content/posts/a/index.md")).toEqual([
      "hugo",
      "hugo-new",
      "hugo-new/hugo.toml",
    ]);
    expect(of("hugo-old/content/a.md")).toEqual(["hugo", "hugo-old", "hugo-old/config.toml"]);
    expect(of("not-hugo/a.md")).toBeUndefined();
    expect(of("jekyll/_posts/2024-01-01-a.md")).toEqual(["jekyll", "jekyll", "jekyll/_config.yml"]);
    expect(of("hexo/source/_posts/a.md")).toEqual(["hexo", "hexo", "hexo/_config.yml"]);
    // A theme's own _config.yml is its settings: its files belong to the site around it.
    expect(of("hexo/themes/matery/README.md")).toEqual(["hexo", "hexo", "hexo/_config.yml"]);
    expect(of("astro/src/content/blog/a.md")?.[0]).toBe("astro");
    expect(of("docusaurus/docs/a.mdx")?.[0]).toBe("docusaurus");
    expect(of("vitepress/docs/guide/a.md")).toEqual([
      "vitepress",
      "vitepress/docs",
      "vitepress/docs/.vitepress/config.mts",
    ]);
    expect(of("eleventy/posts/a.md")?.[0]).toBe("eleventy");
    expect(of("docfx/docs/a.md")?.[0]).toBe("docfx");
    expect(of("quartz/content/a.md")).toEqual([
      "quartz",
      "quartz/content",
      "quartz/quartz.config.ts",
    ]);
    expect(of("vault/Notes/a.md")).toEqual(["obsidian", "vault", "vault/.obsidian/"]);
    expect(of("vault/hugo-inside/content/a.md")?.[0]).toBe("hugo");
    expect(of("README.md")).toBeUndefined();
  });

  it("reads MkDocs' docs_dir", () => {
    expect(createSiteDetector(root)("mkdocs/content/a.md")?.docsDir).toBe("content");
  });
});

describe("a vault's name lookup", () => {
  it("matches by path suffix, case-insensitively and in NFC, the shortest path first", async () => {
    await put("v/attachments/Pasted Image 1.png");
    await put("v/deep/er/Pasted image 1.png");
    await put("v/a/Café.png".normalize("NFD"));
    await put("v/x/dup.png");
    await put("v/y/dup.png");
    await put("v/.obsidian/hidden.png");
    const vault = new Vault(root, "v");
    expect(vault.find("pasted image 1.png")).toEqual({
      kind: "found",
      path: "v/attachments/Pasted Image 1.png",
    });
    expect(vault.find("er/Pasted image 1.png")).toEqual({
      kind: "found",
      path: "v/deep/er/Pasted image 1.png",
    });
    expect(vault.find("Café.png".normalize("NFC"))).toMatchObject({ kind: "found" });
    expect(vault.find("dup.png")).toEqual({
      kind: "ambiguous",
      paths: ["v/x/dup.png", "v/y/dup.png"],
    });
    expect(vault.find("hidden.png")).toEqual({ kind: "none" });
  });
});
