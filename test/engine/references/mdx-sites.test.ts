import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  findReferences,
  LEFT_DYNAMIC,
  LEFT_TO_BUNDLER,
  loadReaders,
  type ReferenceNote,
} from "../../../src/engine/references/index.js";

// The engine loads its parsers (MDX, YAML, TOML) on first need (parse-one.ts); direct
// calls to findReferences load them first.
await loadReaders();

const SITE = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../fixtures/sites/docusaurus",
);

function read(file: string) {
  const notes: ReferenceNote[] = [];
  const references = findReferences(file, readFileSync(path.join(SITE, file)), {
    docusaurusSite: ".",
    onNote: (note) => notes.push(note),
  });
  return { rows: references.map((r) => [r.line, r.kind, r.raw, r.destination]), notes };
}

describe("a Docusaurus site's MDX", () => {
  it("reads require(), @site/, useBaseUrl(), Markdown inside JSX, and nothing in code or comments", () => {
    expect(read("docs/guide/install.mdx").rows).toEqual([
      [15, "jsx-expression", "{require('./assets/dialog.png').default}", "./assets/dialog.png"],
      [
        19,
        "jsx-expression",
        "{require('@site/static/img/shared.png').default}",
        "../../static/img/shared.png",
      ],
      [22, "jsx-expression", "{useBaseUrl('/img/banner.png')}", "../../static/img/banner.png"],
      [
        27,
        "jsx-expression",
        "useBaseUrl('/img/arch-light.png')",
        "../../static/img/arch-light.png",
      ],
      [28, "jsx-expression", "require('./assets/arch-dark.png').default", "./assets/arch-dark.png"],
      [33, "markdown-image", "./assets/settings.png", "./assets/settings.png"],
      [55, "markdown-image", "./assets/inline.png", "./assets/inline.png"],
    ]);
  });

  it("counts ESM image imports and dynamic sources as left alone", () => {
    expect(read("docs/guide/install.mdx").notes).toEqual([
      { kind: "left", line: 8, reason: LEFT_TO_BUNDLER, destination: "./assets/diagram.svg" },
      { kind: "left", line: 9, reason: LEFT_TO_BUNDLER, destination: "./assets/logo.png" },
      {
        kind: "left",
        line: 45,
        reason: LEFT_DYNAMIC,
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the MDX source text itself
        destination: "{`./assets/${steps[0]}.png`}",
      },
    ]);
  });

  it("reads a .md file of the same site with CommonMark rules", () => {
    // Indented code and Markdown inside an HTML block are not images in CommonMark.
    expect(read("docs/guide/legacy.md").rows).toEqual([
      [13, "markdown-image", "./assets/legacy.png", "./assets/legacy.png"],
    ]);
  });

  it("reports invalid MDX once, at its line, and reads nothing from it", () => {
    expect(read("docs/broken.mdx")).toEqual({
      rows: [],
      notes: [
        {
          kind: "invalid-mdx",
          line: 5,
          reason:
            "Unexpected end of file in expression, expected a corresponding closing brace for `{`",
        },
      ],
    });
  });
});
