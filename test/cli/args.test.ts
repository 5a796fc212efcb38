import { describe, expect, it } from "vitest";
import { inputGetter, parseArgs, UsageError, usage } from "../../src/cli/args.js";
import { INPUTS } from "../../src/options/inputs.js";

describe("CLI arguments", () => {
  it("reads --name value, --name=value, bare booleans and --no-name", () => {
    const args = parseArgs([
      "--bucket",
      "blog",
      "--public-url=https://cdn.example",
      "--dry-run",
      "--no-verify-public-url",
      "--json",
    ]);
    expect(args.command).toBe("run");
    expect(args.json).toBe(true);
    expect(Object.fromEntries(args.inputs)).toEqual({
      bucket: "blog",
      "public-url": "https://cdn.example",
      "dry-run": "true",
      "verify-public-url": "false",
    });
  });

  it("lets flags win over MD_IMAGE_OFFLOAD_* variables", () => {
    const get = inputGetter(parseArgs(["--bucket", "from-flag"]), {
      MD_IMAGE_OFFLOAD_BUCKET: "from-env",
      MD_IMAGE_OFFLOAD_PUBLIC_URL: "https://env.example",
    });
    expect(get("bucket")).toBe("from-flag");
    expect(get("public-url")).toBe("https://env.example");
    expect(get("prefix")).toBeUndefined();
  });

  it.each([
    [["--buckett", "x"], /Unknown option --buckett/],
    [["--bucket"], /--bucket needs a value/],
    [["upload"], /Unexpected argument "upload"/],
  ])("refuses %o as bad usage", (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(UsageError);
    expect(() => parseArgs(argv)).toThrow(message);
  });

  it("documents every input in --help", () => {
    const text = usage();
    for (const input of INPUTS) expect(text).toContain(`--${input.name}`);
    expect(text).toContain("One of: commit, artifact, workspace.");
    // Booleans take no value; the rest show one.
    expect(text).toMatch(/^ {2}--dry-run\n/m);
    expect(text).toMatch(/^ {2}--bucket=VALUE\n/m);
    expect(parseArgs(["--help"]).command).toBe("help");
  });
});
