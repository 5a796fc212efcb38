// npm run demo: the whole job on examples/ against an S3-compatible server (s3rver) on
// 127.0.0.1, with no account and no network. examples/ itself is never changed.
import { spawn } from "node:child_process";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import S3rver from "s3rver";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const bucket = "demo-blog";

/** Runs the CLI asynchronously (s3rver lives in this process and must keep serving). */
function runCli(cwd, env, args = [], quiet = false) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, "dist/cli.js"), ...args], {
      cwd,
      // The demo runs on Node 20 too; the SDK's notice about future Node versions is noise here.
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true", ...env },
      stdio: ["ignore", quiet ? "pipe" : "inherit", quiet ? "ignore" : "inherit"],
    });
    let stdout = "";
    child.stdout?.on("data", (chunk) => {
      stdout += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? 1, stdout }));
  });
}

/** Rewrites never add or remove lines, so a line-by-line comparison is the whole diff. */
function lineDiff(before, after) {
  const a = before.split("\n");
  const b = after.split("\n");
  const out = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) out.push(`\x1b[31m- ${a[i] ?? ""}\x1b[0m`, `\x1b[32m+ ${b[i] ?? ""}\x1b[0m`);
  }
  return out.join("\n");
}

const workspace = await mkdtemp(path.join(os.tmpdir(), "md-image-offload-demo-"));
const storageDir = await mkdtemp(path.join(os.tmpdir(), "md-image-offload-s3-"));
const server = new S3rver({
  address: "127.0.0.1",
  port: 0,
  silent: true,
  directory: storageDir,
  configureBuckets: [{ name: bucket }],
});
try {
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  await cp(path.join(root, "examples"), workspace, { recursive: true });
  console.log(`S3-compatible server (s3rver) on ${endpoint}, bucket "${bucket}"`);
  console.log(`Working on a copy of examples/ in ${workspace}\n`);
  const showcase = "content/posts/launch-week/index.md";
  const before = await readFile(path.join(workspace, showcase), "utf8");
  const settings = {
    MD_IMAGE_OFFLOAD_BUCKET: bucket,
    MD_IMAGE_OFFLOAD_ENDPOINT: endpoint,
    MD_IMAGE_OFFLOAD_PUBLIC_URL: `${endpoint}/${bucket}`,
    MD_IMAGE_OFFLOAD_ACCESS_KEY_ID: "S3RVER",
    MD_IMAGE_OFFLOAD_SECRET_ACCESS_KEY: "S3RVER",
  };
  const first = await runCli(workspace, settings);
  const after = await readFile(path.join(workspace, showcase), "utf8");
  console.log(`\nWhat changed in ${showcase}:`);
  console.log(lineDiff(before, after) || "(nothing)");
  // The second run proves the job converges: nothing new to upload, nothing to rewrite.
  const second = await runCli(workspace, settings, ["--json"], true);
  const { counts } = JSON.parse(second.stdout);
  console.log(
    `\nSecond run on the rewritten copy: ${counts.uploaded} uploaded, ${counts.rewritten} files rewritten.`,
  );
  process.exitCode = first.code || second.code;
} finally {
  await server.close();
  await rm(workspace, { recursive: true, force: true });
  await rm(storageDir, { recursive: true, force: true });
}
