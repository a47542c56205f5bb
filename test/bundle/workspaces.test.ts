/**
 * Several Instantly workspaces in one spreadsheet, as an agency connects them: three stand-in
 * workspaces (Initech's without a paid plan), each with its own key. Keys are added, replaced
 * and removed from the sidebar and the menu; every function takes the workspace argument; every
 * request carries the key of the campaign it asks about; and a workspace that fails keeps its
 * rows while the others refresh.
 */
import { CAMPAIGN_STATUS, createWorkspace } from '../../dev/standin/workspace';
import {
  type Addon,
  everythingVisible,
  functionError,
  KEY_PROPERTY,
  savedConnections,
  startAddon,
  useStandin,
} from '../support/addon';
import { campaign } from '../support/campaign-fixtures';

const DAY = '2026-11-20';
const ACME_KEY = 'acme-key-00000000a001';
const ACME_NEW_KEY = 'acme-key-00000000a002';
const GLOBEX_KEY = 'globex-key-000000b001';
const INITECH_KEY = 'initech-key-00000c001';
const KEYS = [ACME_KEY, ACME_NEW_KEY, GLOBEX_KEY, INITECH_KEY];

const ACME = createWorkspace({
  name: 'Acme Outbound',
  apiKeys: [ACME_KEY, ACME_NEW_KEY],
  campaigns: [
    campaign('Shared intro', CAMPAIGN_STATUS.active, 1, { [DAY]: 1 }),
    campaign('Acme only', CAMPAIGN_STATUS.active, 2, { [DAY]: 1 }),
  ],
});
const GLOBEX = createWorkspace({
  name: 'Globex Sales',
  apiKeys: [GLOBEX_KEY],
  campaigns: [
    campaign('Shared intro', CAMPAIGN_STATUS.active, 3, { [DAY]: 1 }),
    campaign('Globex only', CAMPAIGN_STATUS.paused, 4, { [DAY]: 1 }),
  ],
});
const INITECH = createWorkspace({
  name: 'Initech',
  apiKeys: [INITECH_KEY],
  paidPlan: false,
  campaigns: [campaign('Initech only', CAMPAIGN_STATUS.active, 5, { [DAY]: 1 })],
});

const standin = useStandin([]);
beforeEach(() => standin.setWorkspaces([ACME, GLOBEX, INITECH]));

interface Result {
  ok: boolean;
  message: string;
  workspaces: { id: string; name: string; keyHint: string }[];
}
interface FailedWorkspace {
  name: string;
  error: string;
}
interface Outcome {
  ok: boolean;
  rows: number;
  error?: string;
  failedWorkspaces?: FailedWorkspace[];
}

const start = (): Addon =>
  startAddon({ standinUrl: standin.url, now: '2026-11-26T12:00:00Z', apiKey: null });
const addKey = (addon: Addon, key: string) =>
  addon.runtime.callFromClient('saveApiKeyFromSidebar', key) as Result;
const addKeyFromMenu = (addon: Addon, key: string) => {
  addon.runtime.ui.queuePromptResponse({ button: 'OK', text: key });
  addon.runtime.call('setApiKeyFromMenu');
  return addon.runtime.ui.alerts.at(-1)?.prompt ?? '';
};
/** Acme and Globex connected, in that order. */
function connected(): Addon {
  const addon = start();
  expect(addKey(addon, ACME_KEY).ok).toBe(true);
  expect(addKey(addon, GLOBEX_KEY).ok).toBe(true);
  return addon;
}
const formula = (addon: Addon, name: string, ...args: unknown[]) =>
  addon.runtime.callAsCustomFunction(name, ...args) as unknown[][];
const FUNCTIONS = [
  'INSTANTLY_ANALYTICS',
  'INSTANTLY_DAILY',
  'INSTANTLY_STEPS',
  'INSTANTLY_OVERVIEW',
];

/** Every key, wherever a person or a log could see it: never. */
function expectNoKey(addon: Addon, ...more: unknown[]): void {
  const visible = everythingVisible(addon) + JSON.stringify(more);
  for (const key of KEYS) expect(visible).not.toContain(key);
}

describe('connections', () => {
  test('each key is checked with one request and listed by its workspace name and last 4', async () => {
    const addon = start();
    const added = addKey(addon, ACME_KEY);
    expect(added).toMatchObject({
      ok: true,
      message: expect.stringMatching(/^Key saved: connected "Acme Outbound"/),
    });
    const requests = await standin.requests();
    expect(requests.map((request) => [request.path, request.workspaceId])).toEqual([
      ['/api/v2/workspaces/current', ACME.id],
    ]);
    expect(added.workspaces).toEqual([{ id: ACME.id, name: 'Acme Outbound', keyHint: '••••a001' }]);

    // The menu's Set API key… adds another workspace.
    expect(addKeyFromMenu(addon, GLOBEX_KEY)).toMatch(/^Key saved: connected "Globex Sales"/);
    // A workspace without a paid plan is saved all the same, under its masked key.
    const unpaid = addKey(addon, INITECH_KEY);
    expect(unpaid.ok).toBe(true);
    expect(unpaid.message).toMatch(/no active paid plan/);
    expect(unpaid.workspaces.map((workspace) => workspace.name)).toEqual([
      'Acme Outbound',
      'Globex Sales',
      'Workspace ••••c001',
    ]);
    expectNoKey(addon, added, unpaid);
    expect(savedConnections(addon).map((one) => one.apiKey)).toEqual([
      ACME_KEY,
      GLOBEX_KEY,
      INITECH_KEY,
    ]);
  });

  test('a key of a connected workspace replaces its key, from the sidebar or the menu', () => {
    const addon = connected();
    const replaced = addKey(addon, ACME_NEW_KEY);
    expect(replaced.message).toMatch(/^Key saved: it replaces the key of "Acme Outbound"/);
    expect(replaced.workspaces.map((workspace) => [workspace.name, workspace.keyHint])).toEqual([
      ['Acme Outbound', '••••a002'],
      ['Globex Sales', '••••b001'],
    ]);
    expect(addKeyFromMenu(addon, ACME_KEY)).toMatch(/it replaces the key of "Acme Outbound"/);
    expect(savedConnections(addon).map((one) => [one.name, one.apiKey])).toEqual([
      ['Acme Outbound', ACME_KEY],
      ['Globex Sales', GLOBEX_KEY],
    ]);
    expectNoKey(addon, replaced);
  });

  test('a refused key is not saved and changes nothing', () => {
    const addon = connected();
    const refused = addKey(addon, 'nobody-key-0000000000');
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/not saved.*rejected the API key/);
    expect(refused.workspaces).toHaveLength(2);
    expect(JSON.stringify(everythingVisible(addon))).not.toContain('nobody-key-0000000000');
  });

  test('Remove <name> removes that workspace only; the menu removes them all', () => {
    const addon = connected();
    const removed = addon.runtime.callFromClient('removeWorkspaceFromSidebar', GLOBEX.id) as Result;
    expect(removed.ok).toBe(true);
    expect(removed.message).toMatch(/Removed "Globex Sales"/);
    expect(removed.workspaces.map((workspace) => workspace.name)).toEqual(['Acme Outbound']);
    expect(savedConnections(addon).map((one) => one.apiKey)).toEqual([ACME_KEY]);
    addon.runtime.call('removeApiKeyFromMenu');
    expect(addon.runtime.ui.alerts.at(-1)?.prompt).toMatch(/The API key was removed/);
    expect(savedConnections(addon)).toEqual([]);
    expect(functionError(addon, 'INSTANTLY_ANALYTICS')).toMatch(/Set API key/);
  });

  test('the first version’s key is identified when the sidebar opens, and moves to its workspace', async () => {
    const addon = start();
    const properties = addon.runtime.documentProperties(addon.spreadsheet.getId());
    properties.setProperty(KEY_PROPERTY, GLOBEX_KEY);
    const state = addon.runtime.callFromClient('getSidebarState') as Result;
    expect(state.workspaces).toEqual([
      { id: GLOBEX.id, name: 'Globex Sales', keyHint: '••••b001' },
    ]);
    expect(properties.getProperty(KEY_PROPERTY)).toBeNull();
    expect(savedConnections(addon).map((one) => one.apiKey)).toEqual([GLOBEX_KEY]);
    expect((await standin.requests()).map((request) => request.path)).toEqual([
      '/api/v2/workspaces/current',
    ]);
    expectNoKey(addon, state);
  });
});

describe('the workspace argument', () => {
  test('INSTANTLY_ANALYTICS: every workspace by default, the workspace column first', () => {
    const addon = connected();
    const table = formula(
      addon,
      'INSTANTLY_ANALYTICS',
      '',
      '',
      '',
      'workspace_name,campaign_name,contacted_count',
    );
    expect(table).toEqual([
      ['Workspace', 'Campaign', 'Contacted'],
      ['Acme Outbound', 'Shared intro', 40],
      ['Acme Outbound', 'Acme only', 80],
      ['Globex Sales', 'Shared intro', 120],
      ['Globex Sales', 'Globex only', 160],
    ]);
    expect(formula(addon, 'INSTANTLY_ANALYTICS')[0][0]).toBe('Workspace');
    expect(
      formula(addon, 'INSTANTLY_ANALYTICS', '', '', '', 'campaign_name', false, 'globex SALES'),
    ).toEqual([['Shared intro'], ['Globex only']]);
    expect(
      formula(addon, 'INSTANTLY_ANALYTICS', '', '', '', 'campaign_name', false, [
        ['Globex Sales'],
        ['Acme Outbound'],
      ]),
    ).toHaveLength(4);
  });

  test.each(FUNCTIONS)(
    '%s: an unknown workspace is an error listing the connected ones',
    (name) => {
      const addon = connected();
      expect(functionError(addon, name, '', '', '', '', true, 'Initech')).toBe(
        'No connected workspace is called "Initech". Connected: "Acme Outbound", "Globex Sales".',
      );
    },
  );

  test.each(FUNCTIONS)('%s: a name in two workspaces is an error naming both', (name) => {
    const addon = connected();
    expect(functionError(addon, name, 'Shared intro')).toBe(
      'The campaign "Shared intro" is in more than one workspace: "Acme Outbound", "Globex Sales". ' +
        'Name the workspace in the workspace argument.',
    );
    expect(() =>
      formula(addon, name, 'Shared intro', '', '', '', true, 'Globex Sales'),
    ).not.toThrow();
  });

  test('INSTANTLY_DAILY: each workspace’s totals, its name first; or one workspace', () => {
    const addon = connected();
    const all = formula(addon, 'INSTANTLY_DAILY', '', DAY, DAY, 'workspace_name,contacted');
    expect(all).toEqual([
      ['Workspace', 'Date', 'Contacted'],
      ['Acme Outbound', expect.anything(), 120],
      ['Globex Sales', expect.anything(), 280],
    ]);
    const one = formula(
      addon,
      'INSTANTLY_DAILY',
      '',
      DAY,
      DAY,
      'contacted',
      false,
      'Acme Outbound',
    );
    expect(one.map((row) => row[1])).toEqual([120]);
  });

  test('INSTANTLY_STEPS: a block per workspace, each row starting with its workspace', () => {
    const addon = connected();
    const table = formula(addon, 'INSTANTLY_STEPS', '', DAY, DAY);
    expect(table[0].slice(0, 2)).toEqual(['Workspace', 'Step']);
    const names = new Set(table.slice(1).map((row) => row[0]));
    expect(names).toEqual(new Set(['Acme Outbound', 'Globex Sales']));
    const globex = formula(addon, 'INSTANTLY_STEPS', '', DAY, DAY, 'step', false, 'Globex Sales');
    expect(globex.length).toBeGreaterThan(0);
  });

  test('INSTANTLY_OVERVIEW: a row per workspace and a last row of their sum', () => {
    const addon = connected();
    const table = formula(
      addon,
      'INSTANTLY_OVERVIEW',
      '',
      DAY,
      DAY,
      'workspace_name,contacted_count',
    );
    expect(table).toEqual([
      ['Workspace', 'Contacted'],
      ['Acme Outbound', 120],
      ['Globex Sales', 280],
      ['All workspaces', 400],
    ]);
    expect(
      formula(addon, 'INSTANTLY_OVERVIEW', 'Globex only', DAY, DAY, 'contacted_count', false),
    ).toEqual([[160]]);
  });

  test('every request carries the key of the workspace whose campaigns it asks about', async () => {
    const addon = connected();
    await standin.clearRequests();
    const named = [['Acme only'], ['Globex only']];
    formula(addon, 'INSTANTLY_ANALYTICS', named, DAY, DAY, 'campaign_name,total_interested');
    formula(addon, 'INSTANTLY_DAILY', named, DAY, DAY);
    formula(addon, 'INSTANTLY_STEPS', named, DAY, DAY);
    formula(addon, 'INSTANTLY_OVERVIEW', named, DAY, DAY);
    formula(addon, 'INSTANTLY_DAILY', '', DAY, DAY);
    const owner = new Map<string, string>();
    for (const workspace of await standin.workspaces()) {
      for (const one of workspace.campaigns) owner.set(one.id, workspace.id);
    }
    const requests = await standin.requests();
    const asked = requests.flatMap((request) => {
      const ids = [request.query.campaign_id ?? [], request.query.ids ?? []].flat();
      return ids.map((id) => [id, request.workspaceId]);
    });
    // Outcomes, days and steps of each campaign (the overview's answers come from the outcomes').
    expect(asked.length).toBe(6);
    for (const [id, workspaceId] of asked)
      expect([id, workspaceId]).toEqual([id, owner.get(id as string)]);
    // Both workspaces were asked, each with its own key only.
    expect(new Set(requests.map((request) => request.workspaceId))).toEqual(
      new Set([ACME.id, GLOBEX.id]),
    );
    expectNoKey(addon);
  });

  test('workspaces are fetched side by side: each batch holds every workspace’s request', () => {
    const addon = connected();
    addon.runtime.clock.advance(2 * 60 * 60_000); // past every cached list
    addon.runtime.resetCounters();
    formula(addon, 'INSTANTLY_ANALYTICS', '', DAY, DAY);
    const batches = new Map<number, string[]>();
    for (const fetch of addon.runtime.fetches) {
      const path = new URL(fetch.url).pathname;
      batches.set(fetch.at, [...(batches.get(fetch.at) ?? []), path]);
    }
    // The lists' first pages together, their empty last pages together, then both analytics.
    expect([...batches.values()]).toEqual([
      ['/api/v2/campaigns', '/api/v2/campaigns'],
      ['/api/v2/campaigns', '/api/v2/campaigns'],
      ['/api/v2/campaigns/analytics', '/api/v2/campaigns/analytics'],
    ]);
  });
});

describe('a workspace that fails', () => {
  const SETTINGS = {
    sheetName: 'Instantly Analytics',
    dateRange: 'custom',
    startDate: DAY,
    endDate: DAY,
    fields: ['campaign_name', 'contacted_count'],
    dailySheet: true,
    stepsSheet: true,
    keepHistory: true,
  };
  const refreshNow = (addon: Addon) =>
    (addon.runtime.callFromClient('refreshNow', SETTINGS) as { outcome: Outcome }).outcome;
  const rowsOf = (addon: Addon, sheet: string, workspace: string) =>
    addon.spreadsheet
      .sheet(sheet)
      .snapshot()
      .values.filter((row) => row[0] === workspace);
  const noteOf = (addon: Addon, sheet: string) =>
    addon.spreadsheet.sheet(sheet).snapshot().notes[0][0];
  const SHEETS = ['Instantly Analytics', 'Instantly Daily', 'Instantly Steps'];

  test('costs no other workspace: its previous rows stay, and every place says why', async () => {
    const addon = connected();
    expect(refreshNow(addon)).toMatchObject({ ok: true, rows: 4 });
    expect(addon.spreadsheet.sheet('Instantly Analytics').snapshot().values[0].slice(0, 3)).toEqual(
      ['Workspace', 'Campaign', 'Contacted'],
    );
    const before = SHEETS.map((sheet) => rowsOf(addon, sheet, 'Globex Sales'));
    for (const rows of before) expect(rows.length).toBeGreaterThan(0);
    const history = addon.spreadsheet.sheet('Instantly History').snapshot().values;
    expect(history.flat()).toContain('Globex Sales');

    // Globex's key is revoked in Instantly.
    await standin.setWorkspaces([ACME, { ...GLOBEX, apiKeys: [] }, INITECH]);
    await standin.clearRequests();
    const outcome = refreshNow(addon);
    expect(outcome.ok).toBe(true);
    expect(outcome.rows).toBe(2);
    expect(outcome.failedWorkspaces).toEqual([
      { name: 'Globex Sales', error: expect.stringMatching(/rejected the API key/) },
    ]);
    // Acme was read afresh; Globex's rows are those of the previous refresh, as they were.
    const acmeRequests = (await standin.requests()).filter((r) => r.workspaceId === ACME.id);
    expect(acmeRequests.length).toBeGreaterThan(0);
    expect(SHEETS.map((sheet) => rowsOf(addon, sheet, 'Globex Sales'))).toEqual(before);
    // Today's snapshot, which holds Globex's rows, stays as it was rather than lose them.
    expect(addon.spreadsheet.sheet('Instantly History').snapshot().values).toEqual(history);
    for (const sheet of SHEETS) {
      expect(rowsOf(addon, sheet, 'Acme Outbound').length).toBeGreaterThan(0);
      expect(noteOf(addon, sheet)).toMatch(
        /Not refreshed.*\n.*Globex Sales: Instantly rejected the API key/s,
      );
    }
    const state = addon.runtime.callFromClient('getSidebarState') as {
      status: { lastSuccess: Outcome };
    };
    expect(state.status.lastSuccess.failedWorkspaces?.[0].name).toBe('Globex Sales');

    // The menu's Refresh now says so in an alert.
    addon.runtime.call('refreshNowFromMenu');
    expect(addon.runtime.ui.alerts.at(-1)?.prompt).toMatch(
      /Not refreshed \(their previous rows were kept\): Globex Sales: Instantly rejected the API key/,
    );
    expect(SHEETS.map((sheet) => rowsOf(addon, sheet, 'Globex Sales'))).toEqual(before);
    expectNoKey(addon, state);
  });

  test('every workspace failing fails the refresh, and every table stays', async () => {
    const addon = connected();
    expect(refreshNow(addon).ok).toBe(true);
    const before = SHEETS.map((sheet) => addon.spreadsheet.sheet(sheet).snapshot().values);
    await standin.setWorkspaces([{ ...ACME, apiKeys: [] }, { ...GLOBEX, apiKeys: [] }, INITECH]);
    const outcome = refreshNow(addon);
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/Acme Outbound: .*rejected.* Globex Sales: .*rejected/);
    expect(SHEETS.map((sheet) => addon.spreadsheet.sheet(sheet).snapshot().values)).toEqual(before);
  });

  test('a workspace without a paid plan is named, and the others are written', () => {
    const addon = connected();
    addKey(addon, INITECH_KEY);
    const outcome = refreshNow(addon);
    expect(outcome.ok).toBe(true);
    expect(outcome.failedWorkspaces).toEqual([
      { name: 'Workspace ••••c001', error: expect.stringMatching(/no active paid plan/) },
    ]);
    expectNoKey(addon);
  });
});

describe('the report’s workspaces and the schedule', () => {
  test('the report covers the workspaces chosen; one alone has no Workspace column', () => {
    const addon = connected();
    const result = addon.runtime.callFromClient('refreshNow', {
      dateRange: 'all_time',
      fields: ['campaign_name'],
      workspaceIds: [GLOBEX.id],
    }) as { outcome: Outcome };
    expect(result.outcome.rows).toBe(2);
    expect(addon.spreadsheet.sheet('Instantly Analytics').snapshot().values.slice(0, 3)).toEqual([
      ['Campaign'],
      ['Shared intro'],
      ['Globex only'],
    ]);
  });

  test('the schedule owner keeps copies of the included keys; removing one drops its copy', async () => {
    const addon = connected();
    const saved = addon.runtime.callFromClient('saveReportSettings', {
      dateRange: 'all_time',
      autoRefresh: '1',
    }) as { ok: boolean };
    expect(saved.ok).toBe(true);
    const entry = () => JSON.stringify(addon.runtime.userProperties.getProperties());
    expect(entry()).toContain(ACME_KEY);
    expect(entry()).toContain(GLOBEX_KEY);
    // The hourly run reads both workspaces, each with the owner's copy of its key.
    await standin.clearRequests();
    addon.runtime.clock.advance(60 * 60_000);
    addon.runtime.fireTimeTrigger();
    const workspaces = new Set((await standin.requests()).map((request) => request.workspaceId));
    expect(workspaces).toEqual(new Set([ACME.id, GLOBEX.id]));
    expect(addon.spreadsheet.sheet('Instantly Analytics').snapshot().values).toHaveLength(5);
    addon.runtime.callFromClient('removeWorkspaceFromSidebar', GLOBEX.id);
    expect(entry()).toContain(ACME_KEY);
    expect(entry()).not.toContain(GLOBEX_KEY);
  });
});
