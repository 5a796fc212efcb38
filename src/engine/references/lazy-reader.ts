/**
 * Readers that only some files need (the MDX reader, the YAML and TOML parsers) are
 * imported on first need rather than at start, where every run would pay for them. A
 * synchronous reader asks for one with `reader()`; before it is loaded that throws
 * ReaderNotLoaded, which carries its own load(). untilLoaded() (parse-one.ts, the Astro
 * field count) catches it, awaits the load and reads the file again from the start, so a
 * file's findings never depend on what was loaded before it.
 */

/** Thrown by a lazy reader before its load() has finished. */
export class ReaderNotLoaded extends Error {
  override name = "ReaderNotLoaded";
  constructor(
    readonly reader: string,
    readonly load: () => Promise<void>,
  ) {
    super(`The ${reader} reader is not loaded yet; await its load() first.`);
  }
}

/** The module, or ReaderNotLoaded; `load()` imports it (once). */
export interface LazyReader<T> {
  (): T;
  load(): Promise<void>;
  readonly loaded: boolean;
}

export function lazyReader<T>(name: string, importer: () => Promise<T>): LazyReader<T> {
  let module: T | undefined;
  let loading: Promise<void> | undefined;
  const load = (): Promise<void> => {
    loading ??= importer().then((imported) => {
      module = imported;
    });
    return loading;
  };
  const reader = (): T => {
    if (module === undefined) throw new ReaderNotLoaded(name, load);
    return module;
  };
  return Object.defineProperties(reader, {
    load: { value: load },
    loaded: { get: () => module !== undefined },
  }) as LazyReader<T>;
}

/**
 * More attempts than there are lazy readers: each retry follows a load, so a read that
 * still asks for one after that is a bug, and its error is thrown rather than looped on.
 */
const MAX_ATTEMPTS = 8;

/**
 * `read()`'s result, loading each reader it asks for and then reading again. `restart`
 * undoes what a failed attempt left behind (notes already collected), so the result is
 * what one read with every reader loaded gives.
 */
export async function untilLoaded<T>(read: () => T, restart?: () => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return read();
    } catch (error) {
      if (!(error instanceof ReaderNotLoaded) || attempt >= MAX_ATTEMPTS) throw error;
      await error.load();
      restart?.();
    }
  }
}
