/**
 * An Obsidian vault's files, for resolving names as Obsidian does: a name that is not
 * found relative to the note is looked up by path suffix anywhere in the vault,
 * case-insensitively and in Unicode NFC, the shortest path first. Two equally short
 * matches are ambiguous: Obsidian's pick depends on the writer's settings, so ours is none.
 */
import { readdirSync } from "node:fs";
import path from "node:path";

export type VaultMatch =
  | { readonly kind: "found"; readonly path: string }
  | { readonly kind: "ambiguous"; readonly paths: readonly string[] }
  | { readonly kind: "none" };

/** Folders Obsidian does not index, or that are not content. */
const SKIPPED = new Set([".obsidian", ".trash", ".git", "node_modules"]);

export class Vault {
  private files: { readonly path: string; readonly key: string }[] | undefined;

  /** `folder`: repository-relative vault root (`.` for the repository root). */
  constructor(
    private readonly root: string,
    readonly folder: string,
  ) {}

  find(name: string): VaultMatch {
    const wanted = normalize(name.replace(/^(?:\.\/)+|^\/+/, ""));
    if (wanted === "") return { kind: "none" };
    const matches = this.list()
      .filter((file) => file.key === wanted || file.key.endsWith(`/${wanted}`))
      .map((file) => file.path)
      .sort((a, b) => depth(a) - depth(b) || a.length - b.length || (a < b ? -1 : 1));
    const [first, second] = matches;
    if (first === undefined) return { kind: "none" };
    if (second !== undefined && depth(second) === depth(first)) {
      return { kind: "ambiguous", paths: matches.filter((match) => depth(match) === depth(first)) };
    }
    return { kind: "found", path: first };
  }

  private list(): { readonly path: string; readonly key: string }[] {
    if (this.files) return this.files;
    const files: { path: string; key: string }[] = [];
    const walk = (relative: string): void => {
      let entries: import("node:fs").Dirent[];
      try {
        entries = readdirSync(path.join(this.root, this.folder, relative), { withFileTypes: true });
      } catch {
        return;
      }
      for (const entry of entries) {
        const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
        // Symbolic links are not followed: a vault's files are the ones inside it.
        if (entry.isDirectory() && !SKIPPED.has(entry.name)) walk(child);
        else if (entry.isFile()) {
          files.push({ path: path.posix.join(this.folder, child), key: normalize(child) });
        }
      }
    };
    walk("");
    this.files = files;
    return files;
  }
}

function normalize(name: string): string {
  return name.normalize("NFC").toLowerCase();
}

function depth(file: string): number {
  return file.split("/").length;
}
