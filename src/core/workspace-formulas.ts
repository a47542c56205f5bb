/**
 * `INSTANTLY_STEPS` and `INSTANTLY_OVERVIEW`: formulas over endpoints that answer for one
 * campaign, a list of campaigns or the whole workspace, read through the shared cache, for one
 * or several connected workspaces.
 */
import { WORKSPACE_FIELD } from './fields';
import {
  type FormulaArguments,
  type FormulaRequest,
  formulaTable,
  readArguments,
  type WorkspaceFormulaContext,
} from './formula';
import { addOverviews, fetchOverviews, OVERVIEW_FIELDS, type OverviewScope } from './overview';
import { fetchSteps, needsOpportunities, STEP_FIELDS, stepsHeader, stepsTableRows } from './steps';
import { type Cell, headerRow, tableRows } from './table';
import {
  byWorkspace,
  type ConnectedSource,
  campaignsAcross,
  chooseSources,
} from './workspace-data';

/** The workspaces a formula chose, and the campaigns it named in them (undefined: none named). */
function scope(request: FormulaRequest, context: WorkspaceFormulaContext) {
  const chosen = chooseSources(context.sources, request.workspaces);
  return { chosen, campaigns: campaignsAcross(chosen, request.wanted) };
}

/**
 * One row per step and variant. A range of campaigns gives a block per campaign, each row
 * starting with the campaign's name, so the table keeps its shape however many are named. No
 * campaign named: a block per chosen workspace (its steps added up).
 */
export function instantlySteps(args: FormulaArguments, context: WorkspaceFormulaContext): Cell[][] {
  const request = readArguments(args, STEP_FIELDS, context, context.sources.length);
  const { range, fields, includeHeader } = request;
  const { chosen, campaigns } = scope(request, context);
  const scopes = campaigns
    ? campaigns.map(({ source, campaign }) => ({ source, campaignId: campaign.campaign_id }))
    : chosen.map((source) => ({ source }));
  const blocks = fetchSteps(scopes, range, needsOpportunities(fields));
  const names =
    campaigns && Array.isArray(args.campaign)
      ? campaigns.map(({ campaign }) => campaign.campaign_name)
      : undefined;
  return formulaTable(
    stepsHeader(fields, names !== undefined),
    stepsTableRows(blocks, fields, names),
    includeHeader,
  );
}

/** What a person reads in the workspace column of the totals row of several workspaces. */
export const ALL_WORKSPACES = 'All workspaces';

/**
 * Totals for the campaigns named, or for each chosen workspace: one row per workspace, and with
 * several, a last row of their sum (what a KPI tile of an agency shows).
 */
export function instantlyOverview(
  args: FormulaArguments,
  context: WorkspaceFormulaContext,
): Cell[][] {
  const request = readArguments(args, OVERVIEW_FIELDS, context, context.sources.length);
  const { range, fields, includeHeader } = request;
  const { chosen, campaigns } = scope(request, context);
  const scopes: OverviewScope[] = campaigns
    ? byWorkspace(campaigns).map(({ source, items }) => ({
        source,
        ids: items.map(({ campaign }) => campaign.campaign_id),
      }))
    : chosen.map((source: ConnectedSource) => ({ source }));
  const totals = fetchOverviews(scopes, range).map((overview, index) => ({
    ...overview,
    [WORKSPACE_FIELD.name]: scopes[index].source.workspace.name,
  }));
  const records =
    totals.length > 1
      ? [
          ...totals,
          { ...addOverviews(totals.map(countsOf)), [WORKSPACE_FIELD.name]: ALL_WORKSPACES },
        ]
      : totals;
  return formulaTable(headerRow(fields), tableRows(records, fields), includeHeader);
}

/** The counts of a totals row, without its workspace name. */
function countsOf(record: Record<string, number | string>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(record).filter(
      (entry): entry is [string, number] => typeof entry[1] === 'number',
    ),
  );
}
