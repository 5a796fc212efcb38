import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import type { ImageResult, ImageStatus, Problem, RunResult } from "../../src/engine/types.js";
import { MAX_SUMMARY_CHARS, renderSummary, renderText } from "../../src/report/summary.js";

const PUBLIC_URL = "https://cdn.example.com";
// GitHub renders job summaries as GFM with HTML allowed; markdown-it with tables is close.
const markdown = new MarkdownIt({ html: true });

function image(
  imagePath: string,
  status: ImageStatus,
  extra: Partial<ImageResult> = {},
): ImageResult {
  const key = `images/${imagePath.length.toString(16).padStart(16, "0")}.png`;
  return {
    path: imagePath,
    absolutePath: `/repo/${imagePath}`,
    size: 1_400_000,
    sha256: "0".repeat(64),
    md5: "0".repeat(32),
    contentType: "image/png",
    key,
    url: `${PUBLIC_URL}/${key}`,
    status,
    ...extra,
  };
}

function result(overrides: Partial<RunResult> = {}): RunResult {
  const images = overrides.images ?? [];
  const missing = overrides.missing ?? [];
  const files = overrides.files ?? [];
  const count = (status: ImageStatus) => images.filter((i) => i.status === status).length;
  return {
    counts: {
      uploaded: count("uploaded"),
      skipped: count("present"),
      failed: count("failed"),
      missing: missing.length,
      rewritten: files.length,
    },
    images,
    manifest: [],
    missing,
    refused: [],
    edits: [],
    files,
    dryRun: false,
    read: { files: [], stillLinked: [] },
    left: [],
    sites: [],
    syntaxes: [],
    updated: [],
    written: overrides.files ?? [],
    durationMs: 1_234,
    ...overrides,
  };
}

const sample = result({
  images: [
    image("posts/img/b.png", "uploaded"),
    image("posts/img/a.png", "uploaded", { size: 312 }),
    image("static/logo.png", "present"),
    image("posts/huge.png", "failed", {
      reason: "posts/huge.png is 80 MB, over max-size (50 MB).",
    }),
  ],
  missing: [{ file: "posts/a.md", line: 7, destination: "./gone.png", message: "not found" }],
  refused: [
    {
      file: "posts/b.md",
      line: 2,
      destination: "../../etc/passwd",
      message: "It resolves outside the repository.",
    },
  ],
  files: ["posts/a.md"],
});

describe("renderSummary", () => {
  it("shows totals, thumbnails of uploaded images, and every section", () => {
    const text = renderSummary(sample, { publicUrl: PUBLIC_URL });
    const a = image("posts/img/a.png", "uploaded");

    expect(text).toContain(
      "**2** uploaded, **1** already present, **1** failed, **1** missing, **1** refused, **1** file rewritten. Took 1.2 s.",
    );
    expect(text).toContain(`<img src="${a.url}" width="64">`);
    expect(text).toContain("| posts/img/a.png |");
    expect(text).toContain("| 312 B |");
    expect(text).toContain("| 1.4 MB |");
    expect(text.indexOf("posts/img/a.png")).toBeLessThan(text.indexOf("posts/img/b.png"));
    expect(text).toContain("### Already present (1)\n\nstatic/logo.png");
    expect(text).toContain("- posts/huge.png: posts/huge.png is 80 MB, over max-size (50 MB).");
    expect(text).toContain("- posts/a.md:7 → ./gone.png");
    expect(text).toContain("- posts/b.md:2: It resolves outside the repository.");
    expect(text).toContain("### Rewritten files (1)\n\n- posts/a.md");

    const html = markdown.render(text);
    expect(html.match(/<img src=/g)).toHaveLength(2);
    expect(html.match(/<tr>/g)).toHaveLength(3); // header + two uploaded images
  });

  it("says which generator each site was read as and what was left alone, and why", () => {
    const text = renderSummary(
      result({
        sites: [
          { folder: "blog", generator: "hugo", message: "blog/ is a Hugo site: blog/hugo.toml" },
        ],
        left: [
          { reason: "imported by MDX ESM, left to the bundler", count: 14 },
          {
            reason: "named by Eleventy Image's {% image %} shortcode, left to that pipeline",
            count: 2,
          },
        ],
      }),
      { publicUrl: PUBLIC_URL },
    );
    expect(text).toContain(
      "### Left alone (16)\n\n- 14 imported by MDX ESM, left to the bundler\n- 2 named by Eleventy Image's {% image %} shortcode, left to that pipeline",
    );
    expect(text).toContain("### Site generators\n\n- blog/ is a Hugo site: blog/hugo.toml");
    expect(renderSummary(result(), { publicUrl: PUBLIC_URL })).not.toContain("Left alone");
  });

  it("escapes file names and reasons so they cannot break the table or inject HTML", () => {
    const evil = "posts/a|b<script>alert(1)</script>`x`*y*[z](javascript:1).png";
    const text = renderSummary(
      result({
        images: [
          image(evil, "uploaded"),
          image("posts/ok.png", "uploaded"),
          image("posts/bad.png", "failed", { reason: "line one\n| broken | row |\n<b>bold</b>" }),
        ],
        missing: [{ file: "posts/<i>.md", line: 3, destination: "`x`|<img src=x>", message: "" }],
      }),
      { publicUrl: PUBLIC_URL },
    );

    expect(text).not.toContain("<script>");
    expect(text).not.toContain("<b>");
    expect(text).not.toContain("<i>");
    expect(text).not.toContain("<img src=x>");
    expect(text).not.toContain("`");
    const html = markdown.render(text);
    expect(html).not.toMatch(/<script|<b>|<i>|<a href="javascript/);
    // Each uploaded image is still one row of exactly four cells.
    const rows = html.split("<tr>").slice(2);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.match(/<td>/g)).toHaveLength(4);
    expect(html).toContain(
      "posts/a|b&lt;script&gt;alert(1)&lt;/script&gt;`x`*y*[z](javascript:1).png",
    );
    // The multi-line reason stays one list item.
    expect(text).toContain(
      "- posts/bad.png: line one &#124; broken &#124; row &#124; &lt;b&gt;bold&lt;/b&gt;\n",
    );
  });

  it("stays under the size limit with 10,000 images and long lists", () => {
    const longDirectory = `posts/${"very-long-directory-name&<|>/".repeat(30)}`;
    const images: ImageResult[] = [];
    const missing: Problem[] = [];
    const files: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      images.push(image(`${longDirectory}image-${i}.png`, "uploaded"));
      images.push(image(`static/present-${i}.png`, "present"));
      images.push(image(`posts/failed-${i}.png`, "failed", { reason: "x&".repeat(300) }));
      missing.push({
        file: `${longDirectory}post-${i}.md`,
        line: i,
        destination: `./gone-${i}.png`,
        message: "",
      });
      files.push(`posts/post-${i}.md`);
    }
    const refused = missing.map((problem) => ({ ...problem, message: "outside ".repeat(100) }));
    const text = renderSummary(result({ images, missing, refused, files }), {
      publicUrl: PUBLIC_URL,
      title: "T".repeat(5_000),
    });

    expect(text.length).toBeLessThan(MAX_SUMMARY_CHARS);
    expect(text).toMatch(/… and \d+ more/);
    expect(text).toContain("### Uploaded (10000)");
    expect(text).toContain("### Missing (10000)");
    // The truncation note is a paragraph after the table, not a broken table row.
    expect(markdown.render(text)).toMatch(/<\/table>\n<p>… and \d+ more<\/p>/);
  });

  it("says plainly that a dry run changed nothing, without thumbnails of objects that do not exist", () => {
    const text = renderSummary(
      result({
        images: [image("posts/a.png", "planned"), image("static/logo.png", "present")],
        files: ["posts/a.md", "posts/b.md"],
        dryRun: true,
      }),
      { publicUrl: PUBLIC_URL, title: "Image offload (dry run)" },
    );

    expect(text.startsWith("## Image offload (dry run)\n")).toBe(true);
    expect(text).toContain(
      "**Dry run: nothing was uploaded or written.** **1** would be uploaded,",
    );
    expect(text).toContain("**2** files would be rewritten");
    expect(text).toContain("### Would be uploaded (1)");
    expect(text).toContain("| posts/a.png |");
    expect(text).toContain("### Files that would be rewritten (2)");
    expect(text).not.toContain("<img");
  });
});

describe("renderText", () => {
  it("prints one line per uploaded image, failures, then the totals", () => {
    const a = image("posts/img/a.png", "uploaded", { size: 312 });
    expect(renderText(sample)).toBe(
      `${a.path} → ${a.url} (312 B)\n` +
        `posts/img/b.png → ${image("posts/img/b.png", "uploaded").url} (1.4 MB)\n` +
        "posts/huge.png failed: posts/huge.png is 80 MB, over max-size (50 MB).\n" +
        "2 uploaded, 1 already present, 1 failed, 1 missing, 1 refused, 1 file rewritten in 1.2 s.\n",
    );
  });

  it("keeps terminal control characters in file names out of the output", () => {
    const text = renderText(
      result({ images: [image("posts/\u001b[31mred\u001b[0m.png", "uploaded")] }),
    );
    expect(text).not.toContain("\u001b");
    expect(text.split("\n")).toHaveLength(3);
  });

  it("words a dry run as a plan", () => {
    const text = renderText(
      result({ images: [image("posts/a.png", "planned")], files: ["posts/a.md"], dryRun: true }),
    );
    expect(text).toContain("posts/a.png → https://cdn.example.com/");
    expect(text).toContain("Dry run: nothing was uploaded or written. 1 would be uploaded,");
    expect(text).toContain("1 file would be rewritten in 1.2 s.");
  });
});
