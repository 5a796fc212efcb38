import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { INPUTS, OUTPUTS } from "../../src/options/inputs.js";
import { parseInputs } from "../../src/options/parse-inputs.js";
import { VERSION } from "../../src/version.js";

const root = new URL("../../", import.meta.url);
const actionYml = parse(readFileSync(new URL("action.yml", root), "utf8")) as {
  inputs: Record<string, { default?: string; required: boolean; description: string }>;
  outputs: Record<string, { description: string }>;
  runs: { using: string; main: string };
};
const readme = readFileSync(new URL("README.md", root), "utf8");
/**
 * The names users' workflows call: a contract kept here, in the repository, so that a
 * renamed input fails this test instead of breaking someone's workflow.
 */
const CONTRACT_INPUTS = [
  "content",
  "bucket",
  "endpoint",
  "provider",
  "region",
  "force-path-style",
  "access-key-id",
  "secret-access-key",
  "session-token",
  "public-url",
  "prefix",
  "key-template",
  "static-dirs",
  "extensions",
  "max-size",
  "cache-control",
  "acl",
  "concurrency",
  "mode",
  "scope",
  "delete-local",
  "commit-message",
  "comment",
  "github-token",
  "comment-author",
  "dry-run",
  "fail-on-missing",
  "verify-public-url",
  "generator",
  "shortcodes",
  "front-matter-keys",
  "manifest-file",
  "storage",
  "cloudflare-account-id",
  "cloudflare-api-token",
  "cloudflare-variant",
  "cloudflare-api-url",
  "cloudflare-batch-url",
];

/** The names in the first column of a Markdown table that lists inputs as `name`. */
function tableNames(markdown: string, heading: RegExp): string[] {
  const start = markdown.search(heading);
  expect(start, `heading ${heading} not found`).toBeGreaterThanOrEqual(0);
  const rows = markdown.slice(start).split("\n").slice(1);
  const names: string[] = [];
  let inTable = false;
  for (const row of rows) {
    if (row.startsWith("|")) {
      inTable = true;
      for (const match of row.split("|")[1]?.matchAll(/`([a-z-]+)`/g) ?? [])
        if (match[1]) names.push(match[1]);
    } else if (inTable) break;
  }
  return names;
}

describe("the input contract", () => {
  it("action.yml declares exactly the inputs of the table, with the same defaults", () => {
    expect(Object.keys(actionYml.inputs)).toEqual(INPUTS.map((input) => input.name));
    for (const input of INPUTS) {
      const declared = actionYml.inputs[input.name];
      expect(declared?.required, input.name).toBe(Boolean(input.required));
      expect((declared?.default ?? "").trim(), input.name).toBe(input.default);
      expect(declared?.description, input.name).toBe(input.description);
    }
  });

  it("action.yml declares every output and runs node24 from dist/index.js", () => {
    expect(Object.keys(actionYml.outputs)).toEqual(OUTPUTS.map((output) => output.name));
    expect(actionYml.runs).toEqual({ using: "node24", main: "dist/index.js" });
  });

  it("README lists every input and every output that action.yml declares, and no other", () => {
    expect(tableNames(readme, /^## Inputs/m).sort()).toEqual(Object.keys(actionYml.inputs).sort());
    expect(tableNames(readme, /^## Outputs/m).sort()).toEqual(
      Object.keys(actionYml.outputs).sort(),
    );
  });

  it("every input and output of the contract exists under the same name", () => {
    for (const name of CONTRACT_INPUTS) expect(Object.keys(actionYml.inputs), name).toContain(name);
    for (const name of [
      "uploaded",
      "skipped",
      "failed",
      "missing",
      "rewritten",
      "files",
      "manifest",
      "commit-sha",
      "artifact-id",
    ]) {
      expect(Object.keys(actionYml.outputs)).toContain(name);
    }
  });

  it("every input's type fits its default, and parseInputs accepts every default", () => {
    for (const input of INPUTS) {
      if (input.type === "boolean")
        expect(["true", "false", ""], input.name).toContain(input.default);
      if (input.type === "choice") {
        expect(input.choices?.length, input.name).toBeGreaterThan(0);
        if (input.default) expect(input.choices, input.name).toContain(input.default);
      }
      if (input.type !== "choice") expect(input.choices, input.name).toBeUndefined();
    }
    const options = parseInputs((name) =>
      name === "bucket" ? "b" : name === "public-url" ? "https://cdn.example.com" : undefined,
    );
    expect(options.mode).toBe("commit");
  });

  it("the CLI reports the package version", () => {
    const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});
