/**
 * A Docusaurus site through the built Action (`node dist/index.js`): every image a reader's
 * page shows is rewritten (require(), @site/, useBaseUrl(), Markdown inside JSX, a .md page
 * under CommonMark rules), nothing else changes, invalid MDX is one warning, and a second
 * run changes nothing.
 */
import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../support/run-action.js";
import { s3rverActionInputs, startS3rver } from "../support/s3rver.js";

const site = path.resolve(import.meta.dirname, "../fixtures/sites/docusaurus");
const bucket = "docs-images";
let server: Awaited<ReturnType<typeof startS3rver>>;
beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
});
afterAll(async () => {
  await server?.stop();
});

const files = ["docs/guide/install.mdx", "docs/guide/legacy.md", "docs/broken.mdx"];

async function read(root: string, file: string): Promise<string> {
  return readFile(path.join(root, file), "utf8");
}

/** The URL the default key template gives the image at `image` (site-relative). */
async function urlOf(image: string): Promise<string> {
  const bytes = await readFile(path.join(site, image));
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  return `${server.endpoint}/${bucket}/images/${hash}${path.extname(image)}`;
}

describe("node dist/index.js over a Docusaurus site", () => {
  it("rewrites require(), @site/, useBaseUrl() and Markdown inside JSX, and converges", async () => {
    const workspace = await mkdtemp(path.join(os.tmpdir(), "mio-docusaurus-"));
    await cp(site, workspace, { recursive: true });
    const inputs = s3rverActionInputs(server.endpoint, bucket);
    const first = await runAction(workspace, inputs);
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs).toMatchObject({ uploaded: "8", rewritten: "2" });
    expect(first.stdout).toMatch(
      /::warning file=docs\/broken\.mdx,line=5::docs\/broken\.mdx is not valid MDX \(Unexpected end of file in expression/,
    );
    expect(first.stdout.match(/not valid MDX/g)).toHaveLength(1);
    expect(first.stdout).toContain("2 image(s) imported by MDX ESM, left to the bundler.");
    expect(first.stdout).toContain(
      "1 image(s) named by a dynamic expression (template literal), left as is.",
    );

    const install = await read(site, "docs/guide/install.mdx");
    const expectedInstall = install
      .replace(
        "{require('./assets/dialog.png').default}",
        `"${await urlOf("docs/guide/assets/dialog.png")}"`,
      )
      .replace(
        "{require('@site/static/img/shared.png').default}",
        `"${await urlOf("static/img/shared.png")}"`,
      )
      .replace("{useBaseUrl('/img/banner.png')}", `"${await urlOf("static/img/banner.png")}"`)
      .replace("useBaseUrl('/img/arch-light.png')", `"${await urlOf("static/img/arch-light.png")}"`)
      .replace(
        "require('./assets/arch-dark.png').default",
        `"${await urlOf("docs/guide/assets/arch-dark.png")}"`,
      )
      .replace("(./assets/settings.png)", `(${await urlOf("docs/guide/assets/settings.png")})`)
      .replace("(./assets/inline.png ", `(${await urlOf("docs/guide/assets/inline.png")} `);
    expect(await read(workspace, "docs/guide/install.mdx")).toBe(expectedInstall);
    const legacy = await read(site, "docs/guide/legacy.md");
    expect(await read(workspace, "docs/guide/legacy.md")).toBe(
      legacy.replace("(./assets/legacy.png)", `(${await urlOf("docs/guide/assets/legacy.png")})`),
    );
    expect(await read(workspace, "docs/broken.mdx")).toBe(await read(site, "docs/broken.mdx"));

    const afterFirst = await Promise.all(files.map((file) => read(workspace, file)));
    const second = await runAction(workspace, inputs);
    expect(second.code, second.stdout).toBe(0);
    expect(second.outputs).toMatchObject({ uploaded: "0", rewritten: "0", files: "[]" });
    expect(await Promise.all(files.map((file) => read(workspace, file)))).toEqual(afterFirst);
    await rm(workspace, { recursive: true, force: true });
  });
});
