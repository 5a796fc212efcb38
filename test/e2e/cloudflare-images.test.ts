/**
 * `storage: cloudflare-images` end to end: the built Action (`node dist/index.js`) and CLI
 * (`node dist/cli.js check`) against the local fake of the Images API.
 */
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeImagesApi, startImagesApi } from "../support/cloudflare-images.js";
import { createRemote, git } from "../support/git-repos.js";
import { startGitHubApi } from "../support/github-api.js";
import { gif, jpeg, png } from "../support/image-bytes.js";
import { runAction } from "../support/run-action.js";
import { runNode } from "../support/run-node.js";

const repo = path.resolve(import.meta.dirname, "../..");
const cli = path.join(repo, "dist/cli.js");

let api: FakeImagesApi;
beforeAll(async () => {
  api = await startImagesApi();
});
afterAll(() => api.stop());
afterEach(() => {
  api.images.clear();
  api.requests.length = 0;
  api.batchTokens.length = 0;
});

const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

/** A blog: `files` (path → bytes or text) written under a fresh temp directory. */
async function blog(files: Record<string, Buffer | string>): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), "mio-cf-"));
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), content);
  }
  return root;
}

/** `count` distinct PNGs, each linked from one post. */
function manyImages(count: number): Record<string, Buffer | string> {
  const files: Record<string, Buffer | string> = {};
  const lines: string[] = [];
  for (let i = 0; i < count; i++) {
    files[`pics/${i}.png`] = png(2, 2, `many-${count}-${i}`);
    lines.push(`![${i}](../pics/${i}.png)`);
  }
  files["posts/many.md"] = `${lines.join("\n\n")}\n`;
  return files;
}

const inputs = (extra: Record<string, string> = {}) => ({
  mode: "workspace",
  comment: "false",
  storage: "cloudflare-images",
  "cloudflare-account-id": api.accountId,
  "cloudflare-api-token": api.token,
  "cloudflare-api-url": api.apiUrl,
  "cloudflare-batch-url": api.batchUrl,
  ...extra,
});

/** The secret is registered as a mask before anything else, and printed nowhere else. */
function expectMasked(stdout: string, secret: string): void {
  const lines = stdout.split("\n").filter((line) => line.includes(secret));
  expect(lines[0]).toBe(`::add-mask::${secret}`);
  expect(lines.filter((line) => !line.startsWith("::add-mask::"))).toEqual([]);
}

const apiRequests = () => api.requests.filter((r) => r.listener === "api");

describe("storage: cloudflare-images", () => {
  it("a cold run uploads each image once with its sha256, learns the delivery URL and rewrites the links", async () => {
    const a = png(40, 30, "cold-a");
    const b = jpeg(800, 600, 200, "cold-b");
    const c = gif(16, 16, "cold-c");
    const root = await blog({
      "pics/a.png": a,
      "pics/b.jpg": b,
      "pics/c.gif": c,
      "posts/one.md": "# One\n\n![a](../pics/a.png)\n\n![b](../pics/b.jpg)\n",
      "posts/two.md": "![a again](../pics/a.png) and ![c](../pics/c.gif)\n",
    });
    // The token from the environment, as Cloudflare's own tools read it.
    const run = await runAction(root, inputs({ "cloudflare-api-token": "" }), {
      env: { CLOUDFLARE_API_TOKEN: api.token },
    });
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.uploaded).toBe("3");
    for (const [file, bytes] of [
      ["pics/a.png", a],
      ["pics/b.jpg", b],
      ["pics/c.gif", c],
    ] as const) {
      const id = `images/${sha256(bytes).slice(0, 16)}${path.extname(file)}`;
      const stored = api.images.get(id);
      expect(stored?.bytes.equals(bytes), id).toBe(true);
      expect(stored?.metadata).toEqual({ sha256: sha256(bytes), path: file });
    }
    const one = await readFile(path.join(root, "posts/one.md"), "utf8");
    const idA = `images/${sha256(a).slice(0, 16)}.png`;
    expect(one).toContain(`![a](${api.deliveryBase}/${idA}/public)`);
    // No image in the account yet: one probe upload taught the delivery URL, then went.
    expect(api.images.size).toBe(3);
    expectMasked(run.stdout, api.token);
  });

  it("a rerun over 60 images already stored uploads nothing, in 2 API requests", async () => {
    const files = manyImages(60);
    const first = await runAction(await blog(files), inputs());
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs.uploaded).toBe("60");
    api.requests.length = 0;
    const again = await runAction(await blog(files), inputs());
    expect(again.code, again.stdout).toBe(0);
    expect(again.outputs.uploaded).toBe("0");
    expect(again.outputs.skipped).toBe("60");
    expect(apiRequests().map((r) => `${r.method} ${r.path.split("?")[0]}`)).toEqual([
      `GET /accounts/${api.accountId}/images/v2`,
      `GET /accounts/${api.accountId}/images/v2`,
    ]);
  });

  it("refuses what Images does not take at each line that links it, before any request for it", async () => {
    const bmp = Buffer.alloc(62);
    bmp.write("BM", 0, "latin1");
    bmp.writeUInt32LE(62, 2);
    bmp.writeUInt32LE(40, 14);
    const wide = png(13_000, 10, "wide");
    const heavy = Buffer.concat([png(100, 100, "heavy"), Buffer.alloc(10_500_000)]);
    const text =
      "![bmp](../pics/old.bmp)\n\n![wide](../pics/wide.png)\n\n![heavy](../pics/heavy.png)\n";
    const root = await blog({
      "pics/old.bmp": bmp,
      "pics/wide.png": wide,
      "pics/heavy.png": heavy,
      "posts/p.md": text,
    });
    const run = await runAction(root, inputs({ "public-url": api.deliveryBase }));
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error file=posts\/p\.md,line=1::pics\/old\.bmp is BMP, a format Cloudflare Images does not accept .*; the link was left as it is\./,
    );
    expect(run.stdout).toMatch(
      /::error file=posts\/p\.md,line=3::pics\/wide\.png is 13,000×10 px, over Cloudflare Images' limit of 12,000 px per side/,
    );
    expect(run.stdout).toMatch(
      /::error file=posts\/p\.md,line=5::pics\/heavy\.png is 10\.\d MB, over Cloudflare Images' limit of 10 MB per image/,
    );
    expect(run.stdout).toMatch(/::error::3 image\(s\) could not be offloaded/);
    expect(await readFile(path.join(root, "posts/p.md"), "utf8")).toBe(text);
    // No request names a refused image (at most the storage check, sent while hashing).
    expect(api.requests.filter((r) => !r.path.includes("/images/v2?per_page=10"))).toEqual([]);
  });

  it("a wrong token fails the run naming cloudflare-api-token and Images Write; nothing changes", async () => {
    const text = "![a](a.png)\n";
    const root = await blog({ "a.png": png(2, 2, "token"), "post.md": text });
    const run = await runAction(
      root,
      inputs({ "cloudflare-api-token": "not-the-token", "public-url": api.deliveryBase }),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /::error::Input cloudflare-api-token: Cloudflare refused the token with HTTP 401 .*Images Write/,
    );
    expectMasked(run.stdout, "not-the-token");
    expect(await readFile(path.join(root, "post.md"), "utf8")).toBe(text);
    expect(api.images.size).toBe(0);
  });

  it("S3 inputs given with cloudflare-images are an error that names them", async () => {
    const root = await blog({ "post.md": "text\n" });
    const run = await runAction(root, inputs({ bucket: "b", "access-key-id": "k" }));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "::error::Inputs bucket, access-key-id are for S3 storage and not used with storage: cloudflare-images",
    );
  });

  it("a rate-limited run waits out the 429s (Retry-After) and completes", async () => {
    api.rateLimit(4, 1);
    const root = await blog(manyImages(5));
    const run = await runAction(root, inputs({ "public-url": api.deliveryBase }));
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.uploaded).toBe("5");
    expect(api.images.size).toBe(5);
  });

  it("a run of 250 uploads gets a batch token and sends them to the batch host", async () => {
    const root = await blog(manyImages(250));
    const run = await runAction(root, inputs({ "public-url": api.deliveryBase }));
    expect(run.code, run.stdout).toBe(0);
    expect(run.outputs.uploaded).toBe("250");
    expect(api.batchTokens).toHaveLength(1);
    const uploads = api.requests.filter((r) => r.method === "POST");
    expect(uploads).toHaveLength(250);
    expect(uploads.every((r) => r.listener === "batch")).toBe(true);
    expect(apiRequests().length).toBeLessThanOrEqual(3);
  });

  it("commit mode commits links to <hash>/<id>/<variant>, records them, and a rerun changes nothing", async () => {
    const image = png(8, 8, "commit");
    const remote = await createRemote({ "README.md": "blog\n" });
    try {
      const before = await remote.head("main");
      const after = await remote.pushAs("main", {
        "posts/new.md": "# New\n\n![a](../img/a.png)\n",
        "img/a.png": image,
      });
      const workspace = await remote.clone("workspace");
      await git(workspace, "checkout", "--quiet", "--detach", after);
      const event = {
        name: "push",
        payload: {
          ref: "refs/heads/main",
          before,
          after,
          repository: { full_name: "o/blog", default_branch: "main" },
        },
      };
      const env = { GITHUB_REPOSITORY: "o/blog", GITHUB_REF: "refs/heads/main" };
      const commitInputs = inputs({ mode: "commit", "github-token": "ghs_cf_e2e_token" });
      const first = await runAction(workspace, commitInputs, { event, env });
      expect(first.code, first.stdout).toBe(0);
      const sha = first.outputs["commit-sha"] ?? "";
      expect(await remote.head("main")).toBe(sha);
      const url = `${api.deliveryBase}/images/${sha256(image).slice(0, 16)}.png/public`;
      expect(await git(remote.bare, "show", `${sha}:posts/new.md`)).toContain(`![a](${url})`);
      const ledger = JSON.parse(
        await git(remote.bare, "show", `${sha}:.md-image-offload/manifest.json`),
      ) as { images: Record<string, { url: string }> };
      expect(ledger.images["img/a.png"]?.url).toBe(url);
      expect(first.summary).toContain(api.deliveryBase);

      const second = await runAction(workspace, commitInputs, { event, env });
      expect(second.code, second.stdout).toBe(0);
      expect(second.outputs).toMatchObject({ uploaded: "0", rewritten: "0", "commit-sha": "" });
    } finally {
      await rm(remote.dir, { recursive: true, force: true });
    }
  });

  it("the pull-request comment shows thumbnails through the learned delivery URL", async () => {
    const github = await startGitHubApi("ghs_cfCommentToken0123456789abcdef");
    try {
      const image = png(6, 6, "comment");
      const root = await blog({ "a.png": image, "post.md": "![a](a.png)\n" });
      const repository = { id: 1, name: "blog", full_name: "octo/blog", private: false };
      const head = {
        ref: "new-post",
        sha: "6dcb09b5b57875f334f61aebed695e2e4193db5e",
        repo: repository,
      };
      const payload = {
        action: "synchronize",
        number: 3,
        pull_request: { number: 3, state: "open", head, base: { ref: "main", repo: repository } },
        repository,
      };
      const run = await runAction(root, inputs({ comment: "true", "github-token": github.token }), {
        event: { name: "pull_request", payload },
        env: {
          GITHUB_REPOSITORY: "octo/blog",
          GITHUB_API_URL: github.url,
          GITHUB_HEAD_REF: "new-post",
          GITHUB_REF: "refs/pull/3/merge",
        },
      });
      expect(run.code, run.stdout).toBe(0);
      const [comment] = github.commentsOn("octo/blog", 3);
      const url = `${api.deliveryBase}/images/${sha256(image).slice(0, 16)}.png/public`;
      expect(comment?.body).toContain(`<img src="${url}" width="64">`);
      expect(comment?.body).toContain("**1** uploaded");
    } finally {
      await github.stop();
    }
  });

  it("a dry run uploads nothing but the setup check's probe, deleted again", async () => {
    api.seed("images/already.png", png(1, 1, "already"), {});
    const text = "![a](a.png)\n";
    const root = await blog({ "a.png": png(2, 2, "dry"), "post.md": text });
    const run = await runAction(root, inputs({ "dry-run": "true" }));
    expect(run.code, run.stdout).toBe(0);
    expect(run.stdout).toContain("✓ Delivery URL serves the probe as an image");
    expect(run.summary).toContain("### Setup check");
    expect(await readFile(path.join(root, "post.md"), "utf8")).toBe(text);
    expect([...api.images.keys()]).toEqual(["images/already.png"]);
  });

  it("check passes on a good setup and names the input on a broken one", async () => {
    const env = {
      PATH: process.env.PATH,
      MD_IMAGE_OFFLOAD_CLOUDFLARE_API_URL: api.apiUrl,
      MD_IMAGE_OFFLOAD_CLOUDFLARE_BATCH_URL: api.batchUrl,
      CLOUDFLARE_API_TOKEN: api.token,
    };
    const args = ["check", "--storage", "cloudflare-images", "--cloudflare-account-id"];
    const good = await runNode(cli, [...args, api.accountId], { cwd: repo, env });
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toContain("✓ API token active");
    expect(good.stdout).toContain(
      `✓ Delivery URL serves the probe as an image: ${api.deliveryBase}/`,
    );
    expect(good.stdout).toContain("Setup OK");
    expect(api.images.size).toBe(0);

    const broken = await runNode(cli, [...args, "ffff0000"], { cwd: repo, env });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain("✗ Account ffff0000 lists its images");
    expect(broken.stdout).toContain(
      "Input cloudflare-account-id: Cloudflare knows no such account",
    );
    expect(broken.stdout).toContain("– Probe image can be uploaded");

    const token = await runNode(cli, [...args, api.accountId], {
      cwd: repo,
      env: { ...env, CLOUDFLARE_API_TOKEN: "revoked" },
    });
    expect(token.code).toBe(1);
    expect(token.stdout).toContain("✗ API token active: HTTP 401");
    expect(token.stdout).toContain(
      "fix: Input cloudflare-api-token: create an API token with the permission Images Write",
    );
    expect(token.stdout).not.toContain("revoked");
  });
});
