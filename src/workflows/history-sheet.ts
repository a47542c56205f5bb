/** Keep history: today's snapshot appended to the history sheet, and its trend chart. */
import type { DateToIso } from '../core/arguments';
import { selectFields } from '../core/fields';
import {
  chartTable,
  DATE_FORMAT,
  historyFormats,
  historyHeader,
  readHistoryRows,
  snapshotCells,
  snapshotRows,
  snapshotStart,
} from '../core/history';
import { NUMBER_FORMATS } from '../core/report';
import type { CampaignAnalytics } from '../core/response';
import type { ReportSettings } from '../core/settings';
import { chartBesideTable } from '../services/sheet-charts';
import { sheetNamed } from '../services/sheet-writer';
import { replaceTable } from './sheet-tables';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export function recordSnapshot(
  spreadsheet: Spreadsheet,
  settings: ReportSettings,
  campaigns: readonly CampaignAnalytics[],
  today: string,
  toIso: DateToIso,
): void {
  const sheet = sheetNamed(spreadsheet, settings.historySheetName);
  const header = historyHeader();
  const width = header.length;
  const lastRow = sheet.getLastRow();
  const history = readHistoryRows(
    lastRow > 1 ? sheet.getRange(2, 1, lastRow - 1, width).getValues() : [],
    toIso,
  );
  const start = snapshotStart(
    history.map((row) => String(row[0])),
    today,
  );
  const rows = snapshotRows(campaigns, today);
  const headerRange = sheet.getRange(1, 1, 1, width);
  headerRange.setValues([header]);
  headerRange.setFontWeight('bold');
  sheet.setFrozenRows(1);
  if (rows.length > 0) {
    const block = sheet.getRange(2 + start, 1, rows.length, width);
    const formats = historyFormats();
    block.setNumberFormats(rows.map(() => formats));
    block.setValues(snapshotCells(rows));
  }
  const leftover = history.length - start - rows.length;
  if (leftover > 0) sheet.getRange(2 + start + rows.length, 1, leftover, width).clearContent();
  drawTrend(spreadsheet, sheet, settings, [...history.slice(0, start), ...rows], width + 2);
}

/** The chart's data sits right of the history, one column apart, and the chart beside it. */
function drawTrend(
  spreadsheet: Spreadsheet,
  sheet: Sheet,
  settings: ReportSettings,
  history: Parameters<typeof chartTable>[0],
  column: number,
): void {
  const [metric] = selectFields([settings.chartMetric]);
  const values = chartTable(history, metric, settings.chartSeries);
  const formats = values[0].map((_, index) =>
    index === 0 ? DATE_FORMAT : NUMBER_FORMATS[metric.kind],
  );
  const shape = replaceTable(spreadsheet, sheet, column, { values, columnFormats: formats });
  const title = `${metric.label} over time${settings.chartSeries === 'total' ? ' (total)' : ''}`;
  chartBesideTable(sheet, column, shape, { kind: 'line', title });
}
