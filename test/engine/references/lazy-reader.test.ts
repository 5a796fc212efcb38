/**
 * The one mechanism behind every reader loaded on first need (MDX, YAML, TOML): a read
 * that meets an unloaded reader stops, the reader is loaded, and the read starts over.
 */
import { describe, expect, it } from "vitest";
import {
  lazyReader,
  ReaderNotLoaded,
  untilLoaded,
} from "../../../src/engine/references/lazy-reader.js";

describe("lazy readers", () => {
  it("throws ReaderNotLoaded, carrying its own load, until loaded; imports once", async () => {
    let imports = 0;
    const reader = lazyReader("Test", async () => {
      imports++;
      return { answer: 42 };
    });
    expect(reader.loaded).toBe(false);
    let thrown: unknown;
    try {
      reader();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ReaderNotLoaded);
    await Promise.all([(thrown as ReaderNotLoaded).load(), reader.load()]);
    expect(reader.loaded).toBe(true);
    expect(reader().answer).toBe(42);
    expect(imports).toBe(1);
  });

  it("reads again after each reader a read asks for, undoing the stopped attempt", async () => {
    const first = lazyReader("First", async () => "a");
    const second = lazyReader("Second", async () => "b");
    const notes: string[] = [];
    let attempts = 0;
    const result = await untilLoaded(
      () => {
        attempts++;
        notes.push("partial");
        return first() + second();
      },
      () => {
        notes.length = 0;
      },
    );
    expect(result).toBe("ab");
    expect(attempts).toBe(3);
    expect(notes).toEqual(["partial"]);
  });

  it("gives up on a read that keeps asking after its reader loaded, and passes other errors on", async () => {
    let attempts = 0;
    const endless = () => {
      attempts++;
      throw new ReaderNotLoaded("Broken", async () => {});
    };
    await expect(untilLoaded(endless)).rejects.toBeInstanceOf(ReaderNotLoaded);
    expect(attempts).toBeLessThanOrEqual(8);

    let failures = 0;
    const failing = () => {
      failures++;
      throw new Error("not a reader");
    };
    await expect(untilLoaded(failing)).rejects.toThrow("not a reader");
    expect(failures).toBe(1);
  });
});
