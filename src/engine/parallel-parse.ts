/**
 * Large runs parse on two threads: a worker (references/parse-worker.ts) takes the second
 * half of the files while the main thread parses the first. Parsing is most of a large
 * run's local phase, and CI runners have two cores. The worker is started before the files
 * are read, so its start-up overlaps the reading; if it fails, the main thread parses its
 * share too (the findings are the same either way: parse-one.ts).
 */
import { Worker } from "node:worker_threads";
import type { ParsedFile, ParseRequest } from "./references/parse-one.js";

/**
 * From this much work on, a worker pays for its start-up and for warming up its own copy
 * of the parsers: 1,000 MDX files, or 20,000 Markdown files. Measured on two cores: 2,000
 * MDX and 8,000 Markdown files read in 5.5 s instead of 10 s, while 10,000 Markdown files
 * alone gained nothing (markdown-it takes 0.15 ms a file; the worker's warm-up as long).
 */
export const PARALLEL_MIN_UNITS = 20_000;

/** A file's parse cost in units: MDX through micromark costs about twenty Markdown files. */
export function parseUnits(file: string): number {
  return /\.mdx$/i.test(file) ? 20 : 1;
}

export interface ParseWorker {
  /** Sends the worker its share: its findings, in order, or a rejection. */
  parse(request: ParseRequest): Promise<ParsedFile[]>;
  close(): void;
}

export function startParseWorker(script: URL): ParseWorker {
  const worker = new Worker(script);
  const answer = new Promise<ParsedFile[]>((resolve, reject) => {
    worker.once("message", (message: { parsed?: ParsedFile[]; error?: string }) =>
      message.parsed ? resolve(message.parsed) : reject(new Error(message.error)),
    );
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the parse worker exited with code ${code}`)));
  });
  // Awaited by parse(); a worker never asked (an error before) must not warn as unhandled.
  answer.catch(() => {});
  return {
    parse(request) {
      worker.postMessage(request);
      return answer;
    },
    close() {
      void worker.terminate();
    },
  };
}
