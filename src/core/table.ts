/** Shapes campaign records into the rows of a report. */
import { type FieldSpec, isRate } from './fields';
import type { CampaignAnalytics } from './response';

export type Cell = string | number | boolean;

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

/** A rate over contacted leads; blank when nothing was contacted or the count is missing. */
function rateValue(campaign: CampaignAnalytics, numerator: string): Cell {
  const contacted = campaign.contacted_count;
  const count = campaign[numerator];
  if (typeof contacted !== 'number' || contacted <= 0 || typeof count !== 'number') return '';
  return count / contacted;
}

export function cellValue(campaign: CampaignAnalytics, field: FieldSpec): Cell {
  if (isRate(field)) return rateValue(campaign, field.numerator);
  const value = campaign[field.name];
  if (value === undefined) return '';
  return field.kind === 'status' && typeof value === 'number' ? statusLabel(value) : value;
}

export function headerRow(fields: readonly FieldSpec[]): string[] {
  return fields.map((field) => field.label);
}

export function tableRows(
  campaigns: readonly CampaignAnalytics[],
  fields: readonly FieldSpec[],
): Cell[][] {
  return campaigns.map((campaign) => fields.map((field) => cellValue(campaign, field)));
}

/**
 * Sheets parses strings written with setValues as if typed: `=…` becomes a formula, `+1 555`
 * an error, `2024-01-01` a date. A leading apostrophe keeps text exactly as it is.
 */
export function asLiteralCells(rows: readonly Cell[][]): Cell[][] {
  return rows.map((row) =>
    row.map((cell) => (typeof cell === 'string' && cell ? `'${cell}` : cell)),
  );
}
