/**
 * `npm run bench:parse`: parse time of the MDX reader (micromark + MDX extensions) against
 * markdown-it (CommonMark) on the same 1,000 MDX posts, and on 1,000 MDX posts without JSX
 * (which markdown-it reads), through findReferences.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { bench, describe } from "vitest";
import { findReferences, loadReaders } from "../../src/engine/references/index.js";

// The engine loads its parsers (MDX, YAML, TOML) on first need (parse-one.ts); direct
// calls to findReferences load them first.
await loadReaders();

const sites = path.resolve(import.meta.dirname, "../fixtures/sites");
const templates = [
  "docusaurus/docs/guide/install.mdx",
  "astro-image/src/content/blog/using-mdx.mdx",
  "astro-string/src/content/blog/post.mdx",
].map((file) => readFileSync(path.join(sites, file), "utf8"));

const paragraph =
  "Lorem ipsum dolor sit amet, [a link](https://example.com/page) and `code`, with **bold** text.\n\n";
const posts = Array.from({ length: 1000 }, (_, index) =>
  Buffer.from(
    `${templates[index % templates.length]}\n${paragraph.repeat(20)}![post ${index}](./img/${index}.png)\n`,
  ),
);

/** The same posts with no JSX, expression or ESM: read by markdown-it without indented code. */
const plainPosts = Array.from({ length: 1000 }, (_, index) =>
  Buffer.from(`# Post ${index}\n\n${paragraph.repeat(20)}![post ${index}](./img/${index}.png)\n`),
);

/** Each pass takes seconds: a few samples are enough to compare. */
const ONCE = { iterations: 3, time: 0, warmupIterations: 1, warmupTime: 0 };

describe("1,000 MDX posts", () => {
  bench(
    "as MDX (micromark + MDX extensions)",
    () => {
      for (const post of posts) findReferences("docs/post.mdx", post, { docusaurusSite: "." });
    },
    ONCE,
  );
  bench(
    "MDX without JSX (markdown-it without indented code)",
    () => {
      for (const post of plainPosts) findReferences("docs/post.mdx", post, { docusaurusSite: "." });
    },
    ONCE,
  );
  bench(
    "as CommonMark (markdown-it)",
    () => {
      for (const post of posts) findReferences("docs/post.md", post);
    },
    ONCE,
  );
});
