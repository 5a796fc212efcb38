// The CLI's entry point (bin md-image-offload); all work happens in runCli().
import { runCli } from "./cli/run-cli.js";
import { VERSION } from "./version.js";

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  cwd: process.cwd(),
  stdout: process.stdout,
  stderr: process.stderr,
  version: VERSION,
  // Beside this file in dist/: large runs parse on two threads.
  parseWorker: new URL("./parse-worker.js", import.meta.url),
});
