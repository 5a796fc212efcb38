import { describe, expect, it } from "vitest";
import { InputError } from "../../src/engine/errors.js";
import { parseInputs } from "../../src/options/parse-inputs.js";

const base: Record<string, string> = {
  bucket: "blog",
  "public-url": "https://assets.example.com/",
};
const from =
  (values: Record<string, string>) =>
  (name: string): string | undefined =>
    ({ ...base, ...values })[name];

function inputError(values: Record<string, string>, adapter: "action" | "cli" = "cli"): InputError {
  try {
    parseInputs(from(values), adapter);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("parseInputs accepted the inputs");
}

describe("parseInputs", () => {
  it("fills the SPEC's defaults and normalises values", () => {
    const options = parseInputs(from({}), "cli");
    expect(options.publicUrl).toBe("https://assets.example.com");
    expect(options.content).toEqual(["**/*.md", "**/*.markdown", "**/*.mdx"]);
    expect(options.staticDirs).toEqual(["public", "static", "source", "."]);
    expect([...options.extensions]).toContain("webp");
    expect(options.maxSize).toBeGreaterThanOrEqual(50_000_000);
    expect(options.concurrency).toBe(8);
    expect(options.mode).toBe("workspace");
    expect(options.comment).toBe(false);
    expect(options.verifyPublicUrl).toBe(true);
    expect(options.storage.provider).toBe("s3");
    expect(options.storage.credentials).toBeUndefined();
  });

  it("the Action defaults to commit mode, auto scope and comments", () => {
    const options = parseInputs(from({}), "action");
    expect(options).toMatchObject({ mode: "commit", scope: "auto", comment: true });
    expect(options.commitMessage).toBe("chore(images): offload {count} image(s) [skip ci]");
    const artifact = parseInputs(from({ mode: "artifact", scope: "changed" }), "action");
    expect(artifact).toMatchObject({ mode: "artifact", scope: "changed" });
    const deleting = parseInputs(from({ "delete-local": "true" }), "action");
    expect(deleting).toMatchObject({ mode: "commit", deleteLocal: true });
  });

  it("refuses what needs the runner in the CLI, and delete-local outside commit mode", () => {
    expect(inputError({ mode: "commit" }, "cli").message).toMatch(/CLI rewrites in place/);
    expect(inputError({ scope: "changed" }, "cli").input).toBe("scope");
    const error = inputError({ mode: "artifact", "delete-local": "true" }, "action");
    expect(error.input).toBe("delete-local");
    expect(error.message).toMatch(/needs mode: commit \(mode is artifact\)/);
  });

  it("applies provider presets from the endpoint, explicit inputs winning", () => {
    const b2 = parseInputs(from({ endpoint: "https://s3.us-west-004.backblazeb2.com" }), "cli");
    expect(b2.storage).toMatchObject({
      provider: "b2",
      region: "us-west-004",
      forcePathStyle: true,
    });
    const r2 = parseInputs(
      from({ endpoint: "https://abc.r2.cloudflarestorage.com", acl: "public-read" }),
      "cli",
    );
    expect(r2.storage).toMatchObject({ provider: "r2", region: "auto", forcePathStyle: false });
    expect(r2.storage.acl).toBeUndefined();
    const minio = parseInputs(
      from({ endpoint: "http://127.0.0.1:9000", "force-path-style": "false" }),
      "cli",
    );
    expect(minio.storage).toMatchObject({ provider: "custom", forcePathStyle: false });
    const custom = parseInputs(from({ endpoint: "http://localhost:9000", region: "eu-1" }), "cli");
    expect(custom.storage).toMatchObject({
      provider: "custom",
      region: "eu-1",
      forcePathStyle: true,
    });
  });

  it.each([
    [{ bucket: "" }, "bucket", /bucket is required/],
    [{ "public-url": "" }, "public-url", /public-url is required/],
    [{ "public-url": "assets.example.com" }, "public-url", /not a URL/],
    [{ "public-url": "ftp://x.example" }, "public-url", /https:\/\//],
    [{ concurrency: "0" }, "concurrency", /1 to 64/],
    [{ concurrency: "65" }, "concurrency", /1 to 64/],
    [{ concurrency: "eight" }, "concurrency", /1 to 64/],
    [{ mode: "push" }, "mode", /commit, artifact, workspace/],
    [{ scope: "some" }, "scope", /changed, all, auto/],
    [{ "delete-local": "true" }, "delete-local", /needs mode: commit/],
    [{ "dry-run": "maybe" }, "dry-run", /true or false/],
    [{ "max-size": "huge" }, "max-size", /max-size/],
    [{ "key-template": "{prefix}{name}{ext}" }, "key-template", /hash/],
    [{ "key-template": "{prefix}{hash}{nope}" }, "key-template", /nope/],
    [{ provider: "dropbox" }, "provider", /known provider/],
    [{ "access-key-id": "AKIA" }, "secret-access-key", /set both or neither/],
    [{ "secret-access-key": "s3cr3t" }, "access-key-id", /set both or neither/],
  ])("refuses %o, naming %s", (values, input, message) => {
    const error = inputError(values);
    expect(error.input).toBe(input);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/s3cr3t/);
  });
});
