import { describe, expect, it } from "vitest";
import { InputError } from "../../src/core/errors.js";
import { keyToUrl, renderKey, validateKeyTemplate } from "../../src/core/key-template.js";

const SHA = "0123456789abcdef".repeat(4);

describe("renderKey", () => {
  const render = (template: string, imagePath: string, prefix = "images/") =>
    renderKey(template, { prefix, sha256: SHA, path: imagePath });

  it("renders the default template with 16 hex digits and the lower-case extension", () => {
    expect(render("{prefix}{hash}{ext}", "posts/img/Diagram.PNG")).toBe(
      "images/0123456789abcdef.png",
    );
  });

  it("takes N hex digits for {hash:N}", () => {
    expect(render("{hash:8}{ext}", "a.png")).toBe("01234567.png");
    expect(render("{hash:64}", "a.png")).toBe(SHA);
  });

  it("makes {name} URL-safe, keeping case and Unicode letters", () => {
    expect(render("{name}-{hash:4}{ext}", "My pic (1) & co.png")).toBe("My-pic-1-co-0123.png");
    expect(render("{name}{ext}{hash:4}", "图片 截图.jpg")).toBe("图片-截图.jpg0123");
    // NFD on disk and NFC in Markdown give the same key.
    expect(render("{name}{hash:4}", "cafe\u0301.png")).toBe(
      render("{name}{hash:4}", "caf\u00e9.png"),
    );
  });

  it("renders {path} as the image's directory, without a double slash at the root", () => {
    expect(render("{prefix}{path}/{name}-{hash:8}{ext}", "content/my posts/a.png")).toBe(
      "images/content/my-posts/a-01234567.png",
    );
    expect(render("{prefix}{path}/{name}-{hash:8}{ext}", "a.png")).toBe("images/a-01234567.png");
    expect(render("{path}/{hash:4}", "a.png")).toBe("0123");
  });

  it("never produces dot-only segments", () => {
    // `..png` has the name `.`, which URL normalization would fold away.
    expect(render("{path}/{name}/{hash:4}{ext}", "img/..png")).toBe("img/_/0123.png");
  });
});

describe("validateKeyTemplate", () => {
  const rejection = (template: string): InputError => {
    try {
      validateKeyTemplate(template);
    } catch (error) {
      if (error instanceof InputError) return error;
      throw error;
    }
    throw new Error(`${template} was accepted`);
  };

  it("accepts templates with a hash", () => {
    expect(() => validateKeyTemplate("{prefix}{hash}{ext}")).not.toThrow();
    expect(() => validateKeyTemplate("{prefix}{path}/{name}-{hash:12}{ext}")).not.toThrow();
  });

  it("names an unknown token", () => {
    const error = rejection("{prefix}{hash}{extension}");
    expect(error.input).toBe("key-template");
    expect(error.message).toContain("{extension}");
  });

  it("requires {hash} or {hash:N}", () => {
    const error = rejection("{prefix}{name}{ext}");
    expect(error.input).toBe("key-template");
    expect(error.message).toContain("{hash}");
  });

  it("refuses hash lengths outside 4–64 and unmatched braces", () => {
    expect(rejection("{hash:3}").message).toContain("{hash:3}");
    expect(rejection("{hash:65}").message).toContain("{hash:65}");
    expect(rejection("{prefix}{hash").message).toMatch(/brace/);
  });
});

describe("keyToUrl", () => {
  it("percent-encodes each segment and keeps the slashes", () => {
    expect(keyToUrl("https://cdn.example.com", "images/my pic/图.png")).toBe(
      "https://cdn.example.com/images/my%20pic/%E5%9B%BE.png",
    );
    expect(keyToUrl("https://cdn.example.com/base", "a#b?.png")).toBe(
      "https://cdn.example.com/base/a%23b%3F.png",
    );
  });
});
