/**
 * The history sheet: one snapshot row per campaign per day, appended in date order, and the
 * chart data of one metric over time (per campaign, or the total).
 */
import { type DateToIso, isDate } from './arguments';
import { ALL_FIELDS, type FieldSpec, isRate, RATE_FIELDS } from './fields';
import { columnFormats } from './report';
import type { CampaignAnalytics } from './response';
import { asLiteralCells, type Cell, headerRow, tableRows } from './table';

/** A fixed set of columns, so rows from different days line up whatever the report shows. */
export const HISTORY_FIELDS: readonly FieldSpec[] = ALL_FIELDS.filter(
  (field) => !['campaign_is_evergreen', 'leads_count'].includes(field.name),
);

const SNAPSHOT_DATE = 'Snapshot date';
const ID_COLUMN = 1 + HISTORY_FIELDS.findIndex((field) => field.name === 'campaign_id');
const NAME_COLUMN = 1 + HISTORY_FIELDS.findIndex((field) => field.name === 'campaign_name');
/** A chart of more lines than this is unreadable; the largest campaigns are kept. */
export const MAX_CHART_CAMPAIGNS = 8;

export function historyHeader(): string[] {
  return [SNAPSHOT_DATE, ...headerRow(HISTORY_FIELDS)];
}

export function snapshotRows(campaigns: readonly CampaignAnalytics[], day: string): Cell[][] {
  const sorted = [...campaigns].sort((a, b) => a.campaign_name.localeCompare(b.campaign_name));
  return tableRows(sorted, HISTORY_FIELDS).map((row) => [day, ...row]);
}

/** What the sheet receives: API text escaped, the date left for Sheets to read as a date. */
export function snapshotCells(rows: readonly Cell[][]): Cell[][] {
  return rows.map(([day, ...values]) => [day, ...asLiteralCells([values])[0]]);
}

/** A history chart shows one line per campaign, or one line for their total. */
export type ChartSeries = 'campaigns' | 'total';

/** The metrics a history chart can show: the history's numeric columns. */
export const CHART_METRIC_NAMES: readonly string[] = HISTORY_FIELDS.filter((field) =>
  ['count', 'money', 'rate'].includes(field.kind),
).map((field) => field.name);

export const DATE_FORMAT = 'yyyy-mm-dd';

export function historyFormats(): string[] {
  return [DATE_FORMAT, ...columnFormats(HISTORY_FIELDS)];
}

/**
 * Where today's snapshot goes: after every earlier day. Rows are appended in date order, so
 * an earlier snapshot of today is the trailing run of rows dated today, and only it is replaced.
 */
export function snapshotStart(existingDays: readonly string[], today: string): number {
  let start = existingDays.length;
  while (start > 0 && existingDays[start - 1] === today) start--;
  return start;
}

/** History rows as read back from the sheet, where Sheets turned each snapshot date into a Date. */
export function readHistoryRows(values: readonly unknown[][], toIso: DateToIso): Cell[][] {
  return values
    .filter((row) => row[0] !== '' && row[0] !== null)
    .map((row) => [isDate(row[0]) ? toIso(row[0]) : String(row[0]), ...(row.slice(1) as Cell[])]);
}

/** Chart data: a header row, then one row per day with one column per line. */
export function chartTable(
  history: readonly Cell[][],
  metric: FieldSpec,
  series: ChartSeries,
): Cell[][] {
  const days = [...new Set(history.map((row) => String(row[0])))].sort();
  const lines = series === 'total' ? [totalLine(history, metric)] : campaignLines(history, metric);
  // Line names are campaign names: API text, escaped so Sheets keeps it as text.
  const header = [SNAPSHOT_DATE, ...asLiteralCells([lines.map((line) => line.name)])[0]];
  return [header, ...days.map((day) => [day, ...lines.map((line) => line.values.get(day) ?? '')])];
}

interface Line {
  readonly name: string;
  readonly values: Map<string, Cell>;
}

const columnOf = (name: string) => 1 + HISTORY_FIELDS.findIndex((field) => field.name === name);

function numberAt(row: readonly Cell[], name: string): number {
  const value = row[columnOf(name)];
  return typeof value === 'number' ? value : 0;
}

function campaignLines(history: readonly Cell[][], metric: FieldSpec): Line[] {
  const lines = new Map<string, Line>();
  for (const row of history) {
    const id = String(row[ID_COLUMN]);
    const name = String(row[NAME_COLUMN]);
    // Rows come oldest first, so a renamed campaign's line ends up with its latest name.
    const values = lines.get(id)?.values ?? new Map<string, Cell>();
    values.set(String(row[0]), row[columnOf(metric.name)] ?? '');
    lines.set(id, { name, values });
  }
  const latest = (line: Line) => {
    const values = [...line.values.values()];
    const last = values[values.length - 1];
    return typeof last === 'number' ? last : -1;
  };
  return [...lines.values()].sort((a, b) => latest(b) - latest(a)).slice(0, MAX_CHART_CAMPAIGNS);
}

/** Totals add counts up; a total rate is the summed count over the summed contacted leads. */
function totalLine(history: readonly Cell[][], metric: FieldSpec): Line {
  const rate = RATE_FIELDS.find((field) => field.name === metric.name);
  const sums = new Map<string, { value: number; contacted: number }>();
  for (const row of history) {
    const day = String(row[0]);
    const sum = sums.get(day) ?? { value: 0, contacted: 0 };
    sum.value += numberAt(row, rate ? rate.numerator : metric.name);
    sum.contacted += numberAt(row, 'contacted_count');
    sums.set(day, sum);
  }
  const values = new Map<string, Cell>();
  for (const [day, sum] of sums) {
    if (!isRate(metric)) values.set(day, sum.value);
    else values.set(day, sum.contacted > 0 ? sum.value / sum.contacted : '');
  }
  return { name: `Total ${metric.label.toLowerCase()}`, values };
}
