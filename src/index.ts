// The Action's entry point: all work happens in run(), nothing at import time elsewhere.
import { run } from "./main.js";

await run();
