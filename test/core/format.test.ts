import { describe, expect, it } from "vitest";
import { formatBytes, formatDuration } from "../../src/core/format.js";

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [312, "312 B"],
    [999, "999 B"],
    [1000, "1 kB"],
    [1_400_000, "1.4 MB"],
    [12_345_678, "12.3 MB"],
    [120_000_000, "120 MB"],
    [999_960, "1 MB"],
    [50_000_000_000, "50 GB"],
  ])("%d bytes reads %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe("formatDuration", () => {
  it.each([
    [0, "0 ms"],
    [850, "850 ms"],
    [1_200, "1.2 s"],
    [59_940, "59.9 s"],
    [59_970, "1 min"],
    [123_000, "2 min 3 s"],
    [3_900_000, "1 h 5 min"],
  ])("%d ms reads %s", (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
