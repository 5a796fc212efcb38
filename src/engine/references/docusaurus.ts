/**
 * Docusaurus names images in JSX expressions: `src={require('./pic.png').default}`,
 * `require('@site/static/img/pic.png').default` and `src={useBaseUrl('/img/pic.png')}`.
 * The expression is read from the estree acorn built while micromark parsed the file
 * (never by pattern matching the text), and turned into a destination a resolver can
 * look up relative to the MDX file.
 */
import path from "node:path";
import type { Expression, Node, Program } from "estree";

export interface DocusaurusContext {
  /** Repository-relative folder of the MDX file (`.` at the root), forward slashes. */
  readonly fileDir: string;
  /** Repository-relative folder of `docusaurus.config.*` above the file, if any. */
  readonly siteDir?: string;
}

export type ExpressionImage =
  | { readonly dynamic: false; readonly destination: string }
  | { readonly dynamic: true };

const SITE_ALIAS = "@site/";

/** The image an attribute expression names, `dynamic` when a template builds it, or undefined. */
export function imageInExpression(
  program: Program | undefined,
  context: DocusaurusContext,
): ExpressionImage | undefined {
  const statement = program?.body.length === 1 ? program.body[0] : undefined;
  if (statement?.type !== "ExpressionStatement") return undefined;
  return imageIn(statement.expression, context);
}

/**
 * ThemedImage's `sources={{ light: useBaseUrl('/img/a.png'), dark: require('./b.png').default }}`:
 * each value that names an image, with its offsets in the document.
 */
export function imagesInSources(
  program: Program | undefined,
  context: DocusaurusContext,
): { readonly start: number; readonly end: number; readonly image: ExpressionImage }[] {
  const statement = program?.body.length === 1 ? program.body[0] : undefined;
  if (statement?.type !== "ExpressionStatement") return [];
  const object = statement.expression;
  if (object.type !== "ObjectExpression") return [];
  const images = [];
  for (const property of object.properties) {
    if (property.type !== "Property" || property.computed) continue;
    const value = property.value as Expression & { start?: number; end?: number };
    const image = imageIn(value, context);
    if (image && value.start !== undefined && value.end !== undefined) {
      images.push({ start: value.start, end: value.end, image });
    }
  }
  return images;
}

function imageIn(expression: Expression, context: DocusaurusContext): ExpressionImage | undefined {
  if (expression.type === "TemplateLiteral" && expression.expressions.length > 0) {
    return { dynamic: true };
  }
  // require('./pic.png').default — webpack's module object; `.default` is its URL.
  if (
    expression.type === "MemberExpression" &&
    !expression.computed &&
    expression.property.type === "Identifier" &&
    expression.property.name === "default" &&
    expression.object.type === "CallExpression"
  ) {
    return imageIn(expression.object, context);
  }
  if (expression.type !== "CallExpression" || expression.callee.type !== "Identifier") {
    return undefined;
  }
  if (expression.arguments.length !== 1) return undefined;
  const [argument] = expression.arguments;
  if (argument?.type === "TemplateLiteral" && argument.expressions.length > 0) {
    return { dynamic: true };
  }
  const value = stringValue(argument);
  if (value === undefined || /[?#]/.test(value)) return undefined;
  switch (expression.callee.name) {
    case "require":
      return required(value, context);
    case "useBaseUrl":
      return staticFile(value, context);
    default:
      return undefined;
  }
}

function stringValue(node: Node | undefined): string | undefined {
  if (node?.type === "Literal" && typeof node.value === "string") return node.value;
  if (node?.type === "TemplateLiteral" && node.expressions.length === 0) {
    return node.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** `./x.png` relative to the file; `@site/x.png` relative to the site; packages are not ours. */
function required(value: string, context: DocusaurusContext): ExpressionImage | undefined {
  if (value.startsWith("./") || value.startsWith("../"))
    return { dynamic: false, destination: value };
  if (value.startsWith(SITE_ALIAS) && context.siteDir !== undefined) {
    return fromSite(path.posix.join(context.siteDir, value.slice(SITE_ALIAS.length)), context);
  }
  return undefined;
}

/** `useBaseUrl('/img/x.png')`: a file of the site's `static/` folder; URLs pass through. */
function staticFile(value: string, context: DocusaurusContext): ExpressionImage | undefined {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(value)) return { dynamic: false, destination: value };
  if (context.siteDir === undefined) {
    return { dynamic: false, destination: value.startsWith("/") ? value : `/${value}` };
  }
  return fromSite(path.posix.join(context.siteDir, "static", value), context);
}

function fromSite(repositoryPath: string, context: DocusaurusContext): ExpressionImage {
  const relative = path.posix.relative(context.fileDir, repositoryPath);
  return { dynamic: false, destination: relative.startsWith(".") ? relative : `./${relative}` };
}
