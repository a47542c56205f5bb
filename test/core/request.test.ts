import {
  ANALYTICS_PATH,
  type AnalyticsQuery,
  analyticsUrl,
  MAX_URL_LENGTH,
  planRequest,
} from '../../src/core/request';
import { BASE_URL, campaignId } from './fakes';

const ids = (count: number) => Array.from({ length: count }, (_, index) => campaignId(index + 1));

/** The query string of a URL as [name, value] pairs, in order. */
const params = (url: string) => [...new URL(url).searchParams.entries()];

describe('analyticsUrl', () => {
  test('all campaigns, all time, without leads', () => {
    expect(analyticsUrl(BASE_URL, { range: {}, includeLeads: false })).toBe(
      'https://api.instantly.ai/api/v2/campaigns/analytics?exclude_total_leads_count=true',
    );
  });

  test('all campaigns, all time, with leads: no query string at all', () => {
    expect(analyticsUrl(BASE_URL, { range: {}, includeLeads: true })).toBe(
      `https://api.instantly.ai${ANALYTICS_PATH}`,
    );
  });

  test('ids are repeated as ids=, then the dates', () => {
    const url = analyticsUrl(BASE_URL, {
      ids: [campaignId(1), campaignId(2)],
      range: { start: '2024-01-01', end: '2024-01-31' },
      includeLeads: true,
    });
    expect(url).toBe(
      `https://api.instantly.ai/api/v2/campaigns/analytics?ids=${campaignId(1)}&ids=${campaignId(2)}` +
        '&start_date=2024-01-01&end_date=2024-01-31',
    );
    expect(new URL(url).searchParams.getAll('ids')).toEqual([campaignId(1), campaignId(2)]);
    expect(new URL(url).searchParams.has('id')).toBe(false);
  });

  test('exclude_total_leads_count=true only when leads are not included', () => {
    const query = { range: { start: '2024-01-01' } };
    expect(params(analyticsUrl(BASE_URL, { ...query, includeLeads: false }))).toEqual([
      ['start_date', '2024-01-01'],
      ['exclude_total_leads_count', 'true'],
    ]);
    expect(params(analyticsUrl(BASE_URL, { ...query, includeLeads: true }))).toEqual([
      ['start_date', '2024-01-01'],
    ]);
  });

  test('only the dates that are set', () => {
    expect(
      params(analyticsUrl(BASE_URL, { range: { end: '2024-02-29' }, includeLeads: true })),
    ).toEqual([['end_date', '2024-02-29']]);
  });

  test('an empty id list is all campaigns', () => {
    expect(analyticsUrl(BASE_URL, { ids: [], range: {}, includeLeads: true })).toBe(
      `${BASE_URL}${ANALYTICS_PATH}`,
    );
  });

  test('ids are URL-encoded', () => {
    const url = analyticsUrl(BASE_URL, { ids: ['a b&c=d'], range: {}, includeLeads: true });
    expect(url).toBe(`${BASE_URL}${ANALYTICS_PATH}?ids=a%20b%26c%3Dd`);
    expect(new URL(url).searchParams.getAll('ids')).toEqual(['a b&c=d']);
  });

  test('trailing slashes on the base URL are not doubled', () => {
    const query: AnalyticsQuery = { range: {}, includeLeads: true };
    for (const base of ['https://api.instantly.ai/', 'https://api.instantly.ai//']) {
      expect(analyticsUrl(base, query)).toBe('https://api.instantly.ai/api/v2/campaigns/analytics');
    }
    expect(analyticsUrl('http://127.0.0.1:4010/', query)).toBe(
      'http://127.0.0.1:4010/api/v2/campaigns/analytics',
    );
  });
});

describe('planRequest', () => {
  const range = { start: '2024-01-01', end: '2024-01-31' };

  test('a query without ids is kept', () => {
    const query = { range, includeLeads: false };
    expect(planRequest(BASE_URL, query)).toBe(query);
  });

  test('a few ids are kept', () => {
    const query = { ids: ids(3), range, includeLeads: false };
    expect(planRequest(BASE_URL, query)).toEqual(query);
  });

  test('200 ids do not fit: the plan is all campaigns for the same range and leads', () => {
    const plan = planRequest(BASE_URL, { ids: ids(200), range, includeLeads: true });
    expect(plan).toEqual({ range, includeLeads: true });
    expect(plan.ids).toBeUndefined();
    expect(analyticsUrl(BASE_URL, plan).length).toBeLessThanOrEqual(MAX_URL_LENGTH);
  });

  test('ids are kept exactly while the URL fits in 2,000 characters', () => {
    const query = (count: number): AnalyticsQuery => ({
      ids: ids(count),
      range,
      includeLeads: false,
    });
    let most = 0;
    while (analyticsUrl(BASE_URL, query(most + 1)).length <= MAX_URL_LENGTH) most++;
    expect(most).toBeGreaterThan(10); // a useful number of ids fits
    expect(analyticsUrl(BASE_URL, query(most)).length).toBeLessThanOrEqual(2000);
    expect(analyticsUrl(BASE_URL, query(most + 1)).length).toBeGreaterThan(2000);
    expect(planRequest(BASE_URL, query(most)).ids).toEqual(ids(most));
    expect(planRequest(BASE_URL, query(most + 1)).ids).toBeUndefined();
  });

  test('a URL of exactly 2,000 characters still fits; 2,001 does not', () => {
    const root = `${BASE_URL}${ANALYTICS_PATH}?ids=`;
    const exact = {
      ids: ['x'.repeat(MAX_URL_LENGTH - root.length)],
      range: {},
      includeLeads: true,
    };
    expect(analyticsUrl(BASE_URL, exact)).toHaveLength(2000);
    expect(planRequest(BASE_URL, exact)).toBe(exact);
    const over = { ...exact, ids: [`${exact.ids[0]}x`] };
    expect(planRequest(BASE_URL, over).ids).toBeUndefined();
  });

  test('whether ids fit depends on the base URL', () => {
    const query = (count: number): AnalyticsQuery => ({
      ids: ids(count),
      range,
      includeLeads: true,
    });
    let most = 0;
    while (analyticsUrl(BASE_URL, query(most + 1)).length <= MAX_URL_LENGTH) most++;
    const longBase = `https://${'proxy.'.repeat(20)}example.com`;
    expect(planRequest(BASE_URL, query(most)).ids).toHaveLength(most);
    expect(planRequest(longBase, query(most)).ids).toBeUndefined();
  });

  test('every planned URL is at most 2,000 characters', () => {
    for (const count of [0, 1, 10, 40, 45, 46, 47, 48, 49, 50, 60, 100, 200, 1000]) {
      for (const includeLeads of [true, false]) {
        for (const dates of [{}, range, { start: '2024-01-01' }]) {
          const plan = planRequest(BASE_URL, { ids: ids(count), range: dates, includeLeads });
          expect(analyticsUrl(BASE_URL, plan).length).toBeLessThanOrEqual(MAX_URL_LENGTH);
          expect(plan.range).toEqual(dates);
          expect(plan.includeLeads).toBe(includeLeads);
        }
      }
    }
  });
});
