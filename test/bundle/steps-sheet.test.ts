/**
 * The steps sheet a refresh writes beside the report when the sidebar's Step analytics sheet is
 * on: the built bundle in the local Apps Script runtime, against the Instantly stand-in.
 */
import { campaignStepRows, type StepRow, workspaceStepRows } from '../../dev/standin/reports';
import { STEPS_PATH } from '../../dev/standin/server';
import { createCampaign, type DayRange, fixtureWorkspace } from '../../dev/standin/workspace';
import type { RefreshResult } from '../../src/core/refresh';
import type { ActionResult } from '../../src/core/sidebar-api';
import { type Addon, API_KEY, everythingVisible, startAddon, useStandin } from '../support/addon';
import { requestsTo, STEP_DEFAULT_HEADER } from '../support/formulas';

const AWKWARD = createCampaign({
  name: '=HYPERLINK("http://x.example","go")',
  totals: { emails_sent_count: 40, reply_count_unique: 4 },
});
const campaigns = [...fixtureWorkspace(4), AWKWARD];
const standin = useStandin(campaigns);

const JANUARY: DayRange = { start: '2025-01-01', end: '2025-01-31' };
const REPORT = 'Instantly Analytics';
const STEPS = 'Instantly Steps';
const HEADER = [...STEP_DEFAULT_HEADER, 'Opportunities', 'Meetings booked'];
/** The table is at most 12 columns wide (with Campaign); its chart's data starts at column N. */
const CHART_DATA_COLUMN = 14;

const start = (): Addon => startAddon({ standinUrl: standin.url, now: '2026-11-26T12:00:00Z' });
const januaryReport = (overrides: Record<string, unknown> = {}) => ({
  sheetName: REPORT,
  dateRange: 'custom',
  startDate: JANUARY.start,
  endDate: JANUARY.end,
  campaignIds: [],
  stepsSheet: true,
  ...overrides,
});
const refreshNow = (addon: Addon, settings: Record<string, unknown> = januaryReport()) =>
  addon.runtime.callFromClient('refreshNow', settings) as RefreshResult;
const stepsSnapshot = (addon: Addon, name = STEPS) => addon.spreadsheet.sheet(name).snapshot();
const stepRequests = async () => requestsTo(await standin.requests(), STEPS_PATH);

const rate = (count: number | undefined, sent: number | undefined) =>
  sent ? (count ?? 0) / sent : '';

/** The rows a person should see, worked out here from the stand-in's step rows. */
function expectedRows(rows: StepRow[]): unknown[][] {
  const byStep = (row: StepRow) => [Number(row.step), Number(row.variant)];
  const cells = (row: Partial<StepRow>) => [
    row.sent,
    row.unique_opened,
    rate(row.unique_opened, row.sent),
    row.unique_replies,
    rate(row.unique_replies, row.sent),
    row.unique_clicks,
    rate(row.unique_clicks, row.sent),
    row.opportunities,
    row.meetings_booked,
  ];
  const attributed = rows
    .filter((row) => row.step !== null)
    .sort((a, b) => byStep(a)[0] - byStep(b)[0] || byStep(a)[1] - byStep(b)[1])
    .map((row) => [Number(row.step), 'ABC'[Number(row.variant)], ...cells(row)]);
  const loose = rows.filter((row) => row.step === null);
  if (loose.length === 0) return attributed;
  const sum: Record<string, number> = {};
  for (const row of loose) {
    for (const [name, value] of Object.entries(row)) {
      if (typeof value === 'number') sum[name] = (sum[name] ?? 0) + value;
    }
  }
  return [...attributed, ['Unattributed', '', ...cells(sum)]];
}

/** The sheet's table: the cells left of the chart's data, cut to the rows that show anything. */
function tableOf(addon: Addon, name = STEPS): unknown[][] {
  return stepsSnapshot(addon, name)
    .values.map((row) => row.slice(0, CHART_DATA_COLUMN - 2))
    .filter((row) => row.some((cell) => cell !== ''))
    .map((row) => {
      let end = row.length;
      while (end > 0 && row[end - 1] === '') end--;
      return row.slice(0, Math.max(end, HEADER.length));
    });
}

describe('the steps sheet', () => {
  test('off by default: no steps request and no sheet', async () => {
    const addon = start();
    expect(refreshNow(addon, januaryReport({ stepsSheet: undefined })).outcome.ok).toBe(true);
    expect(await stepRequests()).toEqual([]);
    expect(addon.spreadsheet.sheetList().map((sheet) => sheet.getName())).not.toContain(STEPS);
  });

  test('all campaigns: the workspace’s steps from one request, with a bar chart of reply rates', async () => {
    const addon = start();
    expect(refreshNow(addon).outcome.ok).toBe(true);
    const rows = workspaceStepRows(campaigns, JANUARY, true);
    expect(tableOf(addon)).toEqual([HEADER, ...expectedRows(rows)]);
    const requests = await stepRequests();
    expect(requests.map((request) => request.query)).toEqual([
      { start_date: JANUARY.start, end_date: JANUARY.end, include_opportunities_count: 'true' },
    ]);

    const snapshot = stepsSnapshot(addon);
    expect(snapshot.frozenRows).toBe(1);
    expect(snapshot.fontWeights[0].slice(0, HEADER.length)).toEqual(HEADER.map(() => 'bold'));
    expect(snapshot.numberFormats[1].slice(2, 5)).toEqual(['#,##0', '#,##0', '0.0%']);
    expect(snapshot.notes[0][0]).toContain('Date range: 2025-01-01 to 2025-01-31');
    expect(snapshot.formulas.flat().filter(Boolean)).toEqual([]);

    const chartData = snapshot.values
      .map((row) => row.slice(CHART_DATA_COLUMN - 1, CHART_DATA_COLUMN + 1))
      .filter((row) => row[0] !== '');
    const attributed = expectedRows(rows).filter((row) => row[0] !== 'Unattributed');
    expect(chartData).toEqual([
      ['Step and variant', 'Reply rate'],
      ...attributed.map((row) => [`Step ${row[0]} ${row[1]}`, row[6]]),
    ]);
    expect(snapshot.charts).toEqual([
      expect.objectContaining({
        type: 'BAR',
        ranges: [`N1:O${chartData.length}`],
        options: expect.objectContaining({ title: 'Reply rate by step and variant' }),
        position: expect.objectContaining({ row: 2, column: CHART_DATA_COLUMN + 3 }),
      }),
    ]);
  });

  test('chosen campaigns: a block per campaign, its name first and kept as text', async () => {
    const chosen = [AWKWARD, campaigns[1]];
    const addon = start();
    refreshNow(addon, januaryReport({ campaignIds: chosen.map((campaign) => campaign.id) }));
    expect(tableOf(addon)).toEqual([
      ['Campaign', ...HEADER],
      ...chosen.flatMap((campaign) =>
        expectedRows(campaignStepRows(campaign, JANUARY, true)).map((row) => [
          campaign.name,
          ...row,
        ]),
      ),
    ]);
    expect(stepsSnapshot(addon).formulas.flat().filter(Boolean)).toEqual([]);
    expect((await stepRequests()).map((request) => request.query.campaign_id)).toEqual(
      chosen.map((campaign) => campaign.id),
    );
  });

  test('a refresh replaces its table, blanks what is left, keeps a person’s columns and the chart', () => {
    const addon = start();
    refreshNow(addon, januaryReport({ campaignIds: campaigns.slice(0, 3).map((c) => c.id) }));
    const sheet = addon.spreadsheet.sheet(STEPS);
    sheet.getRange('M1:M2').setValues([['My notes'], ['keep']]);
    sheet.getRange('T5').setValue('mine too');
    refreshNow(addon);
    const snapshot = stepsSnapshot(addon);
    expect(tableOf(addon)).toEqual([
      HEADER,
      ...expectedRows(workspaceStepRows(campaigns, JANUARY, true)),
    ]);
    expect(snapshot.values[0][12]).toBe('My notes');
    expect(snapshot.values[1][12]).toBe('keep');
    expect(snapshot.values[4][19]).toBe('mine too');
    expect(snapshot.charts).toHaveLength(1);
  });

  test('a failure writes nothing: the old tables stay, other sheets are untouched', async () => {
    const addon = start();
    addon.spreadsheet.sheet('Sheet1').getRange('A1').setValue('Budget');
    refreshNow(addon);
    const before = addon.spreadsheet.sheetList().map((sheet) => sheet.snapshot());
    await standin.queueFault({ status: 500, path: STEPS_PATH, times: 100 });
    const { outcome } = refreshNow(addon, januaryReport({ startDate: '2025-01-10' }));
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/Instantly is having trouble \(HTTP 500\)/);
    expect(addon.spreadsheet.sheetList().map((sheet) => sheet.snapshot())).toEqual(before);
    expect(everythingVisible(addon)).not.toContain(API_KEY);
  });

  test('its own name; it may not be the report or the history sheet', () => {
    const addon = start();
    refreshNow(addon, januaryReport({ stepsSheetName: 'Variants' }));
    expect(tableOf(addon, 'Variants')[0]).toEqual(HEADER);
    const save = (settings: Record<string, unknown>) =>
      addon.runtime.callFromClient('saveReportSettings', januaryReport(settings)) as ActionResult;
    expect(save({ stepsSheetName: 'instantly analytics' })).toMatchObject({
      ok: false,
      message: 'The steps sheet must be a different sheet from the report.',
    });
    expect(save({ keepHistory: true, historySheetName: 'Log', stepsSheetName: 'LOG' }).ok).toBe(
      false,
    );
    expect(save({ stepsSheetName: 'By step' }).ok).toBe(true);
  });
});
