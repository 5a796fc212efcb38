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
}

export function relevanceOf(
  /** Image extensions, lower-case, without the dot. */
  extensions: Iterable<string>,
  /** Hosts of URLs the run may rewrite (recorded images' URLs). */
  hosts: Iterable<string> = [],
): Relevance {
  const names = [...extensions].map((extension) =>
    extension.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"),
  );
  const imageName = names.length > 0 ? new RegExp(`\\.(?:${names.join("|")})`, "i") : /$^/;
  const hostList = [...new Set(hosts)].filter((host) => host !== "");
  return {
    mayName: (text) =>
      /[%&\\]/.test(text) || imageName.test(text) || hostList.some((host) => text.includes(host)),
  };
}
