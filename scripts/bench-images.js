// npm run bench:images: the CLI with `storage: cloudflare-images` against the local fake of
// the Images API (scripts/bench/images-api.js), every API and batch answer delayed by the
// same round trip as `npm run bench` adds, on a generated blog: a cold run, then the
// everyday no-op. Prints time and requests (API and batch host) per run. Usage:
//   npm run bench:images -- [--images 2000] [--rtt 20] [--concurrency 8] [--image-bytes 16384]

import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { positive } from "./bench/args.js";
import { run } from "./bench/competitors.js";
import { startImagesApi } from "./bench/images-api.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const IMAGES_PER_POST = 5;

async function main() {
  const { values } = parseArgs({
    options: {
      images: { type: "string", default: "2000" },
      rtt: { type: "string", default: "20" },
      concurrency: { type: "string", default: "8" },
      "image-bytes": { type: "string", default: "16384" },
      cli: { type: "string", default: path.join(root, "dist/cli.js") },
    },
  });
  const n = positive(values.images, "--images");
  const rtt = positive(values.rtt, "--rtt", true);
  const concurrency = positive(values.concurrency, "--concurrency");
  const imageBytes = Math.max(64, positive(values["image-bytes"], "--image-bytes"));
  const cli = path.resolve(values.cli);
  if (!existsSync(cli)) throw new Error(`${cli} is missing; run \`npm run build\` first.`);

  const workDir = await mkdtemp(path.join(os.tmpdir(), "md-image-offload-bench-images-"));
  const api = await startImagesApi();
  api.latencyMs = rtt;
  try {
    console.log(`Generating ${n} images of ${imageBytes} bytes in ${workDir}…`);
    await generateBlog(workDir, n, imageBytes);
    const env = {
      PATH: process.env.PATH,
      MD_IMAGE_OFFLOAD_STORAGE: "cloudflare-images",
      MD_IMAGE_OFFLOAD_CLOUDFLARE_ACCOUNT_ID: api.accountId,
      MD_IMAGE_OFFLOAD_CLOUDFLARE_API_URL: api.apiUrl,
      MD_IMAGE_OFFLOAD_CLOUDFLARE_BATCH_URL: api.batchUrl,
      MD_IMAGE_OFFLOAD_CONCURRENCY: String(concurrency),
      CLOUDFLARE_API_TOKEN: api.token,
    };
    const rows = [];
    for (const phase of ["cold", "no-op"]) {
      // The no-op is a fresh checkout: local links again, every image already stored.
      await writePosts(workDir, n);
      api.requests.length = 0;
      const result = await run(process.execPath, [cli], { cwd: workDir, env });
      const count = (listener) => api.requests.filter((r) => r.listener === listener).length;
      const row = { phase, seconds: result.seconds, api: count("api"), batch: count("batch") };
      rows.push(row);
      const failed = result.code === 0 ? "" : ` FAILED (exit ${result.code})\n${result.stderr}`;
      console.log(
        `  ${phase}: ${row.seconds.toFixed(2)} s, ${row.api} API + ${row.batch} batch requests${failed}`,
      );
    }
    console.log(
      `\nCloudflare Images (fake API, ${rtt} ms per answer), ${n} images, concurrency ${concurrency}:\n`,
    );
    console.log("| run | time | API requests | batch requests |\n|---|---:|---:|---:|");
    for (const row of rows)
      console.log(`| ${row.phase} | ${row.seconds.toFixed(2)} s | ${row.api} | ${row.batch} |`);
  } finally {
    await api.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

/** A PNG of 64×64 px (real IHDR, so the limits read it) padded to `bytes` with random data. */
function pngOf(bytes) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write("IHDR", 4, "latin1");
  ihdr.writeUInt32BE(64, 8);
  ihdr.writeUInt32BE(64, 12);
  ihdr.set([8, 6, 0, 0, 0], 16);
  const rest = Math.max(0, bytes - signature.length - ihdr.length);
  return Buffer.concat([signature, ihdr, randomBytes(rest)]);
}

async function generateBlog(blog, n, imageBytes) {
  await mkdir(path.join(blog, "images"), { recursive: true });
  for (let start = 0; start < n; start += 100) {
    const batch = Array.from({ length: Math.min(100, n - start) }, (_, i) => start + i);
    await Promise.all(
      batch.map((i) => writeFile(path.join(blog, "images", `${i}.png`), pngOf(imageBytes))),
    );
  }
}

/** Posts of five images each, linking them by local paths. */
async function writePosts(blog, n) {
  await mkdir(path.join(blog, "posts"), { recursive: true });
  for (let post = 0; post * IMAGES_PER_POST < n; post++) {
    const links = [];
    for (let i = post * IMAGES_PER_POST; i < Math.min(n, (post + 1) * IMAGES_PER_POST); i++)
      links.push(`![figure ${i}](../images/${i}.png)`);
    await writeFile(
      path.join(blog, "posts", `${post}.md`),
      `# Post ${post}\n\n${links.join("\n\n")}\n`,
    );
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
