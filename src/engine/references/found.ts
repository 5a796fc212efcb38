import type { ReferenceKind } from "../types.js";

/**
 * A destination before it becomes a Reference: offsets are UTF-16 indices into
 * whichever string the finder was given (the caller knows which).
 */
export interface Found {
  readonly kind: ReferenceKind;
  readonly start: number;
  readonly end: number;
  readonly destination: string;
}
