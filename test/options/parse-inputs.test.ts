import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
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

  it("reads sites as their generator says unless static-dirs and generator are set", () => {
    const defaults = parseInputs(from({}), "cli");
    expect(defaults.staticDirsSet).toBe(false);
    expect(defaults.generator).toBe("auto");
    expect(defaults.shortcodes).toEqual(["figure"]);
    expect(defaults.frontMatterKeys).toContain("header.overlay_image");
    const set = parseInputs(
      from({
        "static-dirs": "assets",
        generator: "Hugo",
        shortcodes: "figure gallery:image",
        "front-matter-keys": "hero.src gallery[].src",
      }),
      "cli",
    );
    expect(set).toMatchObject({
      staticDirs: ["assets"],
      staticDirsSet: true,
      generator: "hugo",
      shortcodes: ["figure", "gallery:image"],
      frontMatterKeys: ["hero.src", "gallery[].src"],
    });
  });

  it("refuses an unknown generator, a shortcode without its parameter and a bad key path", () => {
    const generator = inputError({ generator: "gatsby" });
    expect(generator.input).toBe("generator");
    expect(generator.message).toBe(
      'Input generator: "gatsby" is not valid; use one of auto, none, hugo, jekyll, hexo, astro, docusaurus, mkdocs, vitepress, eleventy, docfx, obsidian, quartz.',
    );
    const shortcode = inputError({ shortcodes: "figure:" });
    expect(shortcode.input).toBe("shortcodes");
    expect(shortcode.message).toBe(
      'Input shortcodes: "figure:" is not a shortcode; write name (its src parameter) or name:param, such as figure or gallery:image.',
    );
    const key = inputError({ "front-matter-keys": "cover..image" });
    expect(key.input).toBe("front-matter-keys");
    expect(key.message).toMatch(/^Input front-matter-keys: "cover\.\.image" is not a key path;/);
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

describe("parseInputs refuses inputs that would leak, escape or break requests", () => {
  it.each([
    [
      { "public-url": "http://user:PASS@cdn.example.com/b" },
      "public-url",
      "Input public-url contains a user name or password (http://***:***@cdn.example.com/b); remove it from the URL.",
    ],
    [
      { endpoint: "http://AK:PASS@127.0.0.1:9000" },
      "endpoint",
      "Input endpoint contains a user name or password (http://***:***@127.0.0.1:9000/); remove it from the URL and pass the keys as access-key-id and secret-access-key.",
    ],
    [
      { "public-url": "https://cdn.example.com/b?x=1" },
      "public-url",
      'Input public-url: "https://cdn.example.com/b?***" has a ?query; give the base URL only, such as https://assets.example.com/images.',
    ],
    [
      { "public-url": "https://cdn.example.com/b#top" },
      "public-url",
      'Input public-url: "https://cdn.example.com/b#top" has a #fragment; give the base URL only, such as https://assets.example.com/images.',
    ],
    [
      { endpoint: "http://127.0.0.1:9000/blog" },
      "endpoint",
      "Input endpoint ends in the bucket name (http://127.0.0.1:9000/blog); give the server's URL without /blog, since the bucket input adds it.",
    ],
    [
      { prefix: "../" },
      "prefix",
      'Input prefix: "../" has a . or .. segment; object keys must be plain segments separated by single slashes, such as images/.',
    ],
    [
      { prefix: "images/../../" },
      "prefix",
      'Input prefix: "images/../../" has a . or .. segment; object keys must be plain segments separated by single slashes, such as images/.',
    ],
    [
      { "key-template": "../{hash}{ext}" },
      "key-template",
      'Input key-template: "../{hash}{ext}" has a . or .. segment; object keys must be plain segments separated by single slashes, such as images/.',
    ],
    [
      { prefix: "a\\b/" },
      "prefix",
      'Input prefix: "a\\\\b/" has a backslash; object keys must be plain segments separated by single slashes, such as images/.',
    ],
    [
      { prefix: "a//b/" },
      "prefix",
      'Input prefix: "a//b/" has an empty segment (//); object keys must be plain segments separated by single slashes, such as images/.',
    ],
    [
      { "cache-control": "max-age=1\r\nX-Evil: 1" },
      "cache-control",
      "Input cache-control contains a line break or another control character, which would break every upload request; write it on one line.",
    ],
    [
      { acl: "public-read\n" + "x" },
      "acl",
      "Input acl contains a line break or another control character, which would break every upload request; write it on one line.",
    ],
    [
      { region: "us east" },
      "region",
      'Input region: "us east" is not a region name; use letters, digits and dashes only, such as auto or us-east-1.',
    ],
    [
      { "max-size": "99999999999999999999999GB" },
      "max-size",
      'max-size "99999999999999999999999GB" is too large to be a file size; use a value such as 50MB or 5GB.',
    ],
    [
      { extensions: "," },
      "extensions",
      "Input extensions lists no file extension; give at least one, such as png jpg svg.",
    ],
    [
      { content: "/**/*.md" },
      "content",
      'Input content: "/**/*.md" points outside the repository; write globs relative to the repository root, such as content/**/*.md.',
    ],
    [
      { content: "docs/**/*.md\n../**/*.md" },
      "content",
      'Input content: "../**/*.md" points outside the repository; write globs relative to the repository root, such as content/**/*.md.',
    ],
  ])("%j fails naming %s", (values, input, message) => {
    const error = inputError(values);
    expect(error.input).toBe(input);
    expect(error.message).toBe(message);
    expect(error.message).not.toContain("PASS");
  });

  it("keeps accepting the forms people use", () => {
    const options = parseInputs(
      from({ prefix: "/blog/images/", "key-template": "{prefix}{path}/{name}-{hash:8}{ext}" }),
      "cli",
    );
    expect(options.prefix).toBe("blog/images/");
    expect(parseInputs(from({ region: "oss-cn-hangzhou" }), "cli").storage.region).toBe(
      "oss-cn-hangzhou",
    );
  });
});
