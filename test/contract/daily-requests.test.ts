/**
 * INSTANTLY_DAILY and the daily trend sheet against Prism serving the repository's v2 description:
 * every request the add-on makes to GET /api/v2/campaigns/analytics/daily passes Prism's
 * validation, and Prism's examples and generated days become rectangular tables.
 */
import type { AppsScriptRuntime } from '../../dev/runtime';
import { DAILY_PATH } from '../../dev/standin/server';
import type { RefreshResult } from '../../src/core/refresh';
import { addonAgainst, PRISM_MODES, prismVerdicts, usePrism } from '../support/contract';

/** The campaign list is cached for an hour; past that, the add-on lists again. */
const LIST_LIFETIME_MS = 3600_000 + 1;

type Addon = ReturnType<typeof addonAgainst>;

const daily = (runtime: AppsScriptRuntime, ...args: unknown[]) =>
  runtime.callAsCustomFunction('INSTANTLY_DAILY', ...args) as unknown[][];

/** Whether the campaign list the add-on holds names this id (the sidebar also lists analytics). */
function listed(runtime: AppsScriptRuntime, id: string): boolean {
  try {
    daily(runtime, id, 'today', '', 'sent');
    return true;
  } catch (error) {
    if (/No campaign matches/.test((error as Error).message)) return false;
    throw error;
  }
}

/** Up to three campaigns of the list; a generated list may be empty, then it is asked again. */
function listedCampaigns(runtime: AppsScriptRuntime): string[] {
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

const isDate = (value: unknown) => Object.prototype.toString.call(value) === '[object Date]';

describe.each(PRISM_MODES)('Prism with %s', (_, dynamic) => {
  const prism = usePrism(dynamic);

  test('every daily request the add-on makes passes validation', async () => {
    const addon = addonAgainst(prism());
    const { ids } = exerciseDailyRequests(addon, dynamic);
    const dailyFetches = addon.runtime.fetches.filter(({ url }) => url.includes(DAILY_PATH));
    const results = await prismVerdicts(prism(), dailyFetches);
    expect(results.filter((result) => result.status !== 200 || result.violations !== null)).toEqual(
      [],
    );
    const asked = results.map((result) => new URL(result.url, prism().url).searchParams);
    expect(asked.some((params) => !params.has('campaign_id'))).toBe(true);
    for (const id of ids) {
      expect(asked.some((params) => params.get('campaign_id') === id)).toBe(true);
    }
    expect(asked.every((params) => params.has('start_date') && params.has('end_date'))).toBe(true);
  });

  test('responses become rectangular tables: a date value, then plain values', () => {
    const { tables, refreshes, sheet } = exerciseDailyRequests(addonAgainst(prism()), dynamic);
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
