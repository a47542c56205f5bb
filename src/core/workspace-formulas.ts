/**
 * `INSTANTLY_STEPS` and `INSTANTLY_OVERVIEW`: formulas over endpoints that answer for one
 * campaign, a list of campaigns or the whole workspace, read through the shared cache.
 */
import {
  type FormulaArguments,
  formulaTable,
  readArguments,
  type WorkspaceFormulaContext,
} from './formula';
import { fetchOverview, OVERVIEW_FIELDS } from './overview';
import { namedCampaigns } from './source';
import {
  CAMPAIGN_LABEL,
  fetchSteps,
  needsOpportunities,
  STEP_FIELDS,
  stepsTableRows,
} from './steps';
import { type Cell, headerRow, tableRows } from './table';

/**
 * One row per step and variant. A range of campaigns gives a block per campaign, each row
 * starting with the campaign's name, so the table keeps its shape however many are named.
 */
export function instantlySteps(args: FormulaArguments, context: WorkspaceFormulaContext): Cell[][] {
  const { wanted, range, fields, includeHeader } = readArguments(args, STEP_FIELDS, context);
  const campaigns = namedCampaigns(context.source, wanted);
  const ids = campaigns?.map((campaign) => campaign.campaign_id);
  const blocks = fetchSteps(context.source, ids, range, needsOpportunities(fields));
  const names =
    campaigns && Array.isArray(args.campaign)
      ? campaigns.map((campaign) => campaign.campaign_name)
      : undefined;
  const header = names ? [CAMPAIGN_LABEL, ...headerRow(fields)] : headerRow(fields);
  return formulaTable(header, stepsTableRows(blocks, fields, names), includeHeader);
}

/** One row of totals for the campaigns named, or for the whole workspace. */
export function instantlyOverview(
  args: FormulaArguments,
  context: WorkspaceFormulaContext,
): Cell[][] {
  const { wanted, range, fields, includeHeader } = readArguments(args, OVERVIEW_FIELDS, context);
  const campaigns = namedCampaigns(context.source, wanted);
  const ids = campaigns?.map((campaign) => campaign.campaign_id);
  const totals = fetchOverview(context.source, ids, range);
  return formulaTable(headerRow(fields), tableRows([totals], fields), includeHeader);
}
