/** The columns a report can hold: every field of the analytics response plus derived rates. */
import { UserFacingError } from './errors';

export type FieldKind = 'text' | 'status' | 'boolean' | 'count' | 'money' | 'rate';

export interface FieldSpec {
  /** The API name (or derived-rate name) a person types in `fields`. */
  readonly name: string;
  /** The header a person reads. */
  readonly label: string;
  readonly kind: FieldKind;
}

export interface RateSpec extends FieldSpec {
  readonly kind: 'rate';
  /** The count divided by the denominator; blank when the denominator is 0 or missing. */
  readonly numerator: string;
  readonly denominator: string;
}

/** The fields one function or sheet offers, and the ones it shows when none are named. */
export interface FieldCatalog {
  readonly all: readonly FieldSpec[];
  readonly defaults: readonly string[];
}

const apiField = (name: string, label: string, kind: FieldKind): FieldSpec => ({
  name,
  label,
  kind,
});

/** Every field of the 200 response, in the order the API documents them. */
export const API_FIELDS: readonly FieldSpec[] = [
  apiField('campaign_name', 'Campaign', 'text'),
  apiField('campaign_id', 'Campaign ID', 'text'),
  apiField('campaign_status', 'Status', 'status'),
  apiField('campaign_is_evergreen', 'Evergreen', 'boolean'),
  apiField('leads_count', 'Leads', 'count'),
  apiField('contacted_count', 'Contacted', 'count'),
  apiField('emails_sent_count', 'Emails sent', 'count'),
  apiField('new_leads_contacted_count', 'New leads contacted', 'count'),
  apiField('open_count', 'Opens', 'count'),
  apiField('open_count_unique', 'Unique opens', 'count'),
  apiField('open_count_unique_by_step', 'Unique opens by step', 'count'),
  apiField('reply_count', 'Replies', 'count'),
  apiField('reply_count_unique', 'Unique replies', 'count'),
  apiField('reply_count_unique_by_step', 'Unique replies by step', 'count'),
  apiField('reply_count_automatic', 'Automatic replies', 'count'),
  apiField('reply_count_automatic_unique', 'Unique automatic replies', 'count'),
  apiField('reply_count_automatic_unique_by_step', 'Unique automatic replies by step', 'count'),
  apiField('link_click_count', 'Link clicks', 'count'),
  apiField('link_click_count_unique', 'Unique link clicks', 'count'),
  apiField('link_click_count_unique_by_step', 'Unique link clicks by step', 'count'),
  apiField('bounced_count', 'Bounced', 'count'),
  apiField('unsubscribed_count', 'Unsubscribed', 'count'),
  apiField('completed_count', 'Completed', 'count'),
  apiField('total_opportunities', 'Opportunities', 'count'),
  apiField('total_opportunity_value', 'Opportunity value', 'money'),
];

export const rate = (
  name: string,
  label: string,
  numerator: string,
  denominator = 'contacted_count',
): RateSpec => ({ name, label, kind: 'rate', numerator, denominator });

export const count = (name: string, label: string): FieldSpec => ({ name, label, kind: 'count' });

/** The engagement counts that daily and step rows both have, under the same API names. */
export const ENGAGEMENT_COUNTS: readonly FieldSpec[] = [
  count('opened', 'Opens'),
  count('unique_opened', 'Unique opens'),
  count('replies', 'Replies'),
  count('unique_replies', 'Unique replies'),
  count('replies_automatic', 'Automatic replies'),
  count('unique_replies_automatic', 'Unique automatic replies'),
  count('clicks', 'Link clicks'),
  count('unique_clicks', 'Unique link clicks'),
];

/** Open, reply and click rates of those unique counts, over the count a row is measured by. */
export function engagementRates(denominator: string): RateSpec[] {
  return [
    rate('open_rate', 'Open rate', 'unique_opened', denominator),
    rate('reply_rate', 'Reply rate', 'unique_replies', denominator),
    rate('click_rate', 'Click rate', 'unique_clicks', denominator),
  ];
}

/** Rates over `contacted_count`, the leads the sequence has started for. */
export const RATE_FIELDS: readonly RateSpec[] = [
  rate('open_rate', 'Open rate', 'open_count_unique'),
  rate('reply_rate', 'Reply rate', 'reply_count_unique'),
  rate('click_rate', 'Click rate', 'link_click_count_unique'),
  rate('bounce_rate', 'Bounce rate', 'bounced_count'),
  rate('unsubscribe_rate', 'Unsubscribe rate', 'unsubscribed_count'),
  rate('opportunity_rate', 'Opportunity rate', 'total_opportunities'),
];

/** The analytics response's fields and their rates: what a history snapshot holds. */
export const ALL_FIELDS: readonly FieldSpec[] = [...API_FIELDS, ...RATE_FIELDS];

/**
 * The outcomes funnel, which only the overview endpoint reports (one request per campaign).
 * Instantly counts the first interest event per contact.
 */
export const OUTCOME_FIELDS: readonly FieldSpec[] = [
  apiField('total_interested', 'Interested', 'count'),
  apiField('total_meeting_booked', 'Meetings booked', 'count'),
  apiField('total_meeting_completed', 'Meetings completed', 'count'),
  apiField('total_closed', 'Closed', 'count'),
];

/** Outcome rates over `contacted_count`, like the other rates of a campaign. */
export const OUTCOME_RATE_FIELDS: readonly RateSpec[] = [
  rate('interested_rate', 'Interested rate', 'total_interested'),
  rate('meeting_booked_rate', 'Meeting booked rate', 'total_meeting_booked'),
  rate('closed_rate', 'Closed rate', 'total_closed'),
];

export const DEFAULT_FIELD_NAMES: readonly string[] = [
  'campaign_name',
  'campaign_status',
  'contacted_count',
  'emails_sent_count',
  'open_count_unique',
  'open_rate',
  'reply_count_unique',
  'reply_rate',
  'link_click_count_unique',
  'click_rate',
  'bounced_count',
  'bounce_rate',
  'total_opportunities',
  'total_opportunity_value',
];

/**
 * The workspace a row comes from (a spreadsheet may connect several): a field of every catalog
 * whose rows are per campaign, day or step, filled in by the add-on rather than the API.
 */
export const WORKSPACE_FIELD: FieldSpec = apiField('workspace_name', 'Workspace', 'text');

/** `INSTANTLY_ANALYTICS` and the report: every analytics field, the outcomes, and the rates. */
export const ANALYTICS_FIELDS: FieldCatalog = {
  all: [WORKSPACE_FIELD, ...API_FIELDS, ...OUTCOME_FIELDS, ...RATE_FIELDS, ...OUTCOME_RATE_FIELDS],
  defaults: DEFAULT_FIELD_NAMES,
};

/** With several workspaces connected, a table's default columns start with the workspace. */
export function forWorkspaces(catalog: FieldCatalog, connected: number): FieldCatalog {
  if (connected <= 1) return catalog;
  return { all: catalog.all, defaults: [WORKSPACE_FIELD.name, ...catalog.defaults] };
}

/**
 * The workspace column (when asked for) and the other fields: a table of days or steps shows the
 * workspace first, before the campaign and the date.
 */
export function splitWorkspace(
  fields: readonly FieldSpec[],
): [workspace: FieldSpec[], others: FieldSpec[]] {
  return [
    fields.filter((field) => field === WORKSPACE_FIELD),
    fields.filter((field) => field !== WORKSPACE_FIELD),
  ];
}

export function isRate(field: FieldSpec): field is RateSpec {
  return field.kind === 'rate';
}

/**
 * Looks fields up by name (case-insensitive) in a catalog; no names means its defaults, and an
 * unknown name is an error listing the valid ones.
 */
export function pickFields(catalog: FieldCatalog, names: readonly string[]): FieldSpec[] {
  const byName = new Map(catalog.all.map((field) => [field.name, field]));
  const wanted = names.length > 0 ? names : catalog.defaults;
  const unknown = wanted.filter((name) => !byName.has(name.toLowerCase()));
  if (unknown.length > 0) {
    throw new UserFacingError(
      `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}. ` +
        `Valid fields: ${catalog.all.map((f) => f.name).join(', ')}.`,
    );
  }
  return dedupe(wanted.map((name) => byName.get(name.toLowerCase()) as FieldSpec));
}

/** The analytics fields of `INSTANTLY_ANALYTICS` and the report. */
export function selectFields(names: readonly string[]): FieldSpec[] {
  return pickFields(ANALYTICS_FIELDS, names);
}

function dedupe(fields: FieldSpec[]): FieldSpec[] {
  return fields.filter((field, index) => fields.indexOf(field) === index);
}

const OUTCOME_NAMES = new Set(OUTCOME_FIELDS.map((field) => field.name));

/** Whether the outcomes must be fetched (from the overview endpoint) for these fields. */
export function needsOutcomes(fields: readonly FieldSpec[]): boolean {
  return fields.some(
    (field) =>
      OUTCOME_NAMES.has(field.name) || (isRate(field) && OUTCOME_NAMES.has(field.numerator)),
  );
}

/** Whether the request must count leads (counting them makes the API considerably slower). */
export function needsLeadsCount(fields: readonly FieldSpec[]): boolean {
  return fields.some((field) => field.name === 'leads_count');
}
