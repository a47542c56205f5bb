import type { HttpRequest } from '../../src/core/api-client';
import {
  type CampaignRef,
  DAILY_COUNTS,
  DAILY_FIELDS,
  type DailyDay,
  type DailySeries,
} from '../../src/core/daily';
import {
  DAILY_SHEET_FIELDS,
  dailySheetTable,
  fetchDailyTrend,
  MAX_SHEET_ROWS,
  TREND_COLUMN,
  trendChart,
} from '../../src/core/daily-sheet';
import { UserFacingError } from '../../src/core/errors';
import { pickFields } from '../../src/core/fields';
import { DEFAULT_HEADER } from '../support/daily';
import { campaignId, clientOptions, connectedSource, respondingTransport, response } from './fakes';
import { errorOf } from './thrown';

const TODAY = '2026-03-10';
const at = (day: string) => new Date(`${day}T08:00:00Z`);

function day(date: string, n: number, overrides: Record<string, number> = {}): DailyDay {
  return { date, ...Object.fromEntries(DAILY_COUNTS.map(({ name }) => [name, n])), ...overrides };
}

const refs = (count: number): CampaignRef[] =>
  Array.from({ length: count }, (_, index) => ({
    id: campaignId(index + 1),
    name: `Campaign ${index + 1}`,
  }));

describe('fetchDailyTrend', () => {
  /** Answers every daily request with these days, and records what was asked. */
  function setup(days: DailyDay[]) {
    const transport = respondingTransport(() => response(200, days));
    const source = connectedSource(clientOptions(transport));
    const asked = (index = 0) =>
      Object.fromEntries(new URL((transport.requests[index] as HttpRequest).url).searchParams);
    return { source, transport, asked };
  }

  test('the report’s range, day by day, oldest first', () => {
    const { source, asked } = setup([day('2026-03-02', 1)]);
    const [series] = fetchDailyTrend(
      [{ source }],
      { start: '2026-03-01', end: '2026-03-03' },
      TODAY,
    );
    expect(series.days).toEqual([day('2026-03-01', 0), day('2026-03-02', 1), day('2026-03-03', 0)]);
    expect(asked()).toEqual({ start_date: '2026-03-01', end_date: '2026-03-03' });
  });

  test('All time: two years asked for, shown from the first day with activity in any series', () => {
    const { source, asked, transport } = setup([day('2026-03-08', 0), day('2026-03-09', 2)]);
    const series = fetchDailyTrend(
      refs(2).map((campaign) => ({ source, campaign })),
      {},
      TODAY,
    );
    expect(asked()).toEqual({
      campaign_id: campaignId(1),
      start_date: '2024-03-11',
      end_date: TODAY,
    });
    expect(transport.requests).toHaveLength(2);
    expect(series.map((one) => one.days.map((each) => each.date))).toEqual([
      ['2026-03-09', '2026-03-10'],
      ['2026-03-09', '2026-03-10'],
    ]);
  });

  test('no activity at all: the last 30 days', () => {
    const { source } = setup([]);
    const [series] = fetchDailyTrend([{ source }], { end: '2026-02-28' }, TODAY);
    expect(series.days).toHaveLength(30);
    expect(series.days[0].date).toBe('2026-01-30');
  });

  test('a start longer ago than two years is moved up to two years', () => {
    const { source, asked } = setup([]);
    const [series] = fetchDailyTrend([{ source }], { start: '2020-01-01' }, TODAY);
    expect(asked()).toEqual({ start_date: '2024-03-11', end_date: TODAY });
    expect(series.days).toHaveLength(730);
  });

  test(`more than ${MAX_SHEET_ROWS.toLocaleString('en-US')} rows is a clear error`, () => {
    const { source } = setup([]);
    const error = errorOf(() =>
      fetchDailyTrend(
        refs(500).map((campaign) => ({ source, campaign })),
        { start: '2025-06-01' },
        TODAY,
      ),
    );
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error.message).toBe(
      'The daily trend sheet would have 141,500 rows (campaigns × days), more than 100,000: ' +
        'choose fewer campaigns or a shorter date range, or turn the daily trend sheet off.',
    );
  });
});

describe('dailySheetTable', () => {
  test('the workspace: date, then the default daily fields, with their formats', () => {
    const table = dailySheetTable(
      [{ workspaceName: 'Acme', days: [day('2026-03-01', 2)] }],
      at,
      false,
    );
    expect(table.values).toEqual([DEFAULT_HEADER, [at('2026-03-01'), 2, 2, 2, 1, 2, 1, 2, 1, 2]]);
    expect(table.columnFormats).toEqual([
      'yyyy-mm-dd',
      '#,##0',
      '#,##0',
      '#,##0',
      '0.0%',
      '#,##0',
      '0.0%',
      '#,##0',
      '0.0%',
      '#,##0',
    ]);
  });

  test('campaigns: each row starts with its campaign’s name, kept as text', () => {
    const series: DailySeries[] = [
      {
        workspaceName: 'Acme',
        campaign: { id: 'a', name: '=IMPORTXML("http://x")' },
        days: [day('2026-03-01', 1)],
      },
      { workspaceName: 'Acme', campaign: { id: 'b', name: 'Plain' }, days: [day('2026-03-01', 0)] },
    ];
    const table = dailySheetTable(series, at, false);
    expect(table.values.map((row) => row.slice(0, 3))).toEqual([
      ['Campaign', 'Date', 'Contacted'],
      ['\'=IMPORTXML("http://x")', at('2026-03-01'), 1],
      ["'Plain", at('2026-03-01'), 0],
    ]);
    expect(table.columnFormats.slice(0, 2)).toEqual(['General', 'yyyy-mm-dd']);
  });

  test('several workspaces: each row starts with its workspace, kept as text', () => {
    const series: DailySeries[] = [
      { workspaceName: 'Acme', days: [day('2026-03-01', 1)] },
      { workspaceName: 'Globex', days: [day('2026-03-01', 2)] },
    ];
    const table = dailySheetTable(series, at, true);
    expect(table.values.map((row) => row.slice(0, 3))).toEqual([
      ['Workspace', 'Date', 'Contacted'],
      ["'Acme", at('2026-03-01'), 1],
      ["'Globex", at('2026-03-01'), 2],
    ]);
    expect(table.columnFormats.slice(0, 3)).toEqual(['General', 'yyyy-mm-dd', '#,##0']);
    expect(
      trendChart(series, pickFields(DAILY_FIELDS, ['contacted'])[0], at).table.values[0],
    ).toEqual(['Date', "'Acme", "'Globex"]);
  });

  test('the chart’s data starts one column after the widest table', () => {
    expect(TREND_COLUMN).toBe(2 + DAILY_SHEET_FIELDS.length + 2);
  });
});

describe('trendChart', () => {
  const replies = pickFields(DAILY_FIELDS, ['unique_replies'])[0];
  const replyRate = pickFields(DAILY_FIELDS, ['reply_rate'])[0];

  test('the workspace: one line of the metric, titled for all campaigns', () => {
    const chart = trendChart(
      [{ workspaceName: 'Acme', days: [day('2026-03-01', 3), day('2026-03-02', 0)] }],
      replies,
      at,
    );
    expect(chart.table).toEqual({
      values: [
        ['Date', 'Unique replies'],
        [at('2026-03-01'), 3],
        [at('2026-03-02'), 0],
      ],
      columnFormats: ['yyyy-mm-dd', '#,##0'],
    });
    expect(chart.title).toBe('Unique replies per day (all campaigns)');
  });

  test('campaigns: one line each, named as text; a rate is blank on a day without contacts', () => {
    const series: DailySeries[] = [
      {
        workspaceName: 'Acme',
        campaign: { id: 'a', name: '+1 555' },
        days: [day('2026-03-01', 4, { unique_replies: 1 })],
      },
      { workspaceName: 'Acme', campaign: { id: 'b', name: 'Quiet' }, days: [day('2026-03-01', 0)] },
    ];
    const chart = trendChart(series, replyRate, at);
    expect(chart.table.values).toEqual([
      ['Date', "'+1 555", "'Quiet"],
      [at('2026-03-01'), 0.25, ''],
    ]);
    expect(chart.table.columnFormats).toEqual(['yyyy-mm-dd', '0.0%', '0.0%']);
    expect(chart.title).toBe('Reply rate per day');
  });

  test('more than 8 campaigns: the 8 with the most of the metric, in their order', () => {
    const series = refs(10).map((campaign, index) => ({
      workspaceName: 'Acme',
      campaign,
      // Campaign n had n unique replies, except campaign 2, which had none.
      days: [day('2026-03-01', 10, { unique_replies: index === 1 ? 0 : index + 1 })],
    }));
    const chart = trendChart(series, replies, at);
    expect(chart.table.values[0]).toEqual([
      'Date',
      ...[3, 4, 5, 6, 7, 8, 9, 10].map((n) => `'Campaign ${n}`),
    ]);
    expect(chart.title).toBe('Unique replies per day (the 8 largest of 10 campaigns)');
  });

  test('for a rate, the largest are those that contacted most, not a lucky small one', () => {
    const series = refs(9).map((campaign, index) => ({
      workspaceName: 'Acme',
      campaign,
      days: [
        day('2026-03-01', 0, {
          contacted: index === 0 ? 1 : 100,
          unique_replies: index === 0 ? 1 : 5,
        }),
      ],
    }));
    const names = trendChart(series, replyRate, at).table.values[0];
    expect(names).not.toContain("'Campaign 1");
    expect(names).toHaveLength(9);
  });
});
