/**
 * The daily trend sheet: on every refresh, the report's date range day by day, and a line chart
 * of the trend metric beside it. Everything is fetched before the refresh writes any sheet.
 */
import { campaignRef, DAILY_FIELDS } from '../core/daily';
import { dailySheetTable, fetchDailyTrend, TREND_COLUMN, trendChart } from '../core/daily-sheet';
import { pickFields } from '../core/fields';
import type { ExtraSheet } from '../core/refresh';
import { failureNote } from '../core/report';
import { sourceFor } from '../core/workspace-data';
import { chartBesideTable } from '../services/sheet-charts';
import { sheetNamed } from '../services/sheet-writer';
import { dayStartIn, todayIn } from '../services/utilities';
import type { ExtraSheetTarget } from './extra-sheet-target';
import { replaceTable, withKeptRows } from './sheet-tables';

export function dailyTrendSheet({ spreadsheet, sources, timeZone }: ExtraSheetTarget): ExtraSheet {
  return (context) => {
    const { settings, range, campaigns } = context;
    if (!settings.dailySheet) return undefined;
    // Each workspace's totals for a report of all campaigns; each campaign's days otherwise.
    const answering = sources(context.workspaces);
    const scopes =
      settings.campaignIds.length > 0
        ? campaigns.map((campaign) => ({
            source: sourceFor(answering, campaign),
            campaign: campaignRef(campaign),
          }))
        : answering.map((source) => ({ source }));
    const series = fetchDailyTrend(scopes, range, todayIn(timeZone));
    const dayToDate = dayStartIn(timeZone);
    const [metric] = pickFields(DAILY_FIELDS, [settings.trendMetric]);
    const table = dailySheetTable(series, dayToDate, context.severalWorkspaces);
    const chart = trendChart(series, metric, dayToDate);
    return () => {
      const sheet = sheetNamed(spreadsheet, settings.dailySheetName);
      replaceTable(spreadsheet, sheet, 1, withKeptRows(spreadsheet, sheet, table, context.failed));
      sheet.setFrozenRows(1);
      sheet.autoResizeColumns(1, table.columnFormats.length);
      // Only a partial refresh needs saying: which rows are older, and why.
      sheet.getRange(1, 1).setNote(failureNote(context.failed).trim());
      const shape = replaceTable(spreadsheet, sheet, TREND_COLUMN, chart.table);
      chartBesideTable(sheet, TREND_COLUMN, shape, { kind: 'line', title: chart.title });
    };
  };
}
