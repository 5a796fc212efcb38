/**
 * Astro blogs through the built Action: front-matter fields the collection schema validates
 * with image() stay local (Astro refuses URLs there) and are reported once per field;
 * fields declared as strings, Markdown inside JSX and public/ images are rewritten; images
 * imported by ESM are left to the bundler and counted. A second run changes nothing.
 */
import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../support/run-action.js";
import { s3rverActionInputs, startS3rver } from "../support/s3rver.js";

const sites = path.resolve(import.meta.dirname, "../fixtures/sites");
const bucket = "blog-images";
let server: Awaited<ReturnType<typeof startS3rver>>;
beforeAll(async () => {
  server = await startS3rver({ buckets: [bucket] });
});
afterAll(async () => {
  await server?.stop();
});

const inputs = () => s3rverActionInputs(server.endpoint, bucket);

async function urlOf(site: string, image: string): Promise<string> {
  const bytes = await readFile(path.join(sites, site, image));
  const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
  return `${server.endpoint}/${bucket}/images/${hash}${path.extname(image)}`;
}

async function runTwice(site: string, files: readonly string[]) {
  const workspace = await mkdtemp(path.join(os.tmpdir(), `mio-${site}-`));
  await cp(path.join(sites, site), workspace, { recursive: true });
  const first = await runAction(workspace, inputs());
  expect(first.code, first.stdout).toBe(0);
  const read = (file: string) => readFile(path.join(workspace, file), "utf8");
  const after = await Promise.all(files.map(read));
  const second = await runAction(workspace, inputs());
  expect(second.outputs).toMatchObject({ uploaded: "0", rewritten: "0", files: "[]" });
  expect(await Promise.all(files.map(read))).toEqual(after);
  await rm(workspace, { recursive: true, force: true });
  return { first, after };
}

describe("node dist/index.js over Astro blogs", () => {
  it("leaves image() fields local and says how to offload them; rewrites everything else shown", async () => {
    const site = "astro-image";
    const files = ["src/content/blog/first-post.md", "src/content/blog/using-mdx.mdx"];
    const { first, after } = await runTwice(site, files);
    expect(first.outputs).toMatchObject({ uploaded: "4", rewritten: "2" });
    expect(first.stdout).toContain(
      "heroImage (2 files) is validated by Astro's image() in src/content.config.ts, which refuses URLs: left local; make the schema `z.union([image(), z.string().url()])` to offload it.",
    );
    expect(first.stdout).toContain("1 image(s) imported by MDX ESM, left to the bundler.");

    const original = await Promise.all(
      files.map((file) => readFile(path.join(sites, site, file), "utf8")),
    );
    expect(after[0]).toBe(
      (original[0] ?? "")
        .replace("'../../assets/cover.png'", `'${await urlOf(site, "src/assets/cover.png")}'`)
        .replace("(../../assets/inline.png)", `(${await urlOf(site, "src/assets/inline.png")})`),
    );
    expect(after[1]).toBe(
      (original[1] ?? "")
        .replace(
          "(../../assets/screenshot.png)",
          `(${await urlOf(site, "src/assets/screenshot.png")})`,
        )
        .replace('"/banner.png"', `"${await urlOf(site, "public/banner.png")}"`),
    );
  });

  it("rewrites a hero field the schema declares as a string", async () => {
    const site = "astro-string";
    const { first, after } = await runTwice(site, ["src/content/blog/post.mdx"]);
    expect(first.outputs).toMatchObject({ uploaded: "2", rewritten: "1" });
    expect(first.stdout).not.toContain("image()");
    const original = await readFile(path.join(sites, site, "src/content/blog/post.mdx"), "utf8");
    expect(after[0]).toBe(
      original
        .replace("'/hero.png'", `'${await urlOf(site, "public/hero.png")}'`)
        .replace("(../../assets/chart.png)", `(${await urlOf(site, "src/assets/chart.png")})`),
    );
  });
});
