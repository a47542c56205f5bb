/** Validates the body of a 200 analytics response into plain campaign records. */
import { UserFacingError } from './errors';
import { API_FIELDS, type FieldKind } from './fields';

export type FieldValue = string | number | boolean;

/** One campaign's analytics: known API fields only; a missing optional field is absent. */
export interface CampaignAnalytics {
  readonly campaign_id: string;
  readonly campaign_name: string;
  readonly [field: string]: FieldValue | undefined;
}

const TYPE_OF_KIND: Record<FieldKind, string> = {
  text: 'string',
  status: 'number',
  boolean: 'boolean',
  count: 'number',
  money: 'number',
  rate: 'number',
};

/** Thrown when Instantly answers 200 with something other than the documented JSON. */
export class MalformedResponseError extends UserFacingError {
  constructor(detail: string) {
    super(
      `Instantly sent a response the add-on does not understand (${detail}). ` +
        'Try again in a few minutes; if it keeps happening, report it.',
    );
    this.name = 'MalformedResponseError';
  }
}

/** A 200 body as JSON; anything else is a MalformedResponseError. */
export function parseJsonBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new MalformedResponseError('not JSON');
  }
}

/**
 * A 200 body that lists objects (days, steps…), each read by `read`; `item` names one in an
 * error ("day 3 is not an object").
 */
export function parseObjectList<T>(
  body: string,
  item: string,
  read: (source: Readonly<Record<string, unknown>>, index: number) => T,
): T[] {
  const parsed = parseJsonBody(body);
  if (!Array.isArray(parsed)) throw new MalformedResponseError(`expected a list of ${item}s`);
  return parsed.map((entry, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new MalformedResponseError(`${item} ${index + 1} is not an object`);
    }
    return read(entry as Record<string, unknown>, index);
  });
}

/**
 * The counts of a response object by field name: each a finite number, or left out when the
 * response leaves it out (or sends null). `where` names the object in an error.
 */
export function readCounts(
  source: Readonly<Record<string, unknown>>,
  names: readonly string[],
  where: string,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const name of names) {
    const value = source[name];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new MalformedResponseError(`${name} of ${where} is not a number`);
    }
    counts[name] = value;
  }
  return counts;
}

export function parseAnalyticsBody(body: string): CampaignAnalytics[] {
  const parsed = parseJsonBody(body);
  if (!Array.isArray(parsed)) throw new MalformedResponseError('expected a list of campaigns');
  return parsed.map((item, index) => parseCampaign(item, index));
}

function parseCampaign(item: unknown, index: number): CampaignAnalytics {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new MalformedResponseError(`item ${index + 1} is not a campaign`);
  }
  const source = item as Record<string, unknown>;
  const campaign: Record<string, FieldValue> = {};
  for (const field of API_FIELDS) {
    const value = source[field.name];
    if (value === undefined || value === null) continue;
    if (typeof value !== TYPE_OF_KIND[field.kind] || !isFiniteIfNumber(value)) {
      throw new MalformedResponseError(`${field.name} of item ${index + 1} is ${describe(value)}`);
    }
    campaign[field.name] = value as FieldValue;
  }
  if (typeof campaign.campaign_id !== 'string') {
    throw new MalformedResponseError(`item ${index + 1} has no campaign_id`);
  }
  return { campaign_name: '', ...campaign } as CampaignAnalytics;
}

function isFiniteIfNumber(value: unknown): boolean {
  return typeof value !== 'number' || Number.isFinite(value);
}

function describe(value: unknown): string {
  if (typeof value === 'number' && !Number.isFinite(value)) return `${value}, not a finite number`;
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}
