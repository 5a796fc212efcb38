import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dist = path.resolve(import.meta.dirname, "../../dist");

/** Every file an entry point loads before it runs: its static imports, transitively. */
function loadedAtStart(entry: string): Map<string, string> {
  const loaded = new Map<string, string>();
  const visit = (file: string): void => {
    if (loaded.has(file)) return;
    const source = readFileSync(file, "utf8");
    loaded.set(file, source);
    const imports = /^import\s(?:[^;]*?\sfrom\s)?["'](\.[^"']+)["']/gm;
    for (const match of source.matchAll(imports))
      visit(path.resolve(path.dirname(file), match[1] ?? ""));
  };
  visit(path.join(dist, entry));
  return loaded;
}

/** Library code, by a line only that library holds: what must not load at start. */
const PARSERS: Record<string, RegExp> = {
  "a JavaScript parser (acorn)": /var astralIdentifierCodes|function tsPlugin\(/,
  "the YAML parser (yaml)": /Symbol\.for\(["']yaml\.document["']\)/,
  "the TOML parser (toml-eslint-parser)": /function parseTOML\(/,
};

describe("start-up", () => {
  // Every run pays for what its entry point loads: parsers that only some sites need (MDX
  // with JSX, an Astro content schema, nested YAML or TOML front matter) are imported when
  // a run meets such a file.
  it.each(["index.js", "cli.js"])("%s loads no parser that only some sites need", (entry) => {
    const loaded = loadedAtStart(entry);
    const atStart = Object.entries(PARSERS).flatMap(([name, code]) =>
      [...loaded]
        .filter(([, source]) => code.test(source))
        .map(([file]) => `${name} in ${path.relative(dist, file)}`),
    );
    expect(atStart).toEqual([]);
    // Measured: 0.83 MB (index.js), 0.79 MB (cli.js); 1.2 MB with the YAML and TOML parsers.
    const bytes = [...loaded.values()].reduce((sum, source) => sum + source.length, 0);
    expect(bytes).toBeLessThan(870_000);
  });

  it("still bundles each of those parsers, in a chunk of its own loaded on demand", () => {
    const chunks = readdirSync(path.join(dist, "chunks")).map((name) =>
      readFileSync(path.join(dist, "chunks", name), "utf8"),
    );
    for (const code of Object.values(PARSERS))
      expect(
        chunks.some((source) => code.test(source)),
        String(code),
      ).toBe(true);
  });
});
