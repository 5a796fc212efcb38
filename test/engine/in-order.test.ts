import { describe, expect, it } from "vitest";
import { inOrder } from "../../src/engine/in-order.js";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("inOrder", () => {
  it("yields results in input order while several run at once, never more than the window", async () => {
    let running = 0;
    let mostRunning = 0;
    const work = async (item: number) => {
      running++;
      mostRunning = Math.max(mostRunning, running);
      // Later items finish first, so order comes from inOrder, not from timing.
      await delay((10 - item) * 3);
      running--;
      return item * 2;
    };
    const results: [number, number][] = [];
    for await (const pair of inOrder([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4, work)) results.push(pair);
    expect(results).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((item) => [item, item * 2]));
    expect(mostRunning).toBe(4);
  });

  it("throws the first failure in input order, after the items before it", async () => {
    const seen: number[] = [];
    const work = async (item: number) => {
      await delay(item === 3 ? 1 : 5);
      if (item === 3 || item === 5) throw new Error(`item ${item} failed`);
      return item;
    };
    const consume = async () => {
      for await (const [item] of inOrder([0, 1, 2, 3, 4, 5], 6, work)) seen.push(item);
    };
    await expect(consume()).rejects.toThrow("item 3 failed");
    expect(seen).toEqual([0, 1, 2]);
  });

  it("handles an empty list and a window of zero as one at a time", async () => {
    const none: unknown[] = [];
    for await (const pair of inOrder([], 8, async () => 1)) none.push(pair);
    expect(none).toEqual([]);
    const one: number[] = [];
    for await (const [, value] of inOrder([1, 2], 0, async (item) => item)) one.push(value);
    expect(one).toEqual([1, 2]);
  });
});
