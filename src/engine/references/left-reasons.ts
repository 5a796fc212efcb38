/** Why an image the content names is left where it is: shared by the readers and the report. */

/** An image the file names that the bundler or an image pipeline handles: left, counted. */
export interface LeftImage {
  readonly reason: string;
  readonly line: number;
  readonly destination: string;
}

export const LEFT_TO_BUNDLER = "imported by MDX ESM, left to the bundler";
export const LEFT_DYNAMIC = "named by a dynamic expression (template literal), left as is";
