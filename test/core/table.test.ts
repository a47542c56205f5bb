import { rate, selectFields } from '../../src/core/fields';
import {
  asLiteralCells,
  type Cell,
  cellValue,
  headerRow,
  statusLabel,
  tableRows,
} from '../../src/core/table';
import { campaign, campaignId } from './fakes';

const field = (name: string) => selectFields([name])[0];

describe('statusLabel', () => {
  test.each([
    [0, 'Draft'],
    [1, 'Active'],
    [2, 'Paused'],
    [3, 'Completed'],
    [4, 'Running Subsequences'],
    [-99, 'Account Suspended'],
    [-1, 'Accounts Unhealthy'],
    [-2, 'Bounce Protect'],
  ])('%d is %s', (status, label) => {
    expect(statusLabel(status)).toBe(label);
  });

  test('an unknown status shows its number', () => {
    expect(statusLabel(7)).toBe('Unknown status (7)');
    expect(statusLabel(-3)).toBe('Unknown status (-3)');
    expect(statusLabel(1.5)).toBe('Unknown status (1.5)');
  });
});

describe('cellValue', () => {
  const row = campaign(1, {
    campaign_status: 2,
    campaign_is_evergreen: true,
    contacted_count: 200,
    open_count_unique: 50,
    reply_count_unique: 3,
    link_click_count_unique: 0,
    bounced_count: 10,
    unsubscribed_count: 1,
    total_opportunities: 4,
  });

  test('plain fields are their values', () => {
    expect(cellValue(row, field('campaign_name'))).toBe('Campaign 1');
    expect(cellValue(row, field('campaign_id'))).toBe(campaignId(1));
    expect(cellValue(row, field('contacted_count'))).toBe(200);
    expect(cellValue(row, field('campaign_is_evergreen'))).toBe(true);
    expect(cellValue(row, field('total_opportunity_value'))).toBe(2500.5);
  });

  test('the status is a label', () => {
    expect(cellValue(row, field('campaign_status'))).toBe('Paused');
    expect(cellValue(campaign(1, { campaign_status: 0 }), field('campaign_status'))).toBe('Draft');
    expect(cellValue(campaign(1, { campaign_status: 12 }), field('campaign_status'))).toBe(
      'Unknown status (12)',
    );
  });

  test('a missing field is blank, but zero and false are kept', () => {
    const sparse = { campaign_id: campaignId(1), campaign_name: '', bounced_count: 0 };
    expect(cellValue(sparse, field('leads_count'))).toBe('');
    expect(cellValue(sparse, field('campaign_status'))).toBe('');
    expect(cellValue(sparse, field('bounced_count'))).toBe(0);
    expect(
      cellValue(campaign(1, { campaign_is_evergreen: false }), field('campaign_is_evergreen')),
    ).toBe(false);
  });

  test('rates divide the count by contacted_count', () => {
    expect(cellValue(row, field('open_rate'))).toBe(0.25);
    expect(cellValue(row, field('reply_rate'))).toBe(0.015);
    expect(cellValue(row, field('click_rate'))).toBe(0);
    expect(cellValue(row, field('bounce_rate'))).toBe(0.05);
    expect(cellValue(row, field('unsubscribe_rate'))).toBe(0.005);
    expect(cellValue(row, field('opportunity_rate'))).toBe(0.02);
  });

  test('a rate is blank when nothing was contacted', () => {
    const none = campaign(1, { contacted_count: 0, open_count_unique: 0 });
    expect(cellValue(none, field('open_rate'))).toBe('');
    const { contacted_count: _, ...noContacted } = campaign(1);
    expect(cellValue(noContacted as typeof none, field('open_rate'))).toBe('');
  });

  test('a rate is blank when its count is missing', () => {
    const { reply_count_unique: _, ...noReplies } = campaign(1);
    expect(cellValue(noReplies as ReturnType<typeof campaign>, field('reply_rate'))).toBe('');
    expect(cellValue(noReplies as ReturnType<typeof campaign>, field('open_rate'))).toBe(0.5);
  });
});

describe('headerRow and tableRows', () => {
  test('labels in field order', () => {
    expect(headerRow(selectFields(['campaign_name', 'reply_rate', 'leads_count']))).toEqual([
      'Campaign',
      'Reply rate',
      'Leads',
    ]);
    expect(headerRow([])).toEqual([]);
  });

  test('one row per campaign, one cell per field, in order', () => {
    const fields = selectFields(['campaign_status', 'campaign_name', 'open_rate', 'leads_count']);
    const rows = tableRows(
      [campaign(1), campaign(2, { campaign_status: -1, contacted_count: 0 })],
      fields,
    );
    expect(rows).toEqual([
      ['Active', 'Campaign 1', 0.5, 1001],
      ['Accounts Unhealthy', 'Campaign 2', '', 1002],
    ]);
    expect(tableRows([], fields)).toEqual([]);
  });
});

describe('asLiteralCells', () => {
  test('prefixes every non-empty string with an apostrophe', () => {
    const rows: Cell[][] = [
      ['=IMPORTXML("http://evil")', '+1 555 0100', '2024-01-01', 'Plain', "'quoted", ' '],
    ];
    expect(asLiteralCells(rows)).toEqual([
      ['\'=IMPORTXML("http://evil")', "'+1 555 0100", "'2024-01-01", "'Plain", "''quoted", "' "],
    ]);
  });

  test('leaves numbers, booleans and empty strings alone', () => {
    expect(asLiteralCells([[0, 1.5, -3, true, false, '']])).toEqual([
      [0, 1.5, -3, true, false, ''],
    ]);
  });

  test('keeps the shape and does not change its input', () => {
    const rows: Cell[][] = [['a', 1], ['b'], []];
    const copy = JSON.parse(JSON.stringify(rows));
    expect(asLiteralCells(rows)).toEqual([["'a", 1], ["'b"], []]);
    expect(rows).toEqual(copy);
  });
});

describe('cellValue on any record', () => {
  const replyRate = rate('reply_rate', 'Reply rate', 'unique_replies', 'sent');

  test('a rate over the denominator it names', () => {
    expect(cellValue({ sent: 200, unique_replies: 10 }, replyRate)).toBe(0.05);
  });

  test('blank when the denominator is 0 or missing', () => {
    expect(cellValue({ sent: 0, unique_replies: 0 }, replyRate)).toBe('');
    expect(cellValue({ unique_replies: 3 }, replyRate)).toBe('');
  });
});
