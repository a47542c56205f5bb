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

const addOn = {
  input: 'src/main.ts',
  output: { file: 'dist/Code.js', format: 'es' },
  treeshake: { moduleSideEffects: false },
  plugins: [typescript({ tsconfig: './tsconfig.json' }), appsScriptEntryPoints(), copyManifest()],
};

// ---- Sidebar page (src/sidebar) ------------------------------------------------------------

/** Where Sidebar.html takes the page's script; the build fails if the comment is missing. */
const SIDEBAR_PLACEHOLDER = '<!-- sidebar-client -->';
const SIDEBAR_CLIENT = 'sidebar-client.js';

/** Script text that cannot end its <script> element or open an HTML comment inside it. */
function inlineScript(code) {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/**
 * Apps Script serves one HTML file per page, so the page's bundle goes inside Sidebar.html and
 * is not emitted on its own (clasp would push a stray .js from dist/ as a server script).
 */
function inlineIntoSidebarHtml() {
  const template = 'src/sidebar/Sidebar.html';
  return {
    name: 'inline-into-sidebar-html',
    buildStart() {
      this.addWatchFile(template);
    },
    generateBundle(_options, bundle) {
      const chunk = bundle[SIDEBAR_CLIENT];
      const html = readFileSync(template, 'utf8');
      if (!html.includes(SIDEBAR_PLACEHOLDER)) {
        this.error(`${template} must contain ${SIDEBAR_PLACEHOLDER} where the script goes`);
      }
      delete bundle[SIDEBAR_CLIENT];
      const script = `<script>\n${inlineScript(chunk.code.trim())}\n</script>`;
      this.emitFile({
        type: 'asset',
        fileName: 'Sidebar.html',
        source: html.replace(SIDEBAR_PLACEHOLDER, () => script),
      });
    },
  };
}

const sidebar = {
  input: 'src/sidebar/client.ts',
  output: { dir: 'dist', format: 'iife', entryFileNames: SIDEBAR_CLIENT, sourcemap: false },
  plugins: [
    // noEmitOnError (from the root tsconfig) turns a type error into a failed build.
    typescript({ tsconfig: './src/sidebar/tsconfig.json', noEmitOnError: true }),
    inlineIntoSidebarHtml(),
  ],
};

export default [addOn, sidebar];
