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

const SIDEBAR_HTML = 'src/sidebar/Sidebar.html';
const SIDEBAR_CSS = 'src/sidebar/sidebar.css';
/** Where Sidebar.html takes the styles and the script; the build fails if either is missing. */
const STYLE_PLACEHOLDER = '<!-- sidebar-style -->';
const SCRIPT_PLACEHOLDER = '<!-- sidebar-script -->';
const SIDEBAR_SCRIPT = 'sidebar-page.js';

/** Script text that cannot end its <script> element or open an HTML comment inside it. */
function inlineScript(code) {
  return code.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

/** The page with `text` in place of its one `placeholder` comment. */
function fillPlaceholder(context, html, placeholder, text) {
  const parts = html.split(placeholder);
  if (parts.length !== 2) {
    context.error(`${SIDEBAR_HTML} must contain ${placeholder} exactly once`);
  }
  return parts.join(text);
}

/**
 * Apps Script serves one HTML file per page, so the styles and the page's bundle go inside
 * Sidebar.html, and the bundle is not emitted on its own (clasp would push a stray .js from
 * dist/ as a server script).
 */
function inlineIntoSidebarHtml() {
  return {
    name: 'inline-into-sidebar-html',
    buildStart() {
      this.addWatchFile(SIDEBAR_HTML);
      this.addWatchFile(SIDEBAR_CSS);
    },
    generateBundle(_options, bundle) {
      const chunk = bundle[SIDEBAR_SCRIPT];
      delete bundle[SIDEBAR_SCRIPT];
      const css = readFileSync(SIDEBAR_CSS, 'utf8').trim();
      // A stylesheet cannot be escaped inside <style>: text that would end it fails the build.
      if (/<\/style/i.test(css)) this.error(`${SIDEBAR_CSS} must not contain "</style"`);
      const style = `<style>\n${css}\n</style>`;
      const script = `<script>\n${inlineScript(chunk.code.trim())}\n</script>`;
      let html = readFileSync(SIDEBAR_HTML, 'utf8');
      html = fillPlaceholder(this, html, STYLE_PLACEHOLDER, style);
      html = fillPlaceholder(this, html, SCRIPT_PLACEHOLDER, script);
      this.emitFile({ type: 'asset', fileName: 'Sidebar.html', source: html });
    },
  };
}

const sidebar = {
  input: 'src/sidebar/page.ts',
  output: { dir: 'dist', format: 'iife', entryFileNames: SIDEBAR_SCRIPT, sourcemap: false },
  // The page imports pure helpers from src/core: whatever else those modules hold stays out.
  treeshake: { moduleSideEffects: false },
  plugins: [
    // noEmitOnError (from the root tsconfig) turns a type error into a failed build.
    typescript({ tsconfig: './src/sidebar/tsconfig.json', noEmitOnError: true }),
    inlineIntoSidebarHtml(),
  ],
};

export default [addOn, sidebar];
