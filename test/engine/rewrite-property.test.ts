/**
 * The rewriter's property on documents nobody wrote by hand: CommonMark spec examples,
 * combined, wrapped in containers and mutated at random (seeded, so a failure replays).
 * Through the product's own planEdits + applyEdits on real files:
 * - an empty URL map changes no byte;
 * - a full map changes only destination bytes: the file equals the original with each
 *   reported range replaced, and its rendering equals the original's with only the URLs
 *   replaced (checkRewrite).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findReferences } from "../../src/engine/references/index.js";
import { applyEdits, planEdits } from "../../src/engine/rewrite.js";
import type { ResolvedReference } from "../../src/engine/types.js";
import { checkRewrite, placeholder, replaceRanges } from "./references/rewrite-property.js";

const spec = createRequire(import.meta.url)("commonmark-spec") as { tests: { markdown: string }[] };

/** mulberry32: a tiny seeded PRNG. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOISE = ["[", "]", "(", ")", "!", "<", ">", "`", "*", "\\", "\n", " ", "\t", "&", '"', "é"];

function randomDocument(next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const parts = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
    pick(spec.tests).markdown.replaceAll("→", "\t"),
  );
  let text = parts.join(pick(["\n\n", "\n", ""]));
  // Random single-character insertions and deletions break constructs in odd places.
  for (let edits = Math.floor(next() * 4); edits > 0; edits--) {
    const at = Math.floor(next() * (text.length + 1));
    text =
      next() < 0.6
        ? text.slice(0, at) + pick(NOISE) + text.slice(at)
        : text.slice(0, at) + text.slice(at + 1);
  }
  const wrap = pick([
    (s: string) => s,
    (s: string) => s.replace(/^(?=.)/gm, "> "),
    (s: string) => `- ${s.replace(/\n(?=.)/g, "\n  ")}`,
    (s: string) => `---\ncover: ./c.png\n---\n${s}`,
  ]);
  text = wrap(text);
  if (next() < 0.3) text = text.replaceAll("\n", "\r\n");
  if (next() < 0.2) text = `\uFEFF${text}`;
  return text;
}

let root: string;
beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), "mio-property-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("the rewriter on randomly mutated CommonMark documents", () => {
  it("changes no byte with an empty map and only destination bytes with a full one", async () => {
    const next = random(20261123);
    let rewrittenDestinations = 0;
    for (let index = 0; index < 300; index++) {
      const file = `doc-${index}.md`;
      const original = Buffer.from(randomDocument(next));
      await writeFile(path.join(root, file), original);
      const references = findReferences(file, original);
      const resolved: ResolvedReference[] = references.map((reference, i) => ({
        reference,
        resolution: { status: "local", absolutePath: "", path: `image-${i}`, suffix: "" },
      }));

      expect(
        planEdits(resolved, () => undefined),
        file,
      ).toEqual([]);
      await applyEdits(root, []);
      expect((await readFile(path.join(root, file))).equals(original), file).toBe(true);

      const edits = planEdits(resolved, (imagePath) => placeholder(Number(imagePath.slice(6))));
      await applyEdits(root, edits);
      const rewritten = await readFile(path.join(root, file));
      expect(rewritten.toString("utf8"), file).toBe(
        replaceRanges(original, references, placeholder).toString("utf8"),
      );
      const check = checkRewrite(file, original);
      expect(check.restored, `${file}: the rendering changed outside destinations`).toBe(
        check.original,
      );
      expect(check.stray, file).toEqual([]);
      rewrittenDestinations += edits.length;
    }
    // The documents must exercise the rewriter, not just pass through it.
    expect(rewrittenDestinations).toBeGreaterThan(100);
  });
});
