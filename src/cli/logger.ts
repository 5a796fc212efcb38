import type { Logger } from "../engine/logger.js";

/** Human output on stderr, so that stdout stays clean for --json. */
export function createCliLogger(stream: NodeJS.WritableStream, verbose = false): Logger {
  const write = (line: string) => stream.write(`${line}\n`);
  return {
    info: (message) => write(message),
    warning: (message, location) =>
      write(
        `warning: ${location ? `${location.file}${location.line ? `:${location.line}` : ""}: ` : ""}${message}`,
      ),
    error: (message, location) =>
      write(
        `error: ${location ? `${location.file}${location.line ? `:${location.line}` : ""}: ` : ""}${message}`,
      ),
    debug: (message) => {
      if (verbose) write(message);
    },
    group: async (name, fn) => {
      write(`== ${name}`);
      return fn();
    },
  };
}
