import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findReferences, loadMdxReader } from "../../../src/engine/references/index.js";
import type { Reference, ReferenceKind } from "../../../src/engine/types.js";

// The engine loads the MDX reader on first need (collect.ts); direct calls load it first.
await loadMdxReader();

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
