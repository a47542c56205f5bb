import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { startStandinProcess } from '../../dev/standin/process';
import { ANALYTICS_PATH, type Standin, startStandin } from '../../dev/standin/server';
import {
  CAMPAIGN_STATUS,
  type CampaignAnalytics,
  campaignAnalytics,
  createCampaign,
  createSampleWorkspace,
  fixtureWorkspace,
} from '../../dev/standin/workspace';
import { CONTRACT_FILE } from '../support/prism';

const KEY = 'test-key';
const END_DATE = '2025-06-30';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface PropertySchema {
  type: string;
  enum?: unknown[];
  minimum?: number;
}

/** The 200 item properties of the repository's OpenAPI description. */
const contractProperties: Record<string, PropertySchema> = parseYaml(
  readFileSync(CONTRACT_FILE, 'utf8'),
).components.schemas.CampaignAnalytics.properties;

const TYPE_CHECKS: Record<string, (value: unknown) => boolean> = {
  integer: Number.isInteger,
  number: Number.isFinite,
  string: (value) => typeof value === 'string',
  boolean: (value) => typeof value === 'boolean',
};

function satisfies(value: unknown, { type, enum: allowed, minimum }: PropertySchema): boolean {
  return (
    TYPE_CHECKS[type](value) &&
    (allowed === undefined || allowed.includes(value)) &&
    (minimum === undefined || (value as number) >= minimum)
  );
}

/** Property names whose values are missing, extra, or do not satisfy the description. */
function contractMismatches(item: object): string[] {
  const values = item as Record<string, unknown>;
  const names = new Set([...Object.keys(values), ...Object.keys(contractProperties)]);
  return [...names].filter(
    (name) => !contractProperties[name] || !satisfies(values[name], contractProperties[name]),
  );
}

/** [unique, total, by-step] triples that must satisfy unique ≤ total and unique ≤ by-step. */
const UNIQUE_FAMILIES = [
  ['open_count_unique', 'open_count', 'open_count_unique_by_step'],
  ['reply_count_unique', 'reply_count', 'reply_count_unique_by_step'],
  ['reply_count_automatic_unique', 'reply_count_automatic', 'reply_count_automatic_unique_by_step'],
  ['link_click_count_unique', 'link_click_count', 'link_click_count_unique_by_step'],
] as const;

describe('sample workspace', () => {
  const campaigns = createSampleWorkspace({ endDate: END_DATE });
  const allTime = campaigns.map((campaign) => campaignAnalytics(campaign, { includeLeads: true }));
  const names = campaigns.map((campaign) => campaign.name);

  it('is deterministic for a seed and varies between seeds', () => {
    expect(createSampleWorkspace({ endDate: END_DATE })).toEqual(campaigns);
    expect(createSampleWorkspace({ endDate: END_DATE, seed: 2 })).not.toEqual(campaigns);
  });

  it('has at least 30 campaigns with unique ids and names unique ignoring case', () => {
    expect(campaigns.length).toBeGreaterThanOrEqual(30);
    expect(new Set(campaigns.map((campaign) => campaign.id)).size).toBe(campaigns.length);
    for (const campaign of campaigns) expect(campaign.id).toMatch(UUID);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(campaigns.length);
  });

  it('includes names that are awkward for spreadsheets and HTML', () => {
    for (const prefix of ['=', '+', '-', '@']) {
      expect(names.some((name) => name.startsWith(prefix))).toBe(true);
    }
    expect(names).toContain('=HYPERLINK("http://example.com","click")');
    expect(names).toContain('<img src=x onerror=alert(1)>');
    expect(names).toContain('<b>bold</b> & "quotes"');
    expect(names.some((name) => /\p{Extended_Pictographic}/u.test(name))).toBe(true);
    expect(Math.max(...names.map((name) => name.length))).toBeGreaterThanOrEqual(190);
  });

  it('covers every documented status, with no activity for drafts', () => {
    expect(new Set(campaigns.map((campaign) => campaign.status))).toEqual(
      new Set(Object.values(CAMPAIGN_STATUS)),
    );
    const drafts = campaigns.filter((campaign) => campaign.status === CAMPAIGN_STATUS.draft);
    expect(drafts.every((draft) => Object.keys(draft.daily).length === 0)).toBe(true);
  });

  it('spreads activity over two years, starting on different days', () => {
    const days = campaigns.flatMap((campaign) => Object.keys(campaign.daily)).sort();
    expect(days[0] >= '2023-07-02').toBe(true); // 730 days ending on END_DATE
    expect(days[days.length - 1]).toBe(END_DATE);
    const firstDays = campaigns.map((campaign) => Object.keys(campaign.daily).sort()[0]);
    expect(new Set(firstDays).size).toBeGreaterThan(campaigns.length / 2);
  });

  it('gives analytics objects that match the OpenAPI description', () => {
    for (const item of allTime) expect(contractMismatches(item)).toEqual([]);
  });

  it('keeps unique counts within totals and per-step counts', () => {
    for (const item of allTime) {
      for (const [unique, total, byStep] of UNIQUE_FAMILIES) {
        expect(item[unique]).toBeLessThanOrEqual(item[total]);
        expect(item[unique]).toBeLessThanOrEqual(item[byStep]);
      }
      expect(item.new_leads_contacted_count).toBeLessThanOrEqual(item.contacted_count);
      expect(item.contacted_count).toBeLessThanOrEqual(item.leads_count);
    }
  });

  it('has plausible rates for campaigns with real volume', () => {
    const busy = allTime.filter((item) => item.contacted_count >= 2000);
    expect(busy.length).toBeGreaterThan(10);
    const rate = (item: CampaignAnalytics, field: keyof CampaignAnalytics) =>
      (item[field] as number) / item.contacted_count;
    for (const item of busy) {
      expect(rate(item, 'open_count_unique')).toBeGreaterThan(0.25);
      expect(rate(item, 'open_count_unique')).toBeLessThan(0.65);
      expect(rate(item, 'reply_count_unique')).toBeGreaterThan(0.005);
      expect(rate(item, 'reply_count_unique')).toBeLessThan(0.12);
      expect(rate(item, 'bounced_count')).toBeGreaterThan(0.003);
      expect(rate(item, 'bounced_count')).toBeLessThan(0.06);
    }
  });

  it('reports zero leads when the total leads count is excluded', () => {
    const item = campaignAnalytics(campaigns[0], { includeLeads: false });
    expect(item.leads_count).toBe(0);
    expect(contractMismatches(item)).toEqual([]);
  });
});

describe('test campaigns', () => {
  it('builds numbered fixtures with stable, distinct uuids and scaled totals', () => {
    const fixtures = fixtureWorkspace(3);
    expect(fixtures).toEqual(fixtureWorkspace(3));
    expect(fixtures.map((campaign) => campaign.name)).toEqual([
      'Campaign 001',
      'Campaign 002',
      'Campaign 003',
    ]);
    expect(new Set(fixtures.map((campaign) => campaign.id)).size).toBe(3);
    for (const campaign of fixtures) {
      expect(campaign.id).toMatch(UUID);
      expect(contractMismatches(campaignAnalytics(campaign, { includeLeads: true }))).toEqual([]);
    }
    expect(campaignAnalytics(fixtures[1], { includeLeads: true })).toMatchObject({
      leads_count: 400,
      contacted_count: 200,
      total_opportunity_value: 2001,
    });
  });

  it('puts given totals on one day, zero elsewhere', () => {
    const campaign = createCampaign({
      name: 'One day',
      totals: { reply_count: 7 },
      day: '2025-03-01',
    });
    const on = (day: string) =>
      campaignAnalytics(campaign, { start: day, end: day, includeLeads: true }).reply_count;
    expect([on('2025-03-01'), on('2025-03-02')]).toEqual([7, 0]);
    expect(campaign.id).toBe(createCampaign({ name: 'One day' }).id);
  });
});

describe('stand-in server', () => {
  const multiDay = createCampaign({
    name: 'Three days',
    leads: 50,
    daily: {
      '2025-01-01': { contacted_count: 1, total_opportunity_value: 0.1 },
      '2025-01-02': { contacted_count: 10, total_opportunity_value: 0.2 },
      '2025-01-03': { contacted_count: 100 },
    },
  });
  const campaigns = [...fixtureWorkspace(3), multiDay];
  const [first, second, third] = campaigns;
  let standin: Standin;

  beforeAll(async () => {
    standin = await startStandin({ campaigns });
  });
  afterEach(() => standin.reset());
  afterAll(() => standin.close());

  function get(query = '', authorization: string | null = `Bearer ${KEY}`, path = ANALYTICS_PATH) {
    const headers: Record<string, string> = authorization ? { authorization } : {};
    return fetch(`${standin.url}${path}${query}`, { headers });
  }

  async function getJson(query = '', authorization?: string | null) {
    const response = await get(query, authorization);
    return { status: response.status, body: await response.json() };
  }

  function admin(method: string, route: string, body?: unknown) {
    return fetch(`${standin.url}/__standin/${route}`, {
      method,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  const namesOf = (body: CampaignAnalytics[]) => body.map((item) => item.campaign_name);

  describe('analytics', () => {
    it('returns every campaign in creation order as JSON', async () => {
      const response = await get();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = (await response.json()) as CampaignAnalytics[];
      expect(namesOf(body)).toEqual(campaigns.map((campaign) => campaign.name));
      expect(body[1]).toEqual(campaignAnalytics(second, { includeLeads: true }));
      for (const item of body) expect(contractMismatches(item)).toEqual([]);
    });

    it.each([
      [null, 'Missing Authorization header'],
      ['Bearer wrong-key', 'Invalid API key'],
      [`Basic ${KEY}`, 'Invalid API key'],
      ['Bearer ', 'Invalid API key'],
    ])('answers authorization %p with 401', async (authorization, message) => {
      expect(await getJson('', authorization)).toEqual({
        status: 401,
        body: { statusCode: 401, error: 'Unauthorized', message },
      });
    });

    it('accepts any configured key, case-insensitive scheme', async () => {
      standin.setConfig({ apiKeys: ['other-key', 'second-key'] });
      expect((await get('', 'bearer second-key')).status).toBe(200);
      expect((await get()).status).toBe(401);
    });

    it('answers 402 without a paid plan', async () => {
      standin.setConfig({ paidPlan: false });
      expect(await getJson()).toEqual({
        status: 402,
        body: {
          statusCode: 402,
          error: 'Payment Required',
          message: 'Workspace does not have an active paid plan',
        },
      });
    });

    it('filters by repeated ids and by id, in creation order', async () => {
      const byIds = await getJson(`?ids=${third.id}&ids=${first.id}`);
      expect(namesOf(byIds.body)).toEqual([first.name, third.name]);
      const byBoth = await getJson(`?id=${second.id}&ids=${first.id}`);
      expect(namesOf(byBoth.body)).toEqual([first.name, second.name]);
      const byUppercase = await getJson(`?id=${second.id.toUpperCase()}`);
      expect(namesOf(byUppercase.body)).toEqual([second.name]);
    });

    it('answers 404 for a well-formed unknown id', async () => {
      expect(await getJson(`?ids=${first.id}&ids=${UNKNOWN_ID}`)).toEqual({
        status: 404,
        body: { statusCode: 404, error: 'Not Found', message: 'Campaign not found' },
      });
    });

    it.each([
      ['?ids=not-a-uuid', 'querystring/ids/0 must match format "uuid"'],
      [`?ids=${UNKNOWN_ID}&ids=x`, 'querystring/ids/1 must match format "uuid"'],
      ['?id=123', 'querystring/id must match format "uuid"'],
      [`?id=${UNKNOWN_ID}&id=${UNKNOWN_ID}`, 'querystring/id must be string'],
      [
        '?start_date=2025-02-30',
        'querystring/start_date must be a valid date in YYYY-MM-DD format',
      ],
      ['?end_date=01/02/2025', 'querystring/end_date must be a valid date in YYYY-MM-DD format'],
      ['?start_date=2025-01-03&end_date=2025-01-02', 'Start Date must be earlier than End Date'],
      ['?exclude_total_leads_count=1', 'querystring/exclude_total_leads_count must be boolean'],
    ])('answers %s with 400', async (query, message) => {
      expect(await getJson(query)).toEqual({ status: 400, body: { message } });
    });

    it.each([
      ['?start_date=2025-01-02&end_date=2025-01-02', 10, 0.2],
      ['?start_date=2025-01-02', 110, 0.2],
      ['?end_date=2025-01-02', 11, 0.3],
      ['?start_date=2025-01-01&end_date=2025-01-03', 111, 0.3],
      ['?start_date=2025-02-01', 0, 0],
    ])('sums only the days in range for %s', async (range, contacted, value) => {
      const { body } = await getJson(`${range}&id=${multiDay.id}`);
      expect(body[0]).toMatchObject({
        contacted_count: contacted,
        total_opportunity_value: value,
        leads_count: 50,
      });
    });

    it('reports zero leads only when exclude_total_leads_count=true', async () => {
      const leads = async (query: string) =>
        ((await getJson(`?id=${first.id}${query}`)).body as CampaignAnalytics[])[0].leads_count;
      expect(await leads('&exclude_total_leads_count=true')).toBe(0);
      expect(await leads('&exclude_total_leads_count=false')).toBe(first.leads);
      expect(await leads('')).toBe(first.leads);
    });

    it('answers other routes with 404 in the API style', async () => {
      const response = await get('', `Bearer ${KEY}`, '/api/v2/campaigns');
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'Route GET:/api/v2/campaigns not found',
      });
      const post = await fetch(`${standin.url}${ANALYTICS_PATH}`, { method: 'POST' });
      expect(post.status).toBe(404);
    });
  });

  describe('faults', () => {
    it('serves 429 with Retry-After before checking auth', async () => {
      standin.queueFault({ status: 429, retryAfter: 3 });
      const response = await get('', null);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('3');
      expect(await response.json()).toEqual({
        statusCode: 429,
        error: 'Too Many Requests',
        message: 'Rate limit exceeded',
      });
      expect((await get()).status).toBe(200);
    });

    it.each([
      [500, 'Internal Server Error'],
      [502, 'Bad Gateway'],
      [503, 'Service Unavailable'],
    ] as const)('serves %i with an error body', async (status, error) => {
      standin.queueFault({ status });
      expect(await getJson()).toEqual({
        status,
        body: { statusCode: status, error, message: expect.any(String) },
      });
    });

    it('repeats a fault `times` times, then moves on in FIFO order', async () => {
      standin.queueFault({ status: 503, times: 2 }, { status: 429 });
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await get()).status);
      expect(statuses).toEqual([503, 503, 429, 200]);
    });

    it('delays, then answers normally', async () => {
      standin.queueFault({ delayMs: 200 });
      const started = Date.now();
      const response = await get();
      expect(Date.now() - started).toBeGreaterThanOrEqual(190);
      expect(response.status).toBe(200);
    });

    it('resets the connection without a response', async () => {
      standin.queueFault({ reset: true });
      await expect(get()).rejects.toThrow();
      expect((await get()).status).toBe(200);
    });

    it('serves a raw body with its own status and content type', async () => {
      standin.queueFault(
        { body: '<html>Bad gateway</html>', status: 502, contentType: 'text/html' },
        { body: '[{"campaign_name":' },
      );
      const html = await get();
      expect([html.status, html.headers.get('content-type'), await html.text()]).toEqual([
        502,
        'text/html',
        '<html>Bad gateway</html>',
      ]);
      const truncated = await get();
      expect([truncated.status, await truncated.text()]).toEqual([200, '[{"campaign_name":']);
    });

    it('hangs until the client gives up', async () => {
      standin.queueFault({ hang: true });
      const request = fetch(`${standin.url}${ANALYTICS_PATH}`, {
        signal: AbortSignal.timeout(300),
      });
      await expect(request).rejects.toThrow();
      expect((await get()).status).toBe(200);
    });

    it('closes promptly with hanging and delayed requests open', async () => {
      const own = await startStandin({ campaigns });
      own.queueFault({ hang: true }, { delayMs: 60_000 });
      const outcome = () =>
        fetch(`${own.url}${ANALYTICS_PATH}`).then(
          () => 'answered',
          () => 'failed',
        );
      const hanging = outcome();
      const delayed = outcome();
      await waitFor(() => own.requests.length === 2);
      const started = Date.now();
      await own.close();
      expect(Date.now() - started).toBeLessThan(1000);
      expect([await hanging, await delayed]).toEqual(['failed', 'failed']);
    });
  });

  describe('request log', () => {
    it('records method, path, parsed query, url, headers, time and status', async () => {
      const before = Date.now();
      const query = `?ids=${first.id}&start_date=2025-01-01&exclude_total_leads_count=true`;
      await get(query);
      await get('', null);
      expect(standin.requests).toEqual([
        {
          method: 'GET',
          path: ANALYTICS_PATH,
          query: { ids: [first.id], start_date: '2025-01-01', exclude_total_leads_count: 'true' },
          url: `${ANALYTICS_PATH}${query}`,
          headers: expect.objectContaining({ authorization: `Bearer ${KEY}` }),
          timestamp: expect.any(Number),
          status: 200,
        },
        expect.objectContaining({ status: 401, query: {} }),
      ]);
      expect(standin.requests[0].timestamp).toBeGreaterThanOrEqual(before);
    });

    it('records no status for a reset connection', async () => {
      standin.queueFault({ reset: true });
      await get().catch(() => undefined);
      await waitFor(() => standin.requests.length === 1);
      expect(standin.requests[0].status).toBeNull();
    });

    it('leaves admin requests out', async () => {
      await admin('GET', 'requests');
      expect(standin.requests).toEqual([]);
    });
  });

  describe('admin endpoints', () => {
    it('queues faults, one or several', async () => {
      await admin('POST', 'faults', { status: 503 });
      await admin('POST', 'faults', [{ status: 429 }, { status: 500 }]);
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await get()).status);
      expect(statuses).toEqual([503, 429, 500, 200]);
    });

    it('lists and clears the request log', async () => {
      await get();
      const listed = await admin('GET', 'requests');
      expect(await listed.json()).toEqual([expect.objectContaining({ status: 200 })]);
      expect(await (await admin('DELETE', 'requests')).json()).toEqual({ ok: true });
      expect(await (await admin('GET', 'requests')).json()).toEqual([]);
    });

    it('replaces campaigns and config, and reset restores them', async () => {
      await admin('PUT', 'campaigns', fixtureWorkspace(1));
      expect(namesOf((await getJson()).body)).toEqual(['Campaign 001']);
      await admin('PUT', 'config', { apiKeys: ['new-key'] });
      expect((await get('', 'Bearer new-key')).status).toBe(200);
      await admin('POST', 'faults', { status: 503 });
      await admin('POST', 'reset');
      expect(namesOf((await getJson()).body)).toHaveLength(campaigns.length);
      expect(standin.requests).toHaveLength(1);
    });

    it('rejects unknown routes and unusable bodies', async () => {
      expect((await admin('GET', 'nothing')).status).toBe(404);
      const rejection = async (route: string, body: string) => {
        const response = await fetch(`${standin.url}/__standin/${route}`, { method: 'POST', body });
        return [response.status, await response.json()];
      };
      expect(await rejection('faults', '{not json')).toEqual([
        400,
        { message: 'Body must be JSON' },
      ]);
      const noFault = [400, { message: 'Expected a fault or an array of faults' }];
      expect(await rejection('faults', '')).toEqual(noFault);
      expect(await rejection('faults', '[{"status":503},{"times":2}]')).toEqual(noFault);
      expect(standin.requests).toEqual([]);
      expect((await get()).status).toBe(200);
    });
  });
});

describe('stand-in process', () => {
  it('starts, answers, is driven over HTTP and stops', async () => {
    const standin = await startStandinProcess(
      [
        ['--key', 'process-key'],
        ['--campaigns', '4'],
        ['--end-date', END_DATE],
      ].flat(),
    );
    try {
      const analytics = () =>
        fetch(`${standin.url}${ANALYTICS_PATH}`, {
          headers: { authorization: 'Bearer process-key' },
        });
      expect(((await (await analytics()).json()) as unknown[]).length).toBe(4);

      await standin.queueFault({ status: 503 });
      expect((await analytics()).status).toBe(503);
      expect((await standin.requests()).map((request) => request.status)).toEqual([200, 503]);
      await standin.clearRequests();
      expect(await standin.requests()).toEqual([]);

      await standin.setCampaigns(fixtureWorkspace(2));
      expect(((await (await analytics()).json()) as unknown[]).length).toBe(2);
      await standin.setConfig({ paidPlan: false });
      expect((await analytics()).status).toBe(402);
      await standin.reset();
      expect(((await (await analytics()).json()) as unknown[]).length).toBe(4);
    } finally {
      await standin.stop();
    }
    await expect(fetch(standin.url)).rejects.toThrow();
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
