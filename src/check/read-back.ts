/** The probe read back through the storage: one checklist line for S3 and Images alike. */
import { describeError } from "../core/errors.js";
import { PROBE_PNG } from "../core/probe-image.js";
import type { Storage } from "../storage/storage.js";
import type { CheckItem } from "./checklist.js";

type Recorded = (id: CheckItem["id"], label: string, detail: string, fix: string) => void;

/** Passes when the stored probe comes back byte for byte; `fix` says what to check if not. */
export async function readBackItem(
  storage: Storage,
  key: string,
  label: string,
  fix: string,
  pass: (id: CheckItem["id"], label: string, detail: string) => void,
  fail: Recorded,
): Promise<void> {
  try {
    const bytes = await storage.get(key);
    if (bytes.equals(PROBE_PNG)) pass("read", label, `${bytes.length} bytes, identical`);
    else fail("read", label, `got ${bytes.length} bytes that differ`, fix);
  } catch (error) {
    fail("read", label, "refused", describeError(error));
  }
}
