/**
 * What a content file's generator site changes about reading it: the generator (set, or
 * detected from the nearest configuration) and its syntaxes, static folders and vault;
 * Docusaurus's site folder (for `@site/` and `static/`); and the front-matter fields an
 * Astro content collection validates with `image()` (left local, counted per field).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { EngineOptions, Generator } from "../options/options.js";
import type { AstroImageFields } from "./astro-schema.js";
import { createSiteDetector, type DetectedSite } from "./generators/detect.js";
import { PROFILES } from "./generators/profiles.js";
import { Vault } from "./generators/vault.js";
import { findFrontMatter, frontMatterReferences } from "./references/front-matter.js";
import { shortcodeTable } from "./references/hugo.js";
import type { FindReferencesOptions } from "./references/index.js";
import { untilLoaded } from "./references/lazy-reader.js";
import { bomLength, decodeUtf8 } from "./references/offsets.js";
import type { FileSite } from "./resolve.js";
import {
  ASTRO_CONFIGS,
  ASTRO_SCHEMAS,
  DOCUSAURUS_CONFIGS,
  firstExisting,
  folderNames,
  siteFolders,
} from "./site-folders.js";
import type { LeftAlone, SiteReport } from "./types.js";

/** The inputs that decide how content files are read. */
export type ReadSettings = Pick<
  EngineOptions,
  "generator" | "shortcodes" | "frontMatterKeys" | "staticDirs" | "staticDirsSet"
>;

/** The site a file is read as: detected, or the generator the input names. */
interface FileGenerator {
  readonly generator: Generator;
  readonly folder: string;
  readonly detected?: DetectedSite;
}

interface AstroSchema extends AstroImageFields {
  readonly file: string;
}

const REMOTE = /^[a-z][a-z0-9+.-]*:|^\/\//i;

export class SiteContext {
  private readonly docusaurusOf: (file: string) => string | undefined;
  private readonly astroOf: (file: string) => string | undefined;
  private readonly detect: (file: string) => DetectedSite | undefined;
  private readonly schemas = new Map<string, AstroSchema | undefined>();
  private readonly vaults = new Map<string, Vault>();
  private readonly shortcodes: ReadonlyMap<string, ReadonlySet<string>>;
  /** Sites files were read as, by folder, for the log. */
  private readonly used = new Map<string, FileGenerator>();
  private readonly mismatched = new Map<string, DetectedSite>();
  /** "field\0schema file" → files whose field holds a local image left in place. */
  private readonly leftFieldCounts = new Map<string, number>();

  constructor(
    private readonly root: string,
    private readonly settings: ReadSettings,
  ) {
    const names = folderNames(root);
    this.docusaurusOf = siteFolders(root, DOCUSAURUS_CONFIGS, names);
    this.astroOf = siteFolders(root, ASTRO_CONFIGS, names);
    this.detect = createSiteDetector(root, names);
    this.shortcodes = shortcodeTable(settings.shortcodes);
  }

  optionsFor(file: string): FindReferencesOptions {
    const docusaurusSite = /\.mdx$/i.test(file) ? this.docusaurusOf(file) : undefined;
    const site = this.generatorOf(file);
    const schema = this.astroSchemaOf(file);
    const keys = this.settings.frontMatterKeys;
    const frontMatterKeys = !schema
      ? keys
      : schema.unreadable
        ? []
        : keys.filter((key) => !schema.fields.has(key.split(/[.[]/, 1)[0] ?? key));
    return {
      ...(docusaurusSite === undefined ? {} : { docusaurusSite }),
      frontMatterKeys,
      syntaxes: site ? PROFILES[site.generator].syntaxes : [],
      frontMatterFromSiteRoot: site
        ? PROFILES[site.generator].frontMatterFromSiteRoot === true
        : false,
      shortcodes: this.shortcodes,
    };
  }

  /** The static folders and vault the resolver uses for `file`'s links. */
  fileSite(file: string): FileSite | undefined {
    const site = this.generatorOf(file);
    if (!site) return undefined;
    const profile = PROFILES[site.generator];
    const ownDirs = site.detected?.docsDir ? [site.detected.docsDir] : profile.staticDirs;
    const staticDirs = this.settings.staticDirsSet
      ? this.settings.staticDirs
      : ownDirs.map((dir) => path.posix.join(site.folder, dir));
    if (!profile.vault) return { staticDirs };
    let vault = this.vaults.get(site.folder);
    if (!vault) {
      vault = new Vault(this.root, site.folder);
      this.vaults.set(site.folder, vault);
    }
    return { staticDirs, vault };
  }

  /** The sites the files were read as: "blog/ is a Hugo site: blog/hugo.toml". */
  siteReports(): SiteReport[] {
    return [...this.used.values()].map(({ generator, folder, detected }) => {
      const where = folder === "." ? "The repository" : `${folder}/`;
      const label = PROFILES[generator].label;
      const set = this.settings.generator === "auto" ? "" : " (input generator)";
      const message = detected
        ? `${where} is ${label}${set}: ${detected.evidence}`
        : `${where} is read as ${label} (input generator).`;
      return { folder, generator, message };
    });
  }

  /** Sites detected as another generator than the input names: said, never silently ignored. */
  mismatchMessages(): string[] {
    return [...this.mismatched.values()].map((detected) => {
      const where = detected.folder === "." ? "The repository" : `${detected.folder}/`;
      const label = PROFILES[detected.generator].label;
      return `${where} looks like ${label} (${detected.evidence}), but input generator is ${this.settings.generator}: read as ${this.settings.generator}; set generator: auto to read each site as what it is.`;
    });
  }

  private generatorOf(file: string): FileGenerator | undefined {
    const setting = this.settings.generator;
    if (setting === "none") return undefined;
    const detected = this.detect(file);
    let site: FileGenerator | undefined;
    if (setting === "auto") {
      site = detected && { generator: detected.generator, folder: detected.folder, detected };
    } else if (detected?.generator === setting) {
      site = { generator: setting, folder: detected.folder, detected };
    } else {
      site = { generator: setting, folder: "." };
      if (detected) this.mismatched.set(detected.folder, detected);
    }
    if (site && !this.used.has(site.folder)) this.used.set(site.folder, site);
    return site;
  }

  /**
   * Counts, per field, this file's local front-matter images that the schema keeps local.
   * Asynchronous because the front matter may need a parser not loaded yet (readers.ts).
   */
  async countLeftFields(file: string, bytes: Buffer): Promise<void> {
    const schema = this.astroSchemaOf(file);
    if (!schema) return;
    const text = decodeUtf8(bytes);
    const block = text === undefined ? undefined : findFrontMatter(text, bomLength(text));
    if (text === undefined || !block) return;
    const fields = schema.unreadable ? this.settings.frontMatterKeys : [...schema.fields];
    // Decided before anything is counted: a read that stops for a parser starts over.
    const localFields = await untilLoaded(() =>
      fields.filter((field) =>
        frontMatterReferences(text, block, [field]).some((hit) => !REMOTE.test(hit.destination)),
      ),
    );
    for (const field of localFields) {
      const key = `${field}\u0000${schema.file}\u0000${schema.unreadable}`;
      this.leftFieldCounts.set(key, (this.leftFieldCounts.get(key) ?? 0) + 1);
    }
  }

  /** The same, counted for the report. */
  leftFields(): LeftAlone[] {
    return [...this.leftFieldCounts].map(([key, count]) => {
      const [field, schemaFile] = key.split("\u0000");
      return {
        reason: `in front-matter field ${field}, which ${schemaFile} validates with Astro's image(), left local (make it z.union([image(), z.string().url()]) to offload it)`,
        count,
      };
    });
  }

  /** One sentence per field left local because of Astro's image(). */
  leftFieldMessages(): string[] {
    return [...this.leftFieldCounts].map(([key, count]) => {
      const [field, schemaFile, unreadable] = key.split("\u0000");
      const files = `${field} (${count} file${count === 1 ? "" : "s"})`;
      const why =
        unreadable === "true"
          ? `is in a collection whose schema (${schemaFile}) could not be read, so it counts as validated by Astro's image()`
          : `is validated by Astro's image() in ${schemaFile}`;
      return `${files} ${why}, which refuses URLs: left local; make the schema \`z.union([image(), z.string().url()])\` to offload it.`;
    });
  }

  /**
   * Reads the content collection schema of every Astro site that holds one of `files`.
   * The TypeScript parser it takes (acorn and its TypeScript plugin, a quarter of the code
   * a run used to load at start) is imported only when such a schema exists.
   */
  async prepare(files: readonly string[]): Promise<void> {
    for (const file of files) {
      const site = this.astroOf(file);
      if (site === undefined || this.schemas.has(site)) continue;
      this.schemas.set(site, await this.readSchema(site));
    }
  }

  private astroSchemaOf(file: string): AstroSchema | undefined {
    const site = this.astroOf(file);
    if (site === undefined) return undefined;
    if (!this.schemas.has(site)) throw new Error(`SiteContext.prepare() did not see ${file}.`);
    return this.schemas.get(site);
  }

  private async readSchema(site: string): Promise<AstroSchema | undefined> {
    const file = firstExisting(this.root, site, ASTRO_SCHEMAS);
    if (file === undefined) return undefined;
    const source = decodeUtf8(readFileSync(path.join(this.root, file)));
    if (source === undefined) return { file, fields: new Set(), unreadable: true };
    const { astroImageFields } = await import("./astro-schema.js");
    return { file, ...astroImageFields(source) };
  }
}
