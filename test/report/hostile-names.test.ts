/**
 * A property test: names made of control characters, command fragments, Markdown and
 * GitHub reference syntax render in the job summary and PR comment with every name inside
 * its own table cell or list item, pinging nobody and reversing nothing.
 */
import MarkdownIt from "markdown-it";
import { describe, expect, it } from "vitest";
import type { ImageResult, RunResult } from "../../src/engine/types.js";
import { renderComment } from "../../src/report/comment.js";
import { renderSummary } from "../../src/report/summary.js";

const markdown = new MarkdownIt({ html: true, linkify: false });
const PIECES = [
  "\n",
  "\r",
  "\x1b[2J",
  "::",
  "%",
  ",",
  ":",
  "@octocat",
  "#123",
  "`",
  "|",
  "<",
  "\u202e",
  "# ",
  "> ",
  "- ",
  "1. ",
  "a",
  " ",
  "*",
  "_",
  "[x](y)",
];

function* names(seed: number, count: number): Generator<string> {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  for (let index = 0; index < count; index++) {
    const parts = Array.from(
      { length: 1 + Math.floor(next() * 5) },
      () => PIECES[Math.floor(next() * PIECES.length)],
    );
    yield `${parts.join("")}${index}.png`;
  }
}

function uploaded(path: string, index: number): ImageResult {
  const key = `images/${index.toString(16).padStart(16, "0")}.png`;
  return {
    path,
    absolutePath: `/repo/${path}`,
    size: 100,
    sha256: "0".repeat(64),
    md5: "0".repeat(32),
    contentType: "image/png",
    key,
    url: `https://cdn.example.com/${key}`,
    status: index % 3 === 0 ? "present" : "uploaded",
  };
}

/** GitHub's autolinks in rendered text: a user mention or an issue reference. */
const MENTION = /(^|[^\w`])@[A-Za-z0-9]/;
const ISSUE = /(^|[^\w&])#\d/;

describe("hostile names in the summary and the comment", () => {
  it("stay inside their cells, ping nobody, link no issue, and reverse no text", () => {
    const all = [...names(20261202, 60)];
    const images = all.map(uploaded);
    const result: RunResult = {
      counts: { uploaded: images.length, skipped: 0, failed: 0, missing: all.length, rewritten: 1 },
      images,
      manifest: [],
      missing: all.map((name, line) => ({
        file: name.replace(/\.png$/, ".md"),
        line,
        destination: name,
        message: "",
      })),
      refused: [],
      edits: [],
      files: all.slice(0, 20).map((name) => name.replace(/\.png$/, ".md")),
      dryRun: false,
      durationMs: 1000,
      read: { files: [], stillLinked: [] },
      left: [],
      sites: [],
      syntaxes: [],
      updated: [],
      written: [],
    };
    for (const text of [
      renderSummary(result, { publicUrl: "https://cdn.example.com" }),
      renderComment(result, { publicUrl: "https://cdn.example.com" }),
    ]) {
      const html = markdown.render(text);
      // One row of four cells per uploaded image, in one table.
      const uploadedCount = images.filter((image) => image.status === "uploaded").length;
      const rows = html.split("<tr>").slice(2);
      expect(rows).toHaveLength(uploadedCount);
      for (const row of rows) expect(row.match(/<td>/g)).toHaveLength(4);
      // Headings only where the report puts them; no quote, no list opened by a name.
      expect(html.match(/<h[1-6]>/g)?.length).toBeLessThanOrEqual(7);
      expect(html).not.toContain("<blockquote>");
      expect(html.match(/<ol>/g)).toBeNull();
      const visible = html
        .replace(/<[^>]*>/g, "")
        .replace(/&#(\d+);/g, (_m, code: string) => String.fromCodePoint(Number(code)))
        .replace(/&amp;/g, "&");
      expect(MENTION.exec(visible)?.[0]).toBeUndefined();
      expect(ISSUE.exec(visible)?.[0]).toBeUndefined();
      expect(visible).not.toMatch(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/);
      expect(visible).not.toContain(String.fromCharCode(0x1b));
    }
  });
});
