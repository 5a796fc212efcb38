import { readFileSync } from "node:fs";
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

describe("start-up", () => {
  // Every run pays for what its entry point loads: parsers that only some sites need
  // (MDX with JSX, an Astro content schema) are imported when a run meets such a site.
  it.each(["index.js", "cli.js"])("%s loads no JavaScript parser (acorn) at start", (entry) => {
    const loaded = loadedAtStart(entry);
    const parsers = [...loaded].filter(
      ([, source]) =>
        source.includes("var astralIdentifierCodes") || source.includes("function tsPlugin("),
    );
    expect(parsers.map(([file]) => path.relative(dist, file))).toEqual([]);
    const bytes = [...loaded.values()].reduce((sum, source) => sum + source.length, 0);
    expect(bytes).toBeLessThan(1_300_000);
  });
});
