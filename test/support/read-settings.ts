import { FRONT_MATTER_KEYS } from "../../src/core/key-paths.js";
import type { ReadSettings } from "../../src/engine/site-context.js";

/** The inputs' defaults for how content is read, with the static dirs a test names. */
export function readSettings(
  staticDirs: readonly string[],
  overrides: Partial<ReadSettings> = {},
): ReadSettings {
  return {
    generator: "auto",
    shortcodes: ["figure"],
    frontMatterKeys: FRONT_MATTER_KEYS,
    staticDirs,
    staticDirsSet: true,
    ...overrides,
  };
}
