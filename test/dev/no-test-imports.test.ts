/**
 * dev/ (the local runtime, stand-in, preview, start and bench) is what tests build on, so it must
 * never reach into test/: test/ may import dev/, never the other way round.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const DEV = path.join(ROOT, 'dev');
const TEST = path.join(ROOT, 'test');
/** Static imports, re-exports, dynamic import() and require(), with the module they name. */
const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"]([^'"]+)['"]/g;

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|cts|js|mjs|cjs)$/.test(entry.name))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** `file:line imports 'specifier'` for every import of a dev/ file that resolves into test/. */
function importsOfTest(file: string, text = readFileSync(file, 'utf8')): string[] {
  return text.split('\n').flatMap((line, index) =>
    [...line.matchAll(IMPORT)]
      .map((match) => match[1])
      .filter((specifier) => specifier.startsWith('.'))
      .filter((specifier) => {
        const target = path.resolve(path.dirname(file), specifier);
        return target === TEST || target.startsWith(`${TEST}${path.sep}`);
      })
      .map((specifier) => `${path.relative(ROOT, file)}:${index + 1} imports '${specifier}'`),
  );
}

describe('dev/ never imports test/', () => {
  const files = sourceFiles(DEV);

  it('scans every source file of dev/', () => {
    // A wrong folder or filter would scan nothing and pass vacuously.
    expect(files.length).toBeGreaterThan(20);
    expect(files).toContain(path.join(DEV, 'start.ts'));
  });

  it('finds no import of test/ in dev/', () => {
    expect(files.flatMap((file) => importsOfTest(file))).toEqual([]);
  });

  it('names the file and line of an import of test/', () => {
    const probe = path.join(DEV, 'preview', 'probe.ts');
    const text = [
      "import { readFileSync } from 'node:fs';",
      "import { startAddon } from '../../test/support/addon';",
      "import type { Realm } from '../runtime/env';",
      "const helper = require('../../test/support/prism');",
    ].join('\n');
    expect(importsOfTest(probe, text)).toEqual([
      "dev/preview/probe.ts:2 imports '../../test/support/addon'",
      "dev/preview/probe.ts:4 imports '../../test/support/prism'",
    ]);
  });
});
