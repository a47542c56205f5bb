/**
 * Puts the core's Instantly client and the shared analytics cache together, for the custom
 * function, the sidebar and refreshes.
 */
import type { ClientOptions } from '../core/api-client';
import type { SharedCache, WorkspaceSource } from '../core/cached-calls';
import { UserFacingError } from '../core/errors';
import type { FormulaContext, WorkspaceFormulaContext } from '../core/formula';
import { withOutcomes } from '../core/overview';
import type { CampaignAnalytics } from '../core/response';
import { allCampaigns } from '../core/source';
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

export function sharedCache(spreadsheetId: string): SharedCache {
  return {
    cache: scriptCache(),
    compressor: gzipBase64,
    generation: cacheScope(spreadsheetId),
    ttlSeconds: CACHE_SECONDS,
    // If the fetching run takes too long, fetching anyway beats failing.
    exclusively: (work) => withDocumentLock(FETCH_LOCK_WAIT_MS, work, work),
  };
}

/** One workspace's data: its key's client, and the spreadsheet's share of the cache. */
export function workspaceSource(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  apiKey: string | undefined,
  deadline: number,
): WorkspaceSource {
  return { client: clientWithKey(apiKey, deadline), shared: sharedCache(spreadsheet.getId()) };
}

/** What every custom function needs: the spreadsheet's dates, and the workspace's data. */
export function workspaceFormulaContext(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  apiKey: string | undefined,
  deadline: number,
): WorkspaceFormulaContext {
  const timeZone = spreadsheet.getSpreadsheetTimeZone();
  return {
    today: todayIn(timeZone),
    toIsoDate: isoDateIn(timeZone),
    source: workspaceSource(spreadsheet, apiKey, deadline),
  };
}

/** What INSTANTLY_ANALYTICS needs: the spreadsheet's dates, and campaigns through the cache. */
export function formulaContext(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  apiKey: string | undefined,
  deadline: number,
): FormulaContext {
  const { source, ...dates } = workspaceFormulaContext(spreadsheet, apiKey, deadline);
  return {
    ...dates,
    loadAllCampaigns: (range, includeLeads) =>
      allCampaigns(range, includeLeads, source.client, source.shared),
    loadOutcomes: (campaigns, range) => withOutcomes(source, campaigns, range),
  };
}

/** All campaigns of all time, without lead counts: the cheapest list of the workspace. */
export function workspaceCampaigns(
  spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet,
  apiKey: string | undefined,
  deadline: number,
): CampaignAnalytics[] {
  const client = clientWithKey(apiKey, deadline);
  return allCampaigns({}, false, client, sharedCache(spreadsheet.getId()));
}
