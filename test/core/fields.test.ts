import { UserFacingError } from '../../src/core/errors';
import {
  ALL_FIELDS,
  ANALYTICS_FIELDS,
  API_FIELDS,
  DEFAULT_FIELD_NAMES,
  isRate,
  needsLeadsCount,
  pickFields,
  RATE_FIELDS,
  rate,
  selectFields,
} from '../../src/core/fields';

/** The properties of the analytics 200 response in instantly-analytics-v2.openapi.yaml, in order. */
const CONTRACT_PROPERTIES = [
  'campaign_name',
  'campaign_id',
  'campaign_status',
  'campaign_is_evergreen',
  'leads_count',
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
  'total_opportunity_value',
];

const names = (fields: readonly { name: string }[]) => fields.map((field) => field.name);

function errorOf(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

describe('field catalogue', () => {
  test('API_FIELDS are exactly the response properties of the contract, in order', () => {
    expect(names(API_FIELDS)).toEqual(CONTRACT_PROPERTIES);
  });

  test('kinds follow the contract types', () => {
    const kind = (name: string) => API_FIELDS.find((field) => field.name === name)?.kind;
    expect(kind('campaign_name')).toBe('text');
    expect(kind('campaign_id')).toBe('text');
    expect(kind('campaign_status')).toBe('status');
    expect(kind('campaign_is_evergreen')).toBe('boolean');
    expect(kind('total_opportunity_value')).toBe('money');
    expect(kind('reply_count_automatic_unique_by_step')).toBe('count');
  });

  test('every rate divides an API count field', () => {
    for (const rate of RATE_FIELDS) {
      const numerator = API_FIELDS.find((field) => field.name === rate.numerator);
      expect({ rate: rate.name, kind: numerator?.kind }).toEqual({
        rate: rate.name,
        kind: 'count',
      });
    }
    expect(RATE_FIELDS.find((rate) => rate.name === 'open_rate')?.numerator).toBe(
      'open_count_unique',
    );
    expect(RATE_FIELDS.find((rate) => rate.name === 'reply_rate')?.numerator).toBe(
      'reply_count_unique',
    );
  });

  test('names and labels are unique', () => {
    const allNames = names(ALL_FIELDS);
    const labels = ALL_FIELDS.map((field) => field.label);
    expect(new Set(allNames).size).toBe(allNames.length);
    expect(new Set(labels).size).toBe(labels.length);
    expect(ALL_FIELDS).toHaveLength(API_FIELDS.length + RATE_FIELDS.length);
  });

  test('isRate tells rates from API fields', () => {
    expect(RATE_FIELDS.every(isRate)).toBe(true);
    expect(API_FIELDS.some(isRate)).toBe(false);
  });
});

describe('selectFields', () => {
  test('no names gives the default fields, in their order', () => {
    const fields = selectFields([]);
    expect(names(fields)).toEqual(DEFAULT_FIELD_NAMES);
    expect(names(fields)).toEqual([
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
    ]);
    expect(fields[0].label).toBe('Campaign');
    expect(fields[5]).toEqual({
      name: 'open_rate',
      label: 'Open rate',
      kind: 'rate',
      numerator: 'open_count_unique',
      denominator: 'contacted_count',
    });
  });

  test('keeps the order asked for', () => {
    expect(names(selectFields(['reply_rate', 'campaign_id', 'leads_count']))).toEqual([
      'reply_rate',
      'campaign_id',
      'leads_count',
    ]);
  });

  test('is case-insensitive', () => {
    expect(names(selectFields(['OPEN_RATE', 'Campaign_Name', 'bOuNcEd_CoUnT']))).toEqual([
      'open_rate',
      'campaign_name',
      'bounced_count',
    ]);
  });

  test('returns the catalogue specs themselves', () => {
    const [field] = selectFields(['Total_Opportunity_Value']);
    expect(field).toBe(ALL_FIELDS.find((spec) => spec.name === 'total_opportunity_value'));
  });

  test('drops duplicates, keeping the first position', () => {
    expect(
      names(
        selectFields(['reply_rate', 'campaign_name', 'REPLY_RATE', 'reply_rate', 'Campaign_Name']),
      ),
    ).toEqual(['reply_rate', 'campaign_name']);
  });

  test('every field of the catalogue can be selected', () => {
    const all = names(ANALYTICS_FIELDS.all);
    expect(names(selectFields(all))).toEqual(all);
  });

  test('an unknown field names it and lists every valid field', () => {
    const error = errorOf(() => selectFields(['campaign_name', 'opens']));
    expect(error.message).toContain('Unknown field "opens".');
    for (const field of ANALYTICS_FIELDS.all) expect(error.message).toContain(field.name);
    expect(error.message).toContain(`Valid fields: ${names(ANALYTICS_FIELDS.all).join(', ')}.`);
  });

  test('several unknown fields are all named, as typed', () => {
    const error = errorOf(() => selectFields(['Opens', 'campaign_name', 'Clicks']));
    expect(error.message).toMatch(/^Unknown fields "Opens", "Clicks"\. Valid fields: /);
  });

  test('a field name with surrounding spaces is not silently matched', () => {
    expect(() => selectFields([' open_rate'])).toThrow('Unknown field " open_rate"');
  });

  // errors.ts: messages meant for the person are UserFacingErrors; "anything else is a bug".
  test('an unknown field is a UserFacingError, like every other argument error', () => {
    expect(() => selectFields(['opens'])).toThrow(UserFacingError);
  });
});

describe('needsLeadsCount', () => {
  test('only when leads_count is among the fields', () => {
    expect(needsLeadsCount(selectFields(['leads_count']))).toBe(true);
    expect(needsLeadsCount(selectFields(['campaign_name', 'LEADS_COUNT']))).toBe(true);
    expect(needsLeadsCount(selectFields(['campaign_name', 'new_leads_contacted_count']))).toBe(
      false,
    );
    expect(needsLeadsCount(selectFields([]))).toBe(false);
    expect(needsLeadsCount([])).toBe(false);
  });
});

describe('pickFields', () => {
  const catalog = {
    all: [
      { name: 'sent', label: 'Sent', kind: 'count' as const },
      { name: 'replies', label: 'Replies', kind: 'count' as const },
      rate('reply_rate', 'Reply rate', 'replies', 'sent'),
    ],
    defaults: ['sent', 'reply_rate'],
  };

  test('a catalog of its own: its defaults, its names, its error', () => {
    expect(names(pickFields(catalog, []))).toEqual(['sent', 'reply_rate']);
    expect(names(pickFields(catalog, ['REPLIES']))).toEqual(['replies']);
    expect(() => pickFields(catalog, ['open_rate'])).toThrow(
      'Unknown field "open_rate". Valid fields: sent, replies, reply_rate.',
    );
  });

  test('a rate may name its own denominator', () => {
    const [replyRate] = pickFields(catalog, ['reply_rate']);
    expect(replyRate).toMatchObject({ numerator: 'replies', denominator: 'sent' });
  });
});
