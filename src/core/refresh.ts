/** One refresh: fetch and validate everything first, and only then touch the sheet. */
import type { DateRange } from './dates';
import { UserFacingError } from './errors';
import { type FieldSpec, needsLeadsCount, needsOutcomes, WORKSPACE_FIELD } from './fields';
import { buildReport, type FailedWorkspace, type Report } from './report';
import type { AnalyticsQuery } from './request';
import type { CampaignAnalytics } from './response';
import { type ReportSettings, reportFields, settingsRange } from './settings';
import { WorkspacesFailed } from './workspace-data';
import type { Workspace } from './workspaces';

export type { FailedWorkspace };

/** What the sidebar shows under Last refresh; plain data, so it crosses google.script.run. */
export interface RefreshOutcome {
  readonly ok: boolean;
  /** ISO timestamp. */
  readonly at: string;
  readonly rows: number;
  readonly range: DateRange;
  readonly sheetName: string;
  readonly trigger: 'manual' | 'scheduled';
  readonly error?: string;
  /** Workspaces that failed while the others were written; absent when none failed. */
  readonly failedWorkspaces?: readonly FailedWorkspace[];
}

/** A refresh's outcome and the status it leaves, as the sidebar shows them. */
export interface RefreshResult {
  readonly outcome: RefreshOutcome;
  readonly status: RefreshStatus;
}

/** What a refresh knows once the report's campaigns are fetched. */
export interface RefreshContext {
  readonly settings: ReportSettings;
  readonly range: DateRange;
  /** The report's campaigns, each tagged with its workspace. */
  readonly campaigns: readonly CampaignAnalytics[];
  /** The report's columns (the workspace first, when several are included). */
  readonly fields: readonly FieldSpec[];
  /** The included workspaces that answered so far. */
  readonly workspaces: readonly Workspace[];
  /** Whether more than one workspace is included: then every table has a Workspace column. */
  readonly severalWorkspaces: boolean;
  /** Workspaces that failed: each sheet keeps their previous rows. */
  readonly failed: readonly FailedWorkspace[];
}

/**
 * A sheet a refresh writes beside the report (the daily trend, the steps…). It fetches and
 * checks all it needs before any sheet is touched, and returns how to write it; or nothing,
 * when the settings leave it off. A failure throws, and then no sheet is written at all.
 */
export type ExtraSheet = (context: RefreshContext) => (() => void) | undefined;

export interface RefreshServices {
  readonly today: string;
  readonly nowIso: string;
  readonly trigger: RefreshOutcome['trigger'];
  /** The workspaces the report includes. */
  readonly workspaces: readonly Workspace[];
  /** The campaigns of the workspaces, tagged; a workspace that fails is named (WorkspacesFailed). */
  loadCampaigns(query: AnalyticsQuery, workspaces: readonly Workspace[]): CampaignAnalytics[];
  /** The campaigns with their outcomes (interested, meetings, closed) over the range. */
  loadOutcomes(campaigns: readonly CampaignAnalytics[], range: DateRange): CampaignAnalytics[];
  readonly extraSheets: readonly ExtraSheet[];
  /** Called only once everything is fetched and validated, before the extra sheets are written. */
  publish(report: Report, context: RefreshContext): void;
}

/**
 * Fetches everything, then writes. A workspace that fails (a rejected key, no paid plan,
 * Instantly down) does not cost the others: the refresh starts over without it (what was fetched
 * is cached), and every sheet keeps that workspace's previous rows. Only when every workspace
 * fails does the refresh fail, leaving every sheet as it was.
 */
export function runRefresh(settings: ReportSettings, services: RefreshServices): RefreshOutcome {
  const range = settingsRange(settings, services.today);
  const base = {
    at: services.nowIso,
    range,
    sheetName: settings.sheetName,
    trigger: services.trigger,
  };
  const failures: Workspace[] = [];
  let failed: FailedWorkspace[] = [];
  try {
    for (;;) {
      const answering = services.workspaces.filter((workspace) => !failures.includes(workspace));
      if (answering.length === 0 && failed.length > 0) {
        const several = services.workspaces.length > 1;
        const named = failed.map(({ name, error }) => (several ? `${name}: ${error}` : error));
        throw new UserFacingError(named.join(' '));
      }
      try {
        const rows = refreshWith(settings, services, { range, answering, failed });
        return {
          ...base,
          ok: true,
          rows,
          ...(failed.length > 0 ? { failedWorkspaces: failed } : {}),
        };
      } catch (error) {
        if (!(error instanceof WorkspacesFailed)) throw error;
        const names = new Set(error.failures.map(({ workspace }) => workspace.id));
        failures.push(...services.workspaces.filter((workspace) => names.has(workspace.id)));
        failed = [
          ...failed,
          ...error.failures.map(({ workspace, message }) => ({
            name: workspace.name,
            error: message,
          })),
        ];
      }
    }
  } catch (error) {
    return {
      ...base,
      ok: false,
      rows: 0,
      error: error instanceof Error ? error.message : String(error),
    };
  }
}

/** One attempt with the workspaces that have answered so far; returns the report's rows. */
function refreshWith(
  settings: ReportSettings,
  services: RefreshServices,
  attempt: {
    readonly range: DateRange;
    readonly answering: readonly Workspace[];
    readonly failed: readonly FailedWorkspace[];
  },
): number {
  const { range, answering, failed } = attempt;
  const severalWorkspaces = services.workspaces.length > 1;
  const chosen = reportFields(settings);
  const fields = severalWorkspaces
    ? [WORKSPACE_FIELD, ...chosen.filter((f) => f !== WORKSPACE_FIELD)]
    : chosen;
  const includeLeads = needsLeadsCount(fields);
  const ids = settings.campaignIds.length > 0 ? settings.campaignIds : undefined;
  const analytics = services.loadCampaigns({ ids, range, includeLeads }, answering);
  const campaigns = needsOutcomes(fields) ? services.loadOutcomes(analytics, range) : analytics;
  const report = buildReport(campaigns, fields);
  const context: RefreshContext = {
    settings,
    range,
    campaigns,
    fields,
    workspaces: answering,
    severalWorkspaces,
    failed,
  };
  const writers = services.extraSheets.map((prepare) => prepare(context));
  services.publish(report, context);
  for (const write of writers) write?.();
  return report.values.length - 1;
}

/** What the sidebar shows: the last success, and failures since (never silent). */
export interface RefreshStatus {
  readonly lastSuccess?: RefreshOutcome;
  /** The latest failure, if it came after the last success. */
  readonly lastFailure?: RefreshOutcome;
  readonly consecutiveFailures: number;
}

export function recordOutcome(
  status: RefreshStatus | undefined,
  outcome: RefreshOutcome,
): RefreshStatus {
  if (outcome.ok) return { lastSuccess: outcome, consecutiveFailures: 0 };
  return {
    lastSuccess: status?.lastSuccess,
    lastFailure: outcome,
    consecutiveFailures: (status?.consecutiveFailures ?? 0) + 1,
  };
}
