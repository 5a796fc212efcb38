// npm run bench: this tool (the CLI and the Action as the runner runs it) against
// `aws s3 sync` and `rclone copy` on the same generated blog and the same S3 API, which
// adds a round trip to every request and counts them, beside the floor of a no-op in Node
// (scripts/bench/essential.js); then the parse time of each content reader (skipped with
// --only). Usage:
//   npm run bench -- [--images 2000] [--rtt 20] [--concurrency 8] [--image-bytes 16384]
//                    [--server memory|s3rver] [--only ours|cli] [--cpu-prof DIR]
//                    [--cli dist/cli.js] [--action dist/index.js]

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { parse as parseYaml } from "yaml";
import { positive } from "./bench/args.js";
import { awsSync, ensureCompetitors, rcloneCopy, run } from "./bench/competitors.js";
import { startServer } from "./bench/servers.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

async function main() {
  const { values } = parseArgs({
    options: {
      images: { type: "string", default: "2000" },
      rtt: { type: "string", default: "20" },
      concurrency: { type: "string", default: "8" },
      "image-bytes": { type: "string", default: "16384" },
      server: { type: "string", default: "memory" },
      only: { type: "string" },
      "cpu-prof": { type: "string" },
      cli: { type: "string", default: path.join(root, "dist/cli.js") },
      action: { type: "string", default: path.join(root, "dist/index.js") },
    },
  });
  const n = positive(values.images, "--images");
  const rtt = positive(values.rtt, "--rtt", true);
  const concurrency = positive(values.concurrency, "--concurrency");
  const imageBytes = Math.max(64, positive(values["image-bytes"], "--image-bytes"));
  const cli = path.resolve(values.cli);
  const action = path.resolve(values.action);
  for (const file of [cli, action])
    if (!existsSync(file)) throw new Error(`${file} is missing; run \`npm run build\` first.`);

  // --only ours: this tool as CLI and Action; --only cli: the CLI alone (concurrency sweeps).
  const onlyOurs = values.only === "ours" || values.only === "cli";
  const tools = onlyOurs ? {} : ensureCompetitors(console.log);
  const workDir = await mkdtemp(path.join(os.tmpdir(), "md-image-offload-bench-"));
  const bucket = "bench";
  let server;
  try {
    const blog = path.join(workDir, "blog");
    console.log(
      `Generating ${n} images of ${imageBytes} bytes in ${Math.ceil(n / 5)} posts in ${blog}…`,
    );
    await generateBlog(blog, n, imageBytes);
    server = await startServer(values.server, { bucket, rtt });
    console.log(`${server.describe} at ${server.endpoint}; concurrency ${concurrency}.`);

    const rows = [];
    const measure = async (tool, phase, runOnce) => {
      await server.take();
      const result = await runOnce();
      const counted = await server.take();
      const row = { tool, phase, ...result, ...counted };
      rows.push(row);
      const status = result.code === 0 ? "" : ` FAILED (exit ${result.code})`;
      console.log(
        `  ${tool} ${phase}: ${result.seconds.toFixed(2)} s, ${counted.requests} requests ${JSON.stringify(counted.byMethod)} over ${counted.connections} connection(s), ${counted.expectContinue} with Expect: 100-continue, ${counted.meanInFlight.toFixed(1)} in flight on average${usage(result)}${status}`,
      );
      if (result.code !== 0) console.log(result.stderr.split("\n").slice(-15).join("\n"));
    };
    const profile = (name) =>
      values["cpu-prof"]
        ? [
            "--cpu-prof",
            `--cpu-prof-dir=${path.resolve(values["cpu-prof"])}`,
            `--cpu-prof-name=${name}.cpuprofile`,
          ]
        : [];
    const storageInputs = (prefix) => ({
      bucket,
      endpoint: server.endpoint,
      "public-url": `${server.endpoint}/${bucket}`,
      "access-key-id": "S3RVER",
      "secret-access-key": "S3RVER",
      prefix,
      concurrency: String(concurrency),
    });
    const ours = (phase) =>
      run(process.execPath, [...profile(`cli-${phase}`), cli], {
        cwd: blog,
        env: {
          ...process.env,
          ...cliEnv(storageInputs("ours/")),
        },
      });
    const runner = await runnerEnv(workDir, blog);
    const asAction = (phase) =>
      run(process.execPath, [...profile(`action-${phase}`), action], {
        cwd: blog,
        env: { ...runner, ...actionEnv(storageInputs("action/")) },
      });

    await measure("md-image-offload CLI", "cold", () => ours("cold"));
    // The everyday no-op: a CI checkout still has the local links (workspace mode rewrites
    // only the build's copy), every image is already stored.
    await freshCheckout(blog, n);
    await measure("md-image-offload CLI", "no-op", () => ours("noop"));
    if (values.only !== "cli") {
      await freshCheckout(blog, n);
      await measure("md-image-offload Action", "cold", () => asAction("cold"));
      await freshCheckout(blog, n);
      await measure("md-image-offload Action", "no-op", () => asAction("noop"));
      // The floor of any no-op in Node: load markdown-it, parse, lstat, write back.
      await freshCheckout(blog, n);
      await measure("essential work in Node", "no-op", () =>
        run(process.execPath, [path.join(root, "scripts/bench/essential.js"), "content"], {
          cwd: blog,
        }),
      );
    }

    const target = {
      workDir,
      contentDir: path.join(blog, "content"),
      bucket,
      endpoint: server.endpoint,
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

    printTable(rows, { n, rtt, concurrency, imageBytes, server: server.describe });
    // Parse time of the three readers on the same 1,000 posts (MDX through micromark, MDX
    // without JSX and CommonMark through markdown-it): test/bench/mdx-parse.bench.ts.
    if (!values.only) await parseBench();
  } finally {
    await server?.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

function parseBench() {
  console.log("\nParse time, 1,000 posts per reader (npm run bench:parse):");
  const vitest = path.join(root, "node_modules", ".bin", "vitest");
  return new Promise((resolve) => {
    const child = spawn(vitest, ["bench", "--run", "test/bench"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.on("error", (error) => {
      console.log(`  not measured: ${error.message}`);
      resolve();
    });
    child.on("close", () => resolve());
  });
}

/** Inputs as the CLI reads them from the environment: MD_IMAGE_OFFLOAD_PUBLIC_URL. */
const cliEnv = (inputs) =>
  Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [
      `MD_IMAGE_OFFLOAD_${name.replaceAll("-", "_").toUpperCase()}`,
      value,
    ]),
  );

/** Inputs as the runner passes them: INPUT_PUBLIC-URL (dashes kept). */
const actionEnv = (inputs) =>
  Object.fromEntries(
    Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
  );

/**
 * What the runner gives the Action: every input's default from action.yml as INPUT_*, a
 * workflow_dispatch event (scope all), workspace mode, no comment, output files in a temp
 * folder. The blog becomes a git repository, as a checkout is.
 */
async function runnerEnv(workDir, blog) {
  const temp = path.join(workDir, "runner");
  await mkdir(temp, { recursive: true });
  const inputs = parseYaml(readFileSync(path.join(root, "action.yml"), "utf8")).inputs;
  const env = {
    PATH: process.env.PATH,
    HOME: temp,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    GITHUB_ACTIONS: "true",
    GITHUB_EVENT_NAME: "workflow_dispatch",
    GITHUB_EVENT_PATH: path.join(temp, "event.json"),
    GITHUB_WORKSPACE: blog,
    GITHUB_OUTPUT: path.join(temp, "output"),
    GITHUB_STEP_SUMMARY: path.join(temp, "summary.md"),
    GITHUB_REPOSITORY: "bench/blog",
    GITHUB_API_URL: "http://127.0.0.1:9",
    RUNNER_TEMP: temp,
  };
  for (const [name, input] of Object.entries(inputs))
    env[`INPUT_${name.toUpperCase()}`] = String(input.default ?? "").replace(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the runner's expression.
      "${{ github.token }}",
      "bench-token",
    );
  Object.assign(env, { INPUT_MODE: "workspace", INPUT_COMMENT: "false" });
  await writeFile(env.GITHUB_EVENT_PATH, "{}");
  await writeFile(env.GITHUB_OUTPUT, "");
  await writeFile(env.GITHUB_STEP_SUMMARY, "");
  await runGit(blog, ["init", "-q"]);
  await runGit(blog, ["add", "-A"]);
  await runGit(blog, ["-c", "user.name=b", "-c", "user.email=b@b", "commit", "-q", "-m", "blog"]);
  return env;
}

function runGit(cwd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn("git", args, { cwd, stdio: "ignore" });
    child.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`git ${args[0]}`))));
  });
}

function usage({ cpuSeconds, peakMb }) {
  if (cpuSeconds === undefined) return "";
  return `, ${cpuSeconds.toFixed(2)} s CPU, ${peakMb.toFixed(0)} MB peak RSS`;
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

/**
 * The blog as a new CI checkout has it: the posts with their local links again, and no
 * manifest, which workspace mode writes in the workspace only (it is never committed).
 */
async function freshCheckout(blog, n) {
  await rm(path.join(blog, ".md-image-offload"), { recursive: true, force: true });
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

function printTable(rows, { n, rtt, concurrency, imageBytes, server }) {
  const floor = (n * rtt) / 1000 / concurrency;
  const rcloneBy = Object.fromEntries(
    rows.filter((row) => row.tool === "rclone copy").map((row) => [row.phase, row]),
  );
  const header = [
    "tool",
    "phase",
    "seconds",
    "× floor",
    "× rclone",
    "requests",
    "CPU s",
    "CPU ms/image",
    "peak RSS MB",
    "server CPU s",
  ];
  const fixed = (value, digits = 2) => (value === undefined ? "" : value.toFixed(digits));
  const lines = rows.map((row) => {
    const rclone = rcloneBy[row.phase];
    const ok = row.code === 0;
    return [
      row.tool,
      row.phase,
      ok ? fixed(row.seconds) : "failed",
      ok && row.phase === "cold" && floor > 0 ? fixed(row.seconds / floor) : "",
      ok && rclone && rclone !== row && rclone.code === 0
        ? fixed(row.seconds / rclone.seconds)
        : "",
      String(row.requests),
      fixed(row.cpuSeconds),
      row.cpuSeconds === undefined ? "" : fixed((row.cpuSeconds * 1000) / n),
      fixed(row.peakMb, 0),
      fixed(row.serverSeconds),
    ];
  });
  const widths = header.map((title, column) =>
    Math.max(title.length, ...lines.map((line) => line[column].length)),
  );
  const format = (cells) => `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  console.log(
    `\n${n} images of ${imageBytes} bytes, ${Math.ceil(n / IMAGES_PER_POST)} posts, ${rtt} ms added per request, concurrency ${concurrency}, ${server}`,
  );
  console.log(
    `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"}), Node ${process.version}\n`,
  );
  console.log(format(header));
  console.log(format(widths.map((width) => "-".repeat(width))));
  for (const line of lines) console.log(format(line));
  console.log(
    `\nFloor for a cold run: N requests × RTT / concurrency = ${n} × ${rtt} ms / ${concurrency} = ${floor.toFixed(2)} s`,
  );
  console.log(`No-op request goal: ⌈N/1000⌉ + 2 = ${Math.ceil(n / 1000) + 2}`);
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
