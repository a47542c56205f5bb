/**
 * The daily trend sheet as Sheets runs it: the built bundle in the local Apps Script runtime,
 * refreshed as the sidebar, the menu and the hourly trigger refresh, against the stand-in.
 */
import type { SheetSnapshot } from '../../dev/runtime/sheet';
import { DAILY_PATH } from '../../dev/standin/server';
import { createCampaign } from '../../dev/standin/workspace';
import type { RefreshResult } from '../../src/core/refresh';
import { type Addon, API_KEY, everythingVisible, startAddon, useStandin } from '../support/addon';
import {
  AGENCY,
  AWKWARD,
  activity,
  DEFAULT_HEADER,
  DRAFT,
  dailyRequests,
  dayShown,
  defaultColumns,
  FOUNDERS,
} from '../support/daily';

const NOW = '2026-11-26T12:00:00Z';
const DAILY_SHEET = 'Instantly Daily';
/** The chart's data starts at column M, one column after the widest table (A to K). */
const TREND_COLUMN = 13;
const LAST_7_DAYS = [
  '2026-11-20',
  '2026-11-21',
  '2026-11-22',
  '2026-11-23',
  '2026-11-24',
  '2026-11-25',
  '2026-11-26',
];
/** Activity(n) of the workspace on each of the last 7 days. */
const WORKSPACE_DAYS = [1, 0, 0, 0, 5, 2, 0];

const standin = useStandin([FOUNDERS, AGENCY, AWKWARD, DRAFT]);

const start = (options: Partial<Parameters<typeof startAddon>[0]> = {}): Addon =>
  startAddon({ standinUrl: standin.url, now: NOW, ...options });

function refresh(addon: Addon, settings: object = {}): RefreshResult {
  return addon.runtime.callFromClient('refreshNow', {
    dateRange: 'last_7_days',
    dailySheet: true,
    ...settings,
  }) as RefreshResult;
}

const dailySheet = (addon: Addon): SheetSnapshot => addon.spreadsheet.sheet(DAILY_SHEET).snapshot();

/** The cells of columns [from, to) (1-based), with each Date as the day it shows. */
function block(snapshot: SheetSnapshot, from: number, to: number, timeZone = 'Etc/UTC') {
  return snapshot.values
    .map((row) => row.slice(from - 1, to - 1))
    .filter((row) => row.some((cell) => cell !== ''))
    .map((row) =>
      row.map((cell) =>
        Object.prototype.toString.call(cell) === '[object Date]' ? dayShown(cell, timeZone) : cell,
      ),
    );
}

describe('a report of all campaigns', () => {
  test.each([
    ['Etc/UTC', LAST_7_DAYS],
    ['Pacific/Auckland', [...LAST_7_DAYS.slice(1), '2026-11-27']],
    ['America/Los_Angeles', LAST_7_DAYS],
  ])(
    'in %s: the workspace per day, dates as its days, and a chart of the trend metric beside it',
    async (timeZone, days) => {
      const addon = start({ timeZone });
      expect(refresh(addon).outcome).toMatchObject({ ok: true });
      const sheet = dailySheet(addon);
      const activityOn = (day: string) => WORKSPACE_DAYS[LAST_7_DAYS.indexOf(day)] ?? 0;
      expect(block(sheet, 1, 11, timeZone)).toEqual([
        DEFAULT_HEADER,
        ...days.map((day) => [day, ...defaultColumns(activityOn(day))]),
      ]);
      expect(sheet.frozenRows).toBe(1);
      expect(sheet.fontWeights[0][0]).toBe('bold');
      expect(sheet.numberFormats[1].slice(0, 5)).toEqual([
        'yyyy-mm-dd',
        '#,##0',
        '#,##0',
        '#,##0',
        '0.0%',
      ]);
      expect(sheet.displayValues[1][0]).toBe(days[0]);
      // The chart's data: one line, the workspace's unique replies.
      expect(block(sheet, TREND_COLUMN, TREND_COLUMN + 2, timeZone)).toEqual([
        ['Date', 'Unique replies'],
        ...days.map((day) => [day, 2 * activityOn(day)]),
      ]);
      expect(sheet.charts).toHaveLength(1);
      expect(sheet.charts[0]).toMatchObject({
        type: 'LINE',
        ranges: ['M1:N8'],
        options: { title: 'Unique replies per day (all campaigns)' },
      });
      const requests = await dailyRequests(standin);
      expect(requests.map((request) => request.query)).toEqual([
        { start_date: days[0], end_date: days[6] },
      ]);
    },
  );

  test('All time starts on the first day with activity, asking for two years at most', async () => {
    const addon = start();
    expect(refresh(addon, { dateRange: 'all_time' }).outcome.ok).toBe(true);
    const rows = block(dailySheet(addon), 1, 3).slice(1);
    expect(rows[0]).toEqual(['2026-09-01', 50]);
    expect(rows[rows.length - 1][0]).toBe('2026-11-26');
    expect(rows).toHaveLength(87);
    const [request] = await dailyRequests(standin);
    expect(request.query).toEqual({ start_date: '2024-11-27', end_date: '2026-11-26' });
  });
});

test('chosen campaigns: one row per campaign per day, its name first as text; one line each', async () => {
  const addon = start();
  const chosen = [AGENCY, AWKWARD, DRAFT];
  const result = refresh(addon, {
    campaignIds: chosen.map((campaign) => campaign.id),
    trendMetric: 'reply_rate',
  });
  expect(result.outcome.ok).toBe(true);
  const sheet = dailySheet(addon);
  const on: Record<string, Record<string, number>> = {
    [AGENCY.name]: { '2026-11-24': 3, '2026-11-25': 1 },
    [AWKWARD.name]: { '2026-11-25': 1 },
    [DRAFT.name]: {},
  };
  expect(block(sheet, 1, 12)).toEqual([
    ['Campaign', ...DEFAULT_HEADER],
    ...chosen.flatMap(({ name }) =>
      LAST_7_DAYS.map((day) => [name, day, ...defaultColumns(on[name][day] ?? 0)]),
    ),
  ]);
  // API text stays text: no cell became a formula.
  expect(sheet.formulas.flat().every((formula) => formula === '')).toBe(true);
  expect(sheet.numberFormats[1].slice(0, 2)).toEqual(['General', 'yyyy-mm-dd']);
  expect(block(sheet, TREND_COLUMN, TREND_COLUMN + 4)).toEqual([
    ['Date', ...chosen.map((campaign) => campaign.name)],
    ...LAST_7_DAYS.map((day) => [day, ...chosen.map(({ name }) => (on[name][day] ? 0.2 : ''))]),
  ]);
  expect(sheet.charts[0]).toMatchObject({
    ranges: ['M1:P8'],
    options: { title: 'Reply rate per day' },
  });
  const asked = (await dailyRequests(standin)).map((request) => request.query.campaign_id);
  expect(asked.sort()).toEqual(chosen.map((campaign) => campaign.id).sort());
});

test('it replaces its own table; a person’s columns and other sheets are never touched', () => {
  const addon = start();
  const chosen = [FOUNDERS, AGENCY, AWKWARD].map((campaign) => campaign.id);
  expect(refresh(addon, { campaignIds: chosen }).outcome.ok).toBe(true);
  const sheet = addon.spreadsheet.sheet(DAILY_SHEET);
  // A person's column to the right of the chart's data, and a sheet of their own.
  sheet.getRange('Y1:Y3').setValues([['My notes'], ['call back'], [42]]);
  addon.spreadsheet.insertSheet('Notes').getRange('A1').setValue('keep me');

  expect(refresh(addon, { campaignIds: [] }).outcome.ok).toBe(true);
  const after = dailySheet(addon);
  expect(block(after, 1, 12)).toHaveLength(8);
  expect(after.values.slice(8).every((row) => row.slice(0, 24).every((cell) => cell === ''))).toBe(
    true,
  );
  expect(after.values.every((row) => row[10] === '')).toBe(true);
  expect(after.values.slice(0, 3).map((row) => row[24])).toEqual(['My notes', 'call back', 42]);
  // The chart's data shrank to one line; the columns of the three are blank.
  expect(block(after, TREND_COLUMN, TREND_COLUMN + 4)[0]).toEqual([
    'Date',
    'Unique replies',
    '',
    '',
  ]);
  expect(block(after, TREND_COLUMN + 2, TREND_COLUMN + 4)).toEqual([]);
  expect(after.charts).toHaveLength(1);
  expect(after.charts[0].ranges).toEqual(['M1:N8']);
  expect(addon.spreadsheet.sheet('Notes').snapshot().values).toEqual([['keep me']]);
});

test('a failure keeps every table as it was, says why, and shows no key', async () => {
  const addon = start();
  expect(refresh(addon).outcome.ok).toBe(true);
  const before = addon.spreadsheet.sheetList().map((sheet) => sheet.snapshot());
  await standin.queueFault({
    status: 200,
    body: '[{"date":"2026-11-20","sent":"many"}]',
    path: DAILY_PATH,
  });
  addon.runtime.clock.advance(60_000);
  const { outcome } = refresh(addon);
  expect(outcome.ok).toBe(false);
  expect(outcome.error).toMatch(/does not understand \(sent of day 1 is not a number\)/);
  expect(addon.spreadsheet.sheetList().map((sheet) => sheet.snapshot())).toEqual(before);
  expect(everythingVisible(addon)).not.toContain(API_KEY);
});

test('off: no daily sheet and no daily request', async () => {
  const addon = start();
  expect(refresh(addon, { dailySheet: false }).outcome.ok).toBe(true);
  expect(addon.spreadsheet.sheetList().map((sheet) => sheet.getName())).not.toContain(DAILY_SHEET);
  expect(await dailyRequests(standin)).toEqual([]);
});

test('the menu’s Refresh now and the hourly run write it too, under its own name', () => {
  const addon = start();
  const saved = addon.runtime.callFromClient('saveReportSettings', {
    dateRange: 'last_7_days',
    dailySheet: true,
    dailySheetName: 'Trend by day',
    autoRefresh: '1',
  }) as { ok: boolean };
  expect(saved.ok).toBe(true);
  addon.runtime.call('refreshNowFromMenu');
  const sheet = addon.spreadsheet.sheet('Trend by day');
  expect(block(sheet.snapshot(), 1, 3)).toHaveLength(8);
  sheet.getRange('A1:K8').clearContent();
  addon.runtime.clock.advance(60 * 60_000);
  addon.runtime.fireTimeTrigger();
  expect(block(sheet.snapshot(), 1, 3)).toHaveLength(8);
  expect(addon.spreadsheet.sheetList().map((each) => each.getName())).not.toContain(DAILY_SHEET);
});

test('a refresh re-evaluates INSTANTLY_DAILY formulas with fresh days, formulas unchanged', async () => {
  const addon = start();
  const sheet = addon.spreadsheet.activeSheet();
  const formula =
    '=INSTANTLY_DAILY("Founders outreach", "2026-11-20", "2026-11-20", "sent", FALSE)';
  sheet.getRange('B2').setFormula(formula);
  addon.runtime.spreadsheets.recalculate();
  expect(sheet.getRange('C2').getValue()).toBe(30);
  await standin.setCampaigns([
    createCampaign({ ...FOUNDERS, daily: { '2026-11-20': activity(7) } }),
    AGENCY,
  ]);
  addon.runtime.spreadsheets.recalculate();
  expect(sheet.getRange('C2').getValue()).toBe(30); // cached, as a custom function would be
  expect(refresh(addon, { dailySheet: false }).outcome.ok).toBe(true);
  expect(sheet.getRange('C2').getValue()).toBe(210);
  expect(sheet.getRange('B2').getFormula()).toBe(formula);
});
