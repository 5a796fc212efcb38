// The two servers `npm run bench` can measure against, behind one shape:
// { endpoint, take() → counts since the last take, stop() }.
// - memory (default): scripts/bench/memory-s3.js in its own process, latency built in;
// - s3rver: the npm package in this process, on memory-backed /dev/shm, behind the
//   latency proxy; its CPU is reported, since it shares this process's event loop.
import { fork } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import S3rver from "s3rver";
import { startLatencyProxy } from "./latency-proxy.js";

const here = path.dirname(fileURLToPath(import.meta.url));

export async function startServer(kind, { bucket, rtt }) {
  if (kind === "memory") return startMemory(rtt);
  if (kind === "s3rver") return startS3rver(bucket, rtt);
  throw new Error(`--server must be memory or s3rver, not "${kind}".`);
}

async function startMemory(rtt) {
  const child = fork(path.join(here, "memory-s3.js"), [String(rtt)], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = (type) =>
    new Promise((resolve, reject) => {
      const onExit = (code) => reject(new Error(`the memory S3 server exited (${code})`));
      const onMessage = (message) => {
        if (message.type !== type) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(message);
      };
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  const { endpoint } = await next("ready");
  // The server's own CPU, from /proc: it must stay far below the tools'.
  const cpuSeconds = () => processCpuSeconds(child.pid);
  let cpuBefore = cpuSeconds();
  return {
    endpoint,
    describe: `an in-memory S3 server in its own process, ${rtt} ms per request`,
    async take() {
      const taken = next("taken");
      child.send({ type: "take" });
      const { type: _type, ...counts } = await taken;
      const cpu = cpuSeconds();
      const serverSeconds = cpu - cpuBefore;
      cpuBefore = cpu;
      return { ...counts, serverSeconds };
    },
    async stop() {
      child.removeAllListeners("exit");
      child.send({ type: "stop" });
      await new Promise((resolve) => child.once("exit", resolve));
    },
  };
}

/** utime + stime of a process, in seconds (Linux); 0 where /proc is missing. */
function processCpuSeconds(pid) {
  const statFile = `/proc/${pid}/stat`;
  if (!existsSync(statFile)) return 0;
  const stat = readFileSync(statFile, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function startS3rver(bucket, rtt) {
  // On a disk, s3rver's three file writes per object make the server the bottleneck.
  const directory = await mkdtemp(
    path.join(existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "md-image-offload-bench-s3-"),
  );
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: [{ name: bucket }],
  });
  const { port } = await server.run();
  const proxy = await startLatencyProxy(port, rtt);
  let cpuBefore = process.cpuUsage();
  return {
    endpoint: proxy.endpoint,
    describe: `s3rver in this process behind a ${rtt} ms proxy`,
    async take() {
      const cpu = process.cpuUsage(cpuBefore);
      cpuBefore = process.cpuUsage();
      return { ...proxy.take(), serverSeconds: (cpu.user + cpu.system) / 1e6 };
    },
    async stop() {
      await proxy.stop();
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
