/**
 * An `.mdx` file with no JSX, expression or ESM is read by markdown-it without indented
 * code instead of micromark: the destinations must be exactly the ones MDX itself finds.
 */

import { describe, expect, it } from "vitest";
import {
  findReferences,
  isMdxWithoutJsx,
  loadReaders,
} from "../../../src/engine/references/index.js";
import { findMdxDestinations } from "../../../src/engine/references/mdx.js";
import { seededRandom } from "../../support/seeded-random.js";

// The engine loads its parsers (MDX, YAML, TOML) on first need (parse-one.ts); direct
// calls to findReferences load them first.
await loadReaders();

/** What MDX's own reader (micromark + mdxjs) finds, as destination and source text. */
function byMicromark(body: string) {
  const findings = findMdxDestinations(body, { fileDir: "." });
  expect(findings.invalid).toBeUndefined();
  return findings.found
    .map((hit) => ({ destination: hit.destination, raw: body.slice(hit.start, hit.end) }))
    .sort((a, b) => a.raw.localeCompare(b.raw) || a.destination.localeCompare(b.destination));
}

function byFastPath(body: string) {
  return findReferences("docs/post.mdx", Buffer.from(body))
    .map((reference) => ({ destination: reference.destination, raw: reference.raw }))
    .sort((a, b) => a.raw.localeCompare(b.raw) || a.destination.localeCompare(b.destination));
}

const FRAGMENTS = [
  "# A heading with ![an image](./head.png)\n",
  "Some text with ![alt](./a.png) and a [link](./b.png) and [a page](./page.md).\n",
  "![ref image][pic]\n\n[pic]: ./pic.png\n",
  '[id]: ./def.png "title"\n\n![by id][id]\n',
  "    ![indented](./indented.png) is a paragraph in MDX\n",
  "```\n![in code](./code.png)\n```\n",
  "`![in a code span](./span.png)`\n",
  "| a | b |\n|---|---|\n| ![cell](./cell.png) | x |\n",
  "- item ![li](./li.png)\n- [link](./li2.png)\n",
  "> quoted ![q](./q.png)\n",
  "\\![escaped](./not-an-image.png) and ![e\\]scaped alt](./e.png)\n",
  '![spaces](./my%20pic.png "Title") ![entity](./caf&eacute;.png)\n',
  "[![thumb](./t.png)](./full.png)\n",
  "![remote](https://example.com/r.png) ![anchor](#top)\n",
  "Text  \nwith a hard break and ![x](x.png)\n",
  "![unicode](./图片.png)\n",
  "",
];

describe("MDX without JSX", () => {
  it("is told apart by the absence of <, {, } and import/export lines", () => {
    expect(isMdxWithoutJsx("# Title\n\n![a](./a.png)\n")).toBe(true);
    expect(isMdxWithoutJsx("<Figure />\n")).toBe(false);
    expect(isMdxWithoutJsx("Text {props.x}\n")).toBe(false);
    expect(isMdxWithoutJsx("import pic from './a.png'\n")).toBe(false);
    expect(isMdxWithoutJsx("export const meta = 1\n")).toBe(false);
    expect(isMdxWithoutJsx("An import statement is fine in prose.\n")).toBe(true);
  });

  it.each(FRAGMENTS.map((fragment, index) => [index, fragment]))(
    "finds what MDX finds in fragment %i",
    (_index, fragment) => {
      expect(isMdxWithoutJsx(fragment)).toBe(true);
      expect(byFastPath(fragment)).toEqual(byMicromark(fragment));
    },
  );

  it("finds what MDX finds in 200 documents mixed from those fragments", () => {
    const next = seededRandom(7);
    for (let document = 0; document < 200; document++) {
      const parts = Array.from(
        { length: 2 + Math.floor(next() * 6) },
        () => FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] ?? "",
      );
      const body = parts.join(next() < 0.5 ? "\n" : "");
      expect(byFastPath(body), body).toEqual(byMicromark(body));
    }
  });
});
