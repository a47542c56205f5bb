/**
 * The import graph of src/, and the rule it must follow: main → workflows → services → core,
 * with the sidebar (a separate page) on core alone. Files are given as path → source text, so
 * the rule can be checked on a small fixture as well as on the real tree.
 */
import { posix } from 'node:path';
import ts from 'typescript';

export interface ImportEdge {
  /** Repository-relative paths, e.g. src/core/dates.ts. */
  readonly from: string;
  readonly to: string;
  readonly line: number;
  readonly specifier: string;
  /** Erased at build: `import type`, `export type … from` or `typeof import(…)`. */
  readonly typeOnly: boolean;
}

export type Layer = 'core' | 'services' | 'workflows' | 'main' | 'sidebar';

/** What each layer may import besides itself. */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  core: ['core'],
  services: ['services', 'core'],
  workflows: ['workflows', 'services', 'core'],
  main: ['workflows', 'core'],
  sidebar: ['sidebar', 'core'],
};

export function layerOf(path: string): Layer | undefined {
  if (path === 'src/main.ts') return 'main';
  const folder = /^src\/(core|services|workflows|sidebar)\//.exec(path)?.[1];
  return folder as Layer | undefined;
}

/** The module specifiers a file names: imports, export-froms, import types and dynamic imports. */
function specifiers(path: string, source: string) {
  const file = ts.createSourceFile(path, source, ts.ScriptTarget.Latest, true);
  const found: { specifier: string; line: number; typeOnly: boolean }[] = [];
  const add = (literal: ts.Node, typeOnly: boolean) => {
    if (!ts.isStringLiteral(literal)) return;
    const line = file.getLineAndCharacterOfPosition(literal.getStart()).line + 1;
    found.push({ specifier: literal.text, line, typeOnly });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      add(node.moduleSpecifier, node.importClause?.isTypeOnly ?? false);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier) {
      add(node.moduleSpecifier, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** Every import of every file, resolved to a file of the set. */
export function importEdges(files: ReadonlyMap<string, string>): ImportEdge[] {
  return [...files].flatMap(([from, source]) =>
    specifiers(from, source).map(({ specifier, line, typeOnly }) => {
      if (!specifier.startsWith('.')) {
        throw new Error(`${from}:${line} imports package "${specifier}"; src/ uses none`);
      }
      const base = posix.join(posix.dirname(from), specifier);
      const to = [`${base}.ts`, `${base}.d.ts`, `${base}/index.ts`, base].find((path) =>
        files.has(path),
      );
      if (!to) throw new Error(`${from}:${line} imports "${specifier}", which is no file of src/`);
      return { from, to, line, specifier, typeOnly };
    }),
  );
}

/**
 * The sidebar reaches main.ts only through google.script.run, at run time; it types those calls
 * with main's own signatures, so a renamed or retyped server function breaks the page's build.
 */
const allowed = (edge: ImportEdge, from: Layer, to: Layer) =>
  MAY_IMPORT[from].includes(to) || (from === 'sidebar' && to === 'main' && edge.typeOnly);

/** Each import that goes against the layers' direction, as "file:line: why". */
export function upwardImports(edges: readonly ImportEdge[]): string[] {
  return edges.flatMap((edge) => {
    const from = layerOf(edge.from);
    const to = layerOf(edge.to);
    if (from && to && allowed(edge, from, to)) return [];
    return [
      `${edge.from}:${edge.line}: ${from ?? 'a file outside the layers'} may not import ` +
        `${to ?? 'a file outside the layers'} ('${edge.specifier}')`,
    ];
  });
}

/** Each cycle once, as the chain of its imports: "a.ts:3 → b.ts:7 → a.ts". */
export function importCycles(edges: readonly ImportEdge[]): string[] {
  const outgoing = new Map<string, ImportEdge[]>();
  for (const edge of edges) outgoing.set(edge.from, [...(outgoing.get(edge.from) ?? []), edge]);
  const cycles = new Set<string>();
  const done = new Set<string>();
  const path: ImportEdge[] = [];
  const visit = (file: string) => {
    for (const edge of outgoing.get(file) ?? []) {
      const start = path.findIndex((step) => step.from === edge.to);
      if (start >= 0 || edge.to === file) {
        const loop = [...path.slice(start >= 0 ? start : path.length), edge];
        cycles.add(`${loop.map((step) => `${step.from}:${step.line}`).join(' → ')} → ${edge.to}`);
      } else if (!done.has(edge.to)) {
        path.push(edge);
        visit(edge.to);
        path.pop();
      }
    }
    done.add(file);
  };
  for (const file of outgoing.keys()) if (!done.has(file)) visit(file);
  return [...cycles];
}
