import { API_FIELDS } from '../../src/core/fields';
import { MalformedResponseError, parseAnalyticsBody } from '../../src/core/response';
import { apiCampaign, campaignId } from './fakes';

const body = (value: unknown) => JSON.stringify(value);

function malformed(text: string): MalformedResponseError {
  try {
    parseAnalyticsBody(text);
  } catch (error) {
    expect(error).toBeInstanceOf(MalformedResponseError);
    return error as MalformedResponseError;
  }
  throw new Error('expected a MalformedResponseError');
}

describe('parseAnalyticsBody: valid bodies', () => {
  test('a documented body gives every field with its value', () => {
    const campaigns = [apiCampaign(1), apiCampaign(2, { campaign_status: -99 })];
    const parsed = parseAnalyticsBody(body(campaigns));
    expect(parsed).toEqual(campaigns);
    expect(parsed[1].campaign_status).toBe(-99);
    expect(parsed[0].total_opportunity_value).toBe(2500.5);
  });

  test('an empty list is no campaigns', () => {
    expect(parseAnalyticsBody('[]')).toEqual([]);
  });

  test('whitespace around the JSON is fine', () => {
    expect(parseAnalyticsBody(`\n  ${body([apiCampaign(1)])}\n`)).toHaveLength(1);
  });

  test('missing optional fields are absent, not zero or blank', () => {
    const [parsed] = parseAnalyticsBody(
      body([{ campaign_id: campaignId(1), campaign_name: 'Only ids', contacted_count: 0 }]),
    );
    expect(parsed).toEqual({
      campaign_id: campaignId(1),
      campaign_name: 'Only ids',
      contacted_count: 0,
    });
    expect('leads_count' in parsed).toBe(false);
    expect('open_count_unique_by_step' in parsed).toBe(false);
  });

  test('a missing campaign_name becomes an empty name', () => {
    const [parsed] = parseAnalyticsBody(body([{ campaign_id: campaignId(1) }]));
    expect(parsed).toEqual({ campaign_id: campaignId(1), campaign_name: '' });
  });

  test('null is treated as missing', () => {
    const [parsed] = parseAnalyticsBody(
      body([apiCampaign(1, { leads_count: null, campaign_status: null, campaign_name: null })]),
    );
    expect('leads_count' in parsed).toBe(false);
    expect('campaign_status' in parsed).toBe(false);
    expect(parsed.campaign_name).toBe('');
    expect(parsed.contacted_count).toBe(200);
  });

  test('unknown fields are ignored', () => {
    const [parsed] = parseAnalyticsBody(
      body([apiCampaign(1, { secret_field: 'x', nested: { a: 1 }, open_count_total: 'text' })]),
    );
    expect(Object.keys(parsed).sort()).toEqual(API_FIELDS.map((field) => field.name).sort());
    expect(parsed).not.toHaveProperty('secret_field');
    expect(parsed).not.toHaveProperty('nested');
  });

  test('zero, false and negative values are kept', () => {
    const [parsed] = parseAnalyticsBody(
      body([
        apiCampaign(1, { campaign_status: 0, campaign_is_evergreen: false, bounced_count: 0 }),
      ]),
    );
    expect(parsed.campaign_status).toBe(0);
    expect(parsed.campaign_is_evergreen).toBe(false);
    expect(parsed.bounced_count).toBe(0);
  });
});

describe('parseAnalyticsBody: malformed bodies', () => {
  test('the message says what happened and what to do', () => {
    const error = malformed('<html>Bad gateway</html>');
    expect(error.name).toBe('MalformedResponseError');
    expect(error.message).toBe(
      'Instantly sent a response the add-on does not understand (not JSON). ' +
        'Try again in a few minutes; if it keeps happening, report it.',
    );
  });

  test.each([
    ['an HTML page', '<!DOCTYPE html><html><body>502</body></html>'],
    ['truncated JSON', body([apiCampaign(1), apiCampaign(2)]).slice(0, 150)],
    ['an empty body', ''],
    ['a NaN literal', '[{"campaign_id":"x","open_count":NaN}]'],
  ])('%s is not JSON', (_, text) => {
    expect(malformed(text).message).toContain('(not JSON)');
  });

  test.each([
    ['an object', body({ campaigns: [apiCampaign(1)] })],
    ['an error object', body({ statusCode: 500, message: 'oops' })],
    ['null', 'null'],
    ['a string', '"[]"'],
    ['a number', '42'],
  ])('%s instead of a list', (_, text) => {
    expect(malformed(text).message).toContain('(expected a list of campaigns)');
  });

  test.each([
    ['a string', 'campaign'],
    ['a number', 3],
    ['null', null],
    ['a list', [apiCampaign(1)]],
  ])('an item that is %s is not a campaign, with its position', (_, item) => {
    expect(malformed(body([apiCampaign(1), item])).message).toContain('(item 2 is not a campaign)');
  });

  test('a string for a count names the field and the item', () => {
    const text = body([apiCampaign(1), apiCampaign(2), apiCampaign(3, { contacted_count: '200' })]);
    expect(malformed(text).message).toContain('(contacted_count of item 3 is a string)');
  });

  test.each([
    ['campaign_status', '1', 'a string'],
    ['campaign_is_evergreen', 'true', 'a string'],
    ['campaign_is_evergreen', 1, 'a number'],
    ['campaign_name', 42, 'a number'],
    ['campaign_id', 7, 'a number'],
    ['reply_count', true, 'a boolean'],
    ['total_opportunity_value', { amount: 1 }, 'a object'],
    ['open_count', [1, 2], 'a list'],
  ])('%s holding %p is reported as %s', (field, value, described) => {
    const text = body([apiCampaign(1, { [field]: value })]);
    expect(malformed(text).message).toContain(`(${field} of item 1 is ${described})`);
  });

  test('a missing campaign_id is reported', () => {
    const { campaign_id: _, ...withoutId } = apiCampaign(1);
    expect(malformed(body([apiCampaign(1), withoutId])).message).toContain(
      '(item 2 has no campaign_id)',
    );
    expect(malformed(body([apiCampaign(1, { campaign_id: null })])).message).toContain(
      '(item 1 has no campaign_id)',
    );
  });

  test('a non-finite number (1e999 parses to Infinity) is refused, naming the field', () => {
    const error = malformed('[{"campaign_id":"x","open_count":1e999}]');
    expect(error.message).toContain('open_count of item 1');
  });

  // "open_count of item 1 is a number" contradicts itself: open_count must be a number.
  test('the message for a non-finite number says it is not finite', () => {
    const error = malformed('[{"campaign_id":"x","open_count":-1e999}]');
    expect(error.message).toMatch(/finite|infinit/i);
  });
});
