// npm run bench: this tool against `aws s3 sync` and `rclone copy` on the same generated
// blog and the same S3-compatible server (s3rver) behind a proxy that adds a round trip to
// every request and counts them. Usage:
//   npm run bench -- [--images 2000] [--rtt 20] [--concurrency 8] [--image-bytes 16384]
//                    [--only ours] [--cpu-prof DIR] [--cli dist/cli.js]
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import S3rver from "s3rver";
import { awsSync, ensureCompetitors, rcloneCopy, run } from "./bench/competitors.js";
import { startLatencyProxy } from "./bench/latency-proxy.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main() {
  const { values } = parseArgs({
    options: {
      images: { type: "string", default: "2000" },
      rtt: { type: "string", default: "20" },
      concurrency: { type: "string", default: "8" },
      "image-bytes": { type: "string", default: "16384" },
      only: { type: "string" },
      "cpu-prof": { type: "string" },
      cli: { type: "string", default: path.join(root, "dist/cli.js") },
    },
  });
  const n = positive(values.images, "--images");
  const rtt = positive(values.rtt, "--rtt", true);
  const concurrency = positive(values.concurrency, "--concurrency");
  const imageBytes = Math.max(64, positive(values["image-bytes"], "--image-bytes"));
  const cli = path.resolve(values.cli);
  if (!existsSync(cli)) throw new Error(`${cli} is missing; run \`npm run build\` first.`);

  const tools = values.only === "ours" ? {} : ensureCompetitors(console.log);
  const workDir = await mkdtemp(path.join(os.tmpdir(), "md-image-offload-bench-"));
  const bucket = "bench";
  // The server keeps objects in memory-backed /dev/shm when there is one: on a disk, s3rver's
  // three file writes per object make the server, not the tools, the bottleneck.
  const serverDir = await mkdtemp(
    path.join(existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "md-image-offload-bench-s3-"),
  );
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory: serverDir,
    configureBuckets: [{ name: bucket }],
  });
  let proxy;
  let serverRunning = false;
  try {
    const blog = path.join(workDir, "blog");
    console.log(
      `Generating ${n} images of ${imageBytes} bytes in ${Math.ceil(n / 5)} posts in ${blog}…`,
    );
    await generateBlog(blog, n, imageBytes);
    const { port } = await server.run();
    serverRunning = true;
    proxy = await startLatencyProxy(port, rtt);
    console.log(
      `s3rver behind a ${rtt} ms proxy at ${proxy.endpoint}; concurrency ${concurrency}.`,
    );

    const rows = [];
    const measure = async (tool, phase, runOnce) => {
      proxy.take();
      const serverCpuBefore = process.cpuUsage();
      const result = await runOnce();
      const serverCpu = process.cpuUsage(serverCpuBefore);
      const counted = proxy.take();
      // s3rver and the proxy live in this process: their CPU shows when the server, not
      // the tool, was the bottleneck.
      const serverSeconds = (serverCpu.user + serverCpu.system) / 1e6;
      const row = { tool, phase, ...result, ...counted, serverSeconds };
      rows.push(row);
      const status = result.code === 0 ? "" : ` FAILED (exit ${result.code})`;
      console.log(
        `  ${tool} ${phase}: ${result.seconds.toFixed(2)} s, ${counted.requests} requests ${JSON.stringify(counted.byMethod)} over ${counted.connections} connection(s), ${counted.expectContinue} with Expect: 100-continue, ${counted.meanInFlight.toFixed(1)} in flight on average${usage(result)}${status}`,
      );
      if (result.code !== 0) console.log(result.stderr.split("\n").slice(-15).join("\n"));
    };

    const ours = (phase) => {
      const profile = values["cpu-prof"]
        ? [
            "--cpu-prof",
            `--cpu-prof-dir=${path.resolve(values["cpu-prof"])}`,
            `--cpu-prof-name=ours-${phase}.cpuprofile`,
          ]
        : [];
      return run(process.execPath, [...profile, cli], {
        cwd: blog,
        env: {
          ...process.env,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
          MD_IMAGE_OFFLOAD_BUCKET: bucket,
          MD_IMAGE_OFFLOAD_ENDPOINT: proxy.endpoint,
          MD_IMAGE_OFFLOAD_PUBLIC_URL: `${proxy.endpoint}/${bucket}`,
          MD_IMAGE_OFFLOAD_ACCESS_KEY_ID: "S3RVER",
          MD_IMAGE_OFFLOAD_SECRET_ACCESS_KEY: "S3RVER",
          MD_IMAGE_OFFLOAD_PREFIX: "ours/",
          MD_IMAGE_OFFLOAD_CONCURRENCY: String(concurrency),
        },
      });
    };
    await measure("md-image-offload", "cold", () => ours("cold"));
    // The everyday no-op: a CI checkout still has the local links (workspace mode rewrites
    // only the build's copy), every image is already stored.
    await writeBlogPosts(blog, n);
    await measure("md-image-offload", "no-op", () => ours("noop"));

    const target = {
      workDir,
      contentDir: path.join(blog, "content"),
      bucket,
      endpoint: proxy.endpoint,
      concurrency,
    };
    if (tools.aws) {
      const sync = () => awsSync({ ...target, prefix: "aws/" });
      await measure("aws s3 sync", "cold", sync);
      await measure("aws s3 sync", "no-op", sync);
    }
    if (tools.rclone) {
      const copy = () => rcloneCopy({ ...target, prefix: "rclone/" });
      await measure("rclone copy", "cold", copy);
      await measure("rclone copy", "no-op", copy);
    }

    printTable(rows, { n, rtt, concurrency, imageBytes });
  } finally {
    await proxy?.stop();
    if (serverRunning) await server.close();
    await rm(workDir, { recursive: true, force: true });
    await rm(serverDir, { recursive: true, force: true });
  }
}

function usage({ cpuSeconds, peakMb }) {
  if (cpuSeconds === undefined) return "";
  return `, ${cpuSeconds.toFixed(2)} s CPU, ${peakMb.toFixed(0)} MB peak RSS`;
}

function positive(text, name, zeroOk = false) {
  const value = Number(text);
  if (!Number.isInteger(value) || value < (zeroOk ? 0 : 1))
    throw new Error(
      `${name} must be a ${zeroOk ? "non-negative" : "positive"} integer, not "${text}".`,
    );
  return value;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const IMAGES_PER_POST = 5;
const postDir = (blog, post) =>
  path.join(blog, "content", "posts", `post-${String(post).padStart(5, "0")}`);

/** N distinct images, five per post, next to the post that links them (a page bundle). */
async function generateBlog(blog, n, imageBytes) {
  for (let post = 0; post * IMAGES_PER_POST < n; post++) {
    const dir = postDir(blog, post);
    await mkdir(dir, { recursive: true });
    const count = Math.min(IMAGES_PER_POST, n - post * IMAGES_PER_POST);
    await Promise.all(
      Array.from({ length: count }, (_, index) =>
        writeFile(
          path.join(dir, `figure-${index}.png`),
          Buffer.concat([PNG_SIGNATURE, randomBytes(imageBytes - PNG_SIGNATURE.length)]),
        ),
      ),
    );
  }
  await writeBlogPosts(blog, n);
}

/** (Re)writes every post with local links to its images. */
async function writeBlogPosts(blog, n) {
  for (let post = 0; post * IMAGES_PER_POST < n; post++) {
    const count = Math.min(IMAGES_PER_POST, n - post * IMAGES_PER_POST);
    const body = [`---\ntitle: Post ${post}\n---\n`, `# Post ${post}\n`];
    for (let index = 0; index < count; index++)
      body.push(`Some text about figure ${index}.\n\n![Figure ${index}](./figure-${index}.png)\n`);
    await writeFile(path.join(postDir(blog, post), "index.md"), body.join("\n"));
  }
}

function printTable(rows, { n, rtt, concurrency, imageBytes }) {
  const oursBy = Object.fromEntries(
    rows.filter((row) => row.tool === "md-image-offload").map((row) => [row.phase, row]),
  );
  const header = [
    "tool",
    "phase",
    "seconds",
    "requests",
    "ours/theirs",
    "CPU s",
    "peak RSS MB",
    "server CPU s",
  ];
  const lines = rows.map((row) => {
    const mine = oursBy[row.phase];
    const ratio =
      row.tool === "md-image-offload" || !mine || row.code !== 0
        ? ""
        : (mine.seconds / row.seconds).toFixed(2);
    return [
      row.tool,
      row.phase,
      row.code === 0 ? row.seconds.toFixed(2) : "failed",
      String(row.requests),
      ratio,
      row.cpuSeconds === undefined ? "" : row.cpuSeconds.toFixed(2),
      row.peakMb === undefined ? "" : row.peakMb.toFixed(0),
      row.serverSeconds.toFixed(2),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column].length)),
  );
  const format = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  console.log(
    `\n${n} images of ${imageBytes} bytes, ${Math.ceil(n / IMAGES_PER_POST)} posts, ${rtt} ms added per request, concurrency ${concurrency}`,
  );
  console.log(
    `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"}), Node ${process.version}\n`,
  );
  console.log(format(header));
  console.log(format(widths.map((width) => "-".repeat(width))));
  for (const line of lines) console.log(format(line));
  const floor = (n * rtt) / 1000 / concurrency;
  console.log(
    `\nFloor for N requests: N × RTT / concurrency = ${n} × ${rtt} ms / ${concurrency} = ${floor.toFixed(2)} s`,
  );
  console.log(`No-op request goal: ⌈N/1000⌉ + 5 = ${Math.ceil(n / 1000) + 5}`);
}

// s3rver signs listing continuation tokens with a cipher Node 17+ only has behind this
// flag; without it every listing past 1,000 keys fails. Re-run with it when missing.
const LEGACY = "--openssl-legacy-provider";
if (!process.execArgv.includes(LEGACY) && !(process.env.NODE_OPTIONS ?? "").includes(LEGACY)) {
  const child = spawn(process.execPath, [LEGACY, ...process.argv.slice(1)], { stdio: "inherit" });
  child.on("close", (code) => process.exit(code ?? 1));
} else {
  await main();
}
