/**
 * Which front-matter fields an Astro content collection schema validates with `image()`.
 * Astro refuses a URL in such a field (the build fails), so those stay local. The schema
 * file is parsed as TypeScript (acorn + the TypeScript plugin), never pattern matched.
 */
import { tsPlugin } from "@sveltejs/acorn-typescript";
import { Parser } from "acorn";

export interface AstroImageFields {
  /** Field names whose validator calls `image()` somewhere (`image()`, `image().optional()`, unions). */
  readonly fields: ReadonlySet<string>;
  /**
   * The schema could not be read (a syntax we do not parse, or a schema built by a package,
   * such as Starlight's `docsSchema()`): every front-matter image field counts as `image()`.
   */
  readonly unreadable: boolean;
}

/** Modules whose exports build schemas we can read (zod itself, Astro's own helpers). */
const READABLE_MODULES = new Set([
  "astro:content",
  "astro/zod",
  "zod",
  "astro/loaders",
  "astro:assets",
]);

/** Built on first use: extending the parser is work no import should do. */
let typeScriptParser: typeof Parser | undefined;
function parserWithTypeScript(): typeof Parser {
  typeScriptParser ??= Parser.extend(tsPlugin() as never);
  return typeScriptParser;
}

interface AnyNode {
  readonly type: string;
  readonly [key: string]: unknown;
}

function isNode(value: unknown): value is AnyNode {
  return typeof value === "object" && value !== null && typeof (value as AnyNode).type === "string";
}

function children(node: AnyNode): AnyNode[] {
  const found: AnyNode[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "loc" || key === "range") continue;
    if (Array.isArray(value)) found.push(...value.filter(isNode));
    else if (isNode(value)) found.push(value);
  }
  return found;
}

function some(node: AnyNode, test: (node: AnyNode) => boolean): boolean {
  return test(node) || children(node).some((child) => some(child, test));
}

function visit(node: AnyNode, each: (node: AnyNode) => void): void {
  each(node);
  for (const child of children(node)) visit(child, each);
}

function isImageCall(node: AnyNode): boolean {
  if (node.type !== "CallExpression" || !isNode(node.callee)) return false;
  const callee = node.callee;
  if (callee.type === "Identifier") return callee.name === "image";
  // `({ ...ctx }) => ctx.image()`
  return (
    callee.type === "MemberExpression" &&
    isNode(callee.property) &&
    callee.property.type === "Identifier" &&
    callee.property.name === "image"
  );
}

function keyName(property: AnyNode): string | undefined {
  const key = property.key;
  if (!isNode(key) || property.computed === true) return undefined;
  if (key.type === "Identifier") return String(key.name);
  if (key.type === "Literal" && typeof key.value === "string") return key.value;
  return undefined;
}

/** Names imported from packages that are not zod or Astro itself. */
function packageImports(program: AnyNode): Set<string> {
  const names = new Set<string>();
  for (const statement of children(program)) {
    if (statement.type !== "ImportDeclaration" || !isNode(statement.source)) continue;
    const from = String(statement.source.value);
    if (from.startsWith(".") || READABLE_MODULES.has(from)) continue;
    for (const specifier of (statement.specifiers as AnyNode[]) ?? []) {
      if (isNode(specifier.local)) names.add(String(specifier.local.name));
    }
  }
  return names;
}

export function astroImageFields(source: string): AstroImageFields {
  let program: AnyNode;
  try {
    program = parserWithTypeScript().parse(source, {
      ecmaVersion: "latest",
      sourceType: "module",
    }) as unknown as AnyNode;
  } catch {
    return { fields: new Set(), unreadable: true };
  }
  const fromPackages = packageImports(program);
  const fields = new Set<string>();
  let unreadable = false;
  visit(program, (node) => {
    if (node.type !== "Property") return;
    const name = keyName(node);
    if (name === undefined || !isNode(node.value)) return;
    if (
      name === "schema" &&
      some(
        node.value,
        (inner) => inner.type === "Identifier" && fromPackages.has(String(inner.name)),
      )
    ) {
      unreadable = true;
    }
    if (name !== "schema" && some(node.value, isImageCall)) fields.add(name);
  });
  return { fields, unreadable };
}
