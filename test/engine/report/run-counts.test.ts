import { describe, expect, it } from "vitest";
import { countBySyntax, stillLinked } from "../../../src/engine/report/run-counts.js";
import type { Edit, ReferenceKind, ResolvedReference } from "../../../src/engine/types.js";

function local(file: string, start: number, kind: ReferenceKind, path: string, viaUrl = false) {
  return {
    reference: { file, kind, start, end: start + 5, raw: path, destination: path, line: 1 },
    resolution: {
      status: "local",
      absolutePath: `/repo/${path}`,
      path,
      suffix: "",
      ...(viaUrl ? { viaUrl } : {}),
    },
  } as ResolvedReference;
}

const missing = {
  reference: {
    file: "a.md",
    kind: "embed",
    start: 90,
    end: 95,
    raw: "x",
    destination: "x",
    line: 3,
  },
  resolution: { status: "missing", candidates: ["x.png"] },
} as ResolvedReference;

const edit = (file: string, start: number): Edit => ({
  file,
  start,
  end: start + 5,
  oldText: "a.png",
  newText: "https://cdn/a.png",
  line: 1,
});

describe("run counts", () => {
  const resolved = [
    local("a.md", 0, "markdown-image", "a.png"),
    local("a.md", 20, "shortcode", "b.png"),
    local("b.md", 0, "markdown-image", "c.png"),
    local("b.md", 40, "markdown-image", "old.png", true),
    missing,
  ];

  it("counts local, rewritten and missing images per syntax", () => {
    expect(countBySyntax(resolved, [edit("a.md", 0), edit("b.md", 0)])).toEqual([
      { kind: "markdown-image", local: 3, rewritten: 2, missing: 0 },
      { kind: "shortcode", local: 1, rewritten: 0, missing: 0 },
      { kind: "embed", local: 0, rewritten: 0, missing: 1 },
    ]);
  });

  it("lists the images still linked where no edit was written, never through a recorded URL", () => {
    const edits = [edit("a.md", 0), edit("b.md", 0)];
    // b.md's edit was planned but the file was not written (a dry run, a failed write).
    expect(stillLinked(resolved, edits, ["a.md"]).sort()).toEqual(["b.png", "c.png"]);
    expect(stillLinked(resolved, edits, ["a.md", "b.md"])).toEqual(["b.png"]);
  });
});
