import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import type { ManifestEntry } from "../../src/engine/types.js";
import {
  COMMENT_MARKER,
  hasCommentWorthyNews,
  MAX_COMMENT_CHARS,
  renderComment,
} from "../../src/report/comment.js";
import { image, missing, PUBLIC_URL, runResult } from "../github/run-result.js";

// GitHub renders comments as GFM with (sanitised) HTML; markdown-it with tables is close.
const markdown = new MarkdownIt({ html: true });

function entry(source: string, referencedFrom: string[]): ManifestEntry {
  const { sha256, key, url, size } = image(source, "failed");
  return { source, sha256, key, url, bytes: size, status: "failed", referencedFrom };
}

describe("renderComment", () => {
  const huge = image("posts/huge.png", "failed", { reason: "It is 80 MB, over max-size (50 MB)." });
  const result = runResult({
    images: [image("posts/b.png", "uploaded", { size: 1_400_000 }), huge],
    missing: [missing("posts/a.md", 7, "./gone.png")],
    refused: [
      { file: "posts/b.md", line: 2, destination: "../../x.png", message: "It is outside." },
    ],
    manifest: [entry("posts/huge.png", ["posts/big.md", "posts/other.md"])],
    files: ["posts/b.md"],
  });

  it("starts with the hidden marker and shows thumbnails, problems at file:line, and the commit", () => {
    const body = renderComment(result, {
      publicUrl: PUBLIC_URL,
      sha: "3f786850e387550fdab836ed7e6dc881de23001b",
      runUrl: "https://github.com/octo/blog/actions/runs/42",
    });
    expect(body.startsWith(`${COMMENT_MARKER}\n## Image offload\n`)).toBe(true);
    const html = markdown.render(body);
    // The marker is an HTML comment: invisible once rendered.
    expect(html).toContain(COMMENT_MARKER);
    expect(html).toMatch(
      /<td><a href="https:\/\/cdn\.example\.com\/images\/[0-9a-f]+\.png"><img src="https:\/\/cdn\.example\.com\/images\/[0-9a-f]+\.png" width="64"><\/a><\/td>/,
    );
    expect(html).toContain("<td>posts/b.png</td>");
    expect(html).toContain("1.4 MB");
    expect(body).toContain("- posts/a.md:7 → ./gone.png");
    expect(body).toContain("- posts/b.md:2: It is outside.");
    expect(body).toContain(
      "- posts/huge.png: It is 80 MB, over max-size (50 MB). (referenced from posts/big.md, posts/other.md)",
    );
    expect(body).toContain(
      '<sub>Commit 3f78685 · <a href="https://github.com/octo/blog/actions/runs/42">workflow run</a> · md-image-offload updates this comment on every run</sub>',
    );
  });

  it("names the files that link each failed image, not those of another refused image", () => {
    // Images refused before hashing have no key; the path alone must identify them.
    const big = image("a/big.png", "failed", { key: "", reason: "Too big." });
    const odd = image("b/odd.png", "failed", { key: "", reason: "Not an image." });
    const body = renderComment(
      runResult({
        images: [big, odd],
        manifest: [
          { ...entry("a/big.png", ["a.md"]), key: "" },
          { ...entry("b/odd.png", ["b.md", "c.md", "d.md", "e.md"]), key: "" },
        ],
      }),
      { publicUrl: PUBLIC_URL },
    );
    expect(body).toContain("- a/big.png: Too big. (referenced from a.md)\n");
    expect(body).toContain(
      "- b/odd.png: Not an image. (referenced from b.md, c.md, d.md and 1 more)\n",
    );
  });

  it("leaves out a run URL or commit that is not what the runner gives", () => {
    const body = renderComment(result, {
      publicUrl: PUBLIC_URL,
      sha: "not a sha",
      runUrl: 'javascript:alert(1)" onclick="x',
    });
    expect(body).not.toContain("javascript");
    expect(body).not.toContain("not a sha");
    expect(body).toContain("<sub>md-image-offload updates this comment on every run</sub>");
  });

  it("names the commit that holds the rewrite in commit mode", () => {
    const body = renderComment(result, {
      publicUrl: PUBLIC_URL,
      sha: "b".repeat(40),
      pushedSha: "a".repeat(40),
    });
    expect(body).toContain("<sub>Commit bbbbbbb · rewrite pushed as aaaaaaa · md-image-offload");
  });

  it("stays under GitHub's 65,536 characters with 3,000 uploaded images with long paths", () => {
    const long = "a-very-long-directory-name-for-a-blog-post-about-something/".repeat(4);
    const images = Array.from({ length: 3_000 }, (_, index) =>
      image(`content/posts/${long}image-${String(index).padStart(4, "0")}.png`, "uploaded"),
    );
    const problems = Array.from({ length: 3_000 }, (_, index) =>
      missing(`content/posts/${long}post-${index}.md`, index + 1, `${long}gone-${index}.png`),
    );
    const failed = Array.from({ length: 3_000 }, (_, index) =>
      image(`${long}failed-${index}.png`, "failed", { reason: `${long} is too big.` }),
    );
    const body = renderComment(
      runResult({
        images: [...images, ...failed],
        missing: problems,
        refused: problems.map((problem) => ({ ...problem, message: long })),
        files: problems.map((problem) => problem.file),
      }),
      { publicUrl: PUBLIC_URL, sha: "b".repeat(40) },
    );
    expect(body.length).toBeLessThan(MAX_COMMENT_CHARS);
    expect(body).toContain("**3000** uploaded");
    expect(body).toMatch(/\n\n… and \d+ more\n/);
    expect(body).toContain("### Uploaded (3000)");
    // The first images are shown as thumbnails, in path order.
    expect(body).toContain(`content/posts/${long.slice(0, 20)}`);
    expect(body).toContain("image-0000.png");
    expect(body.endsWith("</sub>\n")).toBe(true);
  });
});

describe("hasCommentWorthyNews", () => {
  it("is false only when every image was already present and nothing else happened", () => {
    expect(hasCommentWorthyNews(runResult({ images: [image("a.png", "present")] }))).toBe(false);
    expect(hasCommentWorthyNews(runResult())).toBe(false);
    expect(hasCommentWorthyNews(runResult({ images: [image("a.png", "uploaded")] }))).toBe(true);
    expect(hasCommentWorthyNews(runResult({ images: [image("a.png", "planned")] }))).toBe(true);
    expect(hasCommentWorthyNews(runResult({ images: [image("a.png", "failed")] }))).toBe(true);
    expect(hasCommentWorthyNews(runResult({ missing: [missing("a.md", 1, "x.png")] }))).toBe(true);
    expect(hasCommentWorthyNews(runResult({ files: ["a.md"] }))).toBe(true);
  });
});
