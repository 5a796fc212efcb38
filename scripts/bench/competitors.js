// The tools people use today, run the way their documentation suggests, with the same
// concurrency as ours: `aws s3 sync` and `rclone copy`. Installed from Debian packages
// when missing.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";

function onPath(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

/** Installs `awscli` / `rclone` with apt-get when missing; returns the tools available. */
export function ensureCompetitors(log) {
  const wanted = [
    { command: "aws", pkg: "awscli" },
    { command: "rclone", pkg: "rclone" },
  ];
  const missing = wanted.filter(({ command }) => !onPath(command));
  if (missing.length > 0 && onPath("apt-get")) {
    const packages = missing.map(({ pkg }) => pkg).join(" ");
    log(`Installing ${packages} from Debian packages…`);
    const sudo = process.getuid?.() === 0 ? "" : "sudo ";
    spawnSync(
      "sh",
      ["-c", `${sudo}apt-get update -qq && ${sudo}apt-get install -y -qq ${packages} >/dev/null`],
      {
        stdio: ["ignore", "ignore", "inherit"],
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      },
    );
  }
  return Object.fromEntries(wanted.map(({ command }) => [command, onPath(command)]));
}

/** GNU time, when installed, reports each tool's CPU time and peak memory. */
const GNU_TIME = "/usr/bin/time";
const TIME_MARK = "__bench_time__";

/**
 * Runs a command to completion without blocking this process (s3rver lives here); returns
 * exit code, wall seconds, and CPU seconds and peak RSS (MB) when GNU time is available.
 */
export function run(command, args, options) {
  const timed = existsSync(GNU_TIME);
  const [file, argv] = timed
    ? [GNU_TIME, ["-f", `${TIME_MARK} %U %S %M`, command, ...args]]
    : [command, args];
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(file, argv, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    // The Action reports its errors on stdout (workflow commands): keep the tail.
    let stdout = "";
    child.stdout.on("data", (chunk) => {
      stdout = (stdout + chunk).slice(-4000);
    });
    child.on("error", (error) => resolve({ code: 127, stderr: String(error), seconds: 0 }));
    child.on("close", (code) => {
      const seconds = (performance.now() - started) / 1000;
      const usage = new RegExp(`${TIME_MARK} ([\\d.]+) ([\\d.]+) (\\d+)`).exec(stderr);
      resolve({
        code: code ?? 1,
        stderr: `${stdout}${stderr.replace(/.*__bench_time__.*\n?/, "")}`,
        seconds,
        ...(usage
          ? { cpuSeconds: Number(usage[1]) + Number(usage[2]), peakMb: Number(usage[3]) / 1024 }
          : {}),
      });
    });
  });
}

/** `aws s3 sync` of the content directory (Markdown excluded) to `s3://bucket/prefix`. */
export async function awsSync({ workDir, contentDir, bucket, prefix, endpoint, concurrency }) {
  const configFile = path.join(workDir, "aws-config");
  // Path style for s3rver; checksums only when required, as for every non-AWS endpoint.
  await writeFile(
    configFile,
    [
      "[default]",
      "region = us-east-1",
      "request_checksum_calculation = when_required",
      "response_checksum_validation = when_required",
      "s3 =",
      `  max_concurrent_requests = ${concurrency}`,
      "  addressing_style = path",
      "",
    ].join("\n"),
  );
  const env = {
    ...process.env,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: path.join(workDir, "no-credentials"),
    AWS_ACCESS_KEY_ID: "S3RVER",
    AWS_SECRET_ACCESS_KEY: "S3RVER",
  };
  return run(
    "aws",
    [
      "s3",
      "sync",
      contentDir,
      `s3://${bucket}/${prefix}`,
      "--exclude",
      "*.md",
      "--endpoint-url",
      endpoint,
      "--only-show-errors",
    ],
    { env },
  );
}

/** `rclone copy` of the content directory (Markdown excluded) to `bench:bucket/prefix`. */
export async function rcloneCopy({ workDir, contentDir, bucket, prefix, endpoint, concurrency }) {
  const configFile = path.join(workDir, "rclone.conf");
  await writeFile(configFile, "");
  const env = {
    ...process.env,
    RCLONE_CONFIG: configFile,
    RCLONE_CONFIG_BENCH_TYPE: "s3",
    RCLONE_CONFIG_BENCH_PROVIDER: "Other",
    RCLONE_CONFIG_BENCH_ENDPOINT: endpoint,
    RCLONE_CONFIG_BENCH_REGION: "us-east-1",
    RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE: "true",
    RCLONE_CONFIG_BENCH_ACCESS_KEY_ID: "S3RVER",
    RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY: "S3RVER",
  };
  // rclone refuses to start when AWS_CA_BUNDLE names a bundle it does not want.
  delete env.AWS_CA_BUNDLE;
  // --fast-list: one recursive listing (1 request per 1,000 keys) instead of one per
  // directory, rclone's own advice for S3; s3rver's delimiter listing also misses keys
  // nested two directories deep, which would make rclone re-upload everything.
  return run(
    "rclone",
    [
      "copy",
      contentDir,
      `bench:${bucket}/${prefix}`,
      "--exclude",
      "*.md",
      "--transfers",
      String(concurrency),
      "--checkers",
      String(concurrency),
      "--fast-list",
      // Compare by MD5 (the listing's ETag) instead of modification times: a fresh checkout
      // has new mtimes, and rclone would otherwise HEAD every object to read its own.
      "--checksum",
    ],
    { env },
  );
}
