/** The add-on menu, and setting the API key from it: checked with one request before saving. */
import { fixtureWorkspace } from '../../dev/standin/workspace';
import {
  type Addon,
  API_KEY,
  analyticsRequests,
  everythingVisible,
  listFetches,
  savedConnections,
  savedKeys,
  startAddon,
  useStandin,
} from '../support/addon';

const standin = useStandin(fixtureWorkspace(3));

const start = (apiKey: string | null = null): Addon =>
  startAddon({ standinUrl: standin.url, now: '2026-11-26T12:00:00Z', apiKey });
/** The one saved key, or null. */
const savedKey = (addon: Addon) => savedKeys(addon)[0] ?? null;

describe('onOpen and onInstall', () => {
  test.each(['onOpen', 'onInstall'])(
    '%s adds the menu, every item a global function, with no other service call',
    (trigger) => {
      const addon = start();
      addon.runtime.spreadsheets.resetCallCount();
      addon.runtime.call(trigger, { authMode: 'NONE' });
      expect(addon.runtime.spreadsheets.callLog()).toEqual(['SpreadsheetApp.getUi']);
      expect(addon.runtime.fetchCount()).toBe(0);
      const [menu] = addon.runtime.ui.menus;
      expect(menu.addon).toBe(true);
      expect(menu.items.map((item) => (item.kind === 'item' ? item.caption : item.kind))).toEqual([
        'Open sidebar',
        'Refresh now',
        'Set API key…',
        'Remove API key',
      ]);
      for (const name of addon.runtime.ui.menuFunctionNames()) {
        expect(typeof (addon.runtime.context as Record<string, unknown>)[name]).toBe('function');
      }
    },
  );

  test('Open sidebar shows the built sidebar page', () => {
    const addon = start();
    addon.runtime.call('openSidebarFromMenu');
    const [sidebar] = addon.runtime.ui.sidebars;
    expect(sidebar.title).toBe('Instantly Analytics');
    expect(sidebar.html).toContain('Refresh now');
  });
});

describe('Set API key…', () => {
  test('a valid key is checked with one request, then saved; the alert never shows it', async () => {
    const addon = start();
    addon.runtime.ui.queuePromptResponse({ button: 'OK', text: `  ${API_KEY}  ` });
    addon.runtime.call('setApiKeyFromMenu');
    expect(savedKey(addon)).toBe(API_KEY);
    const [workspace] = await standin.workspaces();
    expect(savedConnections(addon)).toEqual([
      expect.objectContaining({ id: workspace.id, name: workspace.name, apiKey: API_KEY }),
    ]);
    const requests = await standin.requests();
    expect(requests).toHaveLength(1);
    expect(requests[0].path).toBe('/api/v2/workspaces/current');
    expect(requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(addon.runtime.ui.alerts.at(-1)?.prompt).toBe(
      `Key saved: connected "${workspace.name}" (key ••••${API_KEY.slice(-4)}).`,
    );
    expect(everythingVisible(addon)).not.toContain(API_KEY);
  });

  test('a rejected key is not saved, and the alert says why', () => {
    const addon = start(API_KEY);
    addon.runtime.ui.queuePromptResponse({ button: 'OK', text: 'wrong-key-0000000000' });
    addon.runtime.call('setApiKeyFromMenu');
    expect(savedKey(addon)).toBe(API_KEY);
    expect(addon.runtime.ui.alerts.at(-1)?.prompt).toMatch(/not saved.*rejected the API key/);
    expect(everythingVisible(addon)).not.toContain('wrong-key-0000000000');
  });

  test('a key Instantly cannot be reached to check is not saved', async () => {
    const addon = start();
    await standin.queueFault({ reset: true });
    addon.runtime.ui.queuePromptResponse({ button: 'OK', text: API_KEY });
    addon.runtime.call('setApiKeyFromMenu');
    expect(savedKey(addon)).toBeNull();
    expect(addon.runtime.ui.alerts.at(-1)?.prompt).toMatch(/not saved.*Could not reach Instantly/);
  });

  test.each([
    ['Cancel', { button: 'CANCEL' as const, text: API_KEY }],
    ['an empty answer', { button: 'OK' as const, text: '   ' }],
  ])('%s changes nothing and sends nothing', async (_, answer) => {
    const addon = start('previous-key-1234567');
    addon.runtime.ui.queuePromptResponse(answer);
    addon.runtime.call('setApiKeyFromMenu');
    expect(savedKey(addon)).toBe('previous-key-1234567');
    expect(addon.runtime.ui.alerts).toEqual([]);
    expect(await standin.requests()).toEqual([]);
  });

  test('Remove API key removes it; formulas then say how to set one', () => {
    const addon = start(API_KEY);
    addon.runtime.call('removeApiKeyFromMenu');
    expect(savedKey(addon)).toBeNull();
    expect(() => addon.runtime.callAsCustomFunction('INSTANTLY_ANALYTICS')).toThrow(/Set API key/);
  });

  test('a new key is not served responses cached under the old one', async () => {
    const addon = start(API_KEY);
    addon.runtime.callAsCustomFunction('INSTANTLY_ANALYTICS');
    addon.runtime.ui.queuePromptResponse({ button: 'OK', text: API_KEY });
    addon.runtime.call('setApiKeyFromMenu');
    addon.runtime.callAsCustomFunction('INSTANTLY_ANALYTICS');
    // Each formula asks for the analytics and the campaign list afresh; the key check in between.
    expect(await analyticsRequests(standin)).toHaveLength(2);
    expect(await listFetches(standin)).toBe(2);
    const checks = (await standin.requests()).filter(
      (request) => request.path === '/api/v2/workspaces/current',
    );
    expect(checks).toHaveLength(1);
    // The first version's key moved to its workspace's own property.
    expect(savedKeys(addon)).toEqual([API_KEY]);
    expect(savedConnections(addon)).toHaveLength(1);
  });
});
