import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runArtifactMode } from "../../src/action/artifact.js";
import { MemoryLogger } from "../../src/core/logger.js";
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
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "mio-artifact-"));
  dirs.push(dir);
  return dir;
}

/** A workspace and the staging directory the engine rewrote its files into. */
async function stagedRewrite(): Promise<{ workspace: string; staging: string; files: string[] }> {
  const workspace = await tempDir();
  const staging = await tempDir();
  await writeFiles(workspace, original);
  const files = await applyEdits(workspace, edits, staging);
  return { workspace, staging, files };
}
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe("staging the rewritten files", () => {
  it("writes them under the staging root with their paths and leaves the workspace as it was", async () => {
    const { workspace, staging, files } = await stagedRewrite();
    expect(files).toEqual(["b.md", "posts/é.md"]);
    expect(await readFile(path.join(staging, "b.md"), "utf8")).toBe(
      "![x](https://x.example/x.png)\n",
    );
    expect(await readFile(path.join(staging, "posts/é.md"), "utf8")).toBe(
      "\uFEFF# Café\r\n\r\n![a](https://cdn.example.com/ä/1.png) and ![b](<https://cdn.example.com/2.png>)\r\n",
    );
    for (const [file, text] of Object.entries(original))
      expect(await readFile(path.join(workspace, file), "utf8")).toBe(text);
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

  it("uploads the staged files with their paths and returns the id; the workspace is untouched", async () => {
    const { workspace, staging, files } = await stagedRewrite();
    const logger = new MemoryLogger();
    const outcome = await runArtifactMode({ root: staging, files, dryRun: false, logger });

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
      expect(await readFile(path.join(workspace, file), "utf8")).toBe(text);
  });

  it("uploads nothing when nothing was rewritten or in a dry run", async () => {
    const logger = new MemoryLogger();
    const calls = service.calls.length;
    const none = await runArtifactMode({
      root: "/nonexistent",
      files: [],
      dryRun: false,
      logger,
    });
    expect(none).toMatchObject({ reason: "no content file was rewritten" });
    expect(none.id).toBeUndefined();
    const dry = await runArtifactMode({
      root: "/nonexistent",
      files: ["a.md"],
      dryRun: true,
      logger,
    });
    expect(dry.id).toBeUndefined();
    expect(service.calls.length).toBe(calls);
  });

  it("a failed upload fails the step and still leaves the workspace as it was", async () => {
    const { workspace, staging, files } = await stagedRewrite();
    const error = await runArtifactMode({
      root: staging,
      files,
      dryRun: false,
      logger: new MemoryLogger(),
      upload: () => Promise.reject(new Error("artifact service unavailable")),
    }).catch((thrown: unknown) => thrown);
    expect((error as Error).message).toBe("artifact service unavailable");
    for (const [file, text] of Object.entries(original))
      expect(await readFile(path.join(workspace, file), "utf8")).toBe(text);
  });
});
