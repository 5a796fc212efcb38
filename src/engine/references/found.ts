import type { ReferenceKind, ReferenceLookup } from "../types.js";

/**
 * A destination before it becomes a Reference: offsets are UTF-16 indices into
 * whichever string the finder was given (the caller knows which).
 */
export interface Found {
  readonly kind: ReferenceKind;
  readonly start: number;
  readonly end: number;
  readonly destination: string;
  /** How to look it up, when that is not the destination as written (see Reference). */
  readonly lookup?: ReferenceLookup;
  /** Text around the URL in the replacement (see Reference). */
  readonly wrap?: readonly [string, string];
}
