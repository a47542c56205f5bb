/**
 * INSTANTLY_DAILY and the daily trend sheet against Prism serving the repository's v2 description:
 * every request the add-on makes to GET /api/v2/campaigns/analytics/daily passes Prism's
 * validation, and Prism's examples and generated days become rectangular tables.
 */
import { createRuntime } from '../../dev/runtime';
import type { RefreshResult } from '../../src/core/refresh';
import { DIST, KEY_PROPERTY } from '../support/addon';
import { type PrismMock, startPrism } from '../support/prism';

const KEY = 'contract-test-key-0123456789';
const DAILY_PATH = '/api/v2/campaigns/analytics/daily';
/** The campaign list is cached for an hour; past that, the add-on lists again. */
const LIST_LIFETIME_MS = 3600_000 + 1;

type Runtime = ReturnType<typeof createRuntime>;
type Addon = ReturnType<typeof addonAgainst>;

function addonAgainst(prism: PrismMock) {
  const runtime = createRuntime({
    distDir: DIST,
    now: '2026-11-26T12:00:00Z',
    scriptProperties: { INSTANTLY_API_BASE_URL: prism.url },
  });
  const spreadsheet = runtime.createSpreadsheet({ name: 'Contract', timeZone: 'Europe/Berlin' });
  runtime.documentProperties(spreadsheet.getId()).setProperty(KEY_PROPERTY, KEY);
  return { runtime, spreadsheet };
}

const daily = (runtime: Runtime, ...args: unknown[]) =>
  runtime.callAsCustomFunction('INSTANTLY_DAILY', ...args) as unknown[][];

/** Whether the campaign list the add-on holds names this id (the sidebar also lists analytics). */
function listed(runtime: Runtime, id: string): boolean {
  try {
    daily(runtime, id, 'today', '', 'sent');
    return true;
  } catch (error) {
    if (/No campaign matches/.test((error as Error).message)) return false;
    throw error;
  }
}

/** Up to three campaigns of the list; a generated list may be empty, then it is asked again. */
function listedCampaigns(runtime: Runtime): string[] {
  for (let attempt = 0; attempt < 10; attempt++) {
    const options = runtime.callFromClient('listCampaigns') as { id: string }[];
    const ids = [...new Set(options.map((option) => option.id))].filter((id) =>
      listed(runtime, id),
    );
    if (ids.length > 0) return ids.slice(0, 3);
    runtime.clock.advance(LIST_LIFETIME_MS);
  }
  throw new Error('Prism listed no campaign in 10 tries');
}

/**
 * Every kind of daily request: each argument form, and the sheet for chosen and all campaigns.
 * A refresh lists the campaigns afresh, and a generated list names other campaigns each time, so
 * chosen campaigns are refreshed against the examples only.
 */
function exerciseDailyRequests({ runtime, spreadsheet }: Addon, dynamic: boolean) {
  const ids = listedCampaigns(runtime);
  const tables = [
    daily(runtime),
    daily(runtime, '', '2026-01-01', '2026-01-31'),
    daily(runtime, '', 'last_7_days', '', 'sent,reply_rate,unique_opportunities'),
    daily(runtime, ids[0], 'this_month'),
    daily(
      runtime,
      ids.map((id) => [id]),
      'last_month',
      '',
      '',
      false,
    ),
  ];
  const chosen = { dateRange: 'all_time', campaignIds: ids, trendMetric: 'click_rate' };
  const refreshes = [...(dynamic ? [] : [chosen]), { dateRange: 'this_month' }].map(
    (settings) =>
      runtime.callFromClient('refreshNow', { ...settings, dailySheet: true }) as RefreshResult,
  );
  return { ids, tables, refreshes, sheet: spreadsheet.sheet('Instantly Daily').snapshot() };
}

/** Sends the add-on's daily requests again and collects what Prism's validator says of them. */
function violations(prism: PrismMock, runtime: Runtime) {
  return Promise.all(
    runtime.fetches
      .filter(({ url }) => url.includes(DAILY_PATH))
      .map(async ({ url, headers }) => {
        const response = await fetch(url, { headers });
        return {
          url: url.replace(prism.url, ''),
          status: response.status,
          violations: response.headers.get('sl-violations'),
        };
      }),
  );
}

const isDate = (value: unknown) => Object.prototype.toString.call(value) === '[object Date]';

describe.each([
  ['examples', false],
  ['generated responses (-d)', true],
])('Prism with %s', (_, dynamic) => {
  let prism: PrismMock;
  beforeAll(async () => {
    prism = await startPrism({ dynamic });
  });
  afterAll(() => prism.stop());

  test('every daily request the add-on makes passes validation', async () => {
    const addon = addonAgainst(prism);
    const { ids } = exerciseDailyRequests(addon, dynamic);
    const results = await violations(prism, addon.runtime);
    expect(results.filter((result) => result.status !== 200 || result.violations !== null)).toEqual(
      [],
    );
    const asked = results.map((result) => new URL(result.url, prism.url).searchParams);
    expect(asked.some((params) => !params.has('campaign_id'))).toBe(true);
    for (const id of ids) {
      expect(asked.some((params) => params.get('campaign_id') === id)).toBe(true);
    }
    expect(asked.every((params) => params.has('start_date') && params.has('end_date'))).toBe(true);
  });

  test('responses become rectangular tables: a date value, then plain values', () => {
    const { tables, refreshes, sheet } = exerciseDailyRequests(addonAgainst(prism), dynamic);
    for (const table of tables) {
      const width = table[0].length;
      const dateColumn = table[table.length - 1].findIndex(isDate);
      expect([0, 1]).toContain(dateColumn);
      table.forEach((row, index) => {
        expect(row).toHaveLength(width);
        // A header, if any, is the first row and all text; every other row is a day.
        if (!row.some(isDate)) {
          expect(index).toBe(0);
          for (const cell of row) expect(typeof cell).toBe('string');
          return;
        }
        row.forEach((cell, column) => {
          if (column === dateColumn) expect(isDate(cell)).toBe(true);
          else expect(['string', 'number']).toContain(typeof cell);
        });
      });
    }
    expect(refreshes.map((refresh) => refresh.outcome.error ?? 'ok')).toEqual(
      refreshes.map(() => 'ok'),
    );
    expect(sheet.values[0].slice(0, 2)).toEqual(['Date', 'Contacted']);
    expect(sheet.charts).toHaveLength(1);
  });
});
