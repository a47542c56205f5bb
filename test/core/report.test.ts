import { ALL_FIELDS, type FieldKind, selectFields } from '../../src/core/fields';
import {
  buildReport,
  columnFormats,
  GENERAL_FORMAT,
  NUMBER_FORMATS,
  refreshNote,
} from '../../src/core/report';
import { campaign, campaignId } from './fakes';

describe('NUMBER_FORMATS', () => {
  test('one format per kind of field', () => {
    expect(NUMBER_FORMATS).toEqual({
      text: 'General',
      status: 'General',
      boolean: 'General',
      count: '#,##0',
      money: '$#,##0.00',
      rate: '0.0%',
    });
    expect(GENERAL_FORMAT).toBe('General');
  });
});

describe('columnFormats', () => {
  test.each<[string, string]>([
    ['campaign_name', 'General'],
    ['campaign_id', 'General'],
    ['campaign_status', 'General'],
    ['campaign_is_evergreen', 'General'],
    ['leads_count', '#,##0'],
    ['contacted_count', '#,##0'],
    ['emails_sent_count', '#,##0'],
    ['reply_count_unique', '#,##0'],
    ['total_opportunities', '#,##0'],
    ['total_opportunity_value', '$#,##0.00'],
    ['open_rate', '0.0%'],
    ['reply_rate', '0.0%'],
    ['click_rate', '0.0%'],
    ['bounce_rate', '0.0%'],
    ['unsubscribe_rate', '0.0%'],
    ['opportunity_rate', '0.0%'],
  ])('%s is formatted %s', (name, format) => {
    expect(columnFormats(selectFields([name]))).toEqual([format]);
  });

  test('one format per column, in column order', () => {
    expect(
      columnFormats(
        selectFields(['reply_rate', 'campaign_name', 'total_opportunity_value', 'contacted_count']),
      ),
    ).toEqual(['0.0%', 'General', '$#,##0.00', '#,##0']);
  });

  test('every field has the format of its kind', () => {
    const byKind: Record<FieldKind, string> = NUMBER_FORMATS;
    expect(columnFormats(ALL_FIELDS)).toEqual(ALL_FIELDS.map((field) => byKind[field.kind]));
  });

  test('no fields, no formats', () => {
    expect(columnFormats([])).toEqual([]);
  });
});

describe('buildReport', () => {
  const fields = selectFields([
    'campaign_name',
    'campaign_id',
    'campaign_status',
    'campaign_is_evergreen',
    'contacted_count',
    'reply_rate',
    'total_opportunity_value',
  ]);

  test('a header of labels, then one row per campaign in the order given', () => {
    const report = buildReport(
      [
        campaign(2, { campaign_name: 'Beta', reply_count_unique: 50 }),
        campaign(1, { campaign_name: 'Alpha', campaign_status: 2, campaign_is_evergreen: true }),
      ],
      fields,
    );
    expect(report.values).toEqual([
      [
        'Campaign',
        'Campaign ID',
        'Status',
        'Evergreen',
        'Contacted',
        'Reply rate',
        'Opportunity value',
      ],
      ["'Beta", `'${campaignId(2)}`, "'Active", false, 200, 0.25, 2500.5],
      ["'Alpha", `'${campaignId(1)}`, "'Paused", true, 200, 0.125, 2500.5],
    ]);
  });

  test('the formats are those of the columns', () => {
    expect(buildReport([campaign(1)], fields).columnFormats).toEqual([
      'General',
      'General',
      'General',
      'General',
      '#,##0',
      '0.0%',
      '$#,##0.00',
    ]);
  });

  test('text that Sheets would parse is kept as text', () => {
    const tricky = ['=IMPORTXML("http://x","//a")', '+1 555 0100', '2024-01-01', '1/2', '-5', "'q"];
    const report = buildReport(
      tricky.map((name, index) => campaign(index, { campaign_name: name })),
      selectFields(['campaign_name']),
    );
    expect(report.values.slice(1)).toEqual(tricky.map((name) => [`'${name}`]));
  });

  test('numbers and booleans are untouched', () => {
    const report = buildReport(
      [
        campaign(1, {
          contacted_count: 0,
          total_opportunity_value: 0,
          campaign_is_evergreen: false,
        }),
      ],
      selectFields(['contacted_count', 'total_opportunity_value', 'campaign_is_evergreen']),
    );
    expect(report.values[1]).toEqual([0, 0, false]);
    for (const cell of report.values[1]) expect(typeof cell).not.toBe('string');
  });

  test('blank cells stay blank, not a lone apostrophe', () => {
    const report = buildReport(
      [campaign(1, { contacted_count: 0, campaign_status: undefined })],
      selectFields(['campaign_status', 'reply_rate']),
    );
    expect(report.values[1]).toEqual(['', '']);
  });

  test('the header is not escaped', () => {
    const report = buildReport([], selectFields(['campaign_name', 'reply_rate']));
    expect(report.values).toEqual([['Campaign', 'Reply rate']]);
  });

  test('no campaigns: the header alone, formats still per column', () => {
    const report = buildReport([], fields);
    expect(report.values).toHaveLength(1);
    expect(report.columnFormats).toHaveLength(fields.length);
  });

  test('every row is as wide as the header and the formats', () => {
    const report = buildReport([campaign(1), campaign(2), campaign(3)], ALL_FIELDS);
    for (const row of report.values) expect(row).toHaveLength(ALL_FIELDS.length);
    expect(report.columnFormats).toHaveLength(ALL_FIELDS.length);
  });

  test('does not change the campaigns', () => {
    const input = [campaign(1, { campaign_name: '=1+1' })];
    buildReport(input, fields);
    expect(input[0].campaign_name).toBe('=1+1');
  });
});

describe('refreshNote', () => {
  const range = { start: '2024-03-01', end: '2024-03-07' };

  test('says when, where, what range and how many campaigns', () => {
    expect(refreshNote('2024-03-07 09:15', 'Europe/Paris', range, 12)).toBe(
      'Instantly Analytics: refreshed 2024-03-07 09:15 (Europe/Paris).\n' +
        'Date range: 2024-03-01 to 2024-03-07.\n' +
        '12 campaigns.',
    );
  });

  test('one campaign is singular', () => {
    expect(refreshNote('t', 'UTC', range, 1).split('\n')[2]).toBe('1 campaign.');
  });

  test('no campaigns is plural', () => {
    expect(refreshNote('t', 'UTC', range, 0).split('\n')[2]).toBe('0 campaigns.');
  });

  test('two campaigns are plural', () => {
    expect(refreshNote('t', 'UTC', range, 2).split('\n')[2]).toBe('2 campaigns.');
  });

  test('the range is described as describeRange does', () => {
    expect(refreshNote('t', 'UTC', {}, 3).split('\n')[1]).toBe('Date range: all time.');
    expect(refreshNote('t', 'UTC', { start: '2024-01-05', end: '2024-01-05' }, 3)).toContain(
      'Date range: 2024-01-05.',
    );
  });
});
