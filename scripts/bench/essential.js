// The floor of a no-op in Node, for `npm run bench`: the local work that no run of this tool
// can skip, and nothing else. One fresh Node process loads markdown-it (references are
// parsed, not guessed), reads and parses every post, lstats each image it links, and writes
// each post back atomically (temp file + rename, same bytes, so the blog stays as it was).
// No git, no storage, no report, no safety checks: a run of the tool costs at least this.
// Usage: node scripts/bench/essential.js <content folder>

import { closeSync, lstatSync, openSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { rename } from "node:fs/promises";
import path from "node:path";
import MarkdownIt from "markdown-it";

const contentDir = process.argv[2];
if (!contentDir) throw new Error("Usage: node scripts/bench/essential.js <content folder>");

const markdown = new MarkdownIt({ html: true });
const posts = readdirSync(contentDir, { recursive: true })
  .filter((name) => name.endsWith(".md"))
  .map((name) => path.join(contentDir, name));

let images = 0;
const renames = [];
for (const [index, post] of posts.entries()) {
  const text = readFileSync(post, "utf8");
  for (const token of markdown.parse(text, {})) {
    for (const child of token.children ?? []) {
      const source = child.type === "image" ? child.attrGet("src") : null;
      if (source === null || /^[a-z][a-z0-9+.-]*:/i.test(source)) continue; // already a URL
      lstatSync(path.join(path.dirname(post), decodeURIComponent(source)));
      images++;
    }
  }
  const temp = path.join(path.dirname(post), `.${path.basename(post)}.essential${index}.tmp`);
  const fd = openSync(temp, "wx");
  writeFileSync(fd, text);
  closeSync(fd);
  // Renames over a file wait on the disk's journal: all of them in flight at once.
  renames.push(rename(temp, post));
}
await Promise.all(renames);
process.stderr.write(`${posts.length} posts, ${images} image links\n`);
