/** Shapes API records (campaigns, days, steps) into the rows of a table. */
import { type FieldSpec, isRate, type RateSpec, WORKSPACE_FIELD } from './fields';
import type { FieldValue } from './response';

export type Cell = string | number | boolean;

/** What a table may hold besides plain values: dates, which Sheets keeps as date values. */
export type SheetValue = Cell | Date;

const STATUS_LABELS: Readonly<Record<string, string>> = {
  '0': 'Draft',
  '1': 'Active',
  '2': 'Paused',
  '3': 'Completed',
  '4': 'Running Subsequences',
  '-99': 'Account Suspended',
  '-1': 'Accounts Unhealthy',
  '-2': 'Bounce Protect',
};

export function statusLabel(status: number): string {
  return STATUS_LABELS[String(status)] ?? `Unknown status (${status})`;
}

/** One row of any endpoint: field values by API name; a missing field is absent. */
export type FieldRecord = Readonly<Record<string, FieldValue | undefined>>;

/** A count over its denominator; blank when the denominator is 0 or either count is missing. */
function rateValue(record: FieldRecord, rate: RateSpec): Cell {
  const denominator = record[rate.denominator];
  const count = record[rate.numerator];
  if (typeof denominator !== 'number' || denominator <= 0 || typeof count !== 'number') return '';
  return count / denominator;
}

export function cellValue(record: FieldRecord, field: FieldSpec): Cell {
  if (isRate(field)) return rateValue(record, field);
  const value = record[field.name];
  if (value === undefined) return '';
  return field.kind === 'status' && typeof value === 'number' ? statusLabel(value) : value;
}

export function headerRow(fields: readonly FieldSpec[]): string[] {
  return fields.map((field) => field.label);
}

export function tableRows(records: readonly FieldRecord[], fields: readonly FieldSpec[]): Cell[][] {
  return records.map((record) => fields.map((field) => cellValue(record, field)));
}

/**
 * Sheets parses strings written with setValues as if typed: `=…` becomes a formula, `+1 555`
 * an error, `2024-01-01` a date. A leading apostrophe keeps text exactly as it is.
 */
export function asLiteralCells(rows: readonly Cell[][]): Cell[][] {
  return rows.map((row) => row.map(asLiteral));
}

export function asLiteral(cell: Cell): Cell {
  return typeof cell === 'string' && cell ? `'${cell}` : cell;
}

/**
 * The rows of a previous table (header first, as read back from the sheet) whose Workspace cell
 * names one of these workspaces, in the new header's columns (matched by label; a column the
 * previous table lacked is blank). Text is escaped again, as when it was first written.
 */
export function keptRows(
  previous: readonly (readonly unknown[])[],
  header: readonly SheetValue[],
  workspaceNames: readonly string[],
): SheetValue[][] {
  const [oldHeader = [], ...rows] = previous;
  const workspace = oldHeader.indexOf(WORKSPACE_FIELD.label);
  if (workspace < 0 || workspaceNames.length === 0) return [];
  const from = header.map((label) => oldHeader.indexOf(label));
  return rows
    .filter((row) => workspaceNames.includes(String(row[workspace])))
    .map((row) => from.map((index) => (index < 0 ? '' : keptValue(row[index]))));
}

function keptValue(value: unknown): SheetValue {
  if (typeof value === 'string') return asLiteral(value);
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return Object.prototype.toString.call(value) === '[object Date]' ? (value as Date) : '';
}
