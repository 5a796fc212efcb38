/**
 * The MDX reader (micromark with the MDX extensions, acorn) is a third of the bundle's
 * load time, and most sites have no `.mdx` file that needs it. It is imported on first
 * need: findReferences throws MdxReaderNotLoaded, the caller (collect.ts) awaits
 * loadMdxReader() and reads that file again.
 */
import type * as MdxModule from "./mdx.js";

type MdxReader = typeof MdxModule;

let reader: MdxReader | undefined;

/** Thrown by mdxReader() before loadMdxReader() has finished. */
export class MdxReaderNotLoaded extends Error {
  override name = "MdxReaderNotLoaded";
  constructor() {
    super("The MDX reader is not loaded yet; await loadMdxReader() first.");
  }
}

export async function loadMdxReader(): Promise<void> {
  reader ??= await import("./mdx.js");
}

export function mdxReader(): MdxReader {
  if (!reader) throw new MdxReaderNotLoaded();
  return reader;
}
