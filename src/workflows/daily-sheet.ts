/**
 * The daily trend sheet: on every refresh, the report's date range day by day, and a line chart
 * of the trend metric beside it. Everything is fetched before the refresh writes any sheet.
 */
import { campaignRef, DAILY_FIELDS } from '../core/daily';
import {
  dailySheetTable,
  fetchDailyTrend,
  type SheetTable,
  TREND_COLUMN,
  type TrendChart,
  trendChart,
} from '../core/daily-sheet';
import { pickFields } from '../core/fields';
import type { ExtraSheet } from '../core/refresh';
import { chartBesideTable } from '../services/sheet-charts';
import { sheetNamed } from '../services/sheet-writer';
import { dayStartIn, todayIn } from '../services/utilities';
import type { ExtraSheetTarget } from './extra-sheet-target';
import { replaceTable } from './sheet-tables';

export function dailyTrendSheet({ spreadsheet, source, timeZone }: ExtraSheetTarget): ExtraSheet {
  return ({ settings, range, campaigns }) => {
    if (!settings.dailySheet) return undefined;
    // The workspace's totals for a report of all campaigns; each campaign's days otherwise.
    const chosen = settings.campaignIds.length > 0 ? campaigns.map(campaignRef) : undefined;
    const series = fetchDailyTrend(source(), chosen, range, todayIn(timeZone));
    const dayToDate = dayStartIn(timeZone);
    const [metric] = pickFields(DAILY_FIELDS, [settings.trendMetric]);
    const table = dailySheetTable(series, dayToDate);
    const chart = trendChart(series, metric, dayToDate);
    return () => writeDailySheet(spreadsheet, settings.dailySheetName, table, chart);
  };
}

function writeDailySheet(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  name: string,
  table: SheetTable,
  chart: TrendChart,
): void {
  const sheet = sheetNamed(spreadsheet, name);
  replaceTable(spreadsheet, sheet, 1, table);
  sheet.setFrozenRows(1);
  sheet.autoResizeColumns(1, table.columnFormats.length);
  const shape = replaceTable(spreadsheet, sheet, TREND_COLUMN, chart.table);
  chartBesideTable(sheet, TREND_COLUMN, shape, { kind: 'line', title: chart.title });
}
