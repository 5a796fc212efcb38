/**
 * The readers a run imports on first need (lazy-reader.ts). Each is a parser most files do
 * not need, and together they were most of the time a run took to load:
 * - MDX (micromark with the MDX extensions, acorn): only `.mdx` files with JSX;
 * - YAML (`yaml`, 40 ms to import): only front matter the line reader
 *   (front-matter-flat.ts) is not sure of, such as nested maps and lists;
 * - TOML (`toml-eslint-parser`, 19 ms): only `+++` front matter (Hugo).
 */
import { lazyReader } from "./lazy-reader.js";

export const mdxReader = lazyReader("MDX", () => import("./mdx.js"));
export const yamlReader = lazyReader("YAML", () => import("./front-matter-yaml.js"));
export const tomlReader = lazyReader("TOML", () => import("./front-matter-toml.js"));

/** Every lazy reader loaded: for callers that read files synchronously (tests, benches). */
export async function loadReaders(): Promise<void> {
  await Promise.all([mdxReader.load(), yamlReader.load(), tomlReader.load()]);
}
