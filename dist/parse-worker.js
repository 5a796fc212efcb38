import { parentPort } from 'node:worker_threads';
import { p as parseJobs } from './chunks/parse-one.js';
import './chunks/key-paths.js';
import './chunks/srcset.js';

// A parse worker's entry point (dist/parse-worker.js, started by parallel-parse.ts): it
// waits for one share of a run's content files, parses it and posts the findings back.
parentPort?.once("message", async (request) => {
    try {
        parentPort?.postMessage({ parsed: await parseJobs(request) });
    }
    catch (error) {
        parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) });
    }
});
