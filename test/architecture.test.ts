/**
 * Which folder may import which: the ground floor imports nothing of ours, the engine
 * knows nothing of GitHub or of its adapters, and nothing imports upward. One table, read
 * from the real import statements of every source file.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const src = path.resolve(import.meta.dirname, "../src");

/** Lower floors first; a module may import its own floor and those below it. */
const FLOORS: readonly (readonly string[])[] = [
  ["core"],
  ["options"],
  ["storage"],
  ["engine"],
  // The adapters and what only they use.
  [
    "report",
    "git",
    "github",
    "check",
    "action",
    "cli",
    "offload.ts",
    "main.ts",
    "cli.ts",
    "index.ts",
    "version.ts",
  ],
];

function floorOf(file: string): number {
  const top = path.relative(src, file).split(path.sep)[0] ?? "";
  const floor = FLOORS.findIndex((names) => names.includes(top));
  if (floor < 0) throw new Error(`src/${top} is on no floor: add it to FLOORS`);
  return floor;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [full] : [];
  });
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:from|import)\s*\(?\s*"(\.{1,2}\/[^"]+)"/g)].map((m) =>
    path.resolve(path.dirname(file), (m[1] ?? "").replace(/\.js$/, ".ts")),
  );
}

describe("the import rule", () => {
  it("no module imports a floor above its own", () => {
    const upward: string[] = [];
    for (const file of sourceFiles(src)) {
      for (const target of relativeImports(file)) {
        if (floorOf(target) > floorOf(file))
          upward.push(`${path.relative(src, file)} → ${path.relative(src, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("the engine and the ground floor never touch GitHub, the runner or the environment", () => {
    const offending: string[] = [];
    for (const file of sourceFiles(src).filter((f) => floorOf(f) <= 3)) {
      const text = readFileSync(file, "utf8");
      if (/@actions\/|process\.env|\bcore\.(info|warning|error|setFailed)/.test(text))
        offending.push(path.relative(src, file));
    }
    expect(offending).toEqual([]);
  });
});
