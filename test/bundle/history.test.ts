/**
 * Keep history whose cost does not grow with its length: the bundle in the local runtime against
 * the stand-in, counting the spreadsheet cells each refresh reads and writes.
 */
import { writeEarlierDays } from '../../dev/bench/history';
import type { CellValue } from '../../dev/runtime/cells';
import type { FakeSheet } from '../../dev/runtime/sheet';
import { createCampaign, fixtureWorkspace } from '../../dev/standin/workspace';
import { validateSettings } from '../../src/core/settings';
import { type Addon, startAddon, useStandin } from '../support/addon';

const HISTORY = 'Instantly History';
const DAY_MS = 24 * 60 * 60_000;
const NOW = '2026-11-26T12:00:00Z';
const campaigns = fixtureWorkspace(4);

const standin = useStandin(campaigns);

const start = (): Addon => startAddon({ standinUrl: standin.url, now: NOW });

/** The settings of these tests: a few columns, the history kept, a chart of contacted leads. */
const SETTINGS = {
  dateRange: 'all_time',
  fields: ['campaign_name', 'contacted_count', 'open_count_unique'],
  keepHistory: true,
  chartMetric: 'contacted_count',
  chartSeries: 'campaigns',
};

/** The history's header under those settings. */
const HEADER = ['Snapshot date', 'Campaign', 'Campaign ID', 'Contacted', 'Unique opens'];

interface Outcome {
  ok: boolean;
  error?: string;
}

function refresh(addon: Addon, settings: object = {}): Outcome {
  const result = addon.runtime.callFromClient('refreshNow', { ...SETTINGS, ...settings });
  return (result as { outcome: Outcome }).outcome;
}

/** A successful refresh, and the spreadsheet cells it read and wrote. */
function cellsOfRefresh(addon: Addon, settings: object = {}) {
  addon.runtime.resetCounters();
  expect(refresh(addon, settings)).toEqual(expect.objectContaining({ ok: true }));
  return addon.runtime.spreadsheets.cellCounts();
}

function nextDay(addon: Addon): void {
  addon.runtime.clock.advance(DAY_MS);
}

/** The stand-in's campaigns with these contacted counts (and replies, unique opens) today. */
function campaignsWith(contacted: number[]): Promise<void> {
  return standin.setCampaigns(
    contacted.map((count, index) =>
      createCampaign({
        id: campaigns[index].id,
        name: campaigns[index].name,
        totals: { contacted_count: count, open_count_unique: count + 1, reply_count_unique: 1 },
      }),
    ),
  );
}

const historySheet = (addon: Addon): FakeSheet => addon.spreadsheet.sheet(HISTORY);

const isoDay = (value: unknown) =>
  Object.prototype.toString.call(value) === '[object Date]'
    ? (value as Date).toISOString().slice(0, 10)
    : value;

/** The history's own columns (up to the first blank header cell) and rows, dates as ISO days. */
function history(addon: Addon) {
  const [header, ...rows] = historySheet(addon).snapshot().values;
  const width = header.includes('') ? header.indexOf('') : header.length;
  return {
    header: header.slice(0, width),
    rows: rows
      .filter((row) => row[0] !== '')
      .map((row) => [isoDay(row[0]), ...row.slice(1, width)]),
  };
}

/** The chart table: from the first header cell after the history's own, to its first blank. */
function chartData(addon: Addon): { column: number; values: unknown[][] } {
  const values = historySheet(addon).snapshot().values;
  const column = values[0].indexOf('Snapshot date', 1);
  const width = values[0].slice(column).concat('').indexOf('');
  const table = values
    .map((row) => row.slice(column, column + width))
    .filter((row) => row[0] !== '')
    .map(([day, ...rest]) => [isoDay(day), ...rest]);
  return { column: column + 1, values: table };
}

/** Four campaigns' history of two days, the second one today. */
async function twoDaysOfHistory(): Promise<Addon> {
  const addon = start();
  await campaignsWith([10, 20, 30, 40]);
  refresh(addon);
  nextDay(addon);
  refresh(addon);
  return addon;
}

/** Today's date as the spreadsheet (UTC) sees it, `days` from NOW. */
const dayFromNow = (days: number) =>
  new Date(Date.parse(NOW) + days * DAY_MS).toISOString().slice(0, 10);

describe('a refresh reads what the latest snapshot needs, never the whole history', () => {
  /** A history of `days` days (written straight into the sheet), then a refresh to take it over. */
  async function historyOf(days: number): Promise<Addon> {
    const addon = start();
    writeEarlierDays(
      addon.spreadsheet,
      validateSettings(SETTINGS),
      campaigns,
      days - 1,
      Date.parse(NOW),
    );
    expect(refresh(addon).ok).toBe(true);
    return addon;
  }

  test('the next day and a second run the same day cost the same at 2 and at 300 days', async () => {
    const [short, long] = [await historyOf(2), await historyOf(300)];
    expect(history(long).rows).toHaveLength(300 * 4);
    const costs = [short, long].map((addon) => {
      nextDay(addon);
      return { nextDay: cellsOfRefresh(addon), sameDay: cellsOfRefresh(addon) };
    });
    expect(costs[1]).toEqual(costs[0]);
    // The first row (5 history columns, a blank, a chart table of 5), the last date, and the
    // chart table's last row and the row below, as wide as 8 lines: 11, 1 and 2 × 9.
    expect(costs[0].nextDay.read).toBe(11 + 1 + 18);
    // The same, but the dates of today's 4 rows and of the row above them.
    expect(costs[0].sameDay.read).toBe(11 + 5 + 18);
    expect(history(long).rows).toHaveLength(301 * 4);
    expect(chartData(long).values).toHaveLength(1 + 301);
  });

  test('taking over a history the add-on has not recorded reads its chart columns once', async () => {
    const addon = start();
    const settings = validateSettings(SETTINGS);
    writeEarlierDays(addon.spreadsheet, settings, campaigns, 50, Date.parse(NOW));
    const takeOver = cellsOfRefresh(addon);
    // Date, id, name and contacted: 4 columns of the 200 earlier rows.
    expect(takeOver.read).toBeGreaterThan(4 * 200);
    nextDay(addon);
    expect(cellsOfRefresh(addon).read).toBeLessThan(50);
  });
});

describe('one snapshot per campaign per day', () => {
  test('a second refresh the same day replaces that day, however many campaigns; earlier days stay', async () => {
    const addon = start();
    await campaignsWith([10, 20, 30, 40]);
    refresh(addon);
    const dayOne = history(addon).rows;
    nextDay(addon);
    refresh(addon);
    await campaignsWith([11, 21]);
    refresh(addon);
    expect(history(addon).rows.slice(0, 4)).toEqual(dayOne);
    expect(history(addon).rows.slice(4)).toEqual([
      [dayFromNow(1), 'Campaign 001', campaigns[0].id, 11, 12],
      [dayFromNow(1), 'Campaign 002', campaigns[1].id, 21, 22],
    ]);
    // No stale row is left below: the sheet's cells there are blank.
    const values = historySheet(addon).snapshot().values;
    expect(values.slice(7).every((row) => row.slice(0, 5).every((cell) => cell === ''))).toBe(true);
    await campaignsWith([12, 22, 32, 42]);
    refresh(addon);
    const { header, rows } = history(addon);
    expect(header).toEqual(HEADER);
    expect(rows.slice(0, 4)).toEqual(dayOne);
    expect(rows.slice(4).map((row) => [row[0], row[3]])).toEqual(
      [12, 22, 32, 42].map((count) => [dayFromNow(1), count]),
    );
    // The chart table has one row per day, today's replaced in place.
    expect(chartData(addon).values).toEqual([
      ['Snapshot date', 'Campaign 004', 'Campaign 003', 'Campaign 002', 'Campaign 001'],
      [dayFromNow(0), 40, 30, 20, 10],
      [dayFromNow(1), 42, 32, 22, 12],
    ]);
  });

  test('what a snapshot holds: the report’s columns, with the leads count when included', async () => {
    const addon = start();
    refresh(addon, { fields: ['campaign_status', 'reply_rate'], includeLeads: true });
    const { header, rows } = history(addon);
    expect(header).toEqual([
      'Snapshot date',
      'Campaign',
      'Campaign ID',
      'Status',
      'Leads',
      'Reply rate',
      'Contacted',
    ]);
    expect(rows[0]).toEqual([
      dayFromNow(0),
      'Campaign 001',
      campaigns[0].id,
      'Active',
      200,
      0.04,
      100,
    ]);
  });
});

describe('columns chosen differently on another day', () => {
  test('new columns go right of the history, old ones stay, and the chart and a person’s columns move along', async () => {
    const addon = start();
    await campaignsWith([10, 20, 30, 40]);
    refresh(addon);
    const sheet = historySheet(addon);
    const { column } = chartData(addon);
    // A person's own column, right of the chart table.
    const mine = column + 8;
    sheet.getRange(1, mine, 2, 1).setValues([['My notes'], ['keep me']]);
    const dayOne = history(addon).rows;

    nextDay(addon);
    await campaignsWith([11, 21, 31, 41]);
    refresh(addon, {
      fields: ['campaign_name', 'campaign_status', 'contacted_count'],
      includeLeads: true,
    });

    const { header, rows } = history(addon);
    expect(header).toEqual([...HEADER, 'Status', 'Leads']);
    // Day one's rows line up as they were, blank under the new columns.
    expect(rows.slice(0, 4)).toEqual(dayOne.map((row) => [...row, '', '']));
    // Day two: no unique opens any more, a status and a leads count.
    expect(rows[4]).toEqual([dayFromNow(1), 'Campaign 001', campaigns[0].id, 11, '', 'Active', 0]);
    // The chart table, its chart and the person's column moved right by the two new columns.
    const moved = chartData(addon);
    expect(moved.column).toBe(column + 2);
    expect(moved.values.map((row) => row[0])).toEqual([
      'Snapshot date',
      dayFromNow(0),
      dayFromNow(1),
    ]);
    const snapshot = sheet.snapshot();
    expect(snapshot.charts).toHaveLength(1);
    expect(snapshot.charts[0].ranges).toEqual([
      `${columnLetter(column + 2)}1:${columnLetter(column + 6)}3`,
    ]);
    expect(snapshot.values.slice(0, 2).map((row) => row[mine + 1])).toEqual([
      'My notes',
      'keep me',
    ]);
  });
});

describe('a history written by the first version (every field, fixed columns)', () => {
  /** Its header: the snapshot date, then every field but the evergreen flag and leads count. */
  const FIRST_HEADER = [
    'Snapshot date',
    'Campaign',
    'Campaign ID',
    'Status',
    'Contacted',
    'Emails sent',
    'New leads contacted',
    'Opens',
    'Unique opens',
    'Unique opens by step',
    'Replies',
    'Unique replies',
    'Unique replies by step',
    'Automatic replies',
    'Unique automatic replies',
    'Unique automatic replies by step',
    'Link clicks',
    'Unique link clicks',
    'Unique link clicks by step',
    'Bounced',
    'Unsubscribed',
    'Completed',
    'Opportunities',
    'Opportunity value',
    'Open rate',
    'Reply rate',
    'Click rate',
    'Bounce rate',
    'Unsubscribe rate',
    'Opportunity rate',
  ];

  /** Two days of it, with its chart table (one line per campaign) and chart beside it. */
  function firstVersionHistory(addon: Addon): FakeSheet {
    addon.spreadsheet.insertSheet(HISTORY);
    const sheet = addon.spreadsheet.sheet(HISTORY);
    const width = FIRST_HEADER.length;
    const row = (day: string, index: number, contacted: number): CellValue[] =>
      FIRST_HEADER.map((label, column) => {
        if (column === 0) return day;
        if (label === 'Campaign') return campaigns[index].name;
        if (label === 'Campaign ID') return campaigns[index].id;
        if (label === 'Status') return 'Active';
        return label === 'Contacted' ? contacted : column;
      });
    sheet.getRange(1, 1, 1, width).setValues([FIRST_HEADER]);
    sheet
      .getRange(2, 1, 8, width)
      .setValues([
        ...[0, 1, 2, 3].map((index) => row('2026-11-24', index, 5 + index)),
        ...[0, 1, 2, 3].map((index) => row('2026-11-25', index, 6 + index)),
      ]);
    const chartColumn = width + 2;
    const chartTable = [
      ['Snapshot date', ...campaigns.map((campaign) => campaign.name)],
      ['2026-11-24', 0.1, 0.2, 0.3, 0.4],
      ['2026-11-25', 0.2, 0.3, 0.4, 0.5],
    ];
    sheet.getRange(1, chartColumn, 3, 5).setValues(chartTable);
    const shapes = { [`${sheet.getSheetId()}@${chartColumn}`]: { rows: 3, columns: 5 } };
    addon.spreadsheet.addDeveloperMetadata(
      'instantlyAnalytics.tableShapes',
      JSON.stringify(shapes),
      'PROJECT',
    );
    sheet.insertChart(
      sheet
        .newChart()
        .addRange(sheet.getRange(1, chartColumn, 3, 5))
        .setPosition(2, 40, 0, 0)
        .build(),
    );
    return sheet;
  }

  test('keeps working: rows mapped by header label, nothing lost, its chart rebuilt in place', async () => {
    const addon = start();
    const sheet = firstVersionHistory(addon);
    const before = history(addon);
    await campaignsWith([10, 20, 30, 40]);

    expect(refresh(addon, { chartSeries: 'total' }).ok).toBe(true);

    const { header, rows } = history(addon);
    expect(header).toEqual(FIRST_HEADER);
    expect(rows.slice(0, 8)).toEqual(before.rows);
    const contacted = FIRST_HEADER.indexOf('Contacted');
    const opens = FIRST_HEADER.indexOf('Unique opens');
    const sent = FIRST_HEADER.indexOf('Emails sent');
    expect(
      rows.slice(8).map((row) => [row[0], row[1], row[contacted], row[opens], row[sent]]),
    ).toEqual(
      [10, 20, 30, 40].map((count, index) => [
        dayFromNow(0),
        campaigns[index].name,
        count,
        count + 1,
        '', // not chosen any more: blank in new rows
      ]),
    );
    // The chart table is rebuilt from the old rows, and the old one's extra columns are blanked.
    expect(chartData(addon)).toEqual({
      column: FIRST_HEADER.length + 2,
      values: [
        ['Snapshot date', 'Total contacted'],
        ['2026-11-24', 5 + 6 + 7 + 8],
        ['2026-11-25', 6 + 7 + 8 + 9],
        [dayFromNow(0), 100],
      ],
    });
    const snapshot = sheet.snapshot();
    const oldLines = (row: CellValue[]) =>
      row.slice(FIRST_HEADER.length + 3, FIRST_HEADER.length + 6);
    expect(snapshot.values.slice(0, 3).map(oldLines)).toEqual(Array(3).fill(['', '', '']));
    expect(snapshot.charts).toHaveLength(1);
    expect(snapshot.charts[0].options.title).toBe('Contacted over time (total)');
    expect(snapshot.charts[0].position.column).toBe(40);
  });
});

describe('the chart table', () => {
  test('grows a row a day without reading the history, and is rebuilt once on a metric change', async () => {
    const addon = start();
    for (const [day, counts] of [
      [10, 20, 30, 40],
      [11, 22, 33, 44],
      [12, 24, 36, 48],
    ].entries()) {
      if (day > 0) nextDay(addon);
      await campaignsWith(counts);
      cellsOfRefresh(addon);
    }
    expect(chartData(addon).values.map((row) => row[1])).toEqual(['Campaign 004', 40, 44, 48]);

    // Another metric, a column the history holds: its past days come back from the history.
    const rebuilt = cellsOfRefresh(addon, { chartMetric: 'open_count_unique' });
    expect(chartData(addon).values).toEqual([
      ['Snapshot date', 'Campaign 004', 'Campaign 003', 'Campaign 002', 'Campaign 001'],
      [dayFromNow(0), 41, 31, 21, 11],
      [dayFromNow(1), 45, 34, 23, 12],
      [dayFromNow(2), 49, 37, 25, 13],
    ]);
    expect(historySheet(addon).snapshot().charts[0].options.title).toBe('Unique opens over time');
    // The first row, today's earlier rows and the one above them; then, once, the date, id,
    // name and unique opens of the 8 earlier rows.
    expect(rebuilt.read).toBe(11 + 5 + 4 * 8);
    nextDay(addon);
    const kept = cellsOfRefresh(addon, { chartMetric: 'open_count_unique' });
    expect(kept.read).toBe(11 + 1 + 2 * 9);
    expect(chartData(addon).values).toHaveLength(5);
  });

  test('campaigns join a chart of fewer than 8 lines when they appear', async () => {
    const addon = start();
    await campaignsWith([10, 20]);
    refresh(addon);
    nextDay(addon);
    await campaignsWith([11, 21, 31, 41]);
    refresh(addon);
    expect(chartData(addon).values).toEqual([
      ['Snapshot date', 'Campaign 002', 'Campaign 001', 'Campaign 004', 'Campaign 003'],
      [dayFromNow(0), 20, 10, '', ''],
      [dayFromNow(1), 21, 11, 41, 31],
    ]);
  });

  test('a line joins only where the header and today’s row are blank: a person’s cell stays', async () => {
    const addon = start();
    await campaignsWith([10, 20]);
    refresh(addon);
    const { column } = chartData(addon);
    const sheet = historySheet(addon);
    sheet.getRange(3, column + 4).setValue('mine'); // tomorrow's row, two lines further right
    nextDay(addon);
    await campaignsWith([11, 21, 31, 41]);
    refresh(addon);
    expect(chartData(addon).values[0]).toEqual([
      'Snapshot date',
      'Campaign 002',
      'Campaign 001',
      'Campaign 004',
    ]);
    expect(sheet.getRange(3, column + 4).getValue()).toBe('mine');
  });

  test('a chart table a person edited is rebuilt from the history', async () => {
    const addon = await twoDaysOfHistory();
    const { column } = chartData(addon);
    historySheet(addon).getRange(3, column, 1, 5).clearContent();
    nextDay(addon);
    refresh(addon);
    expect(chartData(addon).values.map((row) => row.slice(0, 2))).toEqual([
      ['Snapshot date', 'Campaign 004'],
      [dayFromNow(0), 40],
      [dayFromNow(1), 40],
      [dayFromNow(2), 40],
    ]);
  });
});

describe('a history a person edited: the sheet is the truth', () => {
  test('sorted rows: today’s snapshot goes after them, nothing overwritten', async () => {
    const addon = await twoDaysOfHistory();
    // Newest first, as a person might sort it.
    const sheet = historySheet(addon);
    const rows = sheet.getRange(2, 1, 8, 5).getValues();
    sheet.getRange(2, 1, 8, 5).setValues([...rows.slice(4), ...rows.slice(0, 4)]);
    const sorted = history(addon).rows;
    await campaignsWith([11, 21, 31, 41]);
    refresh(addon);
    const after = history(addon).rows;
    expect(after.slice(0, 8)).toEqual(sorted);
    expect(after.slice(8).map((row) => [row[0], row[3]])).toEqual(
      [11, 21, 31, 41].map((count) => [dayFromNow(1), count]),
    );
  });

  test('rows a person wrote below the history are never overwritten', async () => {
    const addon = start();
    await campaignsWith([10, 20, 30, 40]);
    refresh(addon);
    const sheet = historySheet(addon);
    sheet.getRange(7, 2, 1, 2).setValues([['Total', 100]]);
    nextDay(addon);
    refresh(addon);
    const values = sheet.snapshot().values;
    expect(values[6].slice(0, 3)).toEqual(['', 'Total', 100]);
    expect(
      history(addon)
        .rows.slice(4)
        .map((row) => row[3]),
    ).toEqual([10, 20, 30, 40]);
  });
});

describe('the 10-million-cell limit', () => {
  /** Another sheet, grown until the spreadsheet has fewer than 26 cells left under the limit. */
  function fillUp(addon: Addon): void {
    const big = addon.spreadsheet.insertSheet('Big');
    const used = addon.spreadsheet
      .sheetList()
      .reduce((sum, sheet) => sum + sheet.getMaxRows() * sheet.getMaxColumns(), 0);
    // A value written below the last row grows the sheet to hold it: 26 cells a row.
    big.getRange(1000 + Math.floor((10_000_000 - used) / 26), 1).setValue('last');
  }

  /** Every sheet but the big one (nothing writes it), by name. */
  const everySheet = (addon: Addon) =>
    Object.fromEntries(
      addon.spreadsheet
        .sheetList()
        .filter((sheet) => sheet.getName() !== 'Big')
        .map((sheet) => [sheet.getName(), sheet.snapshot()]),
    );
  const MESSAGE =
    /^Keep history stopped: today's snapshot needs [\d,]+ more cells, and this spreadsheet already has 9,999,9\d\d of the 10,000,000 Google Sheets allows\. Nothing was written, the report included\. Copy the sheet "Instantly History" to another spreadsheet and delete its older rows here \(or delete sheets you no longer need\), or turn Keep history off\.$/;

  test('a refresh that would pass it fails before writing anything, and says what to do', async () => {
    const addon = start();
    // 249 earlier days of 4 campaigns, and today: the history fills its 1,000 rows.
    writeEarlierDays(
      addon.spreadsheet,
      validateSettings(SETTINGS),
      campaigns,
      249,
      Date.parse(NOW),
    );
    await campaignsWith([10, 20, 30, 40]);
    expect(refresh(addon).ok).toBe(true);
    fillUp(addon);
    // Today again: the same rows, nothing grows, so it still fits.
    await campaignsWith([11, 21, 31, 41]);
    expect(refresh(addon).ok).toBe(true);
    const before = everySheet(addon);

    nextDay(addon);
    const outcome = refresh(addon);

    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(MESSAGE);
    expect(Object.keys(before)).toEqual(['Sheet1', HISTORY, 'Instantly Analytics']);
    expect(everySheet(addon)).toEqual(before);
    // Turning Keep history off, as the message says, refreshes the report again.
    expect(refresh(addon, { keepHistory: false }).ok).toBe(true);
    const after = everySheet(addon);
    expect(after[HISTORY]).toEqual(before[HISTORY]);
    expect(after['Instantly Analytics'].notes[0][0]).not.toBe(
      before['Instantly Analytics'].notes[0][0],
    );
  });

  test('a new history sheet that would not fit is not even inserted', async () => {
    const addon = start();
    fillUp(addon);
    const outcome = refresh(addon);
    expect(outcome.error).toMatch(
      /^Keep history stopped: today's snapshot needs 26,000 more cells/,
    );
    expect(addon.spreadsheet.sheetList().map((sheet) => sheet.getName())).toEqual([
      'Sheet1',
      'Big',
    ]);
  });
});

function columnLetter(column: number): string {
  let letters = '';
  for (let rest = column; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}
