/**
 * Sample Instantly workspace for the stand-in server: campaigns with daily activity, and the
 * analytics objects the API derives from them. Pure and deterministic: the same options always
 * give the same campaigns.
 */
import { createHash } from 'node:crypto';

/** Count fields of an analytics object, in the order the API documents them. */
export const COUNT_FIELDS = [
  'contacted_count',
  'emails_sent_count',
  'new_leads_contacted_count',
  'open_count',
  'open_count_unique',
  'open_count_unique_by_step',
  'reply_count',
  'reply_count_unique',
  'reply_count_unique_by_step',
  'reply_count_automatic',
  'reply_count_automatic_unique',
  'reply_count_automatic_unique_by_step',
  'link_click_count',
  'link_click_count_unique',
  'link_click_count_unique_by_step',
  'bounced_count',
  'unsubscribed_count',
  'completed_count',
  'total_opportunities',
] as const;

/** The fields of an analytics object that add up day by day: counts and opportunity value. */
export const ANALYTICS_FIELDS = [...COUNT_FIELDS, 'total_opportunity_value'] as const;

/** Outcome counts that only the overview endpoint reports. */
export const OUTCOME_FIELDS = [
  'total_interested',
  'total_meeting_booked',
  'total_meeting_completed',
  'total_closed',
] as const;

/** Every field that adds up day by day. */
export const ACTIVITY_FIELDS = [...ANALYTICS_FIELDS, ...OUTCOME_FIELDS] as const;

export type CountField = (typeof COUNT_FIELDS)[number];
export type AnalyticsField = (typeof ANALYTICS_FIELDS)[number];
export type OutcomeField = (typeof OUTCOME_FIELDS)[number];
export type ActivityField = (typeof ACTIVITY_FIELDS)[number];
export type ActivityCounts = Record<ActivityField, number>;

export const CAMPAIGN_STATUS = {
  draft: 0,
  active: 1,
  paused: 2,
  completed: 3,
  runningSubsequences: 4,
  accountSuspended: -99,
  accountsUnhealthy: -1,
  bounceProtect: -2,
} as const;

export interface StandinCampaign {
  id: string;
  name: string;
  status: number;
  evergreen: boolean;
  /** Total leads in the campaign, contacted or not. */
  leads: number;
  /** Activity per 'YYYY-MM-DD' day; days and fields that are absent count as zero. */
  daily: Record<string, Partial<ActivityCounts>>;
  /** Creation time, ISO 8601; DEFAULT_CREATED when absent. */
  created?: string;
}

/** When a campaign or workspace without a creation time was created. */
export const DEFAULT_CREATED = '2024-01-01T00:00:00.000Z';

/** One item of the 200 response of GET /api/v2/campaigns/analytics. */
export interface CampaignAnalytics extends Record<AnalyticsField, number> {
  campaign_name: string;
  campaign_id: string;
  campaign_status: number;
  campaign_is_evergreen: boolean;
  leads_count: number;
}

export interface AnalyticsRange {
  /** First day included, 'YYYY-MM-DD'; open-ended when absent. */
  start?: string;
  /** Last day included, 'YYYY-MM-DD'; open-ended when absent. */
  end?: string;
  includeLeads: boolean;
}

export function campaignAnalytics(
  campaign: StandinCampaign,
  { start, end, includeLeads }: AnalyticsRange,
): CampaignAnalytics {
  return {
    campaign_name: campaign.name,
    campaign_id: campaign.id,
    campaign_status: campaign.status,
    campaign_is_evergreen: campaign.evergreen,
    // The schema requires the field, so excluding the count reports zero rather than omitting it.
    leads_count: includeLeads ? campaign.leads : 0,
    ...pickFields(sumActivity(campaign.daily, { start, end }), ANALYTICS_FIELDS),
  };
}

/** True once a campaign has any activity: the analytics endpoints leave out the others. */
export function hasSent(campaign: StandinCampaign): boolean {
  return Object.values(campaign.daily).some(hasActivity);
}

export function hasActivity(activity: Partial<ActivityCounts>): boolean {
  return ACTIVITY_FIELDS.some((field) => (activity[field] ?? 0) !== 0);
}

/** A 'YYYY-MM-DD' range, both ends included and open-ended when absent. */
export interface DayRange {
  start?: string;
  end?: string;
}

export function inRange(day: string, { start, end }: DayRange): boolean {
  // ISO dates compare correctly as strings.
  return !((start && day < start) || (end && day > end));
}

/** The activity of the days in range, added up. */
export function sumActivity(daily: StandinCampaign['daily'], range: DayRange): ActivityCounts {
  const totals = zeroActivity();
  for (const [day, activity] of Object.entries(daily)) {
    if (inRange(day, range)) addActivity(totals, activity);
  }
  totals.total_opportunity_value = roundCents(totals.total_opportunity_value);
  return totals;
}

export function addActivity(totals: ActivityCounts, activity: Partial<ActivityCounts>): void {
  for (const field of ACTIVITY_FIELDS) totals[field] += activity[field] ?? 0;
}

export function zeroActivity(): ActivityCounts {
  return Object.fromEntries(ACTIVITY_FIELDS.map((field) => [field, 0])) as ActivityCounts;
}

function pickFields<Field extends string>(
  values: Record<Field, number>,
  fields: readonly Field[],
): Record<Field, number> {
  return Object.fromEntries(fields.map((field) => [field, values[field]])) as Record<Field, number>;
}

export function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// Hand-built campaigns for tests

/** Day that test campaigns put their activity on unless told otherwise. */
export const DEFAULT_ACTIVITY_DAY = '2025-01-15';

export interface CampaignSpec extends Partial<Omit<StandinCampaign, 'daily'>> {
  /** Activity to put on a single day; ignored when `daily` is given. */
  totals?: Partial<ActivityCounts>;
  day?: string;
  daily?: StandinCampaign['daily'];
}

/** A campaign with the given fields; its id derives from its name so it is stable across runs. */
export function createCampaign(spec: CampaignSpec = {}): StandinCampaign {
  const { totals = {}, day = DEFAULT_ACTIVITY_DAY, ...fields } = spec;
  const name = fields.name ?? 'Test campaign';
  return {
    id: fields.id ?? nameBasedUuid(name),
    name,
    status: fields.status ?? CAMPAIGN_STATUS.active,
    evergreen: fields.evergreen ?? false,
    leads: fields.leads ?? 0,
    daily: fields.daily ?? { [day]: totals },
    ...(fields.created && { created: fields.created }),
  };
}

/** `count` simple campaigns 'Campaign 001', 'Campaign 002'… whose totals scale with their number. */
export function fixtureWorkspace(count: number, day = DEFAULT_ACTIVITY_DAY): StandinCampaign[] {
  return Array.from({ length: count }, (_, index) => {
    const number = index + 1;
    return createCampaign({
      name: `Campaign ${String(number).padStart(3, '0')}`,
      leads: 200 * number,
      totals: fixtureTotals(number),
      day,
    });
  });
}

function fixtureTotals(n: number): ActivityCounts {
  return {
    contacted_count: 100 * n,
    emails_sent_count: 300 * n,
    new_leads_contacted_count: 100 * n,
    open_count: 50 * n,
    open_count_unique: 40 * n,
    open_count_unique_by_step: 60 * n,
    reply_count: 5 * n,
    reply_count_unique: 4 * n,
    reply_count_unique_by_step: 6 * n,
    reply_count_automatic: 2 * n,
    reply_count_automatic_unique: n,
    reply_count_automatic_unique_by_step: 2 * n,
    link_click_count: 10 * n,
    link_click_count_unique: 8 * n,
    link_click_count_unique_by_step: 12 * n,
    bounced_count: 2 * n,
    unsubscribed_count: n,
    completed_count: 90 * n,
    total_opportunities: n,
    total_opportunity_value: 1000.5 * n,
    total_interested: 6 * n,
    total_meeting_booked: 3 * n,
    total_meeting_completed: 2 * n,
    total_closed: n,
  };
}

/** A uuid (version 5 layout) from a SHA-1 of the name. */
export function nameBasedUuid(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex').slice(0, 32);
  return formatUuid(hex, '5');
}

// ---------------------------------------------------------------------------------------------
// Generated sample workspace

export interface SampleWorkspaceOptions {
  seed?: number;
  campaignCount?: number;
  /** Length of the history, ending on `endDate`. */
  days?: number;
  /** Last day with activity, 'YYYY-MM-DD'; defaults to today (UTC) so relative ranges have data. */
  endDate?: string;
}

export function createSampleWorkspace({
  seed = 1,
  campaignCount = 36,
  days = 730,
  endDate = new Date().toISOString().slice(0, 10),
}: SampleWorkspaceOptions = {}): StandinCampaign[] {
  const random = seededRandom(seed);
  // Draws added later (creation hour, outcomes) have their own stream: the older figures stay.
  const extraRandom = seededRandom(seed + 0x9e3779b9);
  const history = { firstDay: addDays(endDate, 1 - days), days };
  const statuses = Array.from(
    { length: campaignCount },
    (_, i) => STATUS_MIX[i % STATUS_MIX.length],
  );
  const names = sendingAwkwardNames(campaignNames(campaignCount, random), statuses);
  return names.map((name, index) =>
    sampleCampaign(name, statuses[index], history, random, extraRandom),
  );
}

/**
 * The names with each awkward one that fell on a draft swapped with a regular name of a campaign
 * that sends: drafts never reach the analytics, and the awkward names are there to be reported.
 */
function sendingAwkwardNames(names: string[], statuses: number[]): string[] {
  const swapped = [...names];
  const isAwkward = (index: number) => AWKWARD_NAMES.includes(swapped[index]);
  const isDraft = (index: number) => statuses[index] === CAMPAIGN_STATUS.draft;
  for (let index = 0; index < swapped.length; index++) {
    if (!isDraft(index) || !isAwkward(index)) continue;
    const other = swapped.findIndex((_, j) => !isDraft(j) && !isAwkward(j));
    if (other >= 0) [swapped[index], swapped[other]] = [swapped[other], swapped[index]];
  }
  return swapped;
}

type Random = () => number;

/** mulberry32: small, fast, and good enough for sample data. */
function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function between(random: Random, min: number, max: number): number {
  return min + random() * (max - min);
}

function integerBetween(random: Random, min: number, max: number): number {
  return Math.floor(between(random, min, max + 1));
}

/** An integer near `expected` (±20%), rounded up or down at random so small values stay fair. */
function noisyCount(random: Random, expected: number): number {
  const value = expected * between(random, 0.8, 1.2);
  const whole = Math.floor(value);
  return whole + (random() < value - whole ? 1 : 0);
}

// Mostly active campaigns, with every other status represented.
const STATUS_MIX = [
  CAMPAIGN_STATUS.active,
  CAMPAIGN_STATUS.paused,
  CAMPAIGN_STATUS.active,
  CAMPAIGN_STATUS.completed,
  CAMPAIGN_STATUS.draft,
  CAMPAIGN_STATUS.active,
  CAMPAIGN_STATUS.runningSubsequences,
  CAMPAIGN_STATUS.active,
  CAMPAIGN_STATUS.completed,
  CAMPAIGN_STATUS.accountsUnhealthy,
  CAMPAIGN_STATUS.active,
  CAMPAIGN_STATUS.paused,
  CAMPAIGN_STATUS.bounceProtect,
  CAMPAIGN_STATUS.active,
  CAMPAIGN_STATUS.completed,
  CAMPAIGN_STATUS.draft,
  CAMPAIGN_STATUS.accountSuspended,
  CAMPAIGN_STATUS.active,
];

/** Statuses whose campaigns are still sending on the last day. */
const SENDING_STATUSES: number[] = [
  CAMPAIGN_STATUS.active,
  CAMPAIGN_STATUS.runningSubsequences,
  CAMPAIGN_STATUS.accountsUnhealthy,
  CAMPAIGN_STATUS.bounceProtect,
];

/** Names that trip up spreadsheets (formula prefixes), HTML rendering, or text handling. */
const AWKWARD_NAMES = [
  '=HYPERLINK("http://example.com","click")',
  '+1 555 0100 follow-up',
  '-20% promo',
  '@founders',
  '<img src=x onerror=alert(1)>',
  '<b>bold</b> & "quotes"',
  'Café Ünïcödé 🚀 outreach',
  '日本語キャンペーン',
  "O'Brien's list, EU; batch 2",
  '2025',
  'Long name: multi-touch outbound sequence for regional partners'.padEnd(199, ' and resellers') +
    '.',
];

const REGULAR_NAMES = [
  'Q1 SaaS Founders Outreach',
  'Agency Partners – EU',
  'Webinar Follow-up',
  'CFO Cold Intro',
  'Series A Startups (US)',
  'Re-engagement: Lost Deals',
  'Healthcare IT Directors',
  'E-commerce Brands DACH',
  'Recruiting Agencies UK',
  'Product Launch Beta Invite',
  'Conference Leads 2024',
  'Nordics Logistics',
  'Fintech Compliance Heads',
  'Real Estate Brokers TX',
  'Dental Clinics Local',
  'Podcast Guest Pitch',
  'Partnership Referral Ask',
  'Churned Customers Win-back',
  'Enterprise ABM Tier 1',
  'LinkedIn Connections Nurture',
  'Manufacturing Ops Managers',
  'Legal Tech Buyers',
  'Nonprofit Fundraising Leads',
  'Shopify Plus Merchants',
  'HR Leaders Benefits Pitch',
  'Cybersecurity CISOs',
  'Restaurant Delivery Offer',
  'Mid-market CTOs',
  'Architecture Firms',
  'Insurance Brokers Midwest',
];

/** `count` names, unique ignoring case, awkward ones first in line, in a seeded order. */
function campaignNames(count: number, random: Random): string[] {
  const pool = [...AWKWARD_NAMES, ...REGULAR_NAMES];
  const names = Array.from({ length: count }, (_, i) => pool[i] ?? `Outbound wave ${i + 1}`);
  for (let i = names.length - 1; i > 0; i--) {
    const j = integerBetween(random, 0, i);
    [names[i], names[j]] = [names[j], names[i]];
  }
  return names;
}

interface History {
  firstDay: string;
  days: number;
}

/** Per-campaign rates, drawn once so each campaign has its own character. */
interface CampaignProfile {
  dailyLimit: number;
  weekdaysOnly: boolean;
  steps: number;
  openRate: number;
  replyRate: number;
  automaticReplyRate: number;
  clickRate: number;
  bounceRate: number;
  unsubscribeRate: number;
  completionRate: number;
  opportunityRate: number;
  dealValue: number;
}

function drawProfile(random: Random): CampaignProfile {
  return {
    dailyLimit: integerBetween(random, 10, 150),
    weekdaysOnly: random() < 0.7,
    steps: integerBetween(random, 1, 5),
    openRate: between(random, 0.3, 0.6),
    replyRate: between(random, 0.01, 0.1),
    automaticReplyRate: between(random, 0.002, 0.02),
    clickRate: between(random, 0.005, 0.08),
    bounceRate: between(random, 0.005, 0.05),
    unsubscribeRate: between(random, 0.001, 0.01),
    completionRate: between(random, 0.7, 0.95),
    opportunityRate: between(random, 0.1, 0.4),
    dealValue: between(random, 250, 5000),
  };
}

function sampleCampaign(
  name: string,
  status: number,
  history: History,
  random: Random,
  extraRandom: Random,
): StandinCampaign {
  const firstActive = integerBetween(random, 0, Math.max(0, history.days - 30));
  const lastActive = SENDING_STATUSES.includes(status)
    ? history.days - 1
    : integerBetween(random, firstActive, history.days - 1);
  const created = addDays(history.firstDay, firstActive - integerBetween(random, 0, 10));
  const base = {
    id: timeBasedUuid(Date.parse(created), random),
    name,
    status,
    evergreen: random() < 0.2,
    created: `${created}T${String(integerBetween(extraRandom, 8, 17)).padStart(2, '0')}:00:00.000Z`,
  };
  if (status === CAMPAIGN_STATUS.draft)
    return { ...base, leads: integerBetween(random, 0, 3000), daily: {} };

  const daily = simulateSending(
    drawProfile(random),
    { firstDay: history.firstDay, firstActive, lastActive },
    random,
    extraRandom,
  );
  const contacted = Object.values(daily).reduce((sum, day) => sum + (day.contacted_count ?? 0), 0);
  // Finished campaigns have contacted everyone; the others still have leads waiting.
  const waiting =
    status === CAMPAIGN_STATUS.completed ? 0 : integerBetween(random, 0, Math.ceil(contacted / 2));
  return { ...base, leads: contacted + waiting, daily };
}

interface ActivePeriod {
  firstDay: string;
  /** Indexes of the first and last active day, counted from firstDay. */
  firstActive: number;
  lastActive: number;
}

function simulateSending(
  profile: CampaignProfile,
  { firstDay, firstActive, lastActive }: ActivePeriod,
  random: Random,
  extraRandom: Random,
): StandinCampaign['daily'] {
  const daily: StandinCampaign['daily'] = {};
  for (let index = firstActive; index <= lastActive; index++) {
    const day = addDays(firstDay, index);
    if (profile.weekdaysOnly && isWeekend(day)) continue;
    // Sending warms up over the first two weeks.
    const warmUp = Math.min(1, (index - firstActive + 1) / 14);
    const contacted = noisyCount(random, profile.dailyLimit * warmUp);
    if (contacted > 0) {
      const activity = dayActivity(contacted, profile, random);
      daily[day] = { ...activity, ...dayOutcomes(activity.reply_count_unique, extraRandom) };
    }
  }
  return daily;
}

/** One day's activity; unique counts never exceed totals and per-step counts never undercut them. */
function dayActivity(
  contacted: number,
  p: CampaignProfile,
  random: Random,
): Record<AnalyticsField, number> {
  const count = (expected: number) => noisyCount(random, expected);
  const uniqueFamily = (rate: number, repeatRate: number, stepRate: number) => {
    const unique = count(contacted * rate);
    return [unique + count(unique * repeatRate), unique, unique + count(unique * stepRate)];
  };
  const [opens, opensUnique, opensByStep] = uniqueFamily(p.openRate, 0.2, 0.15 * p.steps);
  const [replies, repliesUnique, repliesByStep] = uniqueFamily(p.replyRate, 0.1, 0.1 * p.steps);
  const [automatic, automaticUnique, automaticByStep] = uniqueFamily(
    p.automaticReplyRate,
    0.3,
    0.1 * p.steps,
  );
  const [clicks, clicksUnique, clicksByStep] = uniqueFamily(p.clickRate, 0.3, 0.1 * p.steps);
  const opportunities = Math.min(repliesUnique, count(repliesUnique * p.opportunityRate));
  return {
    contacted_count: contacted,
    emails_sent_count: contacted + count(contacted * (p.steps - 1) * 0.8),
    // A few leads were already contacted by another campaign.
    new_leads_contacted_count: contacted - Math.min(contacted, count(contacted * 0.03)),
    open_count: opens,
    open_count_unique: opensUnique,
    open_count_unique_by_step: opensByStep,
    reply_count: replies,
    reply_count_unique: repliesUnique,
    reply_count_unique_by_step: repliesByStep,
    reply_count_automatic: automatic,
    reply_count_automatic_unique: automaticUnique,
    reply_count_automatic_unique_by_step: automaticByStep,
    link_click_count: clicks,
    link_click_count_unique: clicksUnique,
    link_click_count_unique_by_step: clicksByStep,
    bounced_count: count(contacted * p.bounceRate),
    unsubscribed_count: count(contacted * p.unsubscribeRate),
    completed_count: Math.min(contacted, count(contacted * p.completionRate)),
    total_opportunities: opportunities,
    total_opportunity_value: roundCents(opportunities * p.dealValue * between(random, 0.5, 1.5)),
  };
}

/** The CRM funnel: each stage a share of the one before, never more than it. */
function dayOutcomes(uniqueReplies: number, random: Random): Record<OutcomeField, number> {
  const stage = (from: number, rate: number) => Math.min(from, noisyCount(random, from * rate));
  const interested = stage(uniqueReplies, 0.45);
  const booked = stage(interested, 0.5);
  const completed = stage(booked, 0.75);
  return {
    total_interested: interested,
    total_meeting_booked: booked,
    total_meeting_completed: completed,
    total_closed: stage(completed, 0.35),
  };
}

const DAY_MS = 86_400_000;

function addDays(day: string, count: number): string {
  return new Date(Date.parse(day) + count * DAY_MS).toISOString().slice(0, 10);
}

function isWeekend(day: string): boolean {
  const weekday = new Date(Date.parse(day)).getUTCDay();
  return weekday === 0 || weekday === 6;
}

/** A uuid (version 7 layout, like Instantly's ids) whose prefix encodes the creation time. */
function timeBasedUuid(createdMs: number, random: Random): string {
  const randomHex = Array.from({ length: 20 }, () => integerBetween(random, 0, 15).toString(16));
  return formatUuid(createdMs.toString(16).padStart(12, '0') + randomHex.join(''), '7');
}

/** Formats 32 hex digits as a uuid with the given version and the RFC 4122 variant. */
function formatUuid(hex: string, version: string): string {
  const variant = ((Number.parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    version + hex.slice(13, 16),
    variant + hex.slice(17, 20),
    hex.slice(20, 32),
  ].join('-');
}

// ---------------------------------------------------------------------------------------------
// Workspaces

/** An Instantly workspace: its own keys, plan and campaigns. A key belongs to one workspace. */
export interface StandinWorkspace {
  id: string;
  name: string;
  apiKeys: string[];
  paidPlan: boolean;
  campaigns: StandinCampaign[];
  /** Creation time, ISO 8601; DEFAULT_CREATED when absent. */
  created?: string;
}

/** A workspace with the given fields; its id derives from its name so it is stable across runs. */
export function createWorkspace(spec: Partial<StandinWorkspace> = {}): StandinWorkspace {
  const name = spec.name ?? 'Stand-in workspace';
  return {
    id: spec.id ?? nameBasedUuid(`workspace:${name}`),
    name,
    apiKeys: [...(spec.apiKeys ?? [])],
    paidPlan: spec.paidPlan ?? true,
    campaigns: spec.campaigns ?? [],
    ...(spec.created && { created: spec.created }),
  };
}

/** The two workspaces of `npm start`'s sample: an agency's clients, each with its own key. */
export const SAMPLE_WORKSPACES = [
  { name: 'Northwind Outreach', apiKey: 'northwind-key', seed: 1, campaignCount: 36 },
  { name: 'Contoso Growth', apiKey: 'contoso-key', seed: 2, campaignCount: 24 },
] as const;

export function createSampleWorkspaces(
  options: Omit<SampleWorkspaceOptions, 'seed' | 'campaignCount'> = {},
): StandinWorkspace[] {
  return SAMPLE_WORKSPACES.map(({ name, apiKey, seed, campaignCount }) =>
    createWorkspace({
      name,
      apiKeys: [apiKey],
      campaigns: createSampleWorkspace({ ...options, seed, campaignCount }),
    }),
  );
}
