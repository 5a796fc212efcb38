import pLimit from "p-limit";
import { describe, expect, it } from "vitest";
import { FILES_PER_TURN, sharedTurns, TURN_BUDGET_MS } from "../../src/core/next-turn.js";

/** Counts event-loop turns (check phases) until stopped. */
function countTurns(): { stop(): number } {
  let turns = 0;
  let running = true;
  const tick = () => {
    if (!running) return;
    turns++;
    setImmediate(tick);
  };
  setImmediate(tick);
  return {
    stop() {
      running = false;
      return turns;
    },
  };
}

/** `files` units of synchronous work in `lanes` p-limit lanes, each asking for its turn. */
async function runLanes(files: number, lanes: number, turn: () => Promise<void> | undefined) {
  const limit = pLimit(lanes);
  await Promise.all(
    Array.from({ length: files }, () =>
      limit(async () => {
        const pause = turn();
        if (pause) await pause;
      }),
    ),
  );
}

describe("sharedTurns", () => {
  it("gives the event loop a turn every FILES_PER_TURN files, however many lanes run", async () => {
    const frozen = () => 0; // no time passes: only the file count decides
    const counter = countTurns();
    await runLanes(FILES_PER_TURN * 20, 8, sharedTurns(frozen));
    // A lane that parked alone would let the other seven run on: one turn per 8 × 16 files
    // (about 3 here). Shared, a turn comes after at most 16 files plus the 8 parked lanes'.
    expect(counter.stop()).toBeGreaterThanOrEqual((FILES_PER_TURN * 20) / (FILES_PER_TURN + 8) - 1);
  });

  it("gives a turn once TURN_BUDGET_MS has passed, before FILES_PER_TURN files", async () => {
    let clock = 0;
    const turn = sharedTurns(() => clock);
    expect(turn()).toBeUndefined();
    clock = TURN_BUDGET_MS;
    const pause = turn();
    expect(pause).toBeInstanceOf(Promise);
    // Every lane that asks meanwhile waits for the same turn.
    expect(turn()).toBe(pause);
    await pause;
    expect(turn()).toBeUndefined();
  });
});
