import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findReferences, loadReaders } from "../../../src/engine/references/index.js";
import type { Reference, ReferenceKind } from "../../../src/engine/types.js";

// The engine loads its parsers (MDX, YAML, TOML) on first need (parse-one.ts); direct
// calls to findReferences load them first.
await loadReaders();

export const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../fixtures/references",
);

export function fixture(name: string): Buffer {
  return readFileSync(path.join(FIXTURES, name));
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES).sort();
}

export function find(name: string, options?: { mdx?: boolean }): Reference[] {
  return findReferences(`posts/${name}`, fixture(name), options);
}

/** `[line, kind, raw, destination]` per reference: compact enough to list a whole file. */
export function rows(
  references: readonly Reference[],
): Array<[number, ReferenceKind, string, string]> {
  return references.map((r) => [r.line, r.kind, r.raw, r.destination]);
}
