/**
 * Inline text that cannot name a local image or a recorded URL is not parsed: whatever a
 * run acts on must be found exactly as by the full parse, and nothing new may appear.
 */
import { parseEntities } from "parse-entities";
import { describe, expect, it } from "vitest";
import { findReferences, relevanceOf } from "../../../src/engine/references/index.js";
import type { Reference } from "../../../src/engine/types.js";
import { seededInts } from "../../support/seeded-random.js";

const EXTENSIONS = ["png", "jpg", "jpeg", "gif", "webp", "svg"];
const HOST = "cdn.example.com";
const relevance = relevanceOf(EXTENSIONS, [HOST]);

const FRAGMENTS = [
  "Prose with [a page](https://example.com/page) and `code`.",
  "A [relative page](../other.md) and a [section](#intro).",
  "A [linked image](pic.png) in prose.",
  "Upper case [shot](Shot.PNG?v=2#top) with a query.",
  "Angle [dest](<my pic.png>) with a space.",
  "Percent-hidden [dot](pic%2Epng) extension.",
  "Entity-hidden [dot](pic&#46;png) extension.",
  "Escaped [dot](pic\\.png) dot.",
  "Uses [a reference][ref] and [another][ref2] by name.",
  "[ref]: pic-def.png",
  "[ref2]: https://cdn.example.com/images/0123456789abcdef",
  "A recorded [URL](https://cdn.example.com/images/0123456789abcdef) without extension.",
  "An image ![alt](a.png) inline.",
  "A reference image ![r][ref] inline.",
  'HTML <img src="b.png" alt="x"> inline.',
  '<a href="c.jpg">a link to a JPEG</a> in HTML.',
  "Code `[code](pic.png)` span.",
  "A thumb [![t](t.png)](full.gif) link.",
  "| [cell](cell.png) | [page](p.md) |\n|---|---|\n| [x](https://e.com) | y |",
  "# [Heading](h.svg) link",
  "- [list](l.webp)\n- [plain](https://example.com)",
  "*[emphasis](e.png)* and **[strong](https://example.com)**",
  "> [quote](q.png) and [page](page.html)",
  "[nested [brackets]](n.png) and [more [nested]](https://example.com)",
  "Autolink <https://example.com/a.png> here.",
  "Ampersand [a](a&amp;b.png) in a destination.",
  "A line with a [bracket but no link.",
  "Image extension in text only: file.png, not a link, [see](https://e.com).",
];

function document(next: (n: number) => number): string {
  const parts: string[] = [];
  for (let count = 2 + next(8); count > 0; count--) {
    parts.push(FRAGMENTS[next(FRAGMENTS.length)] ?? "");
    parts.push(next(3) === 0 ? " " : "\n\n");
  }
  return parts.join("");
}

/** What a run acts on: a local image file (its decoded name) or a URL on the recorded host. */
function actedOn(reference: Reference): boolean {
  let decoded = parseEntities(reference.destination);
  try {
    decoded = decodeURIComponent(decoded);
  } catch {}
  const path = decoded.split(/[?#]/, 1)[0] ?? "";
  return decoded.includes(HOST) || new RegExp(`\\.(?:${EXTENSIONS.join("|")})$`, "i").test(path);
}

const key = (reference: Reference) =>
  `${reference.start}:${reference.end}:${reference.kind}:${reference.destination}`;

describe("skipping inline text that cannot name what a run acts on", () => {
  it("finds every image and recorded URL the full parse finds in 400 mixed documents, and nothing else", () => {
    const next = seededInts(1203);
    let skippedSome = false;
    for (let round = 0; round < 400; round++) {
      const bytes = Buffer.from(document(next));
      const full = findReferences("post.md", bytes);
      const filtered = findReferences("post.md", bytes, { relevance });
      const filteredKeys = new Set(filtered.map(key));
      const fullKeys = new Set(full.map(key));
      const context = bytes.toString();
      for (const reference of full)
        if (actedOn(reference)) expect(filteredKeys.has(key(reference)), context).toBe(true);
      for (const reference of filtered) expect(fullKeys.has(key(reference)), context).toBe(true);
      if (filtered.length < full.length) skippedSome = true;
    }
    // The filter is in force: links to pages are not parsed at all.
    expect(skippedSome).toBe(true);
  });

  it("still reads a Liquid template that prints an image's URL (Jekyll's link tag)", () => {
    const bytes = Buffer.from("The raw profile is [here]({% link assets/images/flame.png %}).\n");
    const found = findReferences("_posts/p.md", bytes, { relevance, syntaxes: ["liquid"] });
    expect(found.map((r) => r.destination)).toEqual(["{% link assets/images/flame.png %}"]);
  });

  it("still reads a recorded URL without an extension, by its host", () => {
    const bytes = Buffer.from(
      "See [the old diagram](https://cdn.example.com/images/0123456789abcdef).\n",
    );
    expect(findReferences("post.md", bytes, { relevance }).map((r) => r.destination)).toEqual([
      "https://cdn.example.com/images/0123456789abcdef",
    ]);
    const otherHost = relevanceOf(EXTENSIONS, ["assets.example.org"]);
    expect(findReferences("post.md", bytes, { relevance: otherHost })).toEqual([]);
  });
});
