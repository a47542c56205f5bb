/** What the sidebar page and the server exchange: plain data only (google.script.run). */
import { DAILY_FIELDS } from './daily';
import type { DatePreset } from './dates';
import { ANALYTICS_FIELDS, DEFAULT_FIELD_NAMES, type FieldKind, WORKSPACE_FIELD } from './fields';
import { CHART_METRIC_NAMES } from './history';
import type { RefreshStatus } from './refresh';
import type { CampaignAnalytics } from './response';
import { AUTO_REFRESH_CHOICES, AUTO_REFRESH_LABELS, type AutoRefresh } from './schedule-timing';
import type { RangeChoice, ReportSettings } from './settings';
import { statusLabel } from './table';

import { type Connection, maskKey } from './workspaces';

export { maskKey };

export interface FieldOption {
  readonly name: string;
  readonly label: string;
  readonly kind: FieldKind;
}

/** A connected workspace as the sidebar lists it: never its key, at most the key's last 4. */
export interface WorkspaceOption {
  readonly id: string;
  readonly name: string;
  readonly keyHint: string;
}

export interface SidebarState {
  /** The first connected key masked to its last 4 characters at most; null when none is saved. */
  readonly keyHint: string | null;
  /** Every connected workspace, in the order added. */
  readonly workspaces: readonly WorkspaceOption[];
  readonly settings: ReportSettings;
  readonly status: RefreshStatus;
  readonly fields: readonly FieldOption[];
  readonly defaultFields: readonly string[];
  readonly dateRanges: readonly { readonly value: RangeChoice; readonly label: string }[];
  readonly timeZone: string;
  readonly autoRefreshOptions: readonly { readonly value: AutoRefresh; readonly label: string }[];
  /** Numeric fields, which the history chart can show. */
  readonly chartMetrics: readonly FieldOption[];
  /** The daily fields and rates, which the daily trend chart can show. */
  readonly trendMetrics: readonly FieldOption[];
  /** Whether this user's hourly trigger runs this spreadsheet's schedule. */
  readonly scheduledByYou: boolean;
  /** Scheduled spreadsheets this user's runs stopped refreshing, and why. */
  readonly droppedSchedules: readonly {
    readonly spreadsheetName: string;
    readonly reason: string;
    readonly at: string;
  }[];
}

export interface CampaignOption {
  readonly id: string;
  readonly name: string;
  readonly status: string;
  /** The campaign's workspace, when known. */
  readonly workspace?: string;
}

export function workspaceOptions(connections: readonly Connection[]): WorkspaceOption[] {
  return connections.map(({ id, name, apiKey }) => ({ id, name, keyHint: maskKey(apiKey) ?? '' }));
}

export interface ActionResult {
  readonly ok: boolean;
  readonly message: string;
}

const RANGE_LABELS: Record<DatePreset | 'custom', string> = {
  all_time: 'All time',
  today: 'Today',
  yesterday: 'Yesterday',
  last_7_days: 'Last 7 days',
  last_30_days: 'Last 30 days',
  this_month: 'This month',
  last_month: 'Last month',
  custom: 'Custom',
};

export const DATE_RANGE_OPTIONS = (Object.keys(RANGE_LABELS) as RangeChoice[]).map((value) => ({
  value,
  label: RANGE_LABELS[value],
}));

const isNumeric = (field: FieldOption) => field.kind === 'count' || field.kind === 'rate';

/**
 * The leads count has its own checkbox, because counting leads slows the API down; the
 * workspace is no choice: the report shows it whenever it includes more than one.
 */
export const COLUMN_OPTIONS: readonly FieldOption[] = ANALYTICS_FIELDS.all
  .filter((field) => field.name !== 'leads_count' && field !== WORKSPACE_FIELD)
  .map(({ name, label, kind }) => ({ name, label, kind }));

export const DEFAULT_COLUMNS = DEFAULT_FIELD_NAMES;

export const AUTO_REFRESH_OPTIONS = AUTO_REFRESH_CHOICES.map((value) => ({
  value,
  label: AUTO_REFRESH_LABELS[value],
}));

export const CHART_METRICS: readonly FieldOption[] = COLUMN_OPTIONS.filter((field) =>
  CHART_METRIC_NAMES.includes(field.name),
);

export const TREND_METRICS: readonly FieldOption[] = DAILY_FIELDS.all
  .filter(isNumeric)
  .map(({ name, label, kind }) => ({ name, label, kind }));

/** Each campaign's name and status; with several workspaces, its workspace's name too. */
export function campaignOptions(campaigns: readonly CampaignAnalytics[]): CampaignOption[] {
  const several = new Set(campaigns.map((campaign) => campaign.workspace_name)).size > 1;
  return campaigns
    .map((campaign) => ({
      id: campaign.campaign_id,
      name: campaign.campaign_name,
      status:
        typeof campaign.campaign_status === 'number' ? statusLabel(campaign.campaign_status) : '',
      ...(several ? { workspace: String(campaign.workspace_name) } : {}),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
