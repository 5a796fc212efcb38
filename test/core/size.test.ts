import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { parseSize } from "../../src/core/size.js";

describe("parseSize", () => {
  it.each([
    ["1000", 1000],
    ["50MB", 50_000_000],
    ["50mb", 50_000_000],
    ["50 MB", 50_000_000],
    ["512KB", 512_000],
    ["1.5GB", 1_500_000_000],
    ["10MiB", 10 * 1024 * 1024],
    ["512kib", 512 * 1024],
    ["2G", 2_000_000_000],
    ["700B", 700],
    [" 3MB ", 3_000_000],
  ])("reads %j as %d bytes", (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(["", "MB", "fifty", "50 XB", "-5MB", "0", "1e6", "5 MB extra"])(
    "refuses %j naming max-size",
    (text) => {
      let thrown: unknown;
      try {
        parseSize(text);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(InputError);
      expect((thrown as InputError).input).toBe("max-size");
      expect((thrown as InputError).message).toMatch(/max-size/);
    },
  );
});
