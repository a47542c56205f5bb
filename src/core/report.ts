/** A report ready for a sheet: values, number formats, and a note on how fresh it is. */
import { type DateRange, describeRange } from './dates';
import type { FieldKind, FieldSpec } from './fields';
import type { CampaignAnalytics } from './response';
import { asLiteralCells, type Cell, headerRow, tableRows } from './table';

/** Text stays General: its leading apostrophe already keeps it text, and shows under General only. */
export const GENERAL_FORMAT = 'General';

export const NUMBER_FORMATS: Record<FieldKind, string> = {
  text: GENERAL_FORMAT,
  status: GENERAL_FORMAT,
  boolean: GENERAL_FORMAT,
  count: '#,##0',
  money: '$#,##0.00',
  rate: '0.0%',
};

export interface Report {
  /** Header then one row per campaign; API text is escaped so Sheets keeps it as text. */
  readonly values: Cell[][];
  /** One format per column, for the data rows. */
  readonly columnFormats: string[];
}

export function buildReport(
  campaigns: readonly CampaignAnalytics[],
  fields: readonly FieldSpec[],
): Report {
  return {
    values: [headerRow(fields), ...asLiteralCells(tableRows(campaigns, fields))],
    columnFormats: columnFormats(fields),
  };
}

export function columnFormats(fields: readonly FieldSpec[]): string[] {
  return fields.map((field) => NUMBER_FORMATS[field.kind]);
}

/** Travels with the sheet, so a printed or copied table still says how fresh it is. */
export function refreshNote(
  refreshedAt: string,
  timeZone: string,
  range: DateRange,
  rows: number,
): string {
  return (
    `Instantly Analytics: refreshed ${refreshedAt} (${timeZone}).\n` +
    `Date range: ${describeRange(range)}.\n${rows} campaign${rows === 1 ? '' : 's'}.`
  );
}

/** A workspace a refresh could not read, and why: its previous rows were kept. */
export interface FailedWorkspace {
  readonly name: string;
  readonly error: string;
}

/** Added to a table's note when workspaces failed: whose rows are from an earlier refresh, and why. */
export function failureNote(failed: readonly FailedWorkspace[]): string {
  if (failed.length === 0) return '';
  const lines = failed.map(({ name, error }) => `${name}: ${error}`);
  return `\nNot refreshed (rows kept from the previous refresh):\n${lines.join('\n')}`;
}
