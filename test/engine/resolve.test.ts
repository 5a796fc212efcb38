import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createResolver } from "../../src/engine/resolve.js";
import type { Reference, ReferenceKind, Resolution } from "../../src/engine/types.js";

const PIXEL = path.join(import.meta.dirname, "../fixtures/plan/pixel.png");
const EXTENSIONS = new Set([
  "png",
  "jpg",
  "jpeg",
  "gif",
  "webp",
  "avif",
  "svg",
  "bmp",
  "ico",
  "tif",
  "tiff",
]);
const STATIC_DIRS = ["public", "static", "source", "."];
const NFC_NAME = "caf\u00e9.png";
const NFD_NAME = "cafe\u0301.png";

// Real path, so expected absolute paths match on systems where the temp dir is a symlink.
const base = realpathSync(mkdtempSync(path.join(tmpdir(), "resolve-")));
const root = path.join(base, "repo");
const outsideDir = path.join(base, "outside");

function image(relative: string): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(PIXEL, file);
}

beforeAll(() => {
  for (const file of [
    "posts/img/diagram.png",
    "posts/img/my pic.png",
    "posts/img/100%.png",
    `posts/img/${NFD_NAME}`,
    `posts/img/nfc-${NFC_NAME}`,
    "posts/img/SHOUT.PNG",
    "public/images/a.png",
    "static/images/a.png",
    "static/only-static.png",
    "logo.png",
    "other/shared.png",
  ]) {
    image(file);
  }
  mkdirSync(path.join(root, "posts/img/folder.png"), { recursive: true });
  mkdirSync(outsideDir, { recursive: true });
  copyFileSync(PIXEL, path.join(outsideDir, "secret.png"));
  writeFileSync(path.join(outsideDir, "passwd"), "root:x:0:0\n");
  symlinkSync(path.join(outsideDir, "secret.png"), path.join(root, "posts/img/escape.png"));
  symlinkSync(outsideDir, path.join(root, "posts/linked"));
  symlinkSync("diagram.png", path.join(root, "posts/img/alias.png"));
  symlinkSync(root, path.join(base, "root-link"));
  symlinkSync("img", path.join(root, "posts/inner"));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

function ref(
  destination: string,
  options: { raw?: string; kind?: ReferenceKind; file?: string } = {},
): Reference {
  const raw = options.raw ?? destination;
  return {
    file: options.file ?? "posts/hello.md",
    kind: options.kind ?? "markdown-image",
    start: 0,
    end: raw.length,
    raw,
    destination,
    line: 1,
  };
}

const resolver = (staticDirs = STATIC_DIRS, repoRoot = root) =>
  createResolver({ root: repoRoot, staticDirs, extensions: EXTENSIONS });

/** On Linux a regular file's lookup also reports its size (the plan then skips a stat). */
function local(imagePath: string, suffix = "", sized = process.platform === "linux"): Resolution {
  const absolutePath = path.join(root, imagePath);
  const size = sized ? { size: statSync(absolutePath).size } : {};
  return { status: "local", path: imagePath, absolutePath, suffix, ...size };
}

describe("references that are not local files", () => {
  const resolve = resolver();
  it.each([
    "",
    "#section",
    "https://example.com/a.png",
    "HTTP://example.com/a.png",
    "//cdn.example.com/a.png",
    "\\\\server\\share\\a.png",
    "data:image/png;base64,iVBORw0KGgo=",
    "mailto:me@example.com",
    "javascript:alert(1)",
    "{{ site.baseurl }}/img/a.png",
    "{% link img/a.png %}",
    ["$", "{base}/a.png"].join(""),
    "?v=2",
  ])("ignores %j", async (destination) => {
    expect((await resolve(ref(destination))).status).toBe("ignored");
  });

  it("ignores links and images whose target is not an image file", async () => {
    expect(await resolve(ref("../README.md", { kind: "markdown-link" }))).toEqual({
      status: "ignored",
      reason: "not an image (.md)",
    });
    expect((await resolve(ref("img/", { kind: "html-src" }))).status).toBe("ignored");
    expect((await resolve(ref("/api/chart", { kind: "html-src" }))).status).toBe("ignored");
  });

  it("refuses file: URLs", async () => {
    expect((await resolve(ref("file:///etc/passwd.png"))).status).toBe("refused");
  });
});

describe("local images", () => {
  const resolve = resolver();

  it("resolves relative paths against the content file's directory", async () => {
    expect(await resolve(ref("img/diagram.png"))).toEqual(local("posts/img/diagram.png"));
    expect(await resolve(ref("./img/diagram.png"))).toEqual(local("posts/img/diagram.png"));
    expect(await resolve(ref("../other/shared.png"))).toEqual(local("other/shared.png"));
    expect(await resolve(ref("posts/img/diagram.png", { file: "README.md" }))).toEqual(
      local("posts/img/diagram.png"),
    );
  });

  it("resolves links, hrefs and srcset candidates to images too", async () => {
    for (const kind of [
      "markdown-link",
      "definition",
      "html-href",
      "html-srcset",
      "front-matter",
    ] as const) {
      expect(await resolve(ref("img/diagram.png", { kind }))).toEqual(
        local("posts/img/diagram.png"),
      );
    }
  });

  it("percent-decodes the path and keeps a malformed % literal", async () => {
    expect(await resolve(ref("img/my%20pic.png"))).toEqual(local("posts/img/my pic.png"));
    expect(await resolve(ref("img/my pic.png"))).toEqual(local("posts/img/my pic.png"));
    expect(await resolve(ref("img/100%.png"))).toEqual(local("posts/img/100%.png"));
    expect(await resolve(ref("img/100%25.png"))).toEqual(local("posts/img/100%.png"));
  });

  it("matches extensions case-insensitively", async () => {
    expect(await resolve(ref("img/SHOUT.PNG"))).toEqual(local("posts/img/SHOUT.PNG"));
  });

  it("finds NFD names on disk from NFC Markdown, and the other way round", async () => {
    expect(await resolve(ref(`img/${NFC_NAME}`))).toEqual(local(`posts/img/${NFD_NAME}`));
    expect(await resolve(ref(`img/${encodeURIComponent(NFC_NAME)}`))).toEqual(
      local(`posts/img/${NFD_NAME}`),
    );
    expect(await resolve(ref(`img/nfc-${NFD_NAME}`))).toEqual(local(`posts/img/nfc-${NFC_NAME}`));
  });

  it("treats backslashes as slashes, as browsers do", async () => {
    expect(await resolve(ref("img\\diagram.png", { kind: "html-src" }))).toEqual(
      local("posts/img/diagram.png"),
    );
  });

  it("reports the real path of a symlink that stays inside the repository", async () => {
    // A symlinked name takes the full realpath, which reports no size: the plan stats it.
    expect(await resolve(ref("img/alias.png"))).toEqual(local("posts/img/diagram.png", "", false));
  });

  it("reports paths relative to the real root when the root is reached through a symlink", async () => {
    const viaLink = resolver(STATIC_DIRS, path.join(base, "root-link"));
    expect(await viaLink(ref("img/diagram.png"))).toEqual(local("posts/img/diagram.png"));
  });

  it("keeps the answer for a path it has looked up once", async () => {
    const cached = resolver();
    const file = path.join(root, "posts/img/short-lived.png");
    copyFileSync(PIXEL, file);
    expect((await cached(ref("img/short-lived.png"))).status).toBe("local");
    unlinkSync(file);
    expect((await cached(ref("./img/short-lived.png"))).status).toBe("local");
    expect((await resolver()(ref("img/short-lived.png"))).status).toBe("missing");
  });
});

describe("root-relative references", () => {
  it("look in static-dirs in order, first hit wins", async () => {
    expect(await resolver()(ref("/images/a.png"))).toEqual(local("public/images/a.png"));
    expect(await resolver(["static", "public"])(ref("/images/a.png"))).toEqual(
      local("static/images/a.png"),
    );
    expect(await resolver()(ref("/only-static.png"))).toEqual(local("static/only-static.png"));
    expect(await resolver()(ref("/logo.png"))).toEqual(local("logo.png"));
    expect(await resolver(["public"])(ref("/logo.png"))).toEqual({
      status: "missing",
      candidates: ["public/logo.png"],
    });
  });

  it("look up absolute file system paths and drive letters inside the repository only", async () => {
    const absolute = path.join(outsideDir, "secret.png");
    const result = await resolver()(ref(absolute));
    expect(result.status).toBe("missing");
    if (result.status === "missing") expect(result.candidates).toContain(absolute.slice(1));
    expect(await resolver()(ref("C:\\images\\a.png"))).toEqual(local("public/images/a.png"));
    expect(await resolver()(ref("C:/logo.png"))).toEqual(local("logo.png"));
  });
});

describe("references outside the repository", () => {
  const resolve = resolver();
  const expectRefused = async (reference: Reference) => {
    const result = await resolve(reference);
    expect(result.status).toBe("refused");
    if (result.status === "refused")
      expect(result.reason).toMatch(/resolves outside the repository/);
  };

  it("refuses ../ paths that leave the repository, for images whatever their name", async () => {
    await expectRefused(ref("../../etc/passwd"));
    await expectRefused(ref("../../outside/secret.png"));
    await expectRefused(ref("..%2F..%2Foutside%2Fsecret.png"));
    await expectRefused(ref("/../../outside/secret.png"));
    await expectRefused(ref("../../outside/passwd", { kind: "html-src" }));
  });

  it("lets a plain link to a non-image outside stay a link", async () => {
    expect((await resolve(ref("../../outside/passwd", { kind: "markdown-link" }))).status).toBe(
      "ignored",
    );
  });

  it("refuses symlinks that escape, to a file or through a directory", async () => {
    await expectRefused(ref("img/escape.png"));
    await expectRefused(ref("linked/secret.png"));
    await expectRefused(ref("linked/secret.png", { kind: "markdown-link" }));
  });

  it("refuses NUL bytes", async () => {
    expect((await resolve(ref("img/diagram.png%00.png"))).status).toBe("refused");
  });
});

describe("missing images", () => {
  const resolve = resolver();
  it("lists the candidates tried, repository-relative", async () => {
    expect(await resolve(ref("img/nope.png"))).toEqual({
      status: "missing",
      candidates: ["posts/img/nope.png"],
    });
    expect(await resolve(ref("/nope.png"))).toEqual({
      status: "missing",
      candidates: ["public/nope.png", "static/nope.png", "source/nope.png", "nope.png"],
    });
  });

  it("treats a directory with an image name as missing", async () => {
    expect((await resolve(ref("img/folder.png"))).status).toBe("missing");
  });

  it("treats a path through a file, or through a missing folder, as missing", async () => {
    // Lookups resolve each folder once: a file where a folder should be, or no folder at
    // all, is a missing image, not an error.
    expect((await resolve(ref("img/diagram.png/x.png"))).status).toBe("missing");
    expect((await resolve(ref("img/no-such-folder/x.png"))).status).toBe("missing");
    expect(await resolve(ref("img/diagram.png"))).toEqual(local("posts/img/diagram.png"));
  });

  it("follows a symlinked folder that stays inside, to the image's real path", async () => {
    expect(await resolve(ref("inner/diagram.png"))).toEqual(local("posts/img/diagram.png"));
  });
});

describe("query and fragment", () => {
  const resolve = resolver();
  it("drops them for the lookup and keeps them raw as the suffix", async () => {
    expect(await resolve(ref("img/diagram.png?v=2#top"))).toEqual(
      local("posts/img/diagram.png", "?v=2#top"),
    );
    expect(await resolve(ref("img/diagram.png#frag"))).toEqual(
      local("posts/img/diagram.png", "#frag"),
    );
    expect(await resolve(ref("img/my%20pic.png?w=100%25"))).toEqual(
      local("posts/img/my pic.png", "?w=100%25"),
    );
  });

  it("keeps escapes and entities of the suffix exactly as written", async () => {
    expect(await resolve(ref("img/diagram.png#a", { raw: "img/diagram.png\\#a" }))).toEqual(
      local("posts/img/diagram.png", "\\#a"),
    );
    expect(
      await resolve(
        ref("img/diagram.png?a=1&b=2", { raw: "img/diagram.png?a=1&amp;b=2", kind: "html-src" }),
      ),
    ).toEqual(local("posts/img/diagram.png", "?a=1&amp;b=2"));
    expect(
      await resolve(
        ref("img/diagram.png?v=1", { raw: "img/diagram.png&#63;v=1", kind: "html-src" }),
      ),
    ).toEqual(local("posts/img/diagram.png", "&#63;v=1"));
    expect(await resolve(ref("img/diagram.png#x", { raw: "img/diagram\\.png#x" }))).toEqual(
      local("posts/img/diagram.png", "#x"),
    );
  });
});
