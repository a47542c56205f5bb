/** The steps sheet: the report's campaigns by step and A/B variant, and a chart of reply rates. */
import type { ExtraSheet } from '../core/refresh';
import { failureNote, refreshNote } from '../core/report';
import { fetchSteps, needsOpportunities } from '../core/steps';
import {
  replyRateChart,
  STEPS_CHART_COLUMN,
  STEPS_SHEET_FIELDS,
  stepsSheetTable,
} from '../core/steps-sheet';
import { sourceFor } from '../core/workspace-data';
import { chartBesideTable } from '../services/sheet-charts';
import { sheetNamed } from '../services/sheet-writer';
import { minuteIn } from '../services/utilities';
import type { ExtraSheetTarget } from './extra-sheet-target';
import { replaceTable, withKeptRows } from './sheet-tables';

/**
 * All campaigns: the workspace's steps in one request. Chosen campaigns: a block per campaign,
 * one request each, side by side. Everything is fetched before any sheet is written.
 */
export function stepsSheet({ spreadsheet, sources, timeZone }: ExtraSheetTarget): ExtraSheet {
  return (context) => {
    const { settings, range, campaigns } = context;
    if (!settings.stepsSheet) return undefined;
    const answering = sources(context.workspaces);
    const chosen = settings.campaignIds.length > 0 ? campaigns : undefined;
    const scopes = chosen
      ? chosen.map((campaign) => ({
          source: sourceFor(answering, campaign),
          campaignId: campaign.campaign_id,
        }))
      : answering.map((source) => ({ source }));
    const blocks = fetchSteps(scopes, range, needsOpportunities(STEPS_SHEET_FIELDS));
    const table = stepsSheetTable(
      blocks,
      chosen?.map((campaign) => campaign.campaign_name),
      context.severalWorkspaces,
    );
    const chart = replyRateChart(blocks);
    return () => {
      const sheet = sheetNamed(spreadsheet, settings.stepsSheetName);
      replaceTable(spreadsheet, sheet, 1, withKeptRows(spreadsheet, sheet, table, context.failed));
      sheet.setFrozenRows(1);
      const stamp = minuteIn(timeZone, new Date());
      const note = refreshNote(stamp, timeZone, range, campaigns.length);
      sheet.getRange(1, 1).setNote(note + failureNote(context.failed));
      const shape = replaceTable(spreadsheet, sheet, STEPS_CHART_COLUMN, chart);
      chartBesideTable(sheet, STEPS_CHART_COLUMN, shape, {
        kind: 'bar',
        title: 'Reply rate by step and variant',
      });
    };
  };
}
