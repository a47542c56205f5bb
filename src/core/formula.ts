/** The custom functions' work, free of Apps Script: arguments in, a 2D array of values out. */

import {
  booleanArgument,
  cellsAsText,
  type DateToIso,
  dateRangeArguments,
  listArgument,
} from './arguments';
import { pickCampaigns } from './campaigns';
import type { DateRange } from './dates';
import {
  ANALYTICS_FIELDS,
  type FieldCatalog,
  type FieldSpec,
  forWorkspaces,
  needsLeadsCount,
  needsOutcomes,
  pickFields,
} from './fields';
import type { CampaignAnalytics } from './response';
import { type Cell, headerRow, tableRows } from './table';
import type { ConnectedSource } from './workspace-data';
import { chooseWorkspaces, type Workspace } from './workspaces';

export interface FormulaArguments {
  readonly campaign?: unknown;
  readonly start_date?: unknown;
  readonly end_date?: unknown;
  readonly fields?: unknown;
  readonly include_header?: unknown;
  readonly workspace?: unknown;
}

/** Dates as the spreadsheet sees them. */
export interface FormulaDates {
  /** Today in the spreadsheet's time zone. */
  readonly today: string;
  readonly toIsoDate: DateToIso;
}

/** Dates, and the connected workspaces' data: what the formulas over per-campaign endpoints need. */
export interface WorkspaceFormulaContext extends FormulaDates {
  readonly sources: readonly ConnectedSource[];
}

export interface FormulaContext extends FormulaDates {
  /** Every connected workspace. */
  readonly workspaces: readonly Workspace[];
  /** Every campaign of the workspaces, each row tagged with its workspace. */
  loadAllCampaigns(
    workspaces: readonly Workspace[],
    range: DateRange,
    includeLeads: boolean,
  ): CampaignAnalytics[];
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
  /** The workspaces named; none means every connected workspace. */
  readonly workspaces: string[];
}

/**
 * Reads every argument before any request is made, so a typo costs no quota. With several
 * workspaces connected, the default columns start with the workspace.
 */
export function readArguments(
  args: FormulaArguments,
  catalog: FieldCatalog,
  dates: FormulaDates,
  connected: number,
): FormulaRequest {
  return {
    wanted: cellsAsText(args.campaign),
    range: dateRangeArguments(args.start_date, args.end_date, dates.today, dates.toIsoDate),
    fields: pickFields(forWorkspaces(catalog, connected), listArgument(args.fields)),
    includeHeader: booleanArgument(args.include_header, 'include_header', true),
    workspaces: cellsAsText(args.workspace),
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

/** Every campaign of every chosen workspace, or the campaigns named (within them). */
export function instantlyAnalytics(args: FormulaArguments, context: FormulaContext): Cell[][] {
  const request = readArguments(args, ANALYTICS_FIELDS, context, context.workspaces.length);
  const { wanted, range, fields, includeHeader } = request;
  const chosen = chooseWorkspaces(context.workspaces, request.workspaces);
  const all = context.loadAllCampaigns(chosen, range, needsLeadsCount(fields));
  const picked = pickCampaigns(all, wanted);
  const campaigns = needsOutcomes(fields) ? context.loadOutcomes(picked, range) : picked;
  return formulaTable(headerRow(fields), tableRows(campaigns, fields), includeHeader);
}
