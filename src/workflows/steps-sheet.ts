/** The steps sheet: the report's campaigns by step and A/B variant, and a chart of reply rates. */
import type { ExtraSheet } from '../core/refresh';
import { refreshNote } from '../core/report';
import { fetchSteps, needsOpportunities } from '../core/steps';
import {
  replyRateChart,
  STEPS_CHART_COLUMN,
  STEPS_SHEET_FIELDS,
  stepsSheetTable,
} from '../core/steps-sheet';
import { chartBesideTable } from '../services/sheet-charts';
import { sheetNamed } from '../services/sheet-writer';
import { minuteIn } from '../services/utilities';
import type { ExtraSheetTarget } from './extra-sheet-target';
import { replaceTable } from './sheet-tables';

/**
 * All campaigns: the workspace's steps in one request. Chosen campaigns: a block per campaign,
 * one request each, side by side. Everything is fetched before any sheet is written.
 */
export function stepsSheet({ spreadsheet, source, timeZone }: ExtraSheetTarget): ExtraSheet {
  return ({ settings, range, campaigns }) => {
    if (!settings.stepsSheet) return undefined;
    const chosen = settings.campaignIds.length > 0 ? campaigns : undefined;
    const blocks = fetchSteps(
      source(),
      chosen?.map((campaign) => campaign.campaign_id),
      range,
      needsOpportunities(STEPS_SHEET_FIELDS),
    );
    const table = stepsSheetTable(
      blocks,
      chosen?.map((campaign) => campaign.campaign_name),
    );
    const chart = replyRateChart(blocks);
    return () => {
      const sheet = sheetNamed(spreadsheet, settings.stepsSheetName);
      replaceTable(spreadsheet, sheet, 1, table);
      sheet.setFrozenRows(1);
      const stamp = minuteIn(timeZone, new Date());
      sheet.getRange(1, 1).setNote(refreshNote(stamp, timeZone, range, campaigns.length));
      const shape = replaceTable(spreadsheet, sheet, STEPS_CHART_COLUMN, chart);
      chartBesideTable(sheet, STEPS_CHART_COLUMN, shape, {
        kind: 'bar',
        title: 'Reply rate by step and variant',
      });
    };
  };
}
