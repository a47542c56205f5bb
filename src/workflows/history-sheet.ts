/**
 * Keep history: today's snapshot appended to the history sheet, and its trend chart beside it.
 * A refresh reads the sheet's first row, the dates of the latest snapshot and the last row of
 * the chart table, never the whole history; only a chart table that must be rebuilt (another
 * metric or series, or a table that is missing or was edited) reads the history's date, id, name
 * and metric columns once.
 */
import type { DateToIso } from '../core/arguments';
import { type FieldSpec, selectFields } from '../core/fields';
import {
  assertCellsFit,
  type ChartEntry,
  type ChartTable,
  type ChartUpdate,
  cellsAdded,
  chartEntries,
  chartFormats,
  chartTable,
  chartTitle,
  chartUpdate,
  type DateReader,
  dayOf,
  type HistoryChart,
  type HistoryLayout,
  type HistoryRecord,
  historyLayout,
  leadingCells,
  locateSnapshot,
  MAX_CHART_CAMPAIGNS,
  readChartEntries,
  SNAPSHOT_DATE,
  type SnapshotPlace,
  snapshotCells,
  snapshotFields,
  snapshotFormats,
} from '../core/history';
import type { ExtraSheet } from '../core/refresh';
import type { CampaignAnalytics } from '../core/response';
import type { ReportSettings } from '../core/settings';
import { METADATA_HISTORY } from '../core/storage-keys';
import type { Cell } from '../core/table';
import { readRecord, writeRecord } from '../services/developer-metadata';
import { chartBesideTable } from '../services/sheet-charts';
import { spreadsheetCells, type TableShape, writeTable } from '../services/sheet-writer';
import { isoDateIn, todayIn } from '../services/utilities';
import { recordedShape } from './sheet-tables';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

interface Today {
  readonly day: string;
  readonly toIso: DateToIso;
}

/** The chart table kept: today's row written in place (or appended), nothing else read. */
interface KeptChart {
  readonly kind: 'kept';
  readonly column: number;
  readonly update: ChartUpdate;
  /** Where today's row goes; none when there are no campaigns today. */
  readonly row: number | undefined;
  readonly rows: number;
  readonly lastDay: string;
}

/** The chart table written anew over the previous one, whose extent is blanked. */
interface RebuiltChart {
  readonly kind: 'rebuilt';
  readonly column: number;
  readonly table: ChartTable;
  readonly previous: TableShape | undefined;
}

/** Everything a snapshot writes, worked out (and its size checked) before any sheet is touched. */
interface SnapshotPlan {
  readonly sheetName: string;
  readonly sheet: Sheet | null;
  readonly layout: HistoryLayout;
  /** Columns inserted after the history's own, moving what is right of it (the chart) along. */
  readonly inserted: number;
  readonly rows: Cell[][];
  readonly formats: string[];
  readonly place: SnapshotPlace;
  readonly chart: HistoryChart;
  readonly chartTable: KeptChart | RebuiltChart;
  readonly today: string;
}

/** Keep history as a sheet of the refresh: it fails the refresh before anything is written. */
export function historySnapshot(target: {
  readonly spreadsheet: Spreadsheet;
  readonly timeZone: string;
}): ExtraSheet {
  return ({ settings, campaigns, fields, failed }) => {
    if (!settings.keepHistory) return undefined;
    const today = { day: todayIn(target.timeZone), toIso: isoDateIn(target.timeZone) };
    const plan = planSnapshot(target.spreadsheet, settings, { campaigns, fields }, today);
    // A workspace that failed has no rows now: today's earlier snapshot, which has them, stays.
    if (failed.length > 0 && plan.place.replaced > 0) return undefined;
    return () => writeSnapshot(target.spreadsheet, plan);
  };
}

/** Today's report: its campaigns and columns (the Workspace column too, with several). */
interface ReportRows {
  readonly campaigns: readonly CampaignAnalytics[];
  readonly fields: readonly FieldSpec[];
}

function planSnapshot(
  spreadsheet: Spreadsheet,
  settings: ReportSettings,
  { campaigns, fields: reportColumns }: ReportRows,
  today: Today,
): SnapshotPlan {
  const sheetName = settings.historySheetName;
  const sheet = spreadsheet.getSheetByName(sheetName);
  const chart = { metric: selectFields([settings.chartMetric])[0], series: settings.chartSeries };
  const fields = snapshotFields(reportColumns, chart);
  const firstRow = sheet ? readFirstRow(sheet) : [];
  const layout = historyLayout(firstRow, fields, sheetName);
  const record = sheet ? readRecord<HistoryRecord>(spreadsheet, METADATA_HISTORY) : undefined;
  const hint = record?.sheetId === sheet?.getSheetId() ? record : undefined;
  const rows = snapshotCells(campaigns, today.day, fields, layout);
  const place = sheet
    ? findPlace(sheet, hint, layout, rows.length, today)
    : { start: 2, replaced: 0 };
  // Anything right of the history (the chart table first) moves along to make room.
  const inserted = firstRow.length > layout.existing ? layout.header.length - layout.existing : 0;
  const entries = chartEntries(campaigns, today.day, chart);
  const chartColumn = layout.existing + 2;
  const kept =
    sheet && hint && keptChart(sheet, hint, firstRow, chartColumn, chart, entries, today);
  // After the history and one blank column, wherever the inserted columns moved it.
  const column = layout.header.length + 2;
  const plan: SnapshotPlan = {
    sheetName,
    sheet,
    layout,
    inserted,
    rows,
    formats: snapshotFormats(fields, layout),
    place,
    chart,
    chartTable: kept
      ? { ...kept, column }
      : {
          kind: 'rebuilt',
          column,
          table: chartTable(
            [...pastEntries(sheet, layout, place, chart, today), ...entries],
            chart,
          ),
          previous: sheet ? previousChart(spreadsheet, sheet, hint, chartColumn) : undefined,
        },
    today: today.day,
  };
  assertCellsFit({ current: spreadsheetCells(spreadsheet), added: cellsAddedBy(plan) }, sheetName);
  return plan;
}

/** The first row up to the last column with content: the history's header, then the chart's. */
function readFirstRow(sheet: Sheet): unknown[] {
  const columns = sheet.getLastColumn();
  return columns > 0 ? sheet.getRange(1, 1, 1, columns).getValues()[0] : [];
}

/**
 * Where today's snapshot goes: found from the recorded end of the latest snapshot (or the sheet's
 * last row) by reading dates upwards only as far as that snapshot; then the rows it will take
 * must hold nothing but today's earlier rows, or it goes below everything instead.
 */
function findPlace(
  sheet: Sheet,
  hint: HistoryRecord | undefined,
  layout: HistoryLayout,
  count: number,
  today: Today,
): SnapshotPlace {
  const readDates: DateReader = (last, rows) =>
    sheet
      .getRange(last - rows + 1, 1, rows, 1)
      .getValues()
      .map(([value]) => dayOf(value, today.toIso));
  // The sheet's last row counts every column: a chart table or a person's rows may reach further.
  const last = sheet.getLastRow();
  const latest = hint?.snapshot;
  const recorded = latest ? latest.firstRow + latest.rows - 1 : last;
  const earlierToday = latest?.day === today.day ? latest.rows : 0;
  const place = locateSnapshot(readDates, Math.min(recorded, last), today.day, {
    first: earlierToday + 1,
    next: Math.max(count, latest?.rows ?? 0) + 1,
  });
  const firstNew = place.start + place.replaced;
  const lastNew = Math.min(place.start + count - 1, last);
  if (firstNew > lastNew) return place;
  const width = Math.max(1, layout.existing);
  const taken = sheet
    .getRange(firstNew, 1, lastNew - firstNew + 1, width)
    .getValues()
    .some((row) => row.some(isFilled));
  return taken ? { start: last + 1, replaced: 0 } : place;
}

/**
 * The recorded chart table, if the sheet still holds it as recorded (same column, metric and
 * series; its header where it was; its last row dated as recorded, and nothing below it).
 */
function keptChart(
  sheet: Sheet,
  hint: HistoryRecord,
  firstRow: readonly unknown[],
  column: number,
  chart: HistoryChart,
  entries: readonly ChartEntry[],
  today: Today,
): Omit<KeptChart, 'column'> | undefined {
  const recorded = hint.chart;
  const width = 1 + (chart.series === 'total' ? 1 : recorded.lineIds.length);
  const header = firstRow.slice(column - 1);
  const same =
    recorded.column === column &&
    recorded.metric === chart.metric.name &&
    recorded.series === chart.series &&
    header[0] === SNAPSHOT_DATE &&
    leadingCells(header).length === width &&
    recorded.lastDay <= today.day;
  if (!same) return undefined;
  // The last row and the one below, as wide as the lines may grow.
  const span = chart.series === 'total' ? width : 1 + MAX_CHART_CAMPAIGNS;
  const [last, below] = sheet.getRange(recorded.rows, column, 2, span).getValues();
  const lastDay = recorded.rows > 1 ? dayOf(last[0], today.toIso) : '';
  if (lastDay !== recorded.lastDay || below.slice(0, width).some(isFilled)) return undefined;
  const row = recorded.lastDay === today.day ? recorded.rows : recorded.rows + 1;
  // New lines take the columns right of the table while its header and today's row are blank.
  const todaysRow = row === recorded.rows ? last : below;
  const room = Math.min(blankRun(header.slice(width)), blankRun(todaysRow.slice(width)));
  const update = chartUpdate(today.day, entries, chart, {
    lineIds: recorded.lineIds,
    names: header.slice(1, width),
    room,
  });
  if (entries.length === 0) {
    return { kind: 'kept', update, row: undefined, rows: recorded.rows, lastDay: recorded.lastDay };
  }
  return { kind: 'kept', update, row, rows: row, lastDay: today.day };
}

const isFilled = (cell: unknown) => cell !== '';

/** How many cells are blank before the first filled one (all of them, and beyond, if none is). */
function blankRun(cells: readonly unknown[]): number {
  const filled = cells.findIndex(isFilled);
  return filled < 0 ? Number.POSITIVE_INFINITY : filled;
}

/**
 * Every earlier snapshot's chart sources, for a chart table that must be rebuilt: the one read
 * that grows with the history, of its date, id, name and metric columns only.
 */
function pastEntries(
  sheet: Sheet | null,
  layout: HistoryLayout,
  place: SnapshotPlace,
  chart: HistoryChart,
  today: Today,
): ChartEntry[] {
  const count = place.start - 2;
  if (!sheet || count <= 0) return [];
  const readColumn = (label: string) => {
    const index = layout.header.indexOf(label);
    if (index < 0 || index >= layout.existing) return undefined;
    return sheet
      .getRange(2, index + 1, count, 1)
      .getValues()
      .map(([value]) => value);
  };
  return readChartEntries(readColumn, chart, today.toIso);
}

/** What the chart table covered before, so a smaller new one leaves nothing stale. */
function previousChart(
  spreadsheet: Spreadsheet,
  sheet: Sheet,
  hint: HistoryRecord | undefined,
  column: number,
): TableShape | undefined {
  const recorded = hint?.chart;
  if (recorded?.column === column) {
    const lines = recorded.series === 'total' ? 1 : recorded.lineIds.length;
    return { rows: recorded.rows, columns: 1 + lines };
  }
  // A chart table written by the first version, through replaceTable.
  return recordedShape(spreadsheet, sheet, column);
}

/** The cells the history sheet gains: inserted columns, new rows, a wider chart table. */
function cellsAddedBy(plan: SnapshotPlan): number {
  const { sheet, layout, place, rows, chartTable: table } = plan;
  const chartRows = table.kind === 'kept' ? table.rows : table.table.values.length;
  const chartColumns =
    table.kind === 'kept' ? table.update.header.length : table.table.values[0].length;
  const before = sheet ? { rows: sheet.getMaxRows(), columns: sheet.getMaxColumns() } : undefined;
  const needed = {
    rows: Math.max(place.start + rows.length - 1, chartRows),
    columns: Math.max(
      layout.header.length,
      table.column + chartColumns - 1,
      (before?.columns ?? 0) + plan.inserted,
    ),
  };
  return cellsAdded(before, needed);
}

function writeSnapshot(spreadsheet: Spreadsheet, plan: SnapshotPlan): void {
  const sheet = plan.sheet ?? spreadsheet.insertSheet(plan.sheetName);
  const { layout, place, rows } = plan;
  const width = layout.header.length;
  if (plan.inserted > 0) sheet.insertColumnsAfter(layout.existing, plan.inserted);
  if (layout.existing < width) {
    sheet
      .getRange(1, 1, 1, width)
      .setValues([[...layout.header]])
      .setFontWeight('bold');
    sheet.setFrozenRows(1);
  }
  if (rows.length > 0) {
    const block = sheet.getRange(place.start, 1, rows.length, width);
    block.setNumberFormats(rows.map(() => plan.formats));
    block.setValues(rows);
  }
  const leftover = place.replaced - rows.length;
  if (leftover > 0) sheet.getRange(place.start + rows.length, 1, leftover, width).clearContent();
  const chart = writeChart(sheet, plan);
  writeRecord(spreadsheet, METADATA_HISTORY, {
    sheetId: sheet.getSheetId(),
    snapshot: { day: plan.today, firstRow: place.start, rows: rows.length },
    chart,
  } satisfies HistoryRecord);
}

/** What a chart table write leaves: its shape, lines and last day. */
interface ChartWritten {
  readonly shape: TableShape;
  readonly lineIds: string[];
  readonly lastDay: string;
}

/** Writes the chart table and updates its chart; returns what the record keeps of it. */
function writeChart(sheet: Sheet, plan: SnapshotPlan): HistoryRecord['chart'] {
  const { chart, chartTable: table } = plan;
  const written =
    table.kind === 'kept' ? writeTodaysRow(sheet, table, chart) : rewrite(sheet, table, chart);
  chartBesideTable(sheet, table.column, written.shape, { kind: 'line', title: chartTitle(chart) });
  return {
    column: table.column,
    metric: chart.metric.name,
    series: chart.series,
    lineIds: written.lineIds,
    rows: written.shape.rows,
    lastDay: written.lastDay,
  };
}

/** The header (names may change, lines may join) and today's row; nothing else is touched. */
function writeTodaysRow(sheet: Sheet, table: KeptChart, chart: HistoryChart): ChartWritten {
  const { header, row, lineIds } = table.update;
  sheet.getRange(1, table.column, 1, header.length).setValues([header]).setFontWeight('bold');
  if (table.row !== undefined) {
    sheet
      .getRange(table.row, table.column, 1, row.length)
      .setNumberFormats([chartFormats(row.length, chart)])
      .setValues([row]);
  }
  const shape = { rows: table.rows, columns: header.length };
  return { shape, lineIds, lastDay: table.lastDay };
}

/** The whole table, over the previous one (whatever of it is left is blanked). */
function rewrite(sheet: Sheet, table: RebuiltChart, chart: HistoryChart): ChartWritten {
  const { values, lineIds } = table.table;
  const columnFormats = chartFormats(values[0].length, chart);
  const shape = writeTable(sheet, table.column, { values, columnFormats }, table.previous);
  const lastDay = values.length > 1 ? String(values[values.length - 1][0]) : '';
  return { shape, lineIds, lastDay };
}
