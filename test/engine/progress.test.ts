import { describe, expect, it } from "vitest";
import { MemoryLogger } from "../../src/core/logger.js";
import { PROGRESS_INTERVAL_MS, Progress } from "../../src/engine/progress.js";

describe("Progress", () => {
  it("writes a line with counts, bytes and rate at most every 5 seconds of the clock", () => {
    let now = 0;
    const logger = new MemoryLogger();
    const progress = new Progress("Hashing", "read", 10, logger, { now: () => now });
    for (let item = 0; item < 10; item++) {
      now += 2_000; // one image every 2 s: lines at 6 s, 12 s and 18 s
      progress.record(1_000_000);
    }
    expect(logger.lines.map((line) => line.message)).toEqual([
      "Hashing: 3/10 images done, 3 MB read (500 kB/s).",
      "Hashing: 6/10 images done, 6 MB read (500 kB/s).",
      "Hashing: 9/10 images done, 9 MB read (500 kB/s).",
    ]);
    expect(PROGRESS_INTERVAL_MS).toBe(5_000);
  });

  it("stays quiet on a phase shorter than the interval", () => {
    const logger = new MemoryLogger();
    const progress = new Progress("Progress", "uploaded", 3, logger, { now: () => 4_999 });
    for (let item = 0; item < 3; item++) progress.record(10);
    expect(logger.lines).toEqual([]);
  });
});
