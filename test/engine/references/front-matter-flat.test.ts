/**
 * Flat front matter read line by line must give exactly what the YAML parser gives, and
 * give up (undefined) on anything it is not sure of.
 */

import { describe, expect, it } from "vitest";
import { flatYamlValues } from "../../../src/engine/references/front-matter-flat.js";
import { parsedYamlValues } from "../../../src/engine/references/front-matter-yaml.js";
import { seededRandom } from "../../support/seeded-random.js";

const KEYS = new Set(["cover", "image", "thumbnail", "images[]", "header.teaser"]);

/** Lines as real front matter has them, tricky ones included. */
const LINES = [
  "title: My first post",
  'title: "A: quoted title"',
  "title: 'It''s quoted'",
  "date: 2024-01-01",
  "draft: false",
  "tags: [travel, food]",
  "categories: {a: b}",
  "cover: ./cover.png",
  "cover: /img/cover.png",
  'cover: "./quoted cover.png"',
  "cover: './single.png'",
  "cover: my pic.png",
  "cover: https://example.com/remote.png",
  "cover: 123",
  "cover: true",
  "cover: ~",
  "cover:",
  "cover: ./a.png # a comment",
  'cover: "./esc\\"aped.png"',
  "cover: *anchor",
  "cover: !!str ./tagged.png",
  "cover: |",
  "  block.png",
  "image: ./image.png",
  "thumbnail: 图片/封面.jpg",
  "images:",
  "  - ./one.png",
  "header:",
  "  teaser: ./teaser.png",
  "# a comment line",
  "",
  "   ",
  "description: text: with colon",
  "description: ends with colon:",
  "title: -dash first",
  "key:value",
  "\tcover: tabbed.png",
  "cover: ./trailing.png   ",
  "note: 'unclosed",
  "...",
  "---",
  "cover: .inf",
  "cover: 0x1F",
];

describe("flatYamlValues", () => {
  it("reads flat front matter as the parser does, with the value's exact range", () => {
    const source = "title: Hello\ncover: ./cover.png\nimage: 'pic.png'\r\ndraft: true\n";
    const flat = flatYamlValues(source, 4, KEYS);
    expect(flat).toEqual(parsedYamlValues(source, 4, KEYS));
    expect(flat?.map((hit) => source.slice(hit.start - 4, hit.end - 4))).toEqual([
      "./cover.png",
      "pic.png",
    ]);
  });

  it("gives up on nesting, lists, block scalars, comments after values, tags and non-strings", () => {
    for (const source of [
      "header:\n  teaser: ./t.png\n",
      "images:\n  - ./a.png\n",
      "cover: |\n  a.png\n",
      "cover: ./a.png # note\n",
      "cover: !!str a.png\n",
      "cover: 123\n",
      "cover: a.png\ncover: b.png\n",
      "\tcover: a.png\n",
    ])
      expect(flatYamlValues(source, 0, KEYS), source).toBeUndefined();
  });

  it("agrees with the YAML parser on 2,000 front matters mixed from real-world lines", () => {
    const next = seededRandom(11);
    let flatCount = 0;
    for (let sample = 0; sample < 2000; sample++) {
      const lines = Array.from(
        { length: 1 + Math.floor(next() * 7) },
        () => LINES[Math.floor(next() * LINES.length)] ?? "",
      );
      const source = `${lines.join(next() < 0.2 ? "\r\n" : "\n")}\n`;
      const flat = flatYamlValues(source, 0, KEYS);
      if (flat === undefined) continue;
      flatCount++;
      expect(flat, JSON.stringify(source)).toEqual(parsedYamlValues(source, 0, KEYS));
    }
    // The comparison must have had work to do.
    expect(flatCount).toBeGreaterThan(200);
  });
});
