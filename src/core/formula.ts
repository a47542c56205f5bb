/** The custom function's work, free of Apps Script: arguments in, a 2D array of values out. */
import {
  booleanArgument,
  cellsAsText,
  type DateToIso,
  dateRangeArguments,
  listArgument,
} from './arguments';
import { pickCampaigns } from './campaigns';
import type { DateRange } from './dates';
import { needsLeadsCount, selectFields } from './fields';
import type { CampaignAnalytics } from './response';
import { type Cell, headerRow, tableRows } from './table';

export interface FormulaArguments {
  readonly campaign?: unknown;
  readonly start_date?: unknown;
  readonly end_date?: unknown;
  readonly fields?: unknown;
  readonly include_header?: unknown;
}

export interface FormulaContext {
  /** Today in the spreadsheet's time zone. */
  readonly today: string;
  readonly toIsoDate: DateToIso;
  loadAllCampaigns(range: DateRange, includeLeads: boolean): CampaignAnalytics[];
}

export function instantlyAnalytics(args: FormulaArguments, context: FormulaContext): Cell[][] {
  // Every argument is checked before any request, so a typo costs no quota.
  const wanted = cellsAsText(args.campaign);
  const range = dateRangeArguments(
    args.start_date,
    args.end_date,
    context.today,
    context.toIsoDate,
  );
  const fields = selectFields(listArgument(args.fields));
  const includeHeader = booleanArgument(args.include_header, 'include_header', true);
  const all = context.loadAllCampaigns(range, needsLeadsCount(fields));
  const rows = tableRows(pickCampaigns(all, wanted), fields);
  const table = includeHeader ? [headerRow(fields), ...rows] : rows;
  // Sheets cannot show an empty array; one blank cell says "no campaigns".
  return table.length > 0 ? table : [['']];
}
