/** The pushed files are what Apps Script accepts: one plain script, a manifest, the sidebar. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';

const dist = join(__dirname, '..', '..', 'dist');
const code = readFileSync(join(dist, 'Code.js'), 'utf8');
const manifest = JSON.parse(readFileSync(join(dist, 'appsscript.json'), 'utf8'));

const CUSTOM_FUNCTIONS = [
  'INSTANTLY_ANALYTICS',
  'INSTANTLY_DAILY',
  'INSTANTLY_STEPS',
  'INSTANTLY_OVERVIEW',
];
/** Every custom function's arguments, in order. */
const PARAMETERS = ['campaign', 'start_date', 'end_date', 'fields', 'include_header', 'workspace'];
const ENTRY_POINTS = [
  ...CUSTOM_FUNCTIONS,
  'onOpen',
  'onInstall',
  'setApiKeyFromMenu',
  'removeApiKeyFromMenu',
  'openSidebarFromMenu',
  'refreshNowFromMenu',
  'getSidebarState',
  'saveApiKeyFromSidebar',
  'removeWorkspaceFromSidebar',
  'removeApiKeyFromSidebar',
  'testConnection',
  'listCampaigns',
  'saveReportSettings',
  'refreshNow',
  'runScheduledRefreshes',
];

describe('dist/', () => {
  test('holds only what clasp pushes: one script, the manifest and HTML', () => {
    const files = readdirSync(dist).sort();
    expect(files.filter((file) => file.endsWith('.js'))).toEqual(['Code.js']);
    expect(files.every((file) => /\.(js|json|html)$/.test(file))).toBe(true);
  });

  test('the script uses no module syntax', () => {
    expect(code).not.toMatch(/^\s*(import|export)\b/m);
    expect(code).not.toMatch(/\brequire\s*\(/);
  });

  test.each(ENTRY_POINTS)('%s is a top-level function', (name) => {
    expect(code).toMatch(new RegExp(`^function ${name}\\(`, 'm'));
  });

  test('loading calls no service, and the only global functions are the entry points', () => {
    // An empty global object: any service call while loading would throw here.
    const globals = vm.createContext({});
    vm.runInContext(code, globals);
    const functions = Object.keys(globals).filter((name) => typeof globals[name] === 'function');
    expect(functions.sort()).toEqual([...ENTRY_POINTS].sort());
  });

  test.each(CUSTOM_FUNCTIONS)(
    '%s keeps its @customfunction JSDoc and real parameter names',
    (name) => {
      const documented = new RegExp(
        `/\\*\\*((?:[^*]|\\*(?!/))*)\\*/\\s*function ${name}\\(([^)]*)\\)`,
      );
      const match = documented.exec(code);
      expect(match).not.toBeNull();
      const [, jsDoc, parameters] = match as RegExpExecArray;
      expect(jsDoc).toContain('@customfunction');
      expect(parameters.split(',').map((each) => each.trim())).toEqual(PARAMETERS);
      for (const parameter of PARAMETERS) {
        expect(jsDoc).toMatch(new RegExp(`@param \\{[^}]+\\} ${parameter} \\S`));
      }
    },
  );

  test('the manifest runs on V8 with narrow scopes and only reaches Instantly', () => {
    expect(manifest.runtimeVersion).toBe('V8');
    expect(manifest.exceptionLogging).toBe('STACKDRIVER');
    expect(manifest.urlFetchWhitelist).toEqual(['https://api.instantly.ai/']);
    // Each scope is explained in the README; nothing broader (e.g. Drive) may creep in.
    expect([...manifest.oauthScopes].sort()).toEqual([
      'https://www.googleapis.com/auth/script.container.ui',
      'https://www.googleapis.com/auth/script.external_request',
      'https://www.googleapis.com/auth/script.scriptapp',
      'https://www.googleapis.com/auth/script.send_mail',
      'https://www.googleapis.com/auth/spreadsheets',
      'https://www.googleapis.com/auth/userinfo.email',
    ]);
  });
});
