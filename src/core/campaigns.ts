/** Picks the campaigns a report or formula asked for, by id or by name, in one or more workspaces. */
import { UserFacingError } from './errors';
import type { CampaignAnalytics } from './response';
import { listNames, type Workspace } from './workspaces';

/** Anything that names a campaign: a list entry, an analytics row… */
export interface CampaignRef {
  readonly id: string;
  readonly name: string;
  /** Absent when only one workspace is in play. */
  readonly workspace?: Workspace;
}

/**
 * Each wanted entry is a campaign id or a campaign name (case-insensitive exact match; an id
 * wins over a name). A name found in two workspaces is an error naming both, so the person can
 * choose with the workspace argument. Matches come back in the order asked for, each once.
 */
export function findCampaigns<T extends CampaignRef>(
  campaigns: readonly T[],
  wanted: readonly string[],
): T[] {
  const matches = wanted.map((entry) => ({ entry, campaign: findOne(campaigns, entry) }));
  const missing = matches.filter((match) => !match.campaign).map((match) => `"${match.entry}"`);
  if (missing.length > 0) {
    throw new UserFacingError(
      `No campaign matches ${missing.join(', ')}. ` +
        'Use a campaign id or the exact campaign name as shown in Instantly.',
    );
  }
  const found = matches.map((match) => match.campaign as T);
  return found.filter((campaign, index) => found.indexOf(campaign) === index);
}

function findOne<T extends CampaignRef>(campaigns: readonly T[], entry: string): T | undefined {
  const key = entry.toLowerCase();
  const byId = campaigns.filter((campaign) => campaign.id.toLowerCase() === key);
  const found = byId.length > 0 ? byId : campaigns.filter((c) => c.name.toLowerCase() === key);
  const workspaces = [...new Set(found.map((campaign) => campaign.workspace?.id))];
  if (workspaces.length > 1) {
    const named = found
      .map((campaign) => campaign.workspace as Workspace)
      .filter((workspace, index, all) => all.findIndex((w) => w.id === workspace.id) === index);
    throw new UserFacingError(
      `The campaign "${entry}" is in more than one workspace: ${listNames(named)}. ` +
        'Name the workspace in the workspace argument.',
    );
  }
  return found[0];
}

/** Rows of a workspace, marked with it, so a table can show it and names resolve within it. */
export function tagged(rows: readonly CampaignAnalytics[], workspace: Workspace) {
  return rows.map((row) => ({
    ...row,
    workspace_id: workspace.id,
    workspace_name: workspace.name,
  }));
}

/** The workspace a tagged row comes from. */
export function workspaceOf(row: CampaignAnalytics): Workspace | undefined {
  const { workspace_id: id, workspace_name: name } = row;
  return typeof id === 'string' && typeof name === 'string' ? { id, name } : undefined;
}

/** Analytics rows by id or name (within their workspaces, when tagged); none means all. */
export function pickCampaigns(
  campaigns: readonly CampaignAnalytics[],
  wanted: readonly string[],
): CampaignAnalytics[] {
  if (wanted.length === 0) return [...campaigns];
  const refs = campaigns.map((row) => ({
    id: row.campaign_id,
    name: row.campaign_name,
    workspace: workspaceOf(row),
    row,
  }));
  return findCampaigns(refs, wanted).map((ref) => ref.row);
}
