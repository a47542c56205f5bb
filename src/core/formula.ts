/** The custom functions' work, free of Apps Script: arguments in, a 2D array of values out. */

import {
  booleanArgument,
  cellsAsText,
  type DateToIso,
  dateRangeArguments,
  listArgument,
} from './arguments';
import type { WorkspaceSource } from './cached-calls';
import { pickCampaigns } from './campaigns';
import type { DateRange } from './dates';
import {
  ANALYTICS_FIELDS,
  type FieldCatalog,
  type FieldSpec,
  needsLeadsCount,
  needsOutcomes,
  pickFields,
} from './fields';
import type { CampaignAnalytics } from './response';
import { type Cell, headerRow, tableRows } from './table';

export interface FormulaArguments {
  readonly campaign?: unknown;
  readonly start_date?: unknown;
  readonly end_date?: unknown;
  readonly fields?: unknown;
  readonly include_header?: unknown;
}

/** Dates as the spreadsheet sees them. */
export interface FormulaDates {
  /** Today in the spreadsheet's time zone. */
  readonly today: string;
  readonly toIsoDate: DateToIso;
}

/** Dates, and one workspace's data: what the formulas over per-campaign endpoints need. */
export interface WorkspaceFormulaContext extends FormulaDates {
  readonly source: WorkspaceSource;
}

export interface FormulaContext extends FormulaDates {
  loadAllCampaigns(range: DateRange, includeLeads: boolean): CampaignAnalytics[];
  /** The campaigns with their outcomes (interested, meetings, closed) over the range. */
  loadOutcomes(campaigns: readonly CampaignAnalytics[], range: DateRange): CampaignAnalytics[];
}

/** What a formula asks for, every argument checked. */
export interface FormulaRequest {
  /** Campaign ids and names; none means the whole workspace. */
  readonly wanted: string[];
  readonly range: DateRange;
  readonly fields: FieldSpec[];
  readonly includeHeader: boolean;
}

/** Reads every argument before any request is made, so a typo costs no quota. */
export function readArguments(
  args: FormulaArguments,
  catalog: FieldCatalog,
  dates: FormulaDates,
): FormulaRequest {
  return {
    wanted: cellsAsText(args.campaign),
    range: dateRangeArguments(args.start_date, args.end_date, dates.today, dates.toIsoDate),
    fields: pickFields(catalog, listArgument(args.fields)),
    includeHeader: booleanArgument(args.include_header, 'include_header', true),
  };
}

/** The header when asked for, then the rows; Sheets cannot show an empty array, so one blank. */
export function formulaTable(
  header: readonly Cell[],
  rows: readonly Cell[][],
  includeHeader: boolean,
): Cell[][] {
  const table = includeHeader ? [[...header], ...rows] : [...rows];
  return table.length > 0 ? table : [['']];
}

export function instantlyAnalytics(args: FormulaArguments, context: FormulaContext): Cell[][] {
  const { wanted, range, fields, includeHeader } = readArguments(args, ANALYTICS_FIELDS, context);
  const all = context.loadAllCampaigns(range, needsLeadsCount(fields));
  const picked = pickCampaigns(all, wanted);
  const campaigns = needsOutcomes(fields) ? context.loadOutcomes(picked, range) : picked;
  return formulaTable(headerRow(fields), tableRows(campaigns, fields), includeHeader);
}
