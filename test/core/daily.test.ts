import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { callUrl } from '../../src/core/api-call';
import type { HttpRequest } from '../../src/core/api-client';
import {
  type CampaignRef,
  DAILY_COUNTS,
  DAILY_FIELDS,
  DAILY_PATH,
  type DailyDay,
  dailyCall,
  dailyHeader,
  dayCount,
  everyDay,
  fetchDailySeries,
  fillDays,
  parseDailyBody,
  seriesRows,
} from '../../src/core/daily';
import { UserFacingError } from '../../src/core/errors';
import { isRate, pickFields } from '../../src/core/fields';
import { MalformedResponseError } from '../../src/core/response';
import type { ConnectedSource } from '../../src/core/workspace-data';
import {
  API_KEY,
  BASE_URL,
  campaignId,
  clientOptions,
  connectedSource,
  respondingTransport,
  response,
} from './fakes';
import { errorOf } from './thrown';

const CONTRACT = path.resolve(__dirname, '../contract/instantly-analytics-v2.openapi.yaml');

/** A day as Instantly sends it: every count, `n` of each. */
function apiDay(date: string, n = 1, overrides: Record<string, unknown> = {}) {
  return { date, ...Object.fromEntries(DAILY_COUNTS.map(({ name }) => [name, n])), ...overrides };
}

const zeroDay = (date: string) => apiDay(date, 0) as DailyDay;

describe('DAILY_FIELDS', () => {
  test('every count of the documented daily row, in its order, then the three rates', () => {
    const contract = parseYaml(readFileSync(CONTRACT, 'utf8'));
    const row =
      contract.paths[DAILY_PATH].get.responses['200'].content['application/json'].schema.items;
    const documented = Object.keys(row.properties).filter((name) => name !== 'date');
    expect(DAILY_COUNTS.map((field) => field.name)).toEqual(documented);
    expect(DAILY_FIELDS.all.filter(isRate).map((rate) => rate.name)).toEqual([
      'open_rate',
      'reply_rate',
      'click_rate',
    ]);
  });

  test('each rate is a unique count over the leads contacted that day', () => {
    const rates = DAILY_FIELDS.all.filter(isRate);
    expect(rates.map(({ numerator, denominator }) => [numerator, denominator])).toEqual([
      ['unique_opened', 'contacted'],
      ['unique_replies', 'contacted'],
      ['unique_clicks', 'contacted'],
    ]);
  });

  test('labels are readable and unique; the defaults are fields of the catalog', () => {
    const labels = DAILY_FIELDS.all.map((field) => field.label);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels.every((label) => /^[A-Z][a-z ]+$/.test(label))).toBe(true);
    expect(pickFields(DAILY_FIELDS, []).map((field) => field.name)).toEqual([
      'contacted',
      'sent',
      'unique_opened',
      'open_rate',
      'unique_replies',
      'reply_rate',
      'unique_clicks',
      'click_rate',
      'opportunities',
    ]);
  });

  test('an unknown field lists the valid ones, daily names only', () => {
    const error = errorOf(() => pickFields(DAILY_FIELDS, ['sent', 'emails_sent_count']));
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error.message).toBe(
      `Unknown field "emails_sent_count". Valid fields: ${DAILY_FIELDS.all.map((f) => f.name).join(', ')}.`,
    );
  });
});

describe('dailyCall', () => {
  test('the workspace: dates only; a campaign: its id first', () => {
    expect(
      callUrl(BASE_URL, dailyCall(undefined, { start: '2026-01-01', end: '2026-01-31' })),
    ).toBe(
      `${BASE_URL}/api/v2/campaigns/analytics/daily?start_date=2026-01-01&end_date=2026-01-31`,
    );
    expect(callUrl(BASE_URL, dailyCall(campaignId(7), { end: '2026-01-31' }))).toBe(
      `${BASE_URL}${DAILY_PATH}?campaign_id=${campaignId(7)}&end_date=2026-01-31`,
    );
  });
});

describe('parseDailyBody', () => {
  test('keeps every count, a missing or null one as zero, and drops unknown fields', () => {
    const body = [
      apiDay('2026-01-02', 3, { extra: 'ignored' }),
      { date: '2026-01-03', sent: 5, opened: null },
    ];
    const days = parseDailyBody(JSON.stringify(body));
    expect(days[0]).toEqual(apiDay('2026-01-02', 3));
    expect(days[1]).toEqual({ ...apiDay('2026-01-03', 0), sent: 5 });
  });

  test.each([
    ['not JSON', '<html>', 'not JSON'],
    ['an object', '{"date":"2026-01-01"}', 'expected a list of days'],
    ['a list of numbers', '[1]', 'day 1 is not an object'],
    ['a day without a date', '[{"sent":1}]', 'day 1 has no YYYY-MM-DD date'],
    ['a date that is no day', '[{"date":"2026-02-30"}]', 'day 1 has no YYYY-MM-DD date'],
    ['a timestamp', '[{"date":"2026-02-03T00:00:00Z"}]', 'day 1 has no YYYY-MM-DD date'],
    [
      'a count as text',
      '[{"date":"2026-01-01"},{"date":"2026-01-02","sent":"5"}]',
      'sent of day 2 is not a number',
    ],
    [
      'an infinite count',
      '[{"date":"2026-01-01","clicks":1e999}]',
      'clicks of day 1 is not a number',
    ],
  ])('%s is a MalformedResponseError', (_, body, detail) => {
    const error = errorOf(() => parseDailyBody(body));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain(`(${detail})`);
  });
});

describe('days of a range', () => {
  const range = { start: '2026-02-27', end: '2026-03-02' };

  test('every day from start to end, across a month end, oldest first', () => {
    expect(everyDay(range)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(dayCount(range)).toBe(4);
    expect(everyDay({ start: '2024-02-28', end: '2024-03-01' })).toHaveLength(3);
    expect(dayCount({ start: '2026-01-01', end: '2026-12-31' })).toBe(365);
  });

  test('fillDays: Instantly’s days where it has them, zeros between, nothing outside', () => {
    const days = parseDailyBody(
      JSON.stringify([apiDay('2026-03-01', 4), apiDay('2026-02-26', 9), apiDay('2026-02-27', 2)]),
    );
    expect(fillDays(days, range)).toEqual([
      apiDay('2026-02-27', 2),
      zeroDay('2026-02-28'),
      apiDay('2026-03-01', 4),
      zeroDay('2026-03-02'),
    ]);
  });

  test('two rows of one day add up', () => {
    const days = [apiDay('2026-03-01', 1), apiDay('2026-03-01', 2)] as DailyDay[];
    expect(fillDays(days, { start: '2026-03-01', end: '2026-03-01' })).toEqual([
      apiDay('2026-03-01', 3),
    ]);
  });

  test('rows: the date as a date value, then the fields; rates blank on a day without contacts', () => {
    const fields = pickFields(DAILY_FIELDS, ['sent', 'reply_rate']);
    const toDate = (day: string) => new Date(`${day}T05:00:00Z`);
    const days = [
      apiDay('2026-03-01', 4, { unique_replies: 1 }),
      zeroDay('2026-03-02'),
    ] as DailyDay[];
    const series = [{ workspaceName: 'Acme', days }];
    expect(seriesRows(series, fields, toDate, false)).toEqual([
      [toDate('2026-03-01'), 4, 0.25],
      [toDate('2026-03-02'), 0, ''],
    ]);
    expect(dailyHeader(fields, false)).toEqual(['Date', 'Emails sent', 'Reply rate']);
    expect(dailyHeader(fields, true)).toEqual(['Campaign', 'Date', 'Emails sent', 'Reply rate']);
  });

  test('rows of several workspaces: the workspace first, then the campaign and the date', () => {
    const fields = pickFields(DAILY_FIELDS, ['sent', 'workspace_name']);
    const toDate = (day: string) => new Date(`${day}T05:00:00Z`);
    const series = [
      {
        workspaceName: 'Acme',
        campaign: { id: 'c1', name: 'North' },
        days: [apiDay('2026-03-01', 4)] as DailyDay[],
      },
      {
        workspaceName: 'Globex',
        campaign: { id: 'c2', name: 'South' },
        days: [apiDay('2026-03-01', 2)] as DailyDay[],
      },
    ];
    expect(seriesRows(series, fields, toDate, true)).toEqual([
      ['Acme', 'North', toDate('2026-03-01'), 4],
      ['Globex', 'South', toDate('2026-03-01'), 2],
    ]);
    expect(dailyHeader(fields, true)).toEqual(['Workspace', 'Campaign', 'Date', 'Emails sent']);
  });
});

describe('fetchDailySeries', () => {
  const idOf = (request: HttpRequest) => new URL(request.url).searchParams.get('campaign_id');

  function setup(answer: (id: string | null) => ReturnType<typeof response>) {
    const transport = respondingTransport((request) => answer(idOf(request)));
    const source = connectedSource(clientOptions(transport));
    return { transport, source };
  }

  const range = { start: '2026-03-01', end: '2026-03-02' };
  const scopes = (source: ConnectedSource, list: readonly CampaignRef[]) =>
    list.map((campaign) => ({ source, campaign }));
  const campaigns = [1, 2, 3].map((n) => ({ id: campaignId(n), name: `Campaign ${n}` }));

  test('the workspace: one request without campaign_id, one series without a campaign', () => {
    const { transport, source } = setup(() => response(200, [apiDay('2026-03-01', 2)]));
    expect(fetchDailySeries([{ source }], range)).toEqual([
      { workspaceName: source.workspace.name, days: [apiDay('2026-03-01', 2)] },
    ]);
    expect(transport.requests.map(idOf)).toEqual([null]);
    expect(transport.requests[0].headers.Authorization).toBe(`Bearer ${API_KEY}`);
  });

  test('campaigns: one request each, series in their order; shared through the cache', () => {
    const { transport, source } = setup((id) =>
      response(200, [apiDay('2026-03-01', Number(id?.slice(-1)))]),
    );
    const series = fetchDailySeries(scopes(source, campaigns), range);
    expect(series.map(({ campaign, days }) => [campaign?.name, days[0].sent])).toEqual([
      ['Campaign 1', 1],
      ['Campaign 2', 2],
      ['Campaign 3', 3],
    ]);
    expect(
      fetchDailySeries(scopes(source, [...campaigns].reverse()), range)[0].campaign?.name,
    ).toBe('Campaign 3');
    expect(transport.requests).toHaveLength(3);
    // The cache entries name what was asked, never the key.
    expect([...source.shared.cache.store.keys()].join()).not.toContain(API_KEY);
  });

  test('a campaign that fails fails the whole table, with the API’s reason', () => {
    const { source } = setup((id) =>
      id === campaignId(2)
        ? response(404, { message: 'Campaign not found' })
        : response(200, [apiDay('2026-03-01')]),
    );
    expect(errorOf(() => fetchDailySeries(scopes(source, campaigns), range)).message).toMatch(
      /could not find one of the campaigns/,
    );
  });
});
