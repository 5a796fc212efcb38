/**
 * Crash safety with a real SIGKILL: `node dist/index.js` against slow storage is killed
 * midway; every content file must then be exactly as it was or fully rewritten, and every
 * URL in it must serve the right bytes. The next run converges.
 */
import { createHash } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type S3FaultProxy, startS3FaultProxy } from "../support/fault-proxy.js";
import { runAction } from "../support/run-action.js";
import { type RunningS3rver, startS3rver } from "../support/s3rver.js";
import { makeBlog, workspaceInputs } from "./run-action.js";

const bucket = "crash-bucket";
let server: RunningS3rver;
let proxy: S3FaultProxy;
let blog: Awaited<ReturnType<typeof makeBlog>>;
let originals: Map<string, string>;

beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
  proxy = await startS3FaultProxy(server);
  blog = await makeBlog(8, 4);
  originals = new Map();
  for (const file of blog.files)
    originals.set(file, await readFile(path.join(blog.root, file), "utf8"));
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
  await rm(blog.root, { recursive: true, force: true });
});

/** The file as a complete run writes it: every image link replaced by its object's URL. */
async function fullyRewritten(file: string): Promise<string> {
  let text = originals.get(file) ?? "";
  const publicUrl = `${proxy.endpoint}/${bucket}`;
  for (const match of [...text.matchAll(/\]\((img\/[^)]+)\)/g)]) {
    const image = path.posix.join(path.posix.dirname(file), match[1] ?? "");
    const sha = createHash("sha256")
      .update(await readFile(path.join(blog.root, image)))
      .digest("hex");
    text = text.replace(`](${match[1]})`, `](${publicUrl}/images/${sha.slice(0, 16)}.png)`);
  }
  return text;
}

/** What s3rver stores under `key`, read on disk-independent terms (through the proxy). */
async function stored(key: string): Promise<Buffer | undefined> {
  const response = await fetch(`${server.endpoint}/${bucket}/${key}`);
  return response.ok ? Buffer.from(await response.arrayBuffer()) : undefined;
}

/** Every file is the original or the complete rewrite, and every URL serves its image. */
async function checkInvariant(): Promise<{ rewritten: number }> {
  let rewritten = 0;
  for (const file of blog.files) {
    const now = await readFile(path.join(blog.root, file), "utf8");
    if (now === originals.get(file)) continue;
    expect(now, `${file} is neither the original nor fully rewritten`).toBe(
      await fullyRewritten(file),
    );
    rewritten++;
    const original = originals.get(file) ?? "";
    const images = [...original.matchAll(/\]\((img\/[^)]+)\)/g)].map((match) =>
      path.posix.join(path.posix.dirname(file), match[1] ?? ""),
    );
    const urls = [...now.matchAll(/\]\((http[^)]+)\)/g)].map((match) => match[1] ?? "");
    expect(urls).toHaveLength(images.length);
    for (const [index, url] of urls.entries()) {
      const key = url.slice(`${proxy.endpoint}/${bucket}/`.length);
      const bytes = await stored(key);
      expect(bytes, `${url} points at a missing object`).toBeDefined();
      expect(bytes?.equals(await readFile(path.join(blog.root, images[index] ?? ""))), url).toBe(
        true,
      );
    }
  }
  return { rewritten };
}

describe("SIGKILL of node dist/index.js midway", () => {
  it("leaves every file as it was or fully rewritten, never a link to a missing object; the next run converges", async () => {
    // Slow storage: every PUT waits, so the kill lands while uploads are in flight.
    proxy.putDelayMs = 150;
    const inputs = { ...workspaceInputs(proxy.endpoint, bucket), concurrency: "4" };

    // Each kill must come before that run runs out of work: 32 images, and up to
    // `concurrency` PUTs in flight may still land after a kill.
    for (const killAfterPuts of [2, 5, 8]) {
      const putsBefore = proxy.puts.length;
      const run = await runAction(blog.root, inputs, {
        onStart: (child) => {
          proxy.onPut = () => {
            if (proxy.puts.length - putsBefore >= killAfterPuts) child.kill("SIGKILL");
          };
        },
      });
      proxy.onPut = () => {};
      expect(run.signal, `kill after ${killAfterPuts}: ${run.stdout}`).toBe("SIGKILL");
      const { rewritten } = await checkInvariant();
      // Killed during uploads: nothing may have been rewritten yet.
      expect(rewritten).toBe(0);
    }

    // Killed at the last moment before rewriting: while it verifies public-url.
    proxy.putDelayMs = 0;
    const late = await runAction(blog.root, inputs, {
      onStart: (child) => {
        proxy.fault = (request) => {
          if (request.method === "GET" && !request.url.includes("?")) child.kill("SIGKILL");
          return undefined;
        };
      },
    });
    proxy.fault = () => undefined;
    expect(late.signal, late.stdout).toBe("SIGKILL");
    await checkInvariant();

    // The next run converges: every link rewritten, every object right; then nothing to do.
    const final = await runAction(blog.root, inputs);
    expect(final.code, final.stdout).toBe(0);
    expect(final.outputs.failed).toBe("0");
    expect((await checkInvariant()).rewritten).toBe(blog.files.length);
    const putsBefore = proxy.puts.length;
    const again = await runAction(blog.root, inputs);
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs).toMatchObject({ uploaded: "0", rewritten: "0" });
    expect(proxy.puts.length).toBe(putsBefore);
  }, 60_000);
});
