/**
 * Keep history: one snapshot row per campaign per day, appended in date order, and the data of
 * its chart, one metric per day, kept a row at a time. Pure: the history workflow reads and
 * writes the sheet, never more of it than the latest snapshot, so a refresh costs the same on
 * the first day and the thousandth.
 */
import { type DateToIso, isDate } from './arguments';
import { UserFacingError } from './errors';
import { ALL_FIELDS, type FieldSpec, isRate, selectFields } from './fields';
import { GENERAL_FORMAT, NUMBER_FORMATS } from './report';
import type { CampaignAnalytics } from './response';
import { asLiteral, type Cell, cellValue } from './table';

export const SNAPSHOT_DATE = 'Snapshot date';
export const DATE_FORMAT = 'yyyy-mm-dd';
/** A chart of more lines than this is unreadable; the largest campaigns are kept. */
export const MAX_CHART_CAMPAIGNS = 8;

/** A history chart shows one line per campaign, or one line for their total. */
export type ChartSeries = 'campaigns' | 'total';

/**
 * The metrics a chart can show: the numbers a snapshot can hold, but the leads count, which it
 * holds only on days the report counts leads.
 */
export const CHART_METRIC_NAMES: readonly string[] = ALL_FIELDS.filter(
  (field) => ['count', 'money', 'rate'].includes(field.kind) && field.name !== 'leads_count',
).map((field) => field.name);

export interface HistoryChart {
  readonly metric: FieldSpec;
  readonly series: ChartSeries;
}

/** What a line is computed from: the metric, or for a total rate its count and denominator. */
export function chartSources({ metric, series }: HistoryChart): FieldSpec[] {
  return series === 'total' && isRate(metric)
    ? selectFields([metric.numerator, metric.denominator])
    : [metric];
}

/**
 * What a snapshot holds: who each row is (name and id), the report's columns, and what the chart
 * is computed from, so the chart can be rebuilt from the history alone.
 */
export function snapshotFields(report: readonly FieldSpec[], chart: HistoryChart): FieldSpec[] {
  const fields = [...selectFields(['campaign_name', 'campaign_id']), ...report];
  fields.push(...chartSources(chart));
  return fields.filter((field, index) => fields.indexOf(field) === index);
}

/** Where a snapshot's fields go in the history's header. */
export interface HistoryLayout {
  /** The header: the snapshot date, the columns the history already has, then new ones. */
  readonly header: readonly string[];
  /** The header's column (0-based) of each snapshot field. */
  readonly columns: readonly number[];
  /** How many columns the header had before. */
  readonly existing: number;
}

/** Columns from the first up to the first blank cell. */
export function leadingCells(row: readonly unknown[]): unknown[] {
  const blank = row.findIndex((cell) => cell === '' || cell === null || cell === undefined);
  return blank < 0 ? [...row] : row.slice(0, blank);
}

/**
 * The history's columns, from its first row as read. Fields are found by their label, so rows
 * written by any version (the first one kept every field) and under other column choices line
 * up; a field the history lacks gets a new column at the end, and columns no longer chosen stay.
 */
export function historyLayout(
  firstRow: readonly unknown[],
  fields: readonly FieldSpec[],
  sheetName: string,
): HistoryLayout {
  if (firstRow.length > 0 && firstRow[0] !== SNAPSHOT_DATE) {
    throw new UserFacingError(
      `The sheet "${sheetName}" is not a history (its cell A1 is not "${SNAPSHOT_DATE}"), so ` +
        'Keep history left it alone. Choose another history sheet name, or delete that sheet.',
    );
  }
  const existing = leadingCells(firstRow).map(String);
  const header = existing.length > 0 ? [...existing] : [SNAPSHOT_DATE];
  const columns = fields.map((field) => {
    if (!header.includes(field.label)) header.push(field.label);
    return header.indexOf(field.label);
  });
  return { header, columns, existing: existing.length };
}

/**
 * Today's rows as the sheet receives them: one per campaign sorted by name, each field in its
 * column and the others blank; API text escaped, the date left for Sheets to read as a date.
 */
export function snapshotCells(
  campaigns: readonly CampaignAnalytics[],
  day: string,
  fields: readonly FieldSpec[],
  layout: HistoryLayout,
): Cell[][] {
  const sorted = [...campaigns].sort((a, b) => a.campaign_name.localeCompare(b.campaign_name));
  return sorted.map((campaign) => {
    const row: Cell[] = layout.header.map(() => '');
    row[0] = day;
    fields.forEach((field, index) => {
      row[layout.columns[index]] = asLiteral(cellValue(campaign, field));
    });
    return row;
  });
}

/** One number format per header column; columns this snapshot leaves blank stay General. */
export function snapshotFormats(fields: readonly FieldSpec[], layout: HistoryLayout): string[] {
  const formats = layout.header.map(() => GENERAL_FORMAT);
  formats[0] = DATE_FORMAT;
  fields.forEach((field, index) => {
    formats[layout.columns[index]] = NUMBER_FORMATS[field.kind];
  });
  return formats;
}

/** A snapshot date as read back: Sheets turned the text into a Date; '' for a blank cell. */
export function dayOf(value: unknown, toIso: DateToIso): string {
  if (isDate(value)) return toIso(value);
  return value === '' || value === null || value === undefined ? '' : String(value);
}

/** The snapshot dates of `count` rows ending at row `last`, top to bottom. */
export type DateReader = (last: number, count: number) => string[];

/** Where today's snapshot goes: its first row, and how many rows of an earlier run it replaces. */
export interface SnapshotPlace {
  readonly start: number;
  readonly replaced: number;
}

/**
 * Rows are appended in date order, so an earlier snapshot of today is the trailing run of rows
 * dated today, and only it is replaced. The date column is read upwards from `last` (blank rows
 * at the bottom skipped), `firstChunk` rows and then `chunk` rows at a time, and reading stops at
 * the first row of another day: the rows above it are never read.
 */
export function locateSnapshot(
  readDates: DateReader,
  last: number,
  today: string,
  chunks: { readonly first: number; readonly next: number },
): SnapshotPlace {
  let end = 0;
  let row = last;
  let size = chunks.first;
  while (row >= 2) {
    const count = Math.min(size, row - 1);
    const dates = readDates(row, count);
    for (let index = count - 1; index >= 0; index--) {
      const current = row - count + 1 + index;
      if (end === 0 && dates[index] === '') continue;
      if (end === 0) end = current;
      if (dates[index] !== today) return { start: current + 1, replaced: end - current };
    }
    row -= count;
    size = chunks.next;
  }
  return { start: 2, replaced: end === 0 ? 0 : end - 1 };
}

/** One campaign's row of a snapshot as its chart reads it: the chart's sources, as stored. */
export interface ChartEntry {
  readonly day: string;
  readonly id: string;
  readonly name: string;
  readonly values: Readonly<Record<string, Cell>>;
}

/** Today's campaigns as chart entries, their values as a snapshot stores them. */
export function chartEntries(
  campaigns: readonly CampaignAnalytics[],
  day: string,
  chart: HistoryChart,
): ChartEntry[] {
  const sources = chartSources(chart);
  return campaigns.map((campaign) => ({
    day,
    id: campaign.campaign_id,
    name: campaign.campaign_name,
    values: Object.fromEntries(sources.map((field) => [field.name, cellValue(campaign, field)])),
  }));
}

/**
 * The chart sources of earlier snapshots, for a chart table that must be rebuilt, from the
 * history's columns read by label (undefined for a column the history does not have).
 */
export function readChartEntries(
  readColumn: (label: string) => readonly unknown[] | undefined,
  chart: HistoryChart,
  toIso: DateToIso,
): ChartEntry[] {
  const [name, id] = selectFields(['campaign_name', 'campaign_id']);
  const [ids, names] = [id, name].map((field) => readColumn(field.label));
  const sources = chartSources(chart).map((field) => ({ field, read: readColumn(field.label) }));
  return (readColumn(SNAPSHOT_DATE) ?? []).flatMap((date, index) => {
    const day = dayOf(date, toIso);
    if (day === '') return [];
    const value = (read: readonly unknown[] | undefined) => (read?.[index] ?? '') as Cell;
    const values = Object.fromEntries(sources.map(({ field, read }) => [field.name, value(read)]));
    return [{ day, id: String(value(ids)), name: String(value(names)), values }];
  });
}

const numberOr = (value: Cell | undefined, fallback: number) =>
  typeof value === 'number' ? value : fallback;

/** Totals add counts up; a total rate is the summed count over the summed denominator. */
function totalValue(entries: readonly ChartEntry[], { metric }: HistoryChart): Cell {
  const sum = (name: string) =>
    entries.reduce((total, entry) => total + numberOr(entry.values[name], 0), 0);
  if (!isRate(metric)) return sum(metric.name);
  const denominator = sum(metric.denominator);
  return denominator > 0 ? sum(metric.numerator) / denominator : '';
}

/** The chart's header: the date, then one name per line; names are API text, escaped. */
function chartHeader(names: readonly string[], { metric, series }: HistoryChart): Cell[] {
  const lines = series === 'total' ? [`Total ${metric.label.toLowerCase()}`] : names;
  return [SNAPSHOT_DATE, ...lines.map(asLiteral)];
}

/** A day's row: the date, then each line's value (blank for a campaign without a row that day). */
function chartRow(
  day: string,
  entries: readonly ChartEntry[],
  chart: HistoryChart,
  lineIds: readonly string[],
): Cell[] {
  if (chart.series === 'total') return [day, totalValue(entries, chart)];
  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  return [day, ...lineIds.map((id) => byId.get(id)?.values[chart.metric.name] ?? '')];
}

/** The campaigns of the largest values, largest first; a blank (a rate over nobody) last. */
function largest(values: ReadonlyMap<string, Cell>, count: number): string[] {
  const ranked = [...values].sort(([, a], [, b]) => numberOr(b, -1) - numberOr(a, -1));
  return ranked.slice(0, count).map(([id]) => id);
}

export interface ChartTable {
  /** The header, then one row per day. */
  readonly values: Cell[][];
  /** The campaign of each line (none for a total). */
  readonly lineIds: string[];
}

/**
 * The chart table from the whole history, when it is (re)built: the lines are the 8 campaigns
 * with the largest latest value, named by their latest name.
 */
export function chartTable(entries: readonly ChartEntry[], chart: HistoryChart): ChartTable {
  const sorted = [...entries].sort((a, b) => a.day.localeCompare(b.day));
  const latest = new Map<string, ChartEntry>();
  for (const entry of sorted) latest.set(entry.id, entry);
  const latestValues = new Map(
    [...latest].map(([id, entry]) => [id, entry.values[chart.metric.name] ?? '']),
  );
  const lineIds = chart.series === 'total' ? [] : largest(latestValues, MAX_CHART_CAMPAIGNS);
  const names = lineIds.map((id) => latest.get(id)?.name || id);
  const byDay = new Map<string, ChartEntry[]>();
  for (const entry of sorted) {
    const sameDay = byDay.get(entry.day);
    if (sameDay) sameDay.push(entry);
    else byDay.set(entry.day, [entry]);
  }
  const rows = [...byDay].map(([day, dayEntries]) => chartRow(day, dayEntries, chart, lineIds));
  return { values: [chartHeader(names, chart), ...rows], lineIds };
}

/** What a refresh writes into a chart table it keeps: its header and today's row. */
export interface ChartUpdate {
  readonly lineIds: string[];
  readonly header: Cell[];
  readonly row: Cell[];
}

/**
 * Today's row of a kept chart table. Its lines stay those chosen when it was built; while it has
 * fewer than 8, a campaign that is among today's 8 largest joins it. Lines keep the names of the
 * header as read unless today brings a newer one.
 */
export function chartUpdate(
  day: string,
  today: readonly ChartEntry[],
  chart: HistoryChart,
  kept: {
    readonly lineIds: readonly string[];
    /** The names in the header as read, line by line. */
    readonly names: readonly unknown[];
    /** How many lines can join before a non-blank header cell right of the table. */
    readonly room: number;
  },
): ChartUpdate {
  const values = new Map(today.map((entry) => [entry.id, entry.values[chart.metric.name] ?? '']));
  const room =
    chart.series === 'total' ? 0 : Math.min(MAX_CHART_CAMPAIGNS - kept.lineIds.length, kept.room);
  const joining = largest(values, MAX_CHART_CAMPAIGNS)
    .filter((id) => !kept.lineIds.includes(id))
    .slice(0, Math.max(0, room));
  const lineIds = [...kept.lineIds, ...joining];
  const todayNames = new Map(today.map((entry) => [entry.id, entry.name]));
  const names = lineIds.map(
    (id, index) => todayNames.get(id) || String(kept.names[index] ?? '') || id,
  );
  return { lineIds, header: chartHeader(names, chart), row: chartRow(day, today, chart, lineIds) };
}

/** One number format per chart table column. */
export function chartFormats(columns: number, { metric }: HistoryChart): string[] {
  return Array.from({ length: columns }, (_, index) =>
    index === 0 ? DATE_FORMAT : NUMBER_FORMATS[metric.kind],
  );
}

export function chartTitle({ metric, series }: HistoryChart): string {
  return `${metric.label} over time${series === 'total' ? ' (total)' : ''}`;
}

/**
 * What a refresh remembers of the history it wrote, in the spreadsheet's developer metadata.
 * Only a hint: the sheet is the truth, and each hint is checked against it before it is used.
 */
export interface HistoryRecord {
  readonly sheetId: number;
  /** The latest snapshot: its day, first row and number of rows. */
  readonly snapshot: { readonly day: string; readonly firstRow: number; readonly rows: number };
  /** The chart table: its column, what it shows, its lines, rows (header included), last day. */
  readonly chart: {
    readonly column: number;
    readonly metric: string;
    readonly series: ChartSeries;
    readonly lineIds: readonly string[];
    readonly rows: number;
    readonly lastDay: string;
  };
}

/** Google Sheets' limit on the cells of a spreadsheet, all sheets together. */
export const SHEETS_CELL_LIMIT = 10_000_000;

export interface SheetSize {
  readonly rows: number;
  readonly columns: number;
}

/** The size of a sheet Sheets inserts. */
export const NEW_SHEET_SIZE: SheetSize = { rows: 1000, columns: 26 };

/**
 * The cells a sheet gains to reach at least `needed` (Sheets grows a sheet to fit a write); a
 * sheet that does not exist yet (`before` undefined) counts whole.
 */
export function cellsAdded(before: SheetSize | undefined, needed: SheetSize): number {
  const start = before ?? NEW_SHEET_SIZE;
  const rows = Math.max(start.rows, needed.rows);
  const columns = Math.max(start.columns, needed.columns);
  return rows * columns - (before ? before.rows * before.columns : 0);
}

const thousands = (count: number) => String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',');

/** Refuses a snapshot that would take the spreadsheet past the cell limit, before any write. */
export function assertCellsFit(
  cells: { readonly current: number; readonly added: number },
  sheetName: string,
  limit = SHEETS_CELL_LIMIT,
): void {
  if (cells.current + cells.added <= limit) return;
  throw new UserFacingError(
    `Keep history stopped: today's snapshot needs ${thousands(cells.added)} more cells, and this ` +
      `spreadsheet already has ${thousands(cells.current)} of the ${thousands(limit)} Google ` +
      'Sheets allows. Nothing was written, the report included. Copy the sheet ' +
      `"${sheetName}" to another spreadsheet and delete its older rows here (or delete sheets ` +
      'you no longer need), or turn Keep history off.',
  );
}
