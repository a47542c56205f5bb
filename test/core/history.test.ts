import { runInNewContext } from 'node:vm';
import { UserFacingError } from '../../src/core/errors';
import { ALL_FIELDS, type FieldSpec, RATE_FIELDS, selectFields } from '../../src/core/fields';
import {
  assertCellsFit,
  CHART_METRIC_NAMES,
  type ChartEntry,
  type ChartSeries,
  cellsAdded,
  chartEntries,
  chartFormats,
  chartSources,
  chartTable,
  chartTitle,
  chartUpdate,
  DATE_FORMAT,
  dayOf,
  type HistoryChart,
  historyLayout,
  leadingCells,
  locateSnapshot,
  MAX_CHART_CAMPAIGNS,
  NEW_SHEET_SIZE,
  readChartEntries,
  SHEETS_CELL_LIMIT,
  SNAPSHOT_DATE,
  snapshotCells,
  snapshotFields,
  snapshotFormats,
} from '../../src/core/history';
import { GENERAL_FORMAT, NUMBER_FORMATS } from '../../src/core/report';
import type { CampaignAnalytics } from '../../src/core/response';
import { type ReportSettings, reportFields, validateSettings } from '../../src/core/settings';
import { CHART_METRICS } from '../../src/core/sidebar-api';
import { type Cell, cellValue } from '../../src/core/table';
import { campaign, campaignId } from './fakes';

const field = (name: string): FieldSpec => selectFields([name])[0];
const fields = (...names: string[]) => selectFields(names);
const chartOf = (metric: string, series: ChartSeries = 'campaigns'): HistoryChart => ({
  metric: field(metric),
  series,
});
const REPLY_RATE = chartOf('reply_rate');
const labels = (specs: readonly FieldSpec[]) => specs.map((spec) => spec.label);

/** A campaign with the given unique replies over 200 contacted leads. */
const replying = (index: number, replies: number, overrides: Record<string, unknown> = {}) =>
  campaign(index, { reply_count_unique: replies, contacted_count: 200, ...overrides });

/** Chart entries for several days, as a refresh makes them each day. */
function days(chart: HistoryChart, ...snapshots: [string, CampaignAnalytics[]][]): ChartEntry[] {
  return snapshots.flatMap(([day, campaigns]) => chartEntries(campaigns, day, chart));
}

/** The header of the first version: the snapshot date, then every field but two. */
const FIRST_VERSION_HEADER = [
  SNAPSHOT_DATE,
  ...labels(
    ALL_FIELDS.filter((spec) => !['campaign_is_evergreen', 'leads_count'].includes(spec.name)),
  ),
];

describe('CHART_METRIC_NAMES and chartSources', () => {
  test('every number a snapshot can hold, but the leads count', () => {
    const numeric = ALL_FIELDS.filter((spec) => ['count', 'money', 'rate'].includes(spec.kind));
    expect(CHART_METRIC_NAMES).toEqual(
      numeric.map((spec) => spec.name).filter((name) => name !== 'leads_count'),
    );
    expect(CHART_METRIC_NAMES).toContain('reply_rate');
    expect(CHART_METRIC_NAMES).toContain('total_opportunity_value');
  });

  test('a line per campaign is drawn from the metric itself', () => {
    expect(chartSources(REPLY_RATE)).toEqual([field('reply_rate')]);
    expect(chartSources(chartOf('emails_sent_count'))).toEqual([field('emails_sent_count')]);
  });

  test('a total count from the count; a total rate from its count and denominator', () => {
    expect(chartSources(chartOf('emails_sent_count', 'total'))).toEqual([
      field('emails_sent_count'),
    ]);
    for (const rate of RATE_FIELDS) {
      expect(chartSources(chartOf(rate.name, 'total'))).toEqual(
        fields(rate.numerator, rate.denominator),
      );
    }
  });
});

describe('snapshotFields', () => {
  const settings = (input: object): ReportSettings => validateSettings(input);

  test('name and id first, then the report’s columns in order, then the chart’s metric', () => {
    const report = reportFields(
      settings({ fields: ['campaign_status', 'emails_sent_count', 'campaign_name'] }),
    );
    expect(snapshotFields(report, REPLY_RATE).map((spec) => spec.name)).toEqual([
      'campaign_name',
      'campaign_id',
      'campaign_status',
      'emails_sent_count',
      'reply_rate',
    ]);
  });

  test('not every field: only those chosen, with the leads count when the report counts leads', () => {
    const chosen = ['campaign_name', 'contacted_count', 'reply_rate'];
    const without = snapshotFields(reportFields(settings({ fields: chosen })), REPLY_RATE);
    expect(without.map((spec) => spec.name)).toEqual([
      'campaign_name',
      'campaign_id',
      'contacted_count',
      'reply_rate',
    ]);
    const withLeads = snapshotFields(
      reportFields(settings({ fields: chosen, includeLeads: true })),
      REPLY_RATE,
    );
    expect(withLeads.map((spec) => spec.name)).toContain('leads_count');
    expect(withLeads).toHaveLength(5);
  });

  test('the status only when chosen', () => {
    const report = reportFields(settings({ fields: ['contacted_count'] }));
    expect(snapshotFields(report, REPLY_RATE).map((spec) => spec.name)).not.toContain(
      'campaign_status',
    );
  });

  test('a total rate keeps its count and denominator, each once', () => {
    const report = fields('campaign_name', 'contacted_count');
    expect(snapshotFields(report, chartOf('reply_rate', 'total')).map((s) => s.name)).toEqual([
      'campaign_name',
      'campaign_id',
      'contacted_count',
      'reply_count_unique',
    ]);
  });

  test('the default columns hold 16 columns with the date: what the README counts on', () => {
    const report = reportFields(settings({}));
    const snapshot = snapshotFields(report, chartOf(settings({}).chartMetric));
    expect(1 + snapshot.length).toBe(16);
  });
});

describe('historyLayout', () => {
  const SNAPSHOT = fields('campaign_name', 'campaign_id', 'contacted_count', 'reply_rate');

  test('a new sheet: the snapshot date, then the snapshot’s fields', () => {
    const layout = historyLayout([], SNAPSHOT, 'History');
    expect(layout.header).toEqual([SNAPSHOT_DATE, ...labels(SNAPSHOT)]);
    expect(layout.columns).toEqual([1, 2, 3, 4]);
    expect(layout.existing).toBe(0);
  });

  test('a history of the first version (every field) is mapped by label, nothing added', () => {
    const layout = historyLayout(FIRST_VERSION_HEADER, SNAPSHOT, 'History');
    expect(layout.header).toEqual(FIRST_VERSION_HEADER);
    expect(layout.existing).toBe(FIRST_VERSION_HEADER.length);
    expect(layout.columns.map((column) => FIRST_VERSION_HEADER[column])).toEqual(labels(SNAPSHOT));
  });

  test('new columns go right of the existing ones, which all stay', () => {
    const existing = [SNAPSHOT_DATE, 'Campaign', 'Campaign ID', 'Opens', 'Reply rate'];
    const layout = historyLayout(
      existing,
      fields('campaign_name', 'campaign_id', 'leads_count', 'reply_rate', 'bounced_count'),
      'History',
    );
    expect(layout.header).toEqual([...existing, 'Leads', 'Bounced']);
    expect(layout.columns).toEqual([1, 2, 5, 4, 6]);
    expect(layout.existing).toBe(5);
  });

  test('the header ends at the first blank: the chart table after it is not history', () => {
    const row = [SNAPSHOT_DATE, 'Campaign', 'Campaign ID', '', SNAPSHOT_DATE, 'Campaign 1'];
    const layout = historyLayout(row, fields('campaign_name', 'campaign_id'), 'History');
    expect(layout.header).toEqual([SNAPSHOT_DATE, 'Campaign', 'Campaign ID']);
    expect(layout.existing).toBe(3);
  });

  test('a sheet whose A1 is something else is left alone, with a message saying what to do', () => {
    for (const row of [
      ['Budget', 'Q1'],
      ['', 'Campaign'],
    ]) {
      expect(() => historyLayout(row, SNAPSHOT, 'Instantly History')).toThrow(UserFacingError);
    }
    expect(() => historyLayout(['Budget'], SNAPSHOT, 'Instantly History')).toThrow(
      'The sheet "Instantly History" is not a history (its cell A1 is not "Snapshot date"), so ' +
        'Keep history left it alone. Choose another history sheet name, or delete that sheet.',
    );
  });

  test('leadingCells stops at the first blank, null or missing cell', () => {
    expect(leadingCells(['a', 'b', '', 'c'])).toEqual(['a', 'b']);
    expect(leadingCells(['a', null, 'c'])).toEqual(['a']);
    expect(leadingCells(['a', 0, false])).toEqual(['a', 0, false]);
    expect(leadingCells([])).toEqual([]);
  });
});

describe('snapshotCells and snapshotFormats', () => {
  const SNAPSHOT = fields('campaign_name', 'campaign_id', 'campaign_status', 'reply_rate');
  const layout = historyLayout(
    [SNAPSHOT_DATE, 'Campaign', 'Opens', 'Campaign ID', 'Status', 'Reply rate'],
    SNAPSHOT,
    'History',
  );

  test('one row per campaign sorted by name, the day first, each field in its column', () => {
    const rows = snapshotCells(
      [
        replying(1, 40, { campaign_name: 'Zeta' }),
        replying(2, 20, { campaign_name: 'alpha', campaign_status: 2 }),
        replying(3, 10, { campaign_name: 'Beta', contacted_count: 0 }),
      ],
      '2024-03-15',
      SNAPSHOT,
      layout,
    );
    expect(rows).toEqual([
      ['2024-03-15', "'alpha", '', `'${campaignId(2)}`, "'Paused", 0.1],
      ['2024-03-15', "'Beta", '', `'${campaignId(3)}`, "'Active", ''],
      ['2024-03-15', "'Zeta", '', `'${campaignId(1)}`, "'Active", 0.2],
    ]);
  });

  test('columns no longer chosen are blank; API text is escaped, the date is not', () => {
    const [row] = snapshotCells(
      [campaign(4, { campaign_name: '=1+1' })],
      '2024-03-15',
      SNAPSHOT,
      layout,
    );
    expect(row[2]).toBe('');
    expect(row[1]).toBe("'=1+1");
    expect(row[0]).toBe('2024-03-15');
    expect(row).toHaveLength(layout.header.length);
  });

  test('does not reorder its input; no campaigns, no rows', () => {
    const input = [campaign(1, { campaign_name: 'B' }), campaign(2, { campaign_name: 'A' })];
    snapshotCells(input, '2024-03-15', SNAPSHOT, layout);
    expect(input.map((c) => c.campaign_name)).toEqual(['B', 'A']);
    expect(snapshotCells([], '2024-03-15', SNAPSHOT, layout)).toEqual([]);
  });

  test('a date, each field’s format in its column, General in the others', () => {
    expect(snapshotFormats(SNAPSHOT, layout)).toEqual([
      DATE_FORMAT,
      GENERAL_FORMAT,
      GENERAL_FORMAT,
      GENERAL_FORMAT,
      GENERAL_FORMAT,
      NUMBER_FORMATS.rate,
    ]);
    expect(DATE_FORMAT).toBe('yyyy-mm-dd');
  });
});

describe('dayOf', () => {
  const toIso = (date: Date) => date.toISOString().slice(0, 10);

  test('a Date read back becomes an ISO day through toIso', () => {
    const seen: Date[] = [];
    const march14 = new Date(Date.UTC(2024, 2, 14));
    expect(
      dayOf(march14, (date) => {
        seen.push(date);
        return `iso(${toIso(date)})`;
      }),
    ).toBe('iso(2024-03-14)');
    expect(seen).toEqual([march14]);
  });

  test('Dates from another realm are Dates too', () => {
    const foreign = runInNewContext('new Date(Date.UTC(2024, 2, 14))') as Date;
    expect(foreign instanceof Date).toBe(false);
    expect(dayOf(foreign, toIso)).toBe('2024-03-14');
  });

  test('text stays as it is, other values become text, blanks are empty', () => {
    expect(dayOf('2024-03-14', toIso)).toBe('2024-03-14');
    expect(dayOf(45000, toIso)).toBe('45000');
    expect(dayOf('', toIso)).toBe('');
    expect(dayOf(null, toIso)).toBe('');
    expect(dayOf(undefined, toIso)).toBe('');
  });
});

describe('locateSnapshot', () => {
  const TODAY = '2024-03-15';

  /** A date column (row 2 first) and a reader that records every cell it reads. */
  function column(dates: string[]) {
    const reads: [number, number][] = [];
    const read = (last: number, count: number) => {
      reads.push([last, count]);
      if (last - count + 1 < 2 || last > dates.length + 1) throw new Error('read outside');
      return dates.slice(last - count - 1, last - 1);
    };
    const cellsRead = () => reads.reduce((sum, [, count]) => sum + count, 0);
    return { read, reads, cellsRead, last: dates.length + 1 };
  }
  const locate = (dates: string[], chunks = { first: 1, next: 4 }) => {
    const history = column(dates);
    return { ...locateSnapshot(history.read, history.last, TODAY, chunks), ...history };
  };

  test('an empty history: row 2, nothing read', () => {
    const { start, replaced, reads } = locate([]);
    expect([start, replaced]).toEqual([2, 0]);
    expect(reads).toEqual([]);
  });

  test('only earlier days: after them, reading the last row alone', () => {
    const { start, replaced, reads } = locate(['2024-03-13', '2024-03-13', '2024-03-14']);
    expect([start, replaced]).toEqual([5, 0]);
    expect(reads).toEqual([[4, 1]]);
  });

  test("a trailing run of today's rows is replaced, and only it", () => {
    const dates = ['2024-03-13', '2024-03-14', '2024-03-14', TODAY, TODAY, TODAY];
    expect(locate(dates)).toMatchObject({ start: 5, replaced: 3 });
    expect(locate(dates, { first: 4, next: 4 }).reads).toEqual([[7, 4]]);
  });

  test('only today: everything is replaced', () => {
    expect(locate([TODAY, TODAY])).toMatchObject({ start: 2, replaced: 2 });
  });

  test('rows dated today in the middle are not touched; a later day last: after it', () => {
    expect(locate([TODAY, '2024-03-14', TODAY, '2024-03-16', TODAY])).toMatchObject({
      start: 6,
      replaced: 1,
    });
    expect(locate([TODAY, '2024-03-14'])).toMatchObject({ start: 4, replaced: 0 });
    expect(locate(['2024-03-14', '2024-03-16'])).toMatchObject({ start: 4, replaced: 0 });
  });

  test('blank rows at the bottom (a chart table reaching further down) are skipped', () => {
    expect(locate(['2024-03-14', TODAY, TODAY, '', '', ''])).toMatchObject({
      start: 3,
      replaced: 2,
    });
    expect(locate(['2024-03-14', '', ''])).toMatchObject({ start: 3, replaced: 0 });
    expect(locate(['', ''])).toMatchObject({ start: 2, replaced: 0 });
  });

  test('a blank row inside today’s run ends it: the rows above stay', () => {
    expect(locate([TODAY, '', TODAY, TODAY])).toMatchObject({ start: 4, replaced: 2 });
  });

  test('the cells read do not grow with the history, only with today’s run', () => {
    const earlier = (count: number) =>
      Array.from({ length: count }, (_, i) => `2023-${String(1 + (i % 12)).padStart(2, '0')}-01`);
    for (const length of [10, 1_000, 100_000]) {
      const appended = locate(earlier(length), { first: 1, next: 201 });
      expect([appended.start, appended.cellsRead()]).toEqual([length + 2, 1]);
      const sameDay = locate([...earlier(length), ...Array(200).fill(TODAY)], {
        first: 201,
        next: 201,
      });
      expect([sameDay.start, sameDay.replaced, sameDay.cellsRead()]).toEqual([
        length + 2,
        200,
        201,
      ]);
    }
  });

  test('a run longer than the first chunk is read on in chunks', () => {
    const result = locate(['2024-03-14', ...Array(10).fill(TODAY)], { first: 2, next: 4 });
    expect(result).toMatchObject({ start: 3, replaced: 10 });
    expect(result.reads).toEqual([
      [12, 2],
      [10, 4],
      [6, 4],
      [2, 1],
    ]);
  });
});

describe('chartTable: per campaign', () => {
  test('a column per campaign, a row per day, missing days blank', () => {
    const table = chartTable(
      days(
        REPLY_RATE,
        ['2024-03-13', [replying(1, 20, { campaign_name: 'Alpha' }), replying(2, 60)]],
        ['2024-03-14', [replying(1, 40, { campaign_name: 'Alpha' })]],
        ['2024-03-15', [replying(1, 30, { campaign_name: 'Alpha' }), replying(2, 50)]],
      ),
      REPLY_RATE,
    );
    // Sorted by the latest value: Campaign 2 (0.25) before Alpha (0.15).
    expect(table.values).toEqual([
      [SNAPSHOT_DATE, "'Campaign 2", "'Alpha"],
      ['2024-03-13', 0.3, 0.1],
      ['2024-03-14', '', 0.2],
      ['2024-03-15', 0.25, 0.15],
    ]);
    expect(table.lineIds).toEqual([campaignId(2), campaignId(1)]);
  });

  test('a campaign only in later days is blank before it; the days are sorted', () => {
    const table = chartTable(
      days(
        REPLY_RATE,
        ['2024-03-14', [replying(1, 20), replying(2, 100)]],
        ['2024-03-13', [replying(1, 20)]],
      ),
      REPLY_RATE,
    );
    expect(table.values).toEqual([
      [SNAPSHOT_DATE, "'Campaign 2", "'Campaign 1"],
      ['2024-03-13', '', 0.1],
      ['2024-03-14', 0.5, 0.1],
    ]);
  });

  test('campaigns are told apart by id; a renamed one is one line with its latest name', () => {
    const same = chartTable(
      days(REPLY_RATE, [
        '2024-03-15',
        [replying(1, 20, { campaign_name: 'Same' }), replying(2, 40, { campaign_name: 'Same' })],
      ]),
      REPLY_RATE,
    );
    expect(same.values).toEqual([
      [SNAPSHOT_DATE, "'Same", "'Same"],
      ['2024-03-15', 0.2, 0.1],
    ]);
    const renamed = chartTable(
      days(
        REPLY_RATE,
        ['2024-03-14', [replying(1, 20, { campaign_name: 'Old name' })]],
        ['2024-03-15', [replying(1, 40, { campaign_name: 'New name' })]],
      ),
      REPLY_RATE,
    );
    expect(renamed.values[0]).toEqual([SNAPSHOT_DATE, "'New name"]);
    expect(renamed.values.slice(1)).toEqual([
      ['2024-03-14', 0.1],
      ['2024-03-15', 0.2],
    ]);
  });

  test(`at most ${MAX_CHART_CAMPAIGNS} campaigns: those with the largest latest value`, () => {
    expect(MAX_CHART_CAMPAIGNS).toBe(8);
    // Campaign i has i * 10 replies today; yesterday the order was reversed.
    const indexes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const table = chartTable(
      days(
        REPLY_RATE,
        ['2024-03-14', indexes.map((i) => replying(i, (11 - i) * 10))],
        ['2024-03-15', indexes.map((i) => replying(i, i * 10))],
      ),
      REPLY_RATE,
    );
    const charted = [10, 9, 8, 7, 6, 5, 4, 3];
    expect(table.values[0]).toEqual([SNAPSHOT_DATE, ...charted.map((i) => `'Campaign ${i}`)]);
    expect(table.values[2]).toEqual(['2024-03-15', ...charted.map((i) => i / 20)]);
    expect(table.values[1]).toEqual(['2024-03-14', ...charted.map((i) => (11 - i) / 20)]);
    expect(table.lineIds).toEqual(charted.map(campaignId));
  });

  test('a campaign whose latest rate is blank sorts last', () => {
    const table = chartTable(
      days(REPLY_RATE, [
        '2024-03-15',
        [replying(1, 0, { contacted_count: 0 }), replying(2, 2), replying(3, 0)],
      ]),
      REPLY_RATE,
    );
    expect(table.values[0]).toEqual([SNAPSHOT_DATE, "'Campaign 2", "'Campaign 3", "'Campaign 1"]);
    expect(table.values[1]).toEqual(['2024-03-15', 0.01, 0, '']);
  });

  test('counts and money are charted as they are', () => {
    const snapshots: [string, CampaignAnalytics[]][] = [
      ['2024-03-14', [campaign(1, { emails_sent_count: 10, total_opportunity_value: 99.5 })]],
      ['2024-03-15', [campaign(1, { emails_sent_count: 25, total_opportunity_value: 120 })]],
    ];
    const sent = chartOf('emails_sent_count');
    expect(chartTable(days(sent, ...snapshots), sent).values.slice(1)).toEqual([
      ['2024-03-14', 10],
      ['2024-03-15', 25],
    ]);
    const value = chartOf('total_opportunity_value');
    expect(chartTable(days(value, ...snapshots), value).values.slice(1)).toEqual([
      ['2024-03-14', 99.5],
      ['2024-03-15', 120],
    ]);
  });

  test('campaign names that Sheets would parse are escaped in the header', () => {
    const table = chartTable(
      days(REPLY_RATE, [
        '2024-03-15',
        [
          replying(1, 30, { campaign_name: '=IMPORTXML("http://x","//a")' }),
          replying(2, 20, { campaign_name: '+1 555 0100' }),
          replying(3, 10, { campaign_name: '2024-01-01' }),
        ],
      ]),
      REPLY_RATE,
    );
    expect(table.values[0]).toEqual([
      SNAPSHOT_DATE,
      '\'=IMPORTXML("http://x","//a")',
      "'+1 555 0100",
      "'2024-01-01",
    ]);
  });

  test('no history: the header alone', () => {
    expect(chartTable([], REPLY_RATE)).toEqual({ values: [[SNAPSHOT_DATE]], lineIds: [] });
  });

  test('every chart metric is read from its own value', () => {
    const source = campaign(1, {
      contacted_count: 400,
      open_count_unique: 123,
      reply_count_unique: 45,
      link_click_count_unique: 67,
      bounced_count: 8,
      unsubscribed_count: 9,
      total_opportunities: 11,
      total_opportunity_value: 1234.5,
    });
    for (const metric of CHART_METRICS) {
      const chart = chartOf(metric.name);
      const table = chartTable(chartEntries([source], '2024-03-15', chart), chart);
      expect([metric.name, table.values[1][1]]).toEqual([
        metric.name,
        cellValue(source, field(metric.name)),
      ]);
    }
  });
});

describe('chartTable: total', () => {
  test('counts and money are summed per day', () => {
    const sent = chartOf('emails_sent_count', 'total');
    expect(
      chartTable(
        days(
          sent,
          [
            '2024-03-14',
            [campaign(1, { emails_sent_count: 10 }), campaign(2, { emails_sent_count: 5 })],
          ],
          ['2024-03-15', [campaign(1, { emails_sent_count: 7 })]],
        ),
        sent,
      ),
    ).toEqual({
      values: [
        [SNAPSHOT_DATE, "'Total emails sent"],
        ['2024-03-14', 15],
        ['2024-03-15', 7],
      ],
      lineIds: [],
    });
    const value = chartOf('total_opportunity_value', 'total');
    const money = days(value, [
      '2024-03-15',
      [
        campaign(1, { total_opportunity_value: 100.25 }),
        campaign(2, { total_opportunity_value: 50.5 }),
      ],
    ]);
    expect(chartTable(money, value).values[1]).toEqual(['2024-03-15', 150.75]);
  });

  test('a rate is the summed count over the summed contacted leads, not an average', () => {
    const total = chartOf('reply_rate', 'total');
    const table = chartTable(
      days(total, [
        '2024-03-15',
        [
          campaign(1, { contacted_count: 100, reply_count_unique: 50 }), // 50%
          campaign(2, { contacted_count: 900, reply_count_unique: 90 }), // 10%
        ],
      ]),
      total,
    );
    // (50 + 90) / (100 + 900), where the average of the rates would be 30%.
    expect(table.values).toEqual([
      [SNAPSHOT_DATE, "'Total reply rate"],
      ['2024-03-15', 0.14],
    ]);
  });

  test.each(RATE_FIELDS.map((rate) => [rate.name, rate.numerator]))(
    '%s totals %s over contacted',
    (name, numerator) => {
      const total = chartOf(name, 'total');
      const entries = days(total, [
        '2024-03-15',
        [
          campaign(1, { contacted_count: 300, [numerator]: 30 }),
          campaign(2, { contacted_count: 100, [numerator]: 50 }),
        ],
      ]);
      expect(chartTable(entries, total).values[1]).toEqual(['2024-03-15', 80 / 400]);
    },
  );

  test('a rate is blank on a day nobody was contacted', () => {
    const total = chartOf('reply_rate', 'total');
    const table = chartTable(
      days(
        total,
        [
          '2024-03-14',
          [
            campaign(1, { contacted_count: 0, reply_count_unique: 0 }),
            campaign(2, { contacted_count: 0, reply_count_unique: 0 }),
          ],
        ],
        ['2024-03-15', [campaign(1, { contacted_count: 10, reply_count_unique: 1 })]],
      ),
      total,
    );
    expect(table.values.slice(1)).toEqual([
      ['2024-03-14', ''],
      ['2024-03-15', 0.1],
    ]);
  });

  test('one line whatever the number of campaigns; blank cells count as zero', () => {
    const contacted = chartOf('contacted_count', 'total');
    const campaigns = Array.from({ length: 12 }, (_, index) => campaign(index));
    const entries = days(contacted, ['2024-03-15', campaigns]);
    expect(chartTable(entries, contacted).values).toEqual([
      [SNAPSHOT_DATE, "'Total contacted"],
      ['2024-03-15', 12 * 200],
    ]);
    const blank = { ...entries[0], values: { contacted_count: '' } };
    expect(chartTable([blank, ...entries.slice(1)], contacted).values[1]).toEqual([
      '2024-03-15',
      11 * 200,
    ]);
  });
});

describe('chartUpdate: a kept chart table', () => {
  const kept = (lineIds: string[], names: unknown[] = [], room = Number.POSITIVE_INFINITY) => ({
    lineIds,
    names,
    room,
  });

  test('today’s row for the lines chosen when it was built, whoever is largest today', () => {
    const lines = [1, 2, 3, 4, 5, 6, 7, 8].map(campaignId);
    const today = chartEntries(
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => replying(i, i * 10)),
      '2024-03-16',
      REPLY_RATE,
    );
    const update = chartUpdate('2024-03-16', today, REPLY_RATE, kept(lines));
    expect(update.lineIds).toEqual(lines);
    expect(update.row).toEqual(['2024-03-16', ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => i / 20)]);
    expect(update.header).toHaveLength(9);
  });

  test('a campaign among today’s 8 largest joins while there is room; others wait', () => {
    const today = chartEntries(
      [replying(1, 10), replying(2, 90), replying(3, 50)],
      '2024-03-16',
      REPLY_RATE,
    );
    const joined = chartUpdate('2024-03-16', today, REPLY_RATE, kept([campaignId(1)], ['Old']));
    expect(joined.lineIds).toEqual([campaignId(1), campaignId(2), campaignId(3)]);
    expect(joined.header).toEqual([SNAPSHOT_DATE, "'Campaign 1", "'Campaign 2", "'Campaign 3"]);
    expect(joined.row).toEqual(['2024-03-16', 0.05, 0.45, 0.25]);
    // A non-blank header cell right of the table leaves room for one.
    const cramped = chartUpdate('2024-03-16', today, REPLY_RATE, kept([campaignId(1)], [], 1));
    expect(cramped.lineIds).toEqual([campaignId(1), campaignId(2)]);
  });

  test('a line without a row today is blank and keeps the name it had', () => {
    const today = chartEntries([replying(2, 20)], '2024-03-16', REPLY_RATE);
    const update = chartUpdate(
      '2024-03-16',
      today,
      REPLY_RATE,
      kept([campaignId(1), campaignId(2)], ['=Gone', 'Was two'], 0),
    );
    expect(update.header).toEqual([SNAPSHOT_DATE, "'=Gone", "'Campaign 2"]);
    expect(update.row).toEqual(['2024-03-16', '', 0.1]);
  });

  test('a total has one line, and no campaign joins it', () => {
    const total = chartOf('reply_rate', 'total');
    const today = chartEntries([replying(1, 20), replying(2, 60)], '2024-03-16', total);
    expect(chartUpdate('2024-03-16', today, total, kept([]))).toEqual({
      lineIds: [],
      header: [SNAPSHOT_DATE, "'Total reply rate"],
      row: ['2024-03-16', 80 / 400],
    });
  });

  test('day by day, it gives the same table as a rebuild from the whole history', () => {
    const chart = chartOf('emails_sent_count');
    const snapshots: [string, CampaignAnalytics[]][] = [1, 2, 3, 4].map((day) => [
      `2024-03-1${day}`,
      [1, 2, 3].map((i) => campaign(i, { emails_sent_count: i * day })),
    ]);
    const [first, ...later] = snapshots;
    const built = chartTable(days(chart, first), chart);
    let values: Cell[][] = built.values;
    let lineIds = built.lineIds;
    for (const [day, campaigns] of later) {
      const update = chartUpdate(day, chartEntries(campaigns, day, chart), chart, kept(lineIds));
      values = [update.header, ...values.slice(1), update.row];
      lineIds = update.lineIds;
    }
    expect(values).toEqual(chartTable(days(chart, ...snapshots), chart).values);
  });
});

describe('readChartEntries', () => {
  const toIso = (date: Date) => date.toISOString().slice(0, 10);

  test('the chart’s columns read by label, as Sheets gives them back', () => {
    const columns: Record<string, unknown[]> = {
      [SNAPSHOT_DATE]: [new Date(Date.UTC(2024, 2, 14)), '', '2024-03-15'],
      'Campaign ID': ['id-1', 'id-x', 'id-1'],
      Campaign: ['Alpha', 'Nobody', 'Alpha'],
      'Reply rate': [0.25, 0.5, ''],
    };
    const asked: string[] = [];
    const entries = readChartEntries(
      (label) => {
        asked.push(label);
        return columns[label];
      },
      REPLY_RATE,
      toIso,
    );
    expect(asked.sort()).toEqual(['Campaign', 'Campaign ID', 'Reply rate', SNAPSHOT_DATE]);
    expect(entries).toEqual([
      { day: '2024-03-14', id: 'id-1', name: 'Alpha', values: { reply_rate: 0.25 } },
      { day: '2024-03-15', id: 'id-1', name: 'Alpha', values: { reply_rate: '' } },
    ]);
  });

  test('a column the history lacks reads blank; a total rate reads its count and denominator', () => {
    const total = chartOf('reply_rate', 'total');
    const entries = readChartEntries(
      (label) =>
        ({
          [SNAPSHOT_DATE]: ['2024-03-14', '2024-03-14'],
          'Campaign ID': ['a', 'b'],
          'Unique replies': [3, 5],
        })[label],
      total,
      toIso,
    );
    expect(entries.map((entry) => entry.values)).toEqual([
      { reply_count_unique: 3, contacted_count: '' },
      { reply_count_unique: 5, contacted_count: '' },
    ]);
    expect(entries.map((entry) => entry.name)).toEqual(['', '']);
    expect(chartTable(entries, total).values[1]).toEqual(['2024-03-14', '']);
  });
});

describe('the chart table’s formats and title', () => {
  test('a date, then the metric’s format per line', () => {
    expect(chartFormats(3, REPLY_RATE)).toEqual([DATE_FORMAT, '0.0%', '0.0%']);
    expect(chartFormats(2, chartOf('total_opportunity_value'))).toEqual([
      DATE_FORMAT,
      NUMBER_FORMATS.money,
    ]);
  });

  test('the metric over time, and (total) for a total', () => {
    expect(chartTitle(REPLY_RATE)).toBe('Reply rate over time');
    expect(chartTitle(chartOf('contacted_count', 'total'))).toBe('Contacted over time (total)');
  });
});

describe('the 10-million-cell limit', () => {
  test('a sheet grows to fit the write; a new sheet counts whole', () => {
    expect(cellsAdded({ rows: 1000, columns: 26 }, { rows: 1200, columns: 20 })).toBe(200 * 26);
    expect(cellsAdded({ rows: 5000, columns: 40 }, { rows: 100, columns: 41 })).toBe(5000);
    expect(cellsAdded({ rows: 5000, columns: 40 }, { rows: 100, columns: 10 })).toBe(0);
    expect(cellsAdded(undefined, { rows: 10, columns: 3 })).toBe(26_000);
    expect(NEW_SHEET_SIZE).toEqual({ rows: 1000, columns: 26 });
    expect(SHEETS_CELL_LIMIT).toBe(10_000_000);
  });

  test('up to the limit is fine; past it, a message that says what to do', () => {
    expect(() => assertCellsFit({ current: 9_990_000, added: 10_000 }, 'History')).not.toThrow();
    const past = () => assertCellsFit({ current: 9_990_000, added: 10_001 }, 'Instantly History');
    expect(past).toThrow(UserFacingError);
    expect(past).toThrow(
      "Keep history stopped: today's snapshot needs 10,001 more cells, and this spreadsheet " +
        'already has 9,990,000 of the 10,000,000 Google Sheets allows. Nothing was written, the ' +
        'report included. Copy the sheet "Instantly History" to another spreadsheet and delete ' +
        'its older rows here (or delete sheets you no longer need), or turn Keep history off.',
    );
    expect(() => assertCellsFit({ current: 90, added: 11 }, 'H', 100)).toThrow(
      'needs 11 more cells, and this spreadsheet already has 90 of the 100 Google Sheets allows',
    );
  });
});
