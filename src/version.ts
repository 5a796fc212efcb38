/** Kept in step with package.json by test/options/inputs.test.ts. */
export const VERSION = "0.1.0";
