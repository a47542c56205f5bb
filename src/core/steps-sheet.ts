/**
 * The steps sheet a refresh writes beside the report: the steps table of the report's campaigns,
 * and the data of its chart, the reply rate of each step and variant.
 */
import { pickFields, WORKSPACE_FIELD } from './fields';
import { columnFormats, NUMBER_FORMATS, type Report } from './report';
import {
  STEP_FIELDS,
  type StepsBlock,
  stepRecords,
  stepsHeader,
  stepsTableRows,
  UNATTRIBUTED,
} from './steps';
import { asLiteralCells, type Cell, cellValue } from './table';

/** The functions' default columns, and what converts: opportunities and meetings booked. */
export const STEPS_SHEET_FIELDS = pickFields(STEP_FIELDS, [
  ...STEP_FIELDS.defaults,
  'opportunities',
  'meetings_booked',
]);

/**
 * The chart's data sits a blank column right of the widest table (the one with a campaign
 * column), so it stays in one place whichever campaigns the report covers.
 */
export const STEPS_CHART_COLUMN = 1 + (STEPS_SHEET_FIELDS.length + 1) + 1;

const REPLY_RATE = pickFields(STEP_FIELDS, ['reply_rate'])[0];

/**
 * The table; with names, a block per campaign, each row starting with its campaign's name; with
 * several workspaces, each row starting with its workspace.
 */
export function stepsSheetTable(
  blocks: readonly StepsBlock[],
  names: readonly string[] | undefined,
  severalWorkspaces: boolean,
): Report {
  const fields = severalWorkspaces ? [WORKSPACE_FIELD, ...STEPS_SHEET_FIELDS] : STEPS_SHEET_FIELDS;
  const labels = names ? [NUMBER_FORMATS.text] : [];
  const [first, ...rest] = columnFormats(fields);
  return {
    values: [
      stepsHeader(fields, names !== undefined),
      ...asLiteralCells(stepsTableRows(blocks, fields, names)),
    ],
    columnFormats: severalWorkspaces ? [first, ...labels, ...rest] : [...labels, first, ...rest],
  };
}

/**
 * The reply rate of each step and variant over all the blocks (so the chart has one bar per
 * step and variant, however many campaigns); unattributed events have no sends, so no rate.
 */
export function replyRateChart(blocks: readonly StepsBlock[]): Report {
  const records = stepRecords(blocks.flatMap((block) => block.rows)).filter(
    (record) => record.step !== UNATTRIBUTED,
  );
  const rows = records.map((record): Cell[] => [
    `Step ${record.step} ${record.variant}`,
    cellValue(record, REPLY_RATE),
  ]);
  return {
    values: [['Step and variant', REPLY_RATE.label], ...asLiteralCells(rows)],
    columnFormats: [NUMBER_FORMATS.text, NUMBER_FORMATS.rate],
  };
}
