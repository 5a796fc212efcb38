/**
 * Jekyll and Eleventy templates in destinations: `{{ site.baseurl }}/assets/a.png`,
 * `{{ site.url }}{{ site.baseurl }}/a.png`, `{{ "/a.png" | relative_url }}`,
 * `| absolute_url`, Eleventy's `| url`, `| prepend: site.baseurl`, `{% link a.png %}`.
 * The generator renders the template before the Markdown, so a destination with spaces
 * inside `{{ }}` is still one destination: templates are masked (same length, no spaces)
 * before parsing, and the value each names is worked out by evaluating the few
 * expressions that produce a site URL. Anything else (`{{ page.image }}`) stays a
 * template: not ours to guess.
 */

/** What a template is masked with: a private-use character, legal in any destination. */
const MASK = "\uE000";
const OUTPUT = /\{\{-?[^\n{}]*?-?\}\}/g;
/** Tags that print a URL; others (`{% image %}`, `{% include %}`) are not masked. */
const URL_TAG = /\{%-?\s*link\s[^\n%]*?-?%\}/g;

/** `text` with each URL-producing template replaced by MASK characters of the same length. */
export function maskLiquid(text: string): string {
  if (!text.includes("{{") && !text.includes("{%")) return text;
  const mask = (template: string): string => MASK.repeat(template.length);
  return text.replace(OUTPUT, mask).replace(URL_TAG, mask);
}

export function hasMask(text: string): boolean {
  return text.includes(MASK);
}

const REMOTE = /^[a-z][a-z0-9+.-]*:|^\/\//i;

/** Site variables that expand to the site's base URL: nothing, for a lookup. */
const SITE_BASE = new Set(["site.baseurl", "site.url", "site.github.url", "site.base_url"]);
/** Filters that turn a site path into a URL. */
const URL_FILTERS = new Set(["relative_url", "absolute_url", "url"]);

/**
 * The site path a templated value names (`/assets/a.png`, looked up from the site root),
 * or undefined when a template in it is not one of the URL forms.
 */
export function liquidLookup(value: string): string | undefined {
  let path = "";
  let pos = 0;
  let templated = false;
  while (pos < value.length) {
    const open = nextTemplate(value, pos);
    if (open < 0) {
      path += value.slice(pos);
      break;
    }
    path += value.slice(pos, open);
    const isTag = value.startsWith("{%", open);
    const close = value.indexOf(isTag ? "%}" : "}}", open + 2);
    if (close < 0) return undefined;
    const inner = value.slice(open + 2, close).replace(/^-|-$/g, "");
    const expanded = isTag ? evaluateTag(inner) : evaluateOutput(inner);
    if (expanded === undefined) return undefined;
    path += expanded;
    templated = true;
    pos = close + 2;
  }
  if (!templated || path === "" || REMOTE.test(path)) return undefined;
  return path.startsWith("/") ? path : `/${path}`;
}

function nextTemplate(value: string, from: number): number {
  const output = value.indexOf("{{", from);
  const tag = value.indexOf("{%", from);
  if (output < 0) return tag;
  if (tag < 0) return output;
  return Math.min(output, tag);
}

/** `link assets/a.png`: Jekyll's link tag names a file from the site root. */
function evaluateTag(inner: string): string | undefined {
  const tokens = tokenize(inner);
  if (tokens?.[0]?.kind !== "name" || tokens[0].text !== "link" || tokens.length !== 2) {
    return undefined;
  }
  const target = tokens[1];
  return target ? `/${target.text.replace(/^\/+/, "")}` : undefined;
}

/** `site.baseurl`, `"/a.png" | relative_url`, `'/a.png' | prepend: site.baseurl`. */
function evaluateOutput(inner: string): string | undefined {
  const tokens = tokenize(inner);
  const [subject, ...rest] = tokens ?? [];
  if (!subject) return undefined;
  let value: string;
  if (subject.kind === "string") value = subject.text;
  else if (SITE_BASE.has(subject.text)) value = "";
  else return undefined;
  if (REMOTE.test(value)) return undefined;
  for (let i = 0; i < rest.length; ) {
    if (rest[i]?.text !== "|") return undefined;
    const filter = rest[i + 1]?.text ?? "";
    if (URL_FILTERS.has(filter)) {
      value = value.startsWith("/") || value === "" ? value : `/${value}`;
      i += 2;
    } else if (filter === "prepend" && rest[i + 2]?.text === ":") {
      const argument = rest[i + 3];
      if (argument?.kind !== "name" || !SITE_BASE.has(argument.text)) return undefined;
      i += 4;
    } else {
      return undefined;
    }
  }
  return value;
}

interface LiquidToken {
  readonly kind: "string" | "name" | "punct";
  readonly text: string;
}

/** Liquid's expression tokens: quoted strings, names (with dots and slashes), `|` and `:`. */
function tokenize(source: string): LiquidToken[] | undefined {
  const tokens: LiquidToken[] = [];
  const token = /\s*(?:"([^"]*)"|'([^']*)'|([|:,])|([^\s|:,"']+))/y;
  let pos = 0;
  while (pos < source.length) {
    if (/^\s*$/.test(source.slice(pos))) break;
    token.lastIndex = pos;
    const match = token.exec(source);
    if (!match) return undefined;
    pos = token.lastIndex;
    const [, double, single, punct, name] = match;
    if (double !== undefined || single !== undefined) {
      tokens.push({ kind: "string", text: double ?? single ?? "" });
    } else if (punct !== undefined) {
      tokens.push({ kind: "punct", text: punct });
    } else {
      tokens.push({ kind: "name", text: name ?? "" });
    }
  }
  return tokens;
}
