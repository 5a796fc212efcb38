/**
 * What a content file's generator site changes about reading it: Docusaurus's site folder
 * (for `@site/` and `static/`), and the front-matter fields an Astro content collection
 * validates with `image()` (left local, counted per field for the report).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { type AstroImageFields, astroImageFields } from "./astro-schema.js";
import { findFrontMatter, frontMatterReferences } from "./references/front-matter.js";
import { FRONT_MATTER_KEYS } from "./references/index.js";
import { bomLength, decodeUtf8 } from "./references/offsets.js";
import {
  ASTRO_CONFIGS,
  ASTRO_SCHEMAS,
  DOCUSAURUS_CONFIGS,
  firstExisting,
  siteFolders,
} from "./site-folders.js";

export interface SiteOptions {
  readonly docusaurusSite?: string;
  readonly frontMatterKeys?: readonly string[];
}

interface AstroSchema extends AstroImageFields {
  readonly file: string;
}

const REMOTE = /^[a-z][a-z0-9+.-]*:|^\/\//i;

export class SiteContext {
  private readonly docusaurusOf: (file: string) => string | undefined;
  private readonly astroOf: (file: string) => string | undefined;
  private readonly schemas = new Map<string, AstroSchema | undefined>();
  /** "field\0schema file" → files whose field holds a local image left in place. */
  private readonly leftFields = new Map<string, number>();

  constructor(private readonly root: string) {
    this.docusaurusOf = siteFolders(root, DOCUSAURUS_CONFIGS);
    this.astroOf = siteFolders(root, ASTRO_CONFIGS);
  }

  optionsFor(file: string): SiteOptions {
    const docusaurusSite = /\.mdx$/i.test(file) ? this.docusaurusOf(file) : undefined;
    const schema = this.astroSchemaOf(file);
    if (!schema) return docusaurusSite === undefined ? {} : { docusaurusSite };
    const frontMatterKeys = schema.unreadable
      ? []
      : FRONT_MATTER_KEYS.filter((key) => !schema.fields.has(key));
    return { ...(docusaurusSite === undefined ? {} : { docusaurusSite }), frontMatterKeys };
  }

  /** Counts, per field, this file's local front-matter images that the schema keeps local. */
  countLeftFields(file: string, bytes: Buffer): void {
    const schema = this.astroSchemaOf(file);
    if (!schema) return;
    const text = decodeUtf8(bytes);
    const block = text === undefined ? undefined : findFrontMatter(text, bomLength(text));
    if (text === undefined || !block) return;
    const fields = schema.unreadable ? FRONT_MATTER_KEYS : [...schema.fields];
    for (const field of fields) {
      const local = frontMatterReferences(text, block, [field]).some(
        (hit) => !REMOTE.test(hit.destination),
      );
      if (!local) continue;
      const key = `${field}\u0000${schema.file}\u0000${schema.unreadable}`;
      this.leftFields.set(key, (this.leftFields.get(key) ?? 0) + 1);
    }
  }

  /** One sentence per field left local because of Astro's image(). */
  leftFieldMessages(): string[] {
    return [...this.leftFields].map(([key, count]) => {
      const [field, schemaFile, unreadable] = key.split("\u0000");
      const files = `${field} (${count} file${count === 1 ? "" : "s"})`;
      const why =
        unreadable === "true"
          ? `is in a collection whose schema (${schemaFile}) could not be read, so it counts as validated by Astro's image()`
          : `is validated by Astro's image() in ${schemaFile}`;
      return `${files} ${why}, which refuses URLs: left local; make the schema \`z.union([image(), z.string().url()])\` to offload it.`;
    });
  }

  private astroSchemaOf(file: string): AstroSchema | undefined {
    const site = this.astroOf(file);
    if (site === undefined) return undefined;
    if (!this.schemas.has(site)) this.schemas.set(site, this.readSchema(site));
    return this.schemas.get(site);
  }

  private readSchema(site: string): AstroSchema | undefined {
    const file = firstExisting(this.root, site, ASTRO_SCHEMAS);
    if (file === undefined) return undefined;
    const source = decodeUtf8(readFileSync(path.join(this.root, file)));
    if (source === undefined) return { file, fields: new Set(), unreadable: true };
    return { file, ...astroImageFields(source) };
  }
}
