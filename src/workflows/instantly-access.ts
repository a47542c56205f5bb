/**
 * Puts the core's Instantly client and the shared analytics cache together, for the custom
 * function, the sidebar and refreshes.
 */
import type { ClientOptions } from '../core/api-client';
import type { SharedCache } from '../core/cached-calls';
import { tagged } from '../core/campaigns';
import type { DateRange } from '../core/dates';
import { UserFacingError } from '../core/errors';
import type { FormulaContext, WorkspaceFormulaContext } from '../core/formula';
import { withOutcomes } from '../core/overview';
import type { CampaignAnalytics } from '../core/response';
import { allCampaigns } from '../core/source';
import { type ConnectedSource, eachWorkspace, prefetchAcross } from '../core/workspace-data';
import type { Connection, Workspace } from '../core/workspaces';
import { cacheScope, scriptCache } from '../services/cache';
import { withDocumentLock } from '../services/lock';
import { apiBaseUrl } from '../services/properties';
import { urlFetchBatchTransport, urlFetchTransport } from '../services/url-fetch';
import { appsScriptClock, gzipBase64, isoDateIn, todayIn } from '../services/utilities';

/** A few minutes: fresh enough for a dashboard, long enough to spare the quota. */
const CACHE_SECONDS = 300;
/** Concurrent recalculations wait this long for the one that is fetching. */
const FETCH_LOCK_WAIT_MS = 20_000;

export const NO_KEY_MESSAGE =
  'No Instantly API key is set for this spreadsheet. Set one with Extensions › Instantly Analytics › Set API key…';

export function clientWithKey(apiKey: string | undefined, deadline: number): ClientOptions {
  if (!apiKey) throw new UserFacingError(NO_KEY_MESSAGE);
  return {
    apiKey,
    deadline,
    baseUrl: apiBaseUrl(),
    clock: appsScriptClock,
    transport: urlFetchTransport,
    batchTransport: urlFetchBatchTransport,
  };
}

/** The cache as one workspace's data for this spreadsheet sees it. */
export function sharedCache(spreadsheetId: string, workspaceId: string): SharedCache {
  return {
    cache: scriptCache(),
    compressor: gzipBase64,
    generation: cacheScope(spreadsheetId, workspaceId),
    ttlSeconds: CACHE_SECONDS,
    // If the fetching run takes too long, fetching anyway beats failing.
    exclusively: (work) => withDocumentLock(FETCH_LOCK_WAIT_MS, work, work),
  };
}

/** Each connected workspace's data: its key's client, and its share of the cache. */
export function connectedSources(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  connections: readonly Connection[],
  deadline: number,
): ConnectedSource[] {
  if (connections.length === 0) throw new UserFacingError(NO_KEY_MESSAGE);
  return connections.map(({ apiKey, ...workspace }) => ({
    workspace,
    client: clientWithKey(apiKey, deadline),
    shared: sharedCache(spreadsheet.getId(), workspace.id),
  }));
}

/** What every custom function needs: the spreadsheet's dates, and the workspaces' data. */
export function workspaceFormulaContext(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  connections: readonly Connection[],
  deadline: number,
): WorkspaceFormulaContext {
  const timeZone = spreadsheet.getSpreadsheetTimeZone();
  return {
    today: todayIn(timeZone),
    toIsoDate: isoDateIn(timeZone),
    sources: connectedSources(spreadsheet, connections, deadline),
  };
}

/** Every campaign of each workspace for a range, tagged with its workspace; failures named. */
export function campaignsOf(
  sources: readonly ConnectedSource[],
  range: DateRange,
  includeLeads: boolean,
): CampaignAnalytics[] {
  prefetchAcross(sources, { range, includeLeads });
  return eachWorkspace(sources, (source) =>
    tagged(allCampaigns(range, includeLeads, source.client, source.shared), source.workspace),
  ).flat();
}

/** What INSTANTLY_ANALYTICS needs: the spreadsheet's dates, and campaigns through the cache. */
export function formulaContext(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  connections: readonly Connection[],
  deadline: number,
): FormulaContext {
  const { sources, ...dates } = workspaceFormulaContext(spreadsheet, connections, deadline);
  const chosen = (workspaces: readonly Workspace[]) =>
    sources.filter((source) =>
      workspaces.some((workspace) => workspace.id === source.workspace.id),
    );
  return {
    ...dates,
    workspaces: sources.map((source) => source.workspace),
    loadAllCampaigns: (workspaces, range, includeLeads) =>
      campaignsOf(chosen(workspaces), range, includeLeads),
    loadOutcomes: (campaigns, range) => withOutcomes(sources, campaigns, range),
  };
}

/** All campaigns of all time of every workspace, without lead counts: the cheapest list. */
export function workspaceCampaigns(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  connections: readonly Connection[],
  deadline: number,
): CampaignAnalytics[] {
  return campaignsOf(connectedSources(spreadsheet, connections, deadline), {}, false);
}
