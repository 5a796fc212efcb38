/** Blogs and inputs for the fault tests, which run the built Action through ../support/run-action.ts. */
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { S3RVER_ACCESS_KEY_ID, S3RVER_SECRET_ACCESS_KEY } from "../support/s3rver.js";

export const repo = path.resolve(import.meta.dirname, "../..");

/** Inputs for workspace mode against `endpoint` (a proxy in front of s3rver). */
export function workspaceInputs(endpoint: string, bucket: string): Record<string, string> {
  return {
    mode: "workspace",
    bucket,
    endpoint,
    "public-url": `${endpoint}/${bucket}`,
    "access-key-id": S3RVER_ACCESS_KEY_ID,
    "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
  };
}

/** `::error…::` lines of a run's output. */
export function errorLines(stdout: string): string[] {
  return stdout.split("\n").filter((line) => line.startsWith("::error"));
}

/**
 * A small blog in a temp dir: `posts` Markdown files, each with `perPost` images under
 * img/ (PNG signature + random bytes, so every image is distinct).
 */
export async function makeBlog(
  posts: number,
  perPost: number,
): Promise<{ root: string; files: string[]; images: string[] }> {
  const root = await mkdtemp(path.join(os.tmpdir(), "mio-reliability-blog-"));
  await mkdir(path.join(root, "posts/img"), { recursive: true });
  const files: string[] = [];
  const images: string[] = [];
  const png = await readFile(path.join(repo, "test/fixtures/blog/x.png"));
  for (let post = 0; post < posts; post++) {
    const lines = [`# Post ${post}`, ""];
    for (let index = 0; index < perPost; index++) {
      const image = `posts/img/p${post}-${index}.png`;
      // A real PNG with distinct trailing bytes (decoders ignore data after IEND).
      await writeFile(path.join(root, image), Buffer.concat([png, Buffer.from(image)]));
      images.push(image);
      lines.push(`Picture ${index}: ![p${post}-${index}](img/p${post}-${index}.png)`, "");
    }
    const file = `posts/post-${post}.md`;
    await writeFile(path.join(root, file), lines.join("\n"));
    files.push(file);
  }
  return { root, files, images };
}

/** A copy of `source` in a new temp dir. */
export async function copyTree(source: string): Promise<string> {
  const target = await mkdtemp(path.join(os.tmpdir(), "mio-reliability-copy-"));
  await cp(source, target, { recursive: true });
  return target;
}
