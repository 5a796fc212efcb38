import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { actionLogger } from "../../src/action/logger.js";

/** What the logger writes to the runner, line by line (the runner reads stdout). */
let written: string[];
beforeEach(() => {
  written = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe("actionLogger", () => {
  it("writes no ::debug:: line unless the runner's step debug logging is on", () => {
    vi.stubEnv("RUNNER_DEBUG", "");
    actionLogger.debug("img/a.png → images/0123.png: present");
    expect(written).toEqual([]);

    vi.stubEnv("RUNNER_DEBUG", "1");
    actionLogger.debug("img/a.png → images/0123.png: present");
    expect(written.join("")).toContain("::debug::img/a.png → images/0123.png: present");
  });

  it("a debug line from content cannot end its command and start another", () => {
    vi.stubEnv("RUNNER_DEBUG", "1");
    actionLogger.debug("evil.png\n::add-mask::x");
    expect(written.join("")).not.toMatch(/^::add-mask::/m);
  });
});
