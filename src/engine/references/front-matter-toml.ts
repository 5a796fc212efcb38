/**
 * TOML front matter (Hugo's `+++`), read with toml-eslint-parser, which keeps the source
 * range of every key and value. Standard tables, arrays of tables (`[[resources]]`),
 * dotted keys, inline tables and arrays all become the same key paths as YAML.
 */

import type { AST } from "toml-eslint-parser";
import { parseTOML } from "toml-eslint-parser";
import { keyPathOf, type PathStep } from "../../core/key-paths.js";
import type { Found } from "./found.js";

export function tomlFrontMatterValues(
  source: string,
  offset: number,
  keys: ReadonlySet<string>,
): Found[] {
  let program: AST.TOMLProgram;
  try {
    program = parseTOML(source);
  } catch {
    return []; // a file Hugo cannot read either: not ours to edit
  }
  const found: Found[] = [];
  const visit = (steps: readonly PathStep[], value: AST.TOMLValue): void => {
    if (value.kind !== "string" || value.multiline || value.value === "") return;
    if (!keys.has(keyPathOf(steps))) return;
    const [start, end] = [value.range[0] + 1, value.range[1] - 1];
    // Escapes in a basic string make the source differ from the value: not edited.
    if (source.slice(start, end) !== value.value) return;
    found.push({
      kind: "front-matter",
      start: offset + start,
      end: offset + end,
      destination: value.value,
    });
  };
  for (const top of program.body) {
    for (const item of top.body) {
      if (item.type === "TOMLKeyValue") {
        walkValue(item.value, keySteps(item.key), visit);
      } else {
        const tableSteps = item.resolvedKey.map((step) => step);
        for (const pair of item.body) {
          walkValue(pair.value, [...tableSteps, ...keySteps(pair.key)], visit);
        }
      }
    }
  }
  return found;
}

function keySteps(key: AST.TOMLKey): PathStep[] {
  return key.keys.map((part) => (part.type === "TOMLBare" ? part.name : part.value));
}

type Visit = (steps: readonly PathStep[], value: AST.TOMLValue) => void;

function walkValue(node: AST.TOMLContentNode, steps: readonly PathStep[], visit: Visit): void {
  if (node.type === "TOMLValue") {
    visit(steps, node);
  } else if (node.type === "TOMLArray") {
    for (const [index, element] of node.elements.entries()) {
      walkValue(element, [...steps, index], visit);
    }
  } else if (node.type === "TOMLInlineTable") {
    for (const pair of node.body) walkValue(pair.value, [...steps, ...keySteps(pair.key)], visit);
  }
}
