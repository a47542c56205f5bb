import { runInNewContext } from 'node:vm';
import { ALL_FIELDS, type FieldSpec, RATE_FIELDS, selectFields } from '../../src/core/fields';
import {
  chartTable,
  DATE_FORMAT,
  HISTORY_FIELDS,
  historyFormats,
  historyHeader,
  MAX_CHART_CAMPAIGNS,
  readHistoryRows,
  snapshotRows,
  snapshotStart,
} from '../../src/core/history';
import { columnFormats } from '../../src/core/report';
import type { CampaignAnalytics } from '../../src/core/response';
import { CHART_METRICS } from '../../src/core/sidebar-api';
import { asLiteralCells, type Cell, cellValue } from '../../src/core/table';
import { campaign, campaignId } from './fakes';

const field = (name: string): FieldSpec => selectFields([name])[0];
const REPLY_RATE = field('reply_rate');

/** Index of a field's column in a history row (the snapshot date is column 0). */
const column = (name: string) => 1 + HISTORY_FIELDS.findIndex((spec) => spec.name === name);

/** A campaign with the given unique replies over 200 contacted leads. */
const replying = (index: number, replies: number, overrides: Record<string, unknown> = {}) =>
  campaign(index, { reply_count_unique: replies, contacted_count: 200, ...overrides });

/** History rows for several days, as recordSnapshot would leave them. */
function history(...days: [string, CampaignAnalytics[]][]): Cell[][] {
  return days.flatMap(([day, campaigns]) => snapshotRows(campaigns, day));
}

describe('HISTORY_FIELDS and historyHeader', () => {
  test('every field but the evergreen flag and the leads count, in field order', () => {
    expect(HISTORY_FIELDS).toEqual(
      ALL_FIELDS.filter(
        (spec) => spec.name !== 'campaign_is_evergreen' && spec.name !== 'leads_count',
      ),
    );
    expect(HISTORY_FIELDS).toHaveLength(ALL_FIELDS.length - 2);
  });

  test('the header is the snapshot date, then the field labels', () => {
    const header = historyHeader();
    expect(header[0]).toBe('Snapshot date');
    expect(header.slice(1)).toEqual(HISTORY_FIELDS.map((spec) => spec.label));
    expect(header.slice(0, 4)).toEqual(['Snapshot date', 'Campaign', 'Campaign ID', 'Status']);
    expect(header).toContain('Reply rate');
    expect(header).toContain('Opportunity value');
    expect(header).not.toContain('Leads');
    expect(header).not.toContain('Evergreen');
  });

  test('every rate is kept, with the counts it is computed from', () => {
    const names = HISTORY_FIELDS.map((spec) => spec.name);
    for (const rate of RATE_FIELDS) {
      expect(names).toContain(rate.name);
      expect(names).toContain(rate.numerator);
    }
    expect(names).toContain('contacted_count');
  });

  test('the formats: a date, then one per field', () => {
    expect(historyFormats()).toEqual([DATE_FORMAT, ...columnFormats(HISTORY_FIELDS)]);
    expect(DATE_FORMAT).toBe('yyyy-mm-dd');
    expect(historyFormats()).toHaveLength(historyHeader().length);
  });
});

describe('snapshotRows', () => {
  test('one row per campaign, sorted by name, the day first', () => {
    const rows = snapshotRows(
      [
        campaign(1, { campaign_name: 'Zeta' }),
        campaign(2, { campaign_name: 'alpha' }),
        campaign(3, { campaign_name: 'Beta' }),
      ],
      '2024-03-15',
    );
    expect(rows.map((row) => row[0])).toEqual(['2024-03-15', '2024-03-15', '2024-03-15']);
    expect(rows.map((row) => row[column('campaign_name')])).toEqual(['alpha', 'Beta', 'Zeta']);
    expect(rows.map((row) => row[column('campaign_id')])).toEqual([
      campaignId(2),
      campaignId(3),
      campaignId(1),
    ]);
  });

  test('the cells are those of the history fields, values unescaped', () => {
    const source = campaign(4, { campaign_name: '=1+1', campaign_status: 2 });
    const [row] = snapshotRows([source], '2024-03-15');
    expect(row).toEqual(['2024-03-15', ...HISTORY_FIELDS.map((spec) => cellValue(source, spec))]);
    expect(row).toHaveLength(historyHeader().length);
    expect(row[column('campaign_name')]).toBe('=1+1');
    expect(row[column('campaign_status')]).toBe('Paused');
    expect(row[column('reply_rate')]).toBe(25 / 200);
    expect(row).not.toContain(1004); // the leads count is not kept
  });

  test('does not reorder its input', () => {
    const input = [campaign(1, { campaign_name: 'B' }), campaign(2, { campaign_name: 'A' })];
    snapshotRows(input, '2024-03-15');
    expect(input.map((c) => c.campaign_name)).toEqual(['B', 'A']);
  });

  test('no campaigns, no rows', () => {
    expect(snapshotRows([], '2024-03-15')).toEqual([]);
  });
});

describe('snapshotStart', () => {
  const TODAY = '2024-03-15';

  test('an empty history: row 0', () => {
    expect(snapshotStart([], TODAY)).toBe(0);
  });

  test('only earlier days: after all of them', () => {
    expect(snapshotStart(['2024-03-13', '2024-03-13', '2024-03-14'], TODAY)).toBe(3);
  });

  test("a trailing run of today's rows is replaced", () => {
    expect(
      snapshotStart(['2024-03-13', '2024-03-14', '2024-03-14', TODAY, TODAY, TODAY], TODAY),
    ).toBe(3);
  });

  test('only today: everything is replaced', () => {
    expect(snapshotStart([TODAY, TODAY], TODAY)).toBe(0);
  });

  test('rows dated today in the middle are not touched', () => {
    expect(snapshotStart([TODAY, '2024-03-14', TODAY, '2024-03-16', TODAY], TODAY)).toBe(4);
    expect(snapshotStart([TODAY, '2024-03-14'], TODAY)).toBe(2);
  });

  test('a later day last: appended after it', () => {
    expect(snapshotStart(['2024-03-14', '2024-03-16'], TODAY)).toBe(2);
  });
});

describe('readHistoryRows', () => {
  const toIso = (date: Date) => date.toISOString().slice(0, 10);

  test('snapshot dates read back as Dates become ISO days through toIso', () => {
    const seen: Date[] = [];
    const march14 = new Date(Date.UTC(2024, 2, 14));
    const rows = readHistoryRows(
      [
        [march14, 'Alpha', 1],
        [new Date(Date.UTC(2024, 2, 15)), 'Beta', 2],
      ],
      (date) => {
        seen.push(date);
        return `iso(${toIso(date)})`;
      },
    );
    expect(rows).toEqual([
      ['iso(2024-03-14)', 'Alpha', 1],
      ['iso(2024-03-15)', 'Beta', 2],
    ]);
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(march14);
  });

  test('Dates from another realm are Dates too', () => {
    const foreign = runInNewContext('new Date(Date.UTC(2024, 2, 14))') as Date;
    expect(foreign instanceof Date).toBe(false);
    expect(readHistoryRows([[foreign, 'x']], toIso)).toEqual([['2024-03-14', 'x']]);
  });

  test('dates already text stay as they are; other values become text', () => {
    expect(
      readHistoryRows(
        [
          ['2024-03-14', 'A'],
          [45000, 'B'],
        ],
        toIso,
      ),
    ).toEqual([
      ['2024-03-14', 'A'],
      ['45000', 'B'],
    ]);
  });

  test('rows with a blank date are skipped', () => {
    const rows = readHistoryRows(
      [
        ['', '', ''],
        [new Date(Date.UTC(2024, 2, 14)), 'A', 1],
        [null, 'orphan', 2],
        ['', 'B', 3],
        ['2024-03-15', 'C', 4],
      ],
      toIso,
    );
    expect(rows).toEqual([
      ['2024-03-14', 'A', 1],
      ['2024-03-15', 'C', 4],
    ]);
  });

  test('the other cells are kept as read, blanks included', () => {
    expect(readHistoryRows([['2024-03-14', 'A', '', 0, false, 0.25]], toIso)).toEqual([
      ['2024-03-14', 'A', '', 0, false, 0.25],
    ]);
  });

  test('nothing read, nothing returned', () => {
    expect(readHistoryRows([], toIso)).toEqual([]);
  });
});

describe('chartTable: per campaign', () => {
  test('a column per campaign, a row per day, missing days blank', () => {
    const table = chartTable(
      history(
        ['2024-03-13', [replying(1, 20, { campaign_name: 'Alpha' }), replying(2, 60)]],
        ['2024-03-14', [replying(1, 40, { campaign_name: 'Alpha' })]],
        ['2024-03-15', [replying(1, 30, { campaign_name: 'Alpha' }), replying(2, 50)]],
      ),
      REPLY_RATE,
      'campaigns',
    );
    // Sorted by the latest value: Campaign 2 (0.25) before Alpha (0.15).
    expect(table).toEqual([
      ['Snapshot date', "'Campaign 2", "'Alpha"],
      ['2024-03-13', 0.3, 0.1],
      ['2024-03-14', '', 0.2],
      ['2024-03-15', 0.25, 0.15],
    ]);
  });

  test('a campaign only in later days is blank before it', () => {
    const table = chartTable(
      history(
        ['2024-03-13', [replying(1, 20)]],
        ['2024-03-14', [replying(1, 20), replying(2, 100)]],
      ),
      REPLY_RATE,
      'campaigns',
    );
    expect(table).toEqual([
      ['Snapshot date', "'Campaign 2", "'Campaign 1"],
      ['2024-03-13', '', 0.1],
      ['2024-03-14', 0.5, 0.1],
    ]);
  });

  test('the days are sorted', () => {
    const table = chartTable(
      [
        ...snapshotRows([replying(1, 10)], '2024-03-15'),
        ...snapshotRows([replying(1, 20)], '2024-03-13'),
        ...snapshotRows([replying(1, 30)], '2024-03-14'),
      ],
      REPLY_RATE,
      'campaigns',
    );
    expect(table.slice(1)).toEqual([
      ['2024-03-13', 0.1],
      ['2024-03-14', 0.15],
      ['2024-03-15', 0.05],
    ]);
  });

  test('campaigns are told apart by id, not by name', () => {
    const table = chartTable(
      history([
        '2024-03-15',
        [replying(1, 20, { campaign_name: 'Same' }), replying(2, 40, { campaign_name: 'Same' })],
      ]),
      REPLY_RATE,
      'campaigns',
    );
    expect(table).toEqual([
      ['Snapshot date', "'Same", "'Same"],
      ['2024-03-15', 0.2, 0.1],
    ]);
  });

  test('a renamed campaign stays one line', () => {
    const table = chartTable(
      history(
        ['2024-03-14', [replying(1, 20, { campaign_name: 'Old name' })]],
        ['2024-03-15', [replying(1, 40, { campaign_name: 'New name' })]],
      ),
      REPLY_RATE,
      'campaigns',
    );
    expect(table[0]).toHaveLength(2);
    expect(table.slice(1)).toEqual([
      ['2024-03-14', 0.1],
      ['2024-03-15', 0.2],
    ]);
  });

  test(`at most ${MAX_CHART_CAMPAIGNS} campaigns: those with the largest latest value`, () => {
    expect(MAX_CHART_CAMPAIGNS).toBe(8);
    // Campaign i has i * 10 replies today; yesterday the order was reversed.
    const indexes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const table = chartTable(
      history(
        ['2024-03-14', indexes.map((i) => replying(i, (11 - i) * 10))],
        ['2024-03-15', indexes.map((i) => replying(i, i * 10))],
      ),
      REPLY_RATE,
      'campaigns',
    );
    expect(table[0]).toEqual([
      'Snapshot date',
      ...[10, 9, 8, 7, 6, 5, 4, 3].map((i) => `'Campaign ${i}`),
    ]);
    expect(table[2]).toEqual(['2024-03-15', ...[10, 9, 8, 7, 6, 5, 4, 3].map((i) => i / 20)]);
    expect(table[1]).toEqual([
      '2024-03-14',
      ...[10, 9, 8, 7, 6, 5, 4, 3].map((i) => (11 - i) / 20),
    ]);
  });

  test('a campaign whose latest rate is blank sorts last', () => {
    const table = chartTable(
      history([
        '2024-03-15',
        [replying(1, 0, { contacted_count: 0 }), replying(2, 2), replying(3, 0)],
      ]),
      REPLY_RATE,
      'campaigns',
    );
    expect(table[0]).toEqual(['Snapshot date', "'Campaign 2", "'Campaign 3", "'Campaign 1"]);
    expect(table[1]).toEqual(['2024-03-15', 0.01, 0, '']);
  });

  test('counts and money are charted as they are', () => {
    const rows = history(
      ['2024-03-14', [campaign(1, { emails_sent_count: 10, total_opportunity_value: 99.5 })]],
      ['2024-03-15', [campaign(1, { emails_sent_count: 25, total_opportunity_value: 120 })]],
    );
    expect(chartTable(rows, field('emails_sent_count'), 'campaigns').slice(1)).toEqual([
      ['2024-03-14', 10],
      ['2024-03-15', 25],
    ]);
    expect(chartTable(rows, field('total_opportunity_value'), 'campaigns').slice(1)).toEqual([
      ['2024-03-14', 99.5],
      ['2024-03-15', 120],
    ]);
  });

  test('campaign names that Sheets would parse are escaped in the header', () => {
    const table = chartTable(
      history([
        '2024-03-15',
        [
          replying(1, 30, { campaign_name: '=IMPORTXML("http://x","//a")' }),
          replying(2, 20, { campaign_name: '+1 555 0100' }),
          replying(3, 10, { campaign_name: '2024-01-01' }),
        ],
      ]),
      REPLY_RATE,
      'campaigns',
    );
    expect(table[0]).toEqual([
      'Snapshot date',
      '\'=IMPORTXML("http://x","//a")',
      "'+1 555 0100",
      "'2024-01-01",
    ]);
  });

  test('no history: the header alone', () => {
    expect(chartTable([], REPLY_RATE, 'campaigns')).toEqual([['Snapshot date']]);
  });

  test('every chart metric is read from its own column', () => {
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
    const rows = snapshotRows([source], '2024-03-15');
    for (const metric of CHART_METRICS) {
      const spec = field(metric.name);
      expect([metric.name, chartTable(rows, spec, 'campaigns')[1][1]]).toEqual([
        metric.name,
        cellValue(source, spec),
      ]);
    }
  });
});

describe('chartTable: total', () => {
  test('counts are summed per day', () => {
    const table = chartTable(
      history(
        [
          '2024-03-14',
          [campaign(1, { emails_sent_count: 10 }), campaign(2, { emails_sent_count: 5 })],
        ],
        ['2024-03-15', [campaign(1, { emails_sent_count: 7 })]],
      ),
      field('emails_sent_count'),
      'total',
    );
    expect(table).toEqual([
      ['Snapshot date', "'Total emails sent"],
      ['2024-03-14', 15],
      ['2024-03-15', 7],
    ]);
  });

  test('money is summed per day', () => {
    const table = chartTable(
      history([
        '2024-03-15',
        [
          campaign(1, { total_opportunity_value: 100.25 }),
          campaign(2, { total_opportunity_value: 50.5 }),
        ],
      ]),
      field('total_opportunity_value'),
      'total',
    );
    expect(table).toEqual([
      ['Snapshot date', "'Total opportunity value"],
      ['2024-03-15', 150.75],
    ]);
  });

  test('a rate is the summed count over the summed contacted leads, not an average', () => {
    const table = chartTable(
      history([
        '2024-03-15',
        [
          campaign(1, { contacted_count: 100, reply_count_unique: 50 }), // 50%
          campaign(2, { contacted_count: 900, reply_count_unique: 90 }), // 10%
        ],
      ]),
      REPLY_RATE,
      'total',
    );
    // (50 + 90) / (100 + 900), where the average of the rates would be 30%.
    expect(table).toEqual([
      ['Snapshot date', "'Total reply rate"],
      ['2024-03-15', 0.14],
    ]);
  });

  test.each(RATE_FIELDS.map((rate) => [rate.name, rate.numerator]))(
    '%s totals %s over contacted',
    (name, numerator) => {
      const table = chartTable(
        history([
          '2024-03-15',
          [
            campaign(1, { contacted_count: 300, [numerator]: 30 }),
            campaign(2, { contacted_count: 100, [numerator]: 50 }),
          ],
        ]),
        field(name),
        'total',
      );
      expect(table[1]).toEqual(['2024-03-15', 80 / 400]);
    },
  );

  test('a rate is blank on a day nobody was contacted', () => {
    const table = chartTable(
      history(
        [
          '2024-03-14',
          [
            campaign(1, { contacted_count: 0, reply_count_unique: 0 }),
            campaign(2, { contacted_count: 0, reply_count_unique: 0 }),
          ],
        ],
        ['2024-03-15', [campaign(1, { contacted_count: 10, reply_count_unique: 1 })]],
      ),
      REPLY_RATE,
      'total',
    );
    expect(table.slice(1)).toEqual([
      ['2024-03-14', ''],
      ['2024-03-15', 0.1],
    ]);
  });

  test('one line whatever the number of campaigns', () => {
    const campaigns = Array.from({ length: 12 }, (_, index) => campaign(index));
    const table = chartTable(history(['2024-03-15', campaigns]), field('contacted_count'), 'total');
    expect(table).toEqual([
      ['Snapshot date', "'Total contacted"],
      ['2024-03-15', 12 * 200],
    ]);
  });

  test('blank cells read back from the sheet count as zero', () => {
    const rows = history(['2024-03-15', [campaign(1), campaign(2)]]);
    rows[1][column('emails_sent_count')] = '';
    const table = chartTable(rows, field('emails_sent_count'), 'total');
    expect(table[1]).toEqual(['2024-03-15', 500]);
  });
});

describe('history written, read back and charted', () => {
  test('a round trip through the sheet (escaped text, dates as Date objects)', () => {
    const written = asLiteralCells([
      ...snapshotRows([replying(1, 20), replying(2, 40)], '2024-03-14'),
      ...snapshotRows([replying(1, 60), replying(2, 20)], '2024-03-15'),
    ]);
    // Sheets shows the text without its apostrophe, and the snapshot date as a Date.
    const read: unknown[][] = written.map((row) => [
      new Date(`${String(row[0]).replace(/^'/, '')}T00:00:00Z`),
      ...row.slice(1).map((cell) => (typeof cell === 'string' ? cell.replace(/^'/, '') : cell)),
    ]);
    read.push(['', '', '']);
    const rows = readHistoryRows(read, (date) => date.toISOString().slice(0, 10));
    expect(chartTable(rows, REPLY_RATE, 'campaigns')).toEqual([
      ['Snapshot date', "'Campaign 1", "'Campaign 2"],
      ['2024-03-14', 0.1, 0.2],
      ['2024-03-15', 0.3, 0.1],
    ]);
    expect(chartTable(rows, REPLY_RATE, 'total')).toEqual([
      ['Snapshot date', "'Total reply rate"],
      ['2024-03-14', 60 / 400],
      ['2024-03-15', 80 / 400],
    ]);
  });
});
