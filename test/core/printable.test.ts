import { describe, expect, it } from "vitest";
import { commandData, printable, safeLogLine, terminalJson } from "../../src/core/printable.js";

describe("printable", () => {
  it("shows control, separator and bidi characters as escapes, and nothing else", () => {
    expect(printable("a\nb\r\tc\x1b[2J\x07\u0085\u2028\u202eé图")).toBe(
      "a\\nb\\r\\tc\\x1b[2J\\x07\\x85\\u2028\\u202eé图",
    );
  });
});

describe("safeLogLine", () => {
  it("never starts with a workflow command, and breaks legacy ##[ commands", () => {
    expect(safeLogLine("::error::x").startsWith("::")).toBe(false);
    expect(safeLogLine("  ::add-mask::x").trim().startsWith("::")).toBe(false);
    expect(safeLogLine("a ##[error]x")).not.toContain("##[");
    expect(safeLogLine("img/a.png → https://cdn/x.png")).toBe("img/a.png → https://cdn/x.png");
    expect(commandData("x\n::error::y")).toBe("x\\n::error::y");
  });
});

describe("terminalJson", () => {
  it("is the same JSON data with nothing a terminal or runner would act on", () => {
    const value = { name: "a\u202e\u0085##[error]b\n" };
    const json = terminalJson(value);
    expect(JSON.parse(json)).toEqual(value);
    expect(json).not.toMatch(/[\u0080-\u009f\u202e]|##\[/);
  });
});
