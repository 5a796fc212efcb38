// The Action's entry point: all work happens in run(), nothing at import time elsewhere.
import { run } from "./main.js";

// Beside this file in dist/: large runs parse on two threads.
await run({ parseWorker: new URL("./parse-worker.js", import.meta.url) });
