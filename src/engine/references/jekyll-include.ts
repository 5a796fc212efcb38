/**
 * Jekyll includes used as image shortcodes: `{% include figure image_path="/assets/a.png"
 * alt="…" %}` (Minimal Mistakes' figure), `{% include image.html url="/a.png" %}`. The
 * input `shortcodes` names them as for Hugo (`image:url`); the include's name is taken
 * without `.html`. A bare name (`figure`, the default) reads `src` and also `image_path`,
 * Minimal Mistakes' parameter, so that theme works out of the box. Only the value is
 * replaced.
 */
import type { Found } from "./found.js";
import { hasMask } from "./liquid.js";
import type { InlineSyntax, SyntaxContext, SyntaxMatch } from "./syntax.js";

const INCLUDE =
  /\{%-?\s*include\s+([\w./-]+)((?:\s+[\w-]+\s*=\s*(?:"[^"\n]*"|'[^'\n]*'|[^\s%"']+))*)\s*-?%\}/y;
const PARAMETER = /\s+([\w-]+)\s*=\s*(?:"([^"\n]*)"|'([^'\n]*)'|([^\s%"']+))/g;

export const jekyllIncludes: InlineSyntax = {
  name: "jekyll-include",
  starts: "{",
  template: true,
  match(src, pos, context: SyntaxContext): SyntaxMatch | undefined {
    INCLUDE.lastIndex = pos;
    const include = INCLUDE.exec(src);
    if (!include?.[1]) return undefined;
    const end = INCLUDE.lastIndex;
    const wanted = context.shortcodes.get(include[1].replace(/\.html?$/, ""));
    const parameters = include[2] ?? "";
    if (!wanted || parameters === "") return { end, hits: [] };
    const offset =
      pos + include[0].indexOf(parameters, include[0].indexOf(include[1]) + include[1].length);
    const hits: Found[] = [];
    for (const parameter of parameters.matchAll(PARAMETER)) {
      const value = parameter[2] ?? parameter[3] ?? parameter[4] ?? "";
      const name = parameter[1] ?? "";
      const read = wanted.has(name) || (name === "image_path" && wanted.has("src"));
      if (!read || value === "" || value.includes("{{") || hasMask(value)) continue;
      const start = offset + (parameter.index ?? 0) + parameter[0].lastIndexOf(value);
      hits.push({ kind: "shortcode", start, end: start + value.length, destination: value });
    }
    return { end, hits };
  },
};
