import { STEP_FIELDS, type StepRow } from '../../src/core/steps';
import {
  replyRateChart,
  STEPS_CHART_COLUMN,
  STEPS_SHEET_FIELDS,
  stepsSheetTable,
} from '../../src/core/steps-sheet';

const row = (
  step: string | null,
  variant: string | null,
  counts: Record<string, number>,
): StepRow => ({ step, variant, counts });

const NORTH = {
  workspaceName: 'Acme',
  rows: [
    row('1', '0', { sent: 100, unique_replies: 10, opportunities: 2 }),
    row('0', '0', { sent: 200, unique_replies: 10 }),
    row(null, null, { unique_replies: 4 }),
  ],
};
const SOUTH = {
  workspaceName: 'Acme',
  rows: [row('0', '0', { sent: 100, unique_replies: 30 }), row('0', '1', { sent: 0 })],
};

describe('the steps sheet', () => {
  test('the default step columns, then opportunities and meetings booked', () => {
    expect(STEPS_SHEET_FIELDS.map((field) => field.name)).toEqual([
      ...STEP_FIELDS.defaults,
      'opportunities',
      'meetings_booked',
    ]);
  });

  test('the chart data sits one blank column right of the widest table', () => {
    const widest = stepsSheetTable([NORTH], ['North'], false);
    expect(STEPS_CHART_COLUMN).toBe(widest.columnFormats.length + 2);
  });

  test('all campaigns: the rows in step order, text kept as text, formats per column', () => {
    const table = stepsSheetTable([NORTH], undefined, false);
    expect(table.values.map((values) => values.slice(0, 3))).toEqual([
      ['Step', 'Variant', 'Sent'],
      [0, "'A", 200],
      [1, "'A", 100],
      ["'Unattributed", '', ''],
    ]);
    expect(table.values[2][9]).toBe(2);
    expect(table.columnFormats.slice(0, 7)).toEqual([
      'General',
      'General',
      '#,##0',
      '#,##0',
      '0.0%',
      '#,##0',
      '0.0%',
    ]);
  });

  test('chosen campaigns: a block each, the name first and kept as text', () => {
    const table = stepsSheetTable([NORTH, SOUTH], ['=North', 'South'], false);
    expect(table.values.map((values) => values.slice(0, 3))).toEqual([
      ['Campaign', 'Step', 'Variant'],
      ["'=North", 0, "'A"],
      ["'=North", 1, "'A"],
      ["'=North", "'Unattributed", ''],
      ["'South", 0, "'A"],
      ["'South", 0, "'B"],
    ]);
    expect(table.columnFormats[0]).toBe('General');
    expect(table.columnFormats).toHaveLength(STEPS_SHEET_FIELDS.length + 1);
  });

  test('the chart: reply rate per step and variant over every block, no unattributed bar', () => {
    expect(replyRateChart([NORTH, SOUTH])).toEqual({
      values: [
        ['Step and variant', 'Reply rate'],
        ["'Step 0 A", 40 / 300],
        ["'Step 0 B", ''],
        ["'Step 1 A", 0.1],
      ],
      columnFormats: ['General', '0.0%'],
    });
  });

  test('several workspaces: each row starts with its workspace, kept as text', () => {
    const table = stepsSheetTable(
      [NORTH, { ...SOUTH, workspaceName: 'Globex' }],
      ['North', 'South'],
      true,
    );
    expect(table.values.map((values) => values.slice(0, 3))).toEqual([
      ['Workspace', 'Campaign', 'Step'],
      ["'Acme", "'North", 0],
      ["'Acme", "'North", 1],
      ["'Acme", "'North", "'Unattributed"],
      ["'Globex", "'South", 0],
      ["'Globex", "'South", 0],
    ]);
    expect(table.columnFormats.slice(0, 3)).toEqual(['General', 'General', 'General']);
    expect(table.columnFormats).toHaveLength(STEPS_SHEET_FIELDS.length + 2);
    // The widest table now reaches the chart data, which stays where it always was.
    expect(STEPS_CHART_COLUMN).toBe(table.columnFormats.length + 1);
  });

  test('no steps: headers only', () => {
    expect(stepsSheetTable([], undefined, false).values).toHaveLength(1);
    expect(replyRateChart([]).values).toEqual([['Step and variant', 'Reply rate']]);
  });
});
