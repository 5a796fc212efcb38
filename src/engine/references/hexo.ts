/**
 * Hexo's tag plugins: `{% asset_img [class] pic.png [w [h]] [title] %}` and
 * `{% asset_path pic.png %}` name a file of the post's asset folder
 * (`source/_posts/hello.md` → `source/_posts/hello/`), `{% img [class] /path/pic.png [w [h]]
 * [title] %}` a site path (looked up in `source/`). `asset_img` becomes `![title](URL)`;
 * the others keep their tag with the URL in place of the path.
 */
import type { Found } from "./found.js";
import {
  type InlineSyntax,
  markdownAlt,
  type SyntaxContext,
  type SyntaxMatch,
  stem,
} from "./syntax.js";

const TAG = /\{%-?\s*(asset_img|asset_path|asset_link|img|image)\s+([^\n]*?)\s*-?%\}/y;
const IMAGE_NAME = /\.(?:png|jpe?g|gif|webp|avif|svg|bmp|ico|tiff?)(?:[?#].*)?$/i;

interface Arg {
  readonly text: string;
  readonly start: number;
  readonly end: number;
}

export const hexoTags: InlineSyntax = {
  name: "hexo-tag",
  starts: "{",
  template: true,
  match(src, pos, context: SyntaxContext): SyntaxMatch | undefined {
    TAG.lastIndex = pos;
    const tag = TAG.exec(src);
    if (!tag?.[1] || tag[2] === undefined) return undefined;
    const end = TAG.lastIndex;
    const name = tag[1] === "image" ? "img" : tag[1];
    const argsStart = pos + (/^\{%-?\s*\w+\s+/.exec(tag[0])?.[0].length ?? 0);
    const args = splitArgs(tag[2], argsStart);
    const pathIndex = args.findIndex(
      (arg) => IMAGE_NAME.test(arg.text) || arg.text.startsWith("/"),
    );
    const target = args[pathIndex];
    if (!target || name === "asset_link") return { end, hits: [] };
    const asset = name !== "img";
    const lookupPath = asset ? assetFolderPath(context.file, target.text) : undefined;
    if (name === "asset_img") {
      const title = args
        .slice(pathIndex + 1)
        .map((arg) => arg.text)
        .filter((text) => !/^\d+(?:px|%)?$/.test(text))
        .join(" ");
      const hit: Found = {
        kind: "embed",
        start: pos,
        end,
        destination: target.text,
        lookup: { path: lookupPath ?? target.text, suffix: "", literal: false },
        wrap: [`![${markdownAlt(title)}](`, ")"],
      };
      return { end, hits: [hit] };
    }
    const hit: Found = {
      kind: "tag-argument",
      start: target.start,
      end: target.end,
      destination: target.text,
      ...(lookupPath === undefined
        ? {}
        : { lookup: { path: lookupPath, suffix: "", literal: false } }),
    };
    return { end, hits: [hit] };
  },
};

/** Hexo splits tag arguments at spaces; double or single quotes group words. */
function splitArgs(text: string, offset: number): Arg[] {
  const args: Arg[] = [];
  const arg = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of text.matchAll(arg)) {
    const index = match.index ?? 0;
    const quoted = match[1] ?? match[2];
    if (quoted !== undefined) {
      args.push({
        text: quoted,
        start: offset + index + 1,
        end: offset + index + 1 + quoted.length,
      });
    } else {
      const word = match[3] ?? "";
      args.push({ text: word, start: offset + index, end: offset + index + word.length });
    }
  }
  return args;
}

/**
 * A post's assets sit in a folder named after it (`_posts/hello.md` → `_posts/hello/`); a
 * page's beside it. Relative to the content file's folder.
 */
function assetFolderPath(file: string, name: string): string {
  const isPost = /(?:^|\/)_(?:posts|drafts)\//.test(file);
  const relative = name.replace(/^\.?\//, "");
  return isPost ? `${stem(file)}/${relative}` : relative;
}
