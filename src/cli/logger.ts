import type { Logger, SourceLocation } from "../core/logger.js";
import { safeLogLine } from "../core/printable.js";

/**
 * Human output on stderr, so that stdout stays clean for --json. Each message is one line:
 * names from content have their control characters shown as escapes (`\n`, `\x1b`), so a
 * file name cannot start a new line that a runner would obey or a terminal would execute.
 */
export function createCliLogger(stream: NodeJS.WritableStream, verbose = false): Logger {
  const write = (line: string) => stream.write(`${safeLogLine(line)}\n`);
  return {
    info: (message) => write(message),
    warning: (message, location) => write(`warning: ${where(location)}${message}`),
    error: (message, location) => write(`error: ${where(location)}${message}`),
    debug: (message) => {
      if (verbose) write(message);
    },
    group: async (name, fn) => {
      write(`== ${name}`);
      return fn();
    },
  };
}

function where(location: SourceLocation | undefined): string {
  if (!location) return "";
  return `${location.file}${location.line ? `:${location.line}` : ""}: `;
}
