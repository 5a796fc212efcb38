import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { astroImageFields } from "../../src/engine/astro-schema.js";

const sites = path.resolve(import.meta.dirname, "../fixtures/sites");

describe("astroImageFields", () => {
  it("finds the fields a collection schema validates with image()", () => {
    const source = readFileSync(path.join(sites, "astro-image/src/content.config.ts"), "utf8");
    expect(astroImageFields(source)).toEqual({ fields: new Set(["heroImage"]), unreadable: false });
  });

  it("finds none in a schema of strings", () => {
    const source = readFileSync(path.join(sites, "astro-string/src/content.config.ts"), "utf8");
    expect(astroImageFields(source)).toEqual({ fields: new Set(), unreadable: false });
  });

  it("reads image() inside unions, nested objects and TypeScript annotations", () => {
    const source = `import { defineCollection, z, type SchemaContext } from "astro:content";
const schema = ({ image }: SchemaContext) => z.object({
  cover: z.union([image(), z.string().url()]),
  gallery: z.array(z.object({ src: image(), alt: z.string() })).optional(),
  title: z.string() as z.ZodString,
});
export const collections = { blog: defineCollection({ schema }) };`;
    expect(astroImageFields(source)).toEqual({
      fields: new Set(["cover", "gallery", "src"]),
      unreadable: false,
    });
  });

  it("counts a schema built by a package, or one it cannot parse, as unreadable", () => {
    const starlight = `import { defineCollection } from "astro:content";
import { docsSchema } from "@astrojs/starlight/schema";
export const collections = { docs: defineCollection({ schema: docsSchema() }) };`;
    expect(astroImageFields(starlight).unreadable).toBe(true);
    expect(astroImageFields("export const collections = {").unreadable).toBe(true);
  });
});
