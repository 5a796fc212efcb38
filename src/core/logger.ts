/** Where in a content file something was found; `line` is 1-based. */
export interface SourceLocation {
  readonly file: string;
  readonly line?: number;
}

/**
 * The engine's only way to talk to the user. The Action maps it onto the runner's log
 * (annotations, groups), the CLI onto stderr.
 */
export interface Logger {
  info(message: string): void;
  /** A problem the user should see; with a location it becomes a file:line annotation. */
  warning(message: string, location?: SourceLocation): void;
  error(message: string, location?: SourceLocation): void;
  debug(message: string): void;
  /** Runs one phase of the pipeline inside a collapsible group. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** A logger that remembers everything; for tests and for `--json` runs. */
export class MemoryLogger implements Logger {
  readonly lines: { level: string; message: string; location?: SourceLocation }[] = [];
  info(message: string): void {
    this.lines.push({ level: "info", message });
  }
  warning(message: string, location?: SourceLocation): void {
    this.lines.push({ level: "warning", message, ...(location ? { location } : {}) });
  }
  error(message: string, location?: SourceLocation): void {
    this.lines.push({ level: "error", message, ...(location ? { location } : {}) });
  }
  debug(message: string): void {
    this.lines.push({ level: "debug", message });
  }
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.lines.push({ level: "group", message: name });
    return fn();
  }
}

/** The clock, passed in so that durations and progress intervals are testable. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
