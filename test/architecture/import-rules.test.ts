/** Imports go one way only (main → workflows → services → core; the sidebar on core alone). */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { importCycles, importEdges, layerOf, upwardImports } from './import-graph';

const ROOT = join(__dirname, '..', '..');

function sourceFiles(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })) {
    if (!entry.endsWith('.ts')) continue;
    const path = relative(ROOT, join(ROOT, folder, entry))
      .split(sep)
      .join('/');
    files.set(path, readFileSync(join(ROOT, path), 'utf8'));
  }
  return files;
}

describe('the imports of src/', () => {
  const files = sourceFiles('src');
  const edges = importEdges(files);

  test('are read from every layer, so the rules below cannot pass on an empty graph', () => {
    const layers = [...files.keys()].map(layerOf);
    for (const layer of ['core', 'services', 'workflows', 'main', 'sidebar'] as const) {
      expect(layers).toContain(layer);
    }
    expect(layers).not.toContain(undefined);
    expect(files.size).toBeGreaterThanOrEqual(40);
    expect(edges.length).toBeGreaterThanOrEqual(150);
    // A known import, at its line, proves lines are counted as an editor shows them.
    const dates = readFileSync(join(ROOT, 'src/core/arguments.ts'), 'utf8').split('\n');
    const edge = edges.find(
      (e) => e.from === 'src/core/arguments.ts' && e.to === 'src/core/dates.ts',
    );
    expect(dates[(edge?.line ?? 0) - 1]).toContain("from './dates'");
  });

  test('only point down the layers', () => {
    expect(upwardImports(edges)).toEqual([]);
  });

  test('form no cycle', () => {
    expect(importCycles(edges)).toEqual([]);
  });
});

describe('the import rule checks themselves', () => {
  const fixture = new Map([
    ['src/main.ts', "import { refresh } from './workflows/refresh';\n"],
    ['src/workflows/refresh.ts', "import { sheet } from '../services/sheet';\n"],
    [
      'src/services/sheet.ts',
      "import { format } from '../core/format';\n\nimport { refresh } from '../workflows/refresh';\n",
    ],
    ['src/core/format.ts', "import type { Row } from './row';\n"],
    ['src/core/row.ts', "// rows\nexport { format } from './format';\n"],
    [
      'src/sidebar/page.ts',
      "import { refresh } from '../main';\nimport type { Row } from '../core/row';\n" +
        "type Server = typeof import('../main');\n",
    ],
    ['src/sidebar/panel.ts', "import type { Sheet } from '../services/sheet';\n"],
  ]);
  const edges = importEdges(fixture);

  test('name each upward import by file and line', () => {
    expect(upwardImports(edges)).toEqual([
      "src/services/sheet.ts:3: services may not import workflows ('../workflows/refresh')",
      "src/sidebar/page.ts:1: sidebar may not import main ('../main')",
      "src/sidebar/panel.ts:1: sidebar may not import services ('../services/sheet')",
    ]);
  });

  test('name each cycle by the files and lines of its imports', () => {
    expect(importCycles(edges).sort()).toEqual([
      'src/core/format.ts:1 → src/core/row.ts:2 → src/core/format.ts',
      'src/workflows/refresh.ts:1 → src/services/sheet.ts:3 → src/workflows/refresh.ts',
    ]);
  });

  test('refuse an import of a file that is not there, rather than skip it', () => {
    const broken = new Map([['src/core/a.ts', "import { b } from './b';\n"]]);
    expect(() => importEdges(broken)).toThrow(
      'src/core/a.ts:1 imports "./b", which is no file of src/',
    );
  });
});
