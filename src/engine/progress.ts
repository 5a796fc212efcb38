import { formatBytes } from "../core/format.js";
import type { Clock, Logger } from "../core/logger.js";

/** The spec asks for a progress line at least every 5 seconds on long runs. */
export const PROGRESS_INTERVAL_MS = 5_000;

/**
 * Counts items and bytes of a long phase and writes one line at most every
 * PROGRESS_INTERVAL_MS of the clock: `<label>: 120/2000 images, 1.9 MB <verb> (380 kB/s).`
 */
export class Progress {
  private done = 0;
  private bytes = 0;
  private readonly startedAt: number;
  private lastLineAt: number;

  constructor(
    private readonly label: string,
    private readonly verb: string,
    private readonly total: number,
    private readonly logger: Logger,
    private readonly clock: Clock,
  ) {
    this.startedAt = clock.now();
    this.lastLineAt = this.startedAt;
  }

  /** One more item done; `bytes` counts towards the rate. */
  record(bytes: number): void {
    this.done++;
    this.bytes += bytes;
    const now = this.clock.now();
    if (now - this.lastLineAt < PROGRESS_INTERVAL_MS) return;
    this.lastLineAt = now;
    const seconds = (now - this.startedAt) / 1000;
    const rate = seconds > 0 ? this.bytes / seconds : 0;
    this.logger.info(
      `${this.label}: ${this.done}/${this.total} images done, ${formatBytes(this.bytes)} ${this.verb} (${formatBytes(rate)}/s).`,
    );
  }
}
