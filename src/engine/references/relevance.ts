/**
 * Which inline text can name a destination a run acts on, so the rest is never parsed.
 * A run rewrites local images (a destination naming a file with an image extension) and
 * recorded URLs (under a known host); inline text with a `[` but no `![`, no `<`, no image
 * extension, no escape that could hide one (`%`, `&`, `\`) and no such host can only hold
 * links to pages. Most prose links are such links, and their inline parse was most of the
 * parse time of a link-heavy post. Reference definitions are read at block level, so
 * skipping the text that uses them loses nothing.
 */
export interface Relevance {
  /** False only when `text` cannot hold a destination the run acts on. */
  mayName(text: string): boolean;
  /** What it was made from, to make it again in a parse worker. */
  readonly spec: RelevanceSpec;
}

export interface RelevanceSpec {
  readonly extensions: readonly string[];
  readonly hosts: readonly string[];
}

export function relevanceOf(
  /** Image extensions, lower-case, without the dot. */
  extensions: Iterable<string>,
  /** Hosts of URLs the run may rewrite (recorded images' URLs). */
  hosts: Iterable<string> = [],
): Relevance {
  const spec = { extensions: [...extensions], hosts: [...new Set(hosts)].filter(Boolean) };
  const names = spec.extensions.map((extension) =>
    extension.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
  );
  // One pass over the text: an escape that could hide a name, or an image extension.
  const suffix = names.length > 0 ? `|\\.(?:${names.join("|")})` : "";
  const namesImage = new RegExp(`[%&\\\\]${suffix}`, "i");
  return {
    spec,
    mayName: (text) => namesImage.test(text) || spec.hosts.some((host) => text.includes(host)),
  };
}
