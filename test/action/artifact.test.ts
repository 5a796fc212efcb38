import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { restoreOriginals, runArtifactMode, undoEdits } from "../../src/action/artifact.js";
import { OffloadError } from "../../src/engine/errors.js";
import { MemoryLogger } from "../../src/engine/logger.js";
import { applyEdits } from "../../src/engine/rewrite.js";
import type { Edit } from "../../src/engine/types.js";
import {
  type ArtifactService,
  readZip,
  startArtifactService,
} from "../support/artifact-service.js";
import { writeFiles } from "../support/git-repos.js";

const original = {
  "posts/é.md": "\uFEFF# Café\r\n\r\n![a](img/a.png) and ![b](<my pic.png>)\r\n",
  "b.md": "![x](x.png)\n",
};

function edit(file: string, text: string, oldText: string, newText: string): Edit {
  const start = Buffer.from(text.slice(0, text.indexOf(oldText)), "utf8").length;
  return { file, start, end: start + Buffer.byteLength(oldText), oldText, newText, line: 1 };
}
const edits: Edit[] = [
  edit("posts/é.md", original["posts/é.md"], "img/a.png", "https://cdn.example.com/ä/1.png"),
  edit("posts/é.md", original["posts/é.md"], "my pic.png", "https://cdn.example.com/2.png"),
  edit("b.md", original["b.md"], "x.png", "https://x.example/x.png"),
];

const dirs: string[] = [];
async function rewrittenWorkspace(): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "mio-artifact-"));
  dirs.push(root);
  await writeFiles(root, original);
  await applyEdits(root, edits);
  return root;
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("restoring the workspace", () => {
  it("undoes the engine's edits byte for byte (BOM, CRLF, multi-byte text)", async () => {
    const root = await rewrittenWorkspace();
    expect(await readFile(path.join(root, "b.md"), "utf8")).toBe("![x](https://x.example/x.png)\n");
    await restoreOriginals(root, edits);
    for (const [file, text] of Object.entries(original))
      expect(await readFile(path.join(root, file), "utf8")).toBe(text);
  });

  it("refuses to guess when a file changed after the rewrite", () => {
    const changed = Buffer.from("![x](https://x.example/y.png)\n");
    const bEdits = edits.filter((one) => one.file === "b.md");
    expect(() => undoEdits("b.md", changed, bEdits)).toThrow(OffloadError);
    expect(() => undoEdits("b.md", changed, bEdits)).toThrow(
      /b\.md changed after it was rewritten/,
    );
  });
});

describe("mode: artifact with @actions/artifact against a local artifact service", () => {
  let service: ArtifactService;
  const saved: Record<string, string | undefined> = {};
  beforeAll(async () => {
    service = await startArtifactService();
    for (const [name, value] of Object.entries(service.env)) {
      saved[name] = process.env[name];
      process.env[name] = value;
    }
  });
  afterAll(async () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await service?.stop();
  });

  it("uploads the rewritten files with their paths, returns the id, and restores the workspace", async () => {
    const root = await rewrittenWorkspace();
    const logger = new MemoryLogger();
    const outcome = await runArtifactMode({
      root,
      files: ["b.md", "posts/é.md"],
      edits,
      dryRun: false,
      logger,
    });

    expect(outcome).toEqual({ name: "md-image-offload", id: 4242, files: ["b.md", "posts/é.md"] });
    expect(service.calls.map((call) => call.method)).toEqual([
      "CreateArtifact",
      "FinalizeArtifact",
    ]);
    const zip = readZip(service.blobs.get("md-image-offload") ?? Buffer.alloc(0));
    expect([...zip.keys()].sort()).toEqual(["b.md", "posts/é.md"]);
    expect(zip.get("b.md")?.toString("utf8")).toBe("![x](https://x.example/x.png)\n");
    expect(zip.get("posts/é.md")?.toString("utf8")).toContain("https://cdn.example.com/ä/1.png");
    for (const [file, text] of Object.entries(original))
      expect(await readFile(path.join(root, file), "utf8")).toBe(text);
  });

  it("uploads nothing when nothing was rewritten or in a dry run", async () => {
    const logger = new MemoryLogger();
    const calls = service.calls.length;
    const none = await runArtifactMode({
      root: "/nonexistent",
      files: [],
      edits: [],
      dryRun: false,
      logger,
    });
    expect(none).toMatchObject({ reason: "no content file was rewritten" });
    expect(none.id).toBeUndefined();
    const dry = await runArtifactMode({
      root: "/nonexistent",
      files: ["a.md"],
      edits: [],
      dryRun: true,
      logger,
    });
    expect(dry.id).toBeUndefined();
    expect(service.calls.length).toBe(calls);
  });

  it("restores the workspace even when the upload fails", async () => {
    const root = await rewrittenWorkspace();
    const error = await runArtifactMode({
      root,
      files: ["b.md", "posts/é.md"],
      edits,
      dryRun: false,
      logger: new MemoryLogger(),
      upload: () => Promise.reject(new Error("artifact service unavailable")),
    }).catch((thrown: unknown) => thrown);
    expect((error as Error).message).toBe("artifact service unavailable");
    for (const [file, text] of Object.entries(original))
      expect(await readFile(path.join(root, file), "utf8")).toBe(text);
  });
});
