/**
 * GET /api/v2/campaigns/analytics/steps: the sequence's steps and A/B variants, for one campaign
 * or the whole workspace, as rows sorted by step then variant, with the events Instantly could
 * not attribute to a step added up in one row, last.
 */
import { type ApiCall, dateParams } from './api-call';
import type { DateRange } from './dates';
import {
  count,
  ENGAGEMENT_COUNTS,
  engagementRates,
  type FieldCatalog,
  type FieldSpec,
  splitWorkspace,
  WORKSPACE_FIELD,
} from './fields';
import { MalformedResponseError, parseObjectList, readCounts } from './response';
import { type Cell, type FieldRecord, headerRow, tableRows } from './table';
import { type ConnectedSource, fetchAcross } from './workspace-data';

export const STEPS_PATH = '/api/v2/campaigns/analytics/steps';

/** The header of the column that names each block's campaign. */
export const CAMPAIGN_LABEL = 'Campaign';

/** What a row without a step or variant is shown as. */
export const UNATTRIBUTED = 'Unattributed';

/** Counted only when asked for with include_opportunities_count=true. */
const OPPORTUNITY_FIELDS: readonly FieldSpec[] = [
  count('opportunities', 'Opportunities'),
  count('unique_opportunities', 'Unique opportunities'),
  count('meetings_booked', 'Meetings booked'),
  count('won', 'Won'),
];

/** Every count of a step row, in the order the API documents them. */
const STEP_COUNT_FIELDS: readonly FieldSpec[] = [
  count('sent', 'Sent'),
  ...ENGAGEMENT_COUNTS,
  ...OPPORTUNITY_FIELDS,
];

/** `INSTANTLY_STEPS`: a step has no contacted count, so its rates are over the emails sent. */
export const STEP_FIELDS: FieldCatalog = {
  all: [
    WORKSPACE_FIELD,
    { name: 'step', label: 'Step', kind: 'text' },
    { name: 'variant', label: 'Variant', kind: 'text' },
    ...STEP_COUNT_FIELDS,
    ...engagementRates('sent'),
  ],
  defaults: [
    'step',
    'variant',
    'sent',
    'unique_opened',
    'open_rate',
    'unique_replies',
    'reply_rate',
    'unique_clicks',
    'click_rate',
  ],
};

const OPPORTUNITY_NAMES = new Set(OPPORTUNITY_FIELDS.map((field) => field.name));

/** Whether the request must ask Instantly to count opportunities, meetings and wins. */
export function needsOpportunities(fields: readonly FieldSpec[]): boolean {
  return fields.some((field) => OPPORTUNITY_NAMES.has(field.name));
}

/** One row of the response: `step` and `variant` are Instantly's strings ("0", "1"…) or null. */
export interface StepRow {
  readonly step: string | null;
  readonly variant: string | null;
  /** The counts by field name; a count the response leaves out is absent. */
  readonly counts: Readonly<Record<string, number>>;
}

export interface StepsQuery {
  /** Absent: every campaign of the workspace, added up. */
  readonly campaignId?: string;
  readonly range: DateRange;
  readonly includeOpportunities: boolean;
}

export function stepsCall(query: StepsQuery): ApiCall<StepRow[]> {
  const params: [string, string][] = query.campaignId ? [['campaign_id', query.campaignId]] : [];
  params.push(...dateParams(query.range));
  if (query.includeOpportunities) params.push(['include_opportunities_count', 'true']);
  return { path: STEPS_PATH, params, parse: parseStepsBody };
}

export function parseStepsBody(body: string): StepRow[] {
  return parseObjectList(body, 'step', parseStepRow);
}

function parseStepRow(source: Readonly<Record<string, unknown>>, index: number): StepRow {
  const names = STEP_COUNT_FIELDS.map((field) => field.name);
  const counts = readCounts(source, names, `step ${index + 1}`);
  return {
    step: stepLabel(source.step, 'step', index),
    variant: stepLabel(source.variant, 'variant', index),
    counts,
  };
}

function stepLabel(value: unknown, name: string, index: number): string | null {
  if (value === null || typeof value === 'string') return value;
  throw new MalformedResponseError(`${name} of step ${index + 1} is neither text nor null`);
}

/** 0 → A, 1 → B, … 25 → Z, 26 → AA, as spreadsheet columns go; other text as it is. */
export function variantLetter(variant: string): string {
  if (!/^\d+$/.test(variant)) return variant;
  let letters = '';
  for (let rest = Number(variant) + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

/** The step as Instantly numbers it: a number when it is one, else its text. */
function stepNumber(step: string): number | string {
  return /^\d+$/.test(step) ? Number(step) : step;
}

function byNumberThenText(a: string, b: string): number {
  const [x, y] = [stepNumber(a), stepNumber(b)];
  if (typeof x === 'number' && typeof y === 'number') return x - y;
  if (typeof x === 'number') return -1;
  if (typeof y === 'number') return 1;
  return x.localeCompare(y);
}

function addCounts(into: Record<string, number>, counts: Readonly<Record<string, number>>): void {
  for (const [name, value] of Object.entries(counts)) into[name] = (into[name] ?? 0) + value;
}

/**
 * Table records: one per step and variant, sorted by step then variant, the variant as a letter;
 * rows a step or variant is missing from are added up into one Unattributed record, last.
 */
export function stepRecords(rows: readonly StepRow[]): FieldRecord[] {
  const attributed = new Map<
    string,
    { step: string; variant: string; counts: Record<string, number> }
  >();
  let unattributed: Record<string, number> | undefined;
  for (const row of rows) {
    if (row.step === null || row.variant === null) {
      unattributed ??= {};
      addCounts(unattributed, row.counts);
      continue;
    }
    const key = JSON.stringify([row.step, row.variant]);
    const entry = attributed.get(key) ?? { step: row.step, variant: row.variant, counts: {} };
    addCounts(entry.counts, row.counts);
    attributed.set(key, entry);
  }
  const sorted = [...attributed.values()].sort(
    (a, b) => byNumberThenText(a.step, b.step) || byNumberThenText(a.variant, b.variant),
  );
  const records: FieldRecord[] = sorted.map(({ step, variant, counts }) => ({
    ...counts,
    step: stepNumber(step),
    variant: variantLetter(variant),
  }));
  if (unattributed) records.push({ ...unattributed, step: UNATTRIBUTED, variant: '' });
  return records;
}

/** What one block of steps covers: a campaign of a workspace, or the whole workspace. */
export interface StepsScope {
  readonly source: ConnectedSource;
  readonly campaignId?: string;
}

/** The steps of a block, and the workspace it comes from. */
export interface StepsBlock {
  readonly workspaceName: string;
  readonly rows: readonly StepRow[];
}

/**
 * The step rows of each scope (one request each, with its workspace's key, all side by side,
 * through the cache). A failure throws, naming the workspace.
 */
export function fetchSteps(
  scopes: readonly StepsScope[],
  range: DateRange,
  includeOpportunities: boolean,
): StepsBlock[] {
  const rows = fetchAcross(
    scopes.map(({ source, campaignId }) => ({
      source,
      call: stepsCall({ campaignId, range, includeOpportunities }),
    })),
  );
  return rows.map((one, index) => ({
    workspaceName: scopes[index].source.workspace.name,
    rows: one,
  }));
}

/**
 * The rows of each block in turn, each record knowing its workspace; with names, each row starts
 * with its block's name (after the workspace, when shown: see workspaceFirst).
 */
export function stepsTableRows(
  blocks: readonly StepsBlock[],
  fields: readonly FieldSpec[],
  names?: readonly string[],
): Cell[][] {
  const [leading, rest] = splitWorkspace(fields);
  return blocks.flatMap((block, index) => {
    const records = stepRecords(block.rows).map((record) => ({
      ...record,
      workspace_name: block.workspaceName,
    }));
    const start = tableRows(records, leading);
    return tableRows(records, rest).map((row, at) => [
      ...start[at],
      ...(names ? [names[index]] : []),
      ...row,
    ]);
  });
}

/** The header of a steps table: the workspace, the campaign (a block per campaign), the fields. */
export function stepsHeader(fields: readonly FieldSpec[], byCampaign: boolean): string[] {
  const [leading, rest] = splitWorkspace(fields);
  return [...headerRow(leading), ...(byCampaign ? [CAMPAIGN_LABEL] : []), ...headerRow(rest)];
}
