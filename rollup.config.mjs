/**
 * Builds the Apps Script project in dist/: one script whose entry points are top-level
 * functions (Apps Script has no modules), the manifest, and the sidebar's HTML.
 */
import { readFileSync } from 'node:fs';
import typescript from '@rollup/plugin-typescript';

const NAMESPACE = 'InstantlyAnalyticsAddon';

/** The JSDoc block and parameter list of a top-level function in the bundle. */
function signatureOf(code, name) {
  const pattern = new RegExp(`(/\\*\\*(?:[^*]|\\*(?!/))*\\*/\\s*)?function ${name}\\(([^)]*)\\)`);
  const match = pattern.exec(code);
  if (!match) throw new Error(`Entry point ${name} must be an exported function declaration`);
  return { jsDoc: match[1] ?? '', parameters: match[2] };
}

/**
 * Apps Script runs the pushed file as a plain script and lets google.script.run call any
 * top-level function. So the bundle is wrapped in a closure, and only the exports of
 * src/main.ts become top-level functions, each keeping its JSDoc (Sheets reads
 * @customfunction from it) and its parameter names.
 */
function appsScriptEntryPoints() {
  return {
    name: 'apps-script-entry-points',
    renderChunk(code) {
      const exportList = /^export \{([^}]*)\};?\s*$/m;
      const names = exportList
        .exec(code)[1]
        .split(',')
        .map((name) => name.trim());
      const body = code.replace(exportList, `return { ${names.join(', ')} };\n`);
      const stubs = names.map((name) => {
        const { jsDoc, parameters } = signatureOf(code, name);
        return `${jsDoc}function ${name}(${parameters}) {\n  return ${NAMESPACE}.${name}.apply(this, arguments);\n}\n`;
      });
      const closure = `var ${NAMESPACE} = (function () {\n'use strict';\n${body}})();\n`;
      return { code: `${stubs.join('\n')}\n${closure}`, map: null };
    },
  };
}

function copyManifest() {
  return {
    name: 'copy-manifest',
    generateBundle() {
      this.emitFile({
        type: 'asset',
        fileName: 'appsscript.json',
        source: readFileSync('appsscript.json', 'utf8'),
      });
    },
  };
}

export default {
  input: 'src/main.ts',
  output: { file: 'dist/Code.js', format: 'es' },
  treeshake: { moduleSideEffects: false },
  plugins: [typescript({ tsconfig: './tsconfig.json' }), appsScriptEntryPoints(), copyManifest()],
};
