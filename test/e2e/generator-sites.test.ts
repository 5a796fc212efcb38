/**
 * One fixture site per generator, laid out as real sites of that generator are, run through
 * the built Action (`node dist/index.js`, workspace mode) against s3rver. For each site the
 * table below names every image reference the generator renders, as the text that must
 * change and what it must become; the test asserts that each file is exactly its original
 * with those replacements (every other byte unchanged), that every new URL serves the
 * image's bytes, and that a second run uploads nothing and changes nothing.
 */
import { createHash } from "node:crypto";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../support/run-action.js";
import { s3rverActionInputs, startS3rver } from "../support/s3rver.js";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/generators");
const bucket = "generator-sites";
let server: Awaited<ReturnType<typeof startS3rver>>;
beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
});
afterAll(async () => {
  await server?.stop();
});

/**
 * In `file`, `from` (unique in the file) becomes `to`, where `{url}` stands for the URL of
 * the site's image at `image`.
 */
interface Rewrite {
  readonly file: string;
  readonly from: string;
  readonly to: string;
  readonly image: string;
}

interface SiteCase {
  readonly site: string;
  readonly log: readonly (string | RegExp)[];
  readonly rewrites: readonly Rewrite[];
}

const r = (file: string, from: string, to: string, image: string): Rewrite => ({
  file,
  from,
  to,
  image,
});

const HUGO_BUNDLE = "content/posts/page-bundle/index.md";
const HUGO_PLAIN = "content/posts/plain-post.md";
const JEKYLL_POST = "_posts/2024-02-18-profiling-the-parser.md";
const HEXO_POST = "source/_posts/hello-hexo.md";
const NOTE = "Notes/Projects/Garden sensor.md";
const DOCFX = "docs/get-started.md";
const ELEVENTY = "src/posts/first-light.md";

const CASES: readonly SiteCase[] = [
  {
    site: "hugo",
    log: ["The repository is a Hugo site: hugo.toml"],
    rewrites: [
      r(
        HUGO_BUNDLE,
        'images = ["cover.png"]',
        'images = ["{url}"]',
        "content/posts/page-bundle/cover.png",
      ),
      r(
        HUGO_BUNDLE,
        'image = "cover.png"',
        'image = "{url}"',
        "content/posts/page-bundle/cover.png",
      ),
      r(HUGO_BUNDLE, 'src="wiring.png"', 'src="{url}"', "content/posts/page-bundle/wiring.png"),
      r(
        HUGO_BUNDLE,
        "src='relay board.png'",
        "src='{url}'",
        "content/posts/page-bundle/relay board.png",
      ),
      r(HUGO_BUNDLE, "(sensors.png)", "({url})", "content/posts/page-bundle/sensors.png"),
      r(HUGO_PLAIN, "image: /images/header.png", "image: {url}", "static/images/header.png"),
      r(HUGO_PLAIN, "src=/images/chart.png", "src={url}", "static/images/chart.png"),
      r(HUGO_PLAIN, "(/images/diagram.png ", "({url} ", "static/images/diagram.png"),
    ],
  },
  {
    site: "jekyll",
    log: [
      "The repository is a Jekyll site: _config.yml",
      /::warning file=_posts\/2024-02-18-profiling-the-parser\.md,line=29::Image not found: \{\{ site\.baseurl \}\}\/assets\/images\/never-committed\.png/,
    ],
    rewrites: [
      r(
        JEKYLL_POST,
        "overlay_image: /assets/images/header-flame.png",
        "overlay_image: {url}",
        "assets/images/header-flame.png",
      ),
      r(
        JEKYLL_POST,
        "teaser: assets/images/teaser-flame.png",
        "teaser: {url}",
        "assets/images/teaser-flame.png",
      ),
      r(
        JEKYLL_POST,
        "path: /assets/images/social-flame.png",
        "path: {url}",
        "assets/images/social-flame.png",
      ),
      r(
        JEKYLL_POST,
        "({{ site.baseurl }}/assets/images/flame-1.png)",
        "({url})",
        "assets/images/flame-1.png",
      ),
      r(
        JEKYLL_POST,
        "({{ site.url }}{{ site.baseurl }}/assets/images/flame-2.png)",
        "({url})",
        "assets/images/flame-2.png",
      ),
      r(
        JEKYLL_POST,
        `"{{ '/assets/images/flame-3.png' | relative_url }}"`,
        `"{url}"`,
        "assets/images/flame-3.png",
      ),
      r(
        JEKYLL_POST,
        "({% link assets/images/flame-1.png %})",
        "({url})",
        "assets/images/flame-1.png",
      ),
      r(
        "_pages/about.md",
        '"/assets/images/about-banner.png"',
        '"{url}"',
        "assets/images/about-banner.png",
      ),
      r(
        "_pages/about.md",
        '({{ "/assets/images/portrait.png" | absolute_url }})',
        "({url})",
        "assets/images/portrait.png",
      ),
      r(
        "_pages/about.md",
        'image_path="/assets/images/desk.png"',
        'image_path="{url}"',
        "assets/images/desk.png",
      ),
    ],
  },
  {
    site: "hexo",
    log: ["The repository is a Hexo site: _config.yml"],
    rewrites: [
      r(
        HEXO_POST,
        "index_img: /images/index-card.png",
        "index_img: {url}",
        "source/images/index-card.png",
      ),
      r(
        HEXO_POST,
        "banner_img: /images/banner.png",
        "banner_img: {url}",
        "source/images/banner.png",
      ),
      r(
        HEXO_POST,
        "{% asset_img 截图.png 设置页面 %}",
        "![设置页面]({url})",
        "source/_posts/hello-hexo/截图.png",
      ),
      r(
        HEXO_POST,
        '{% asset_img wide.png 800 400 "Wide view" %}',
        "![Wide view]({url})",
        "source/_posts/hello-hexo/wide.png",
      ),
      r(
        HEXO_POST,
        "{% asset_path 截图.png %}",
        "{% asset_path {url} %}",
        "source/_posts/hello-hexo/截图.png",
      ),
      r(
        HEXO_POST,
        "{% img /images/logo.png 120 %}",
        "{% img {url} 120 %}",
        "source/images/logo.png",
      ),
      r("source/about/index.md", "(/images/avatar.png)", "({url})", "source/images/avatar.png"),
    ],
  },
  {
    site: "obsidian",
    log: [
      "The repository is an Obsidian vault: .obsidian/",
      /::warning file=Notes\/Projects\/Garden sensor\.md,line=18::Image name is ambiguous: shared\.png matches Archive\/shared\.png, attachments\/shared\.png/,
    ],
    rewrites: [
      r(
        NOTE,
        "![[Pasted image 20241102145208.png]]",
        "![Pasted image 20241102145208]({url})",
        "attachments/Pasted image 20241102145208.png",
      ),
      r(NOTE, "![[enclosure.png|300]]", "![enclosure|300]({url})", "attachments/enclosure.png"),
      r(
        NOTE,
        "![[figures/pinout.png|300x200]]",
        "![pinout|300x200]({url})",
        "Notes/figures/pinout.png",
      ),
      r(NOTE, "![[icons.svg#moisture]]", "![icons]({url}#moisture)", "attachments/icons.svg"),
      r(NOTE, "(wiring-plan.png)", "({url})", "attachments/wiring-plan.png"),
      r(
        "Daily/2024-11-02.md",
        "![[Pasted image 20241102145208.png|200]]",
        "![Pasted image 20241102145208|200]({url})",
        "attachments/Pasted image 20241102145208.png",
      ),
      r("Daily/2024-11-02.md", "(/figures/pinout.png)", "({url})", "Notes/figures/pinout.png"),
    ],
  },
  {
    site: "docfx",
    log: ["The repository is a DocFX site: docfx.json"],
    rewrites: [
      r(
        DOCFX,
        'source="media/get-started/sign-in.png"',
        'source="{url}"',
        "docs/media/get-started/sign-in.png",
      ),
      r(
        DOCFX,
        'source="media/get-started/settings.png"',
        'source="{url}"',
        "docs/media/get-started/settings.png",
      ),
      r(
        DOCFX,
        'lightbox="media/get-started/settings-large.png"',
        'lightbox="{url}"',
        "docs/media/get-started/settings-large.png",
      ),
      r(
        DOCFX,
        'source="media/get-started/architecture.png"',
        'source="{url}"',
        "docs/media/get-started/architecture.png",
      ),
      r(DOCFX, "(media/get-started/legacy.png)", "({url})", "docs/media/get-started/legacy.png"),
    ],
  },
  {
    site: "eleventy",
    log: [
      "The repository is an Eleventy site: eleventy.config.js",
      "1 image(s) named by Eleventy Image's {% image %} shortcode, left to that pipeline.",
    ],
    rewrites: [
      r(
        ELEVENTY,
        "image: /img/first-light-card.png",
        "image: {url}",
        "src/img/first-light-card.png",
      ),
      r(ELEVENTY, "({{ '/img/telescope.png' | url }})", "({url})", "src/img/telescope.png"),
      r(ELEVENTY, `"{{ '/img/mount.png' | url }}"`, `"{url}"`, "src/img/mount.png"),
    ],
  },
  {
    site: "monorepo",
    log: ["blog/ is a Hugo site: blog/hugo.yaml", "site/ is a Jekyll site: site/_config.yml"],
    rewrites: [
      r(
        "blog/content/posts/trip/index.md",
        '["tram.png"]',
        '["{url}"]',
        "blog/content/posts/trip/tram.png",
      ),
      r(
        "blog/content/posts/trip/index.md",
        'src="tram.png"',
        'src="{url}"',
        "blog/content/posts/trip/tram.png",
      ),
      r(
        "site/_posts/2024-06-01-release.md",
        "({{ site.baseurl }}/assets/release.png)",
        "({url})",
        "site/assets/release.png",
      ),
      r("README.md", "(docs-logo.png)", "({url})", "docs-logo.png"),
    ],
  },
];

async function contentFiles(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && /\.(?:md|markdown|mdx)$/.test(entry.name))
    .map((entry) =>
      path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"),
    )
    .sort();
}

async function sha256(file: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(file))
    .digest("hex");
}

describe("node dist/index.js over a site of each generator", () => {
  for (const { site, log, rewrites } of CASES) {
    it(`${site}: rewrites every image the site renders, nothing else, and converges`, async () => {
      const original = path.join(FIXTURES, site);
      const workspace = await mkdtemp(path.join(os.tmpdir(), `mio-${site}-`));
      await cp(original, workspace, { recursive: true });
      const inputs = s3rverActionInputs(server.endpoint, bucket);

      const first = await runAction(workspace, inputs);
      expect(first.code, first.stdout).toBe(0);
      for (const line of log) {
        if (typeof line === "string") expect(first.stdout).toContain(line);
        else expect(first.stdout).toMatch(line);
      }

      const urls = new Map<string, string>();
      const expected = new Map<string, string>();
      for (const file of await contentFiles(original)) {
        expected.set(file, await readFile(path.join(original, file), "utf8"));
      }
      for (const rewrite of rewrites) {
        const text = expected.get(rewrite.file) ?? "";
        expect(text.split(rewrite.from), `${rewrite.file}: ${rewrite.from}`).toHaveLength(2);
        const hash = (await sha256(path.join(original, rewrite.image))).slice(0, 16);
        const url = `${server.endpoint}/${bucket}/images/${hash}${path.extname(rewrite.image)}`;
        urls.set(url, rewrite.image);
        expected.set(rewrite.file, text.replace(rewrite.from, rewrite.to.replace("{url}", url)));
      }
      for (const [file, text] of expected) {
        expect(await readFile(path.join(workspace, file), "utf8"), file).toBe(text);
      }
      for (const [url, image] of urls) {
        const response = await fetch(url);
        expect(response.status, url).toBe(200);
        const served = createHash("sha256").update(Buffer.from(await response.arrayBuffer()));
        expect(served.digest("hex"), image).toBe(await sha256(path.join(original, image)));
      }
      expect(first.outputs.rewritten).toBe(String(new Set(rewrites.map((w) => w.file)).size));

      const second = await runAction(workspace, inputs);
      expect(second.code, second.stdout).toBe(0);
      expect(second.outputs).toMatchObject({ uploaded: "0", rewritten: "0", files: "[]" });
      for (const [file, text] of expected) {
        expect(await readFile(path.join(workspace, file), "utf8"), file).toBe(text);
      }
      await rm(workspace, { recursive: true, force: true });
    });
  }

  it("a generator input that contradicts a site's configuration is said in the log", async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), "mio-wrong-generator-"));
    await cp(path.join(FIXTURES, "monorepo"), workspace, { recursive: true });
    const before = await readFile(path.join(workspace, "blog/content/posts/trip/index.md"), "utf8");
    const run = await runAction(workspace, {
      ...s3rverActionInputs(server.endpoint, bucket),
      generator: "jekyll",
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain(
      "::warning::blog/ looks like a Hugo site (blog/hugo.yaml), but input generator is jekyll: read as jekyll; set generator: auto to read each site as what it is.",
    );
    // Read as Jekyll, the Hugo page is not rewritten: its shortcode is no Jekyll syntax.
    const after = await readFile(path.join(workspace, "blog/content/posts/trip/index.md"), "utf8");
    expect(after).toBe(before);
    await rm(workspace, { recursive: true, force: true });
  });

  it("generator: gatsby and shortcodes: figure: fail in one sentence, touching nothing", async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), "mio-bad-generator-"));
    await cp(path.join(FIXTURES, "hugo"), workspace, { recursive: true });
    const before = await readFile(path.join(workspace, HUGO_BUNDLE), "utf8");
    for (const [input, value, message] of [
      [
        "generator",
        "gatsby",
        'Input generator: "gatsby" is not valid; use one of auto, none, hugo,',
      ],
      ["shortcodes", "figure:", 'Input shortcodes: "figure:" is not a shortcode; write name'],
    ] as const) {
      const run = await runAction(workspace, {
        ...s3rverActionInputs(server.endpoint, bucket),
        [input]: value,
      });
      expect(run.code).toBe(1);
      expect(run.stdout).toContain(`::error::${message}`);
      expect(run.stdout.match(/::error::/g)).toHaveLength(1);
      expect(await readFile(path.join(workspace, HUGO_BUNDLE), "utf8")).toBe(before);
    }
    await rm(workspace, { recursive: true, force: true });
  });
});
