/** One refresh: fetch and validate everything first, and only then touch the sheet. */
import type { DateRange } from './dates';
import { needsLeadsCount, needsOutcomes } from './fields';
import { buildReport, type Report } from './report';
import type { AnalyticsQuery } from './request';
import type { CampaignAnalytics } from './response';
import { type ReportSettings, reportFields, settingsRange } from './settings';

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
  readonly campaigns: readonly CampaignAnalytics[];
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
  loadCampaigns(query: AnalyticsQuery): CampaignAnalytics[];
  /** The campaigns with their outcomes (interested, meetings, closed) over the range. */
  loadOutcomes(campaigns: readonly CampaignAnalytics[], range: DateRange): CampaignAnalytics[];
  readonly extraSheets: readonly ExtraSheet[];
  /** Called only once everything is fetched and validated, before the extra sheets are written. */
  publish(report: Report, range: DateRange): void;
}

export function runRefresh(settings: ReportSettings, services: RefreshServices): RefreshOutcome {
  const range = settingsRange(settings, services.today);
  const base = {
    at: services.nowIso,
    range,
    sheetName: settings.sheetName,
    trigger: services.trigger,
  };
  try {
    const fields = reportFields(settings);
    const includeLeads = needsLeadsCount(fields);
    const ids = settings.campaignIds.length > 0 ? settings.campaignIds : undefined;
    const analytics = services.loadCampaigns({ ids, range, includeLeads });
    const campaigns = needsOutcomes(fields) ? services.loadOutcomes(analytics, range) : analytics;
    const report = buildReport(campaigns, fields);
    const context = { settings, range, campaigns };
    const writers = services.extraSheets.map((prepare) => prepare(context));
    services.publish(report, range);
    for (const write of writers) write?.();
    return { ...base, ok: true, rows: report.values.length - 1 };
  } catch (error) {
    return {
      ...base,
      ok: false,
      rows: 0,
      error: error instanceof Error ? error.message : String(error),
    };
  }
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
