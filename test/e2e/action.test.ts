import { createHash } from "node:crypto";
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { GetObjectCommand } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizedRendering } from "../support/blog-oracle.js";
import { type S3FaultProxy, startS3FaultProxy } from "../support/fault-proxy.js";
import { git, writeFiles } from "../support/git-repos.js";
import { runAction } from "../support/run-action.js";
import {
  S3RVER_ACCESS_KEY_ID,
  S3RVER_SECRET_ACCESS_KEY,
  s3rverClient,
  startS3rver,
} from "../support/s3rver.js";

const repo = path.resolve(import.meta.dirname, "../..");
const fixture = path.join(repo, "test/fixtures/blog");
const bucket = "blog-images";

interface ExpectedReference {
  file: string;
  line: number;
  start: number;
  end: number;
  raw: string;
  result: "rewritten" | "untouched" | "missing" | "refused" | "failed";
  image?: string;
  sha256?: string;
  suffix?: string;
}
const expected = JSON.parse(await readFile(path.join(fixture, "expected.json"), "utf8")) as {
  summary: { uploaded: number; rewrittenFiles: string[] };
  references: ExpectedReference[];
};

let server: Awaited<ReturnType<typeof startS3rver>>;
let proxy: S3FaultProxy;
let outside: string;
beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
  proxy = await startS3FaultProxy(server);
  outside = await mkdtemp(path.join(os.tmpdir(), "mio-outside-"));
  await cp(path.join(fixture, "x.png"), path.join(outside, "link.png"));
});
afterAll(async () => {
  await proxy?.stop();
  await server?.stop();
  await rm(outside, { recursive: true, force: true });
});

/** A temp copy of the trap blog with what git cannot hold: a symlink that escapes, node_modules. */
async function blogCopy(source = fixture): Promise<string> {
  const workspace = await mkdtemp(path.join(os.tmpdir(), "mio-e2e-"));
  await cp(source, workspace, { recursive: true });
  if (source === fixture) {
    await symlink(outside, path.join(workspace, "escape"));
    await mkdir(path.join(workspace, "node_modules/pkg"), { recursive: true });
    await writeFile(path.join(workspace, "node_modules/pkg/readme.md"), "![n](n.png)\n");
    await cp(path.join(fixture, "x.png"), path.join(workspace, "node_modules/pkg/n.png"));
  }
  return workspace;
}

const inputs = () => ({
  mode: "workspace",
  bucket,
  endpoint: proxy.endpoint,
  "public-url": `${proxy.endpoint}/${bucket}`,
  "access-key-id": S3RVER_ACCESS_KEY_ID,
  "secret-access-key": S3RVER_SECRET_ACCESS_KEY,
});

async function snapshot(root: string, files: readonly string[]): Promise<Map<string, Buffer>> {
  return new Map(
    await Promise.all(
      files.map(async (file) => [file, await readFile(path.join(root, file))] as const),
    ),
  );
}

const contentFiles = [
  "syntax.md",
  "traps.md",
  "crlf-bom.md",
  "front-matter.md",
  "page.mdx",
  "expected.md",
];

describe("node dist/index.js in workspace mode over the trap blog", () => {
  it("uploads every referenced image once, rewrites exactly the destinations, and converges", async () => {
    const workspace = await blogCopy();
    const before = await snapshot(workspace, contentFiles);
    const first = await runAction(workspace, inputs());

    // The HTML file named .png fails the run; everything else is still done.
    expect(first.code, first.stdout).toBe(1);
    expect(first.stdout).toMatch(
      /::error::1 image\(s\) could not be offloaded \(not-an-image\.png\)/,
    );
    expect(first.outputs).toMatchObject({
      uploaded: String(expected.summary.uploaded),
      skipped: "0",
      failed: "1",
      missing: "1",
      rewritten: "5",
    });
    expect(JSON.parse(first.outputs.files ?? "")).toEqual(
      [...expected.summary.rewrittenFiles].sort(),
    );
    expect(first.stdout).toMatch(/::warning file=traps\.md,line=48::Image not found: missing\.png/);
    expect(first.stdout).toMatch(
      /::warning file=traps\.md,line=50::Refused \.\.\/\.\.\/etc\/passwd\.png/,
    );
    expect(first.stdout).toMatch(/::warning file=traps\.md,line=52::Refused escape\/link\.png/);
    expect(first.summary).toContain("<img");
    // The refused image is reported where the writer can fix it: at the referencing line.
    expect(first.stdout).toMatch(
      /::error file=traps\.md,line=60::not-an-image\.png is not an image \(its bytes are an HTML page\); .*; the link was left as it is\./,
    );

    // Byte-exact: the expected file is the original with each expected destination replaced.
    const publicUrl = `${proxy.endpoint}/${bucket}`;
    for (const file of contentFiles) {
      const rows = expected.references
        .filter((row) => row.file === file && row.result === "rewritten")
        .sort((a, b) => b.start - a.start);
      let bytes = before.get(file) as Buffer;
      for (const row of rows) {
        const ext = path.extname(row.image ?? "").toLowerCase();
        const url = `${publicUrl}/images/${row.sha256?.slice(0, 16)}${ext}${row.suffix ?? ""}`;
        bytes = Buffer.concat([
          bytes.subarray(0, row.start),
          Buffer.from(url),
          bytes.subarray(row.end),
        ]);
      }
      expect((await readFile(path.join(workspace, file))).toString("utf8"), file).toBe(
        bytes.toString("utf8"),
      );
    }

    // The rendering oracle: only image URLs changed, each to the URL of the same image.
    const manifest = JSON.parse(await readFile(first.outputs.manifest ?? "", "utf8")) as {
      images: { source: string; url: string; status: string; key: string; sha256: string }[];
    };
    const uploadedUrls = new Map(
      manifest.images
        .filter((image) => image.status === "uploaded")
        .map((image) => [image.url, image.sha256]),
    );
    for (const file of contentFiles) {
      const context = {
        root: workspace,
        file,
        staticDirs: ["public", "static", "source", "."],
        uploadedUrls,
      };
      const after = await readFile(path.join(workspace, file), "utf8");
      expect(normalizedRendering(after, context), file).toBe(
        normalizedRendering((before.get(file) as Buffer).toString("utf8"), context),
      );
    }

    // Every object holds the file's bytes, served with an image Content-Type from the magic bytes.
    const s3 = s3rverClient(server.endpoint);
    for (const image of manifest.images.filter((entry) => entry.status === "uploaded")) {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: image.key }));
      const body = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      expect(createHash("sha256").update(body).digest("hex"), image.source).toBe(image.sha256);
      expect(body.equals(await readFile(path.join(workspace, image.source))), image.source).toBe(
        true,
      );
      expect(object.ContentType, image.source).toMatch(
        image.source === "jpeg-named.png" ? /^image\/jpeg$/ : /^image\//,
      );
    }
    s3.destroy();
    expect(manifest.images.map((image) => image.source)).not.toContain("node_modules/pkg/n.png");

    // Second run: nothing to upload, no byte changes.
    const afterFirst = await snapshot(workspace, contentFiles);
    const putsBefore = proxy.puts.length;
    const second = await runAction(workspace, inputs());
    expect(proxy.puts.length).toBe(putsBefore);
    expect(second.outputs).toMatchObject({ uploaded: "0", rewritten: "0", files: "[]" });
    const afterSecond = await snapshot(workspace, contentFiles);
    for (const file of contentFiles)
      expect(afterSecond.get(file)?.equals(afterFirst.get(file) as Buffer), file).toBe(true);
    await rm(workspace, { recursive: true, force: true });
  });
});

describe("node dist/index.js in workspace mode over examples/", () => {
  it("succeeds, and a fresh checkout of the same blog finds every object present and sends no PUT", async () => {
    const first = await blogCopy(path.join(repo, "examples"));
    const run1 = await runAction(first, inputs());
    expect(run1.code, run1.stdout).toBe(0);
    expect(Number(run1.outputs.uploaded)).toBeGreaterThanOrEqual(10);
    expect(run1.outputs.failed).toBe("0");
    expect(run1.stdout).toMatch(
      /::warning file=_posts\/2024-03-01-hello-world\.md,line=\d+::Image not found/,
    );

    const second = await blogCopy(path.join(repo, "examples"));
    const puts = proxy.puts.length;
    const run2 = await runAction(second, inputs());
    expect(run2.code, run2.stdout).toBe(0);
    expect(proxy.puts.length).toBe(puts);
    expect(run2.outputs).toMatchObject({
      uploaded: "0",
      skipped: run1.outputs.uploaded,
      rewritten: run1.outputs.rewritten,
    });
    for (const file of JSON.parse(run1.outputs.files ?? "[]") as string[]) {
      expect(await readFile(path.join(second, file), "utf8"), file).toBe(
        await readFile(path.join(first, file), "utf8"),
      );
    }

    // The already-rewritten blog (what commit mode leaves behind): no request at all.
    const requests = proxy.requests.length;
    const run3 = await runAction(first, inputs());
    expect(run3.code, run3.stdout).toBe(0);
    expect(run3.outputs).toMatchObject({ uploaded: "0", skipped: "0", rewritten: "0" });
    expect(proxy.requests.slice(requests)).toEqual([]);
    await rm(first, { recursive: true, force: true });
    await rm(second, { recursive: true, force: true });
  });

  it("on a fresh checkout of a git repository, reads no unchanged image and stays within the request budget", async () => {
    const png = await readFile(path.join(fixture, "x.png"));
    const files: Record<string, string | Buffer> = {};
    for (let post = 0; post < 20; post++) {
      const lines = [`# Post ${post}`];
      for (let figure = 0; figure < 3; figure++) {
        const salt = Buffer.from(`${post}/${figure}/${Date.now()}`);
        files[`content/${post}/f${figure}.png`] = Buffer.concat([png, salt]);
        lines.push(`![figure](f${figure}.png)`);
      }
      files[`content/${post}/index.md`] = `${lines.join("\n\n")}\n`;
    }
    const checkout = async () => {
      const workspace = await mkdtemp(path.join(os.tmpdir(), "mio-e2e-git-"));
      await writeFiles(workspace, files);
      await git(workspace, "init", "-q");
      await git(workspace, "add", "-A");
      await git(workspace, "commit", "-q", "-m", "blog");
      return workspace;
    };
    const first = await checkout();
    const run1 = await runAction(first, inputs());
    expect(run1.code, run1.stdout).toBe(0);
    expect(run1.outputs).toMatchObject({ uploaded: "60", failed: "0" });
    expect(run1.stdout).not.toContain("known from the digest index");

    const second = await checkout();
    const requests = proxy.requests.length;
    const run2 = await runAction(second, inputs());
    expect(run2.code, run2.stdout).toBe(0);
    expect(run2.outputs).toMatchObject({ uploaded: "0", skipped: "60", rewritten: "20" });
    expect(run2.stdout).toContain(
      "60 unchanged image(s) known from the digest index, not read again.",
    );
    // One listing page (the preflight), the digest index, one public-URL check.
    expect(proxy.requests.length - requests).toBeLessThanOrEqual(3);
    for (const post of ["content/0/index.md", "content/19/index.md"])
      expect(await readFile(path.join(second, post), "utf8")).toBe(
        await readFile(path.join(first, post), "utf8"),
      );
    await rm(first, { recursive: true, force: true });
    await rm(second, { recursive: true, force: true });
  });

  it("fails with one sentence naming the input when the configuration is wrong, changing nothing", async () => {
    const workspace = await blogCopy(path.join(repo, "examples"));
    const run = await runAction(workspace, { ...inputs(), concurrency: "100" });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '::error::Input concurrency: "100" is not valid; use a whole number from 1 to 64.',
    );
    expect(run.stdout).not.toMatch(/\n\s+at /);
    const unchanged = await readFile(path.join(workspace, "docs/getting-started.mdx"), "utf8");
    expect(unchanged).toBe(
      await readFile(path.join(repo, "examples/docs/getting-started.mdx"), "utf8"),
    );
    await rm(workspace, { recursive: true, force: true });
  });

  it("never prints the secrets", async () => {
    const workspace = await blogCopy(path.join(repo, "examples"));
    const run = await runAction(workspace, {
      ...inputs(),
      "session-token": "tok-very-secret-123",
      "github-token": "ghs_secret456",
    });
    // The runner consumes ::add-mask:: lines and masks the value everywhere after them.
    const printed = run.stdout
      .split("\n")
      .filter((line) => !line.startsWith("::add-mask::"))
      .join("\n");
    for (const secret of ["tok-very-secret-123", "ghs_secret456"]) {
      expect(printed).not.toContain(secret);
      expect(run.stderr).not.toContain(secret);
    }
    expect(run.stdout).toContain("::add-mask::tok-very-secret-123");
    await rm(workspace, { recursive: true, force: true });
  });
});
