import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { startStandinProcess } from '../../dev/standin/process';
import {
  DAILY_FIELDS,
  type DailyRow,
  STEP_FIELDS,
  STEP_OPPORTUNITY_FIELDS,
  type StepRow,
} from '../../dev/standin/reports';
import {
  ANALYTICS_PATH,
  CAMPAIGNS_PATH,
  DAILY_PATH,
  OVERVIEW_PATH,
  STEPS_PATH,
  type Standin,
  startStandin,
  WORKSPACE_PATH,
} from '../../dev/standin/server';
import {
  ACTIVITY_FIELDS,
  CAMPAIGN_STATUS,
  type CampaignAnalytics,
  COUNT_FIELDS,
  campaignAnalytics,
  createCampaign,
  createSampleWorkspace,
  createSampleWorkspaces,
  createWorkspace,
  fixtureWorkspace,
  hasSent,
  SAMPLE_WORKSPACES,
  type StandinCampaign,
  sumActivity,
} from '../../dev/standin/workspace';
import { CONTRACT_FILE } from '../support/prism';

const KEY = 'test-key';
const END_DATE = '2025-06-30';
const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface PropertySchema {
  type: string;
  minimum?: number;
  /** The documented statuses, keyed by their number. */
  'x-enumDescriptions'?: Record<string, string>;
}

/** The 200 item properties of the analytics endpoint in the repository's OpenAPI description. */
const contractProperties: Record<string, PropertySchema> = parseYaml(
  readFileSync(CONTRACT_FILE, 'utf8'),
).paths[ANALYTICS_PATH].get.responses['200'].content['application/json'].schema.items.properties;

const TYPE_CHECKS: Record<string, (value: unknown) => boolean> = {
  integer: Number.isInteger,
  number: Number.isFinite,
  string: (value) => typeof value === 'string',
  boolean: (value) => typeof value === 'boolean',
};

function satisfies(value: unknown, schema: PropertySchema): boolean {
  const statuses = Object.keys(schema['x-enumDescriptions'] ?? {}).map(Number);
  return (
    TYPE_CHECKS[schema.type](value) &&
    (statuses.length === 0 || statuses.includes(value as number)) &&
    (schema.minimum === undefined || (value as number) >= schema.minimum)
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

  it('gives the awkward names to campaigns that send, so they reach the analytics', () => {
    const reported = campaigns.filter(hasSent).map((campaign) => campaign.name);
    for (const name of [
      '=HYPERLINK("http://example.com","click")',
      '<img src=x onerror=alert(1)>',
    ]) {
      expect(reported).toContain(name);
    }
    for (const seed of [1, 2, 3]) {
      const drafts = createSampleWorkspace({ endDate: END_DATE, seed }).filter((c) => !hasSent(c));
      expect(drafts.map((draft) => draft.name).filter((name) => /^[=+\-@<]/.test(name))).toEqual(
        [],
      );
    }
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

describe('sample workspaces', () => {
  const workspaces = createSampleWorkspaces({ endDate: END_DATE });

  it('are two named workspaces with their own keys, ids and campaigns', () => {
    expect(
      workspaces.map(({ name, apiKeys, campaigns }) => [name, apiKeys, campaigns.length]),
    ).toEqual([
      ['Northwind Outreach', ['northwind-key'], 36],
      ['Contoso Growth', ['contoso-key'], 24],
    ]);
    expect(workspaces[0].id).not.toBe(workspaces[1].id);
    const ids = workspaces.flatMap((workspace) => workspace.campaigns.map((c) => c.id));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('each have drafts that have never sent, and an outcomes funnel', () => {
    for (const { campaigns } of workspaces) {
      const drafts = campaigns.filter((campaign) => !hasSent(campaign));
      expect(drafts.length).toBeGreaterThanOrEqual(2);
      expect(drafts.every((draft) => draft.status === CAMPAIGN_STATUS.draft)).toBe(true);
      let closed = 0;
      for (const campaign of campaigns.filter(hasSent)) {
        const totals = sumActivity(campaign.daily, {});
        expect(totals.total_interested).toBeLessThanOrEqual(totals.reply_count_unique);
        expect(totals.total_meeting_booked).toBeLessThanOrEqual(totals.total_interested);
        expect(totals.total_meeting_completed).toBeLessThanOrEqual(totals.total_meeting_booked);
        expect(totals.total_closed).toBeLessThanOrEqual(totals.total_meeting_completed);
        closed += totals.total_closed;
      }
      expect(closed).toBeGreaterThan(0);
    }
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
    expect(sumActivity(fixtures[1].daily, {})).toMatchObject({
      total_interested: 12,
      total_meeting_booked: 6,
      total_meeting_completed: 4,
      total_closed: 2,
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
  const draft = createCampaign({
    name: 'Not sent yet',
    status: CAMPAIGN_STATUS.draft,
    leads: 30,
    daily: {},
  });
  const sent = [...fixtureWorkspace(3), multiDay];
  const campaigns = [...sent, draft];
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
    it('returns every campaign that has sent, in creation order, as JSON', async () => {
      const response = await get();
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = (await response.json()) as CampaignAnalytics[];
      expect(namesOf(body)).toEqual(sent.map((campaign) => campaign.name));
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

    it('leaves out a campaign that has never sent, even when asked for by id', async () => {
      expect(await getJson(`?ids=${draft.id}&ids=${first.id}`)).toEqual({
        status: 200,
        body: [expect.objectContaining({ campaign_id: first.id })],
      });
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
      const response = await get('', `Bearer ${KEY}`, '/api/v2/leads');
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({
        statusCode: 404,
        error: 'Not Found',
        message: 'Route GET:/api/v2/leads not found',
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
          workspaceId: standin.workspaces[0].id,
          timestamp: expect.any(Number),
          status: 200,
        },
        expect.objectContaining({ status: 401, query: {}, workspaceId: null }),
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
      expect(namesOf((await getJson()).body)).toHaveLength(sent.length);
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

describe('stand-in endpoints over a sample workspace', () => {
  const sample = createSampleWorkspace({ endDate: END_DATE, campaignCount: 12 });
  const active = sample.filter(hasSent);
  const range = { start: '2025-01-01', end: '2025-03-31' };
  const rangeQuery = `start_date=${range.start}&end_date=${range.end}`;
  let standin: Standin;

  beforeAll(async () => {
    standin = await startStandin({ campaigns: sample, rateLimit: false });
  });
  afterEach(() => standin.reset());
  afterAll(() => standin.close());

  async function api<Body = unknown>(path: string, query = '', key = KEY) {
    const response = await fetch(`${standin.url}${path}${query && `?${query}`}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    return { status: response.status, body: (await response.json()) as Body };
  }

  const analyticsOf = (campaign: StandinCampaign) =>
    campaignAnalytics(campaign, { ...range, includeLeads: true });

  /** Adds up the numeric fields of rows. */
  function sumRows(rows: object[]): Record<string, number> {
    const sums: Record<string, number> = {};
    for (const row of rows) {
      for (const [name, value] of Object.entries(row)) {
        if (typeof value === 'number') sums[name] = (sums[name] ?? 0) + value;
      }
    }
    return sums;
  }

  it('has drafts that have never sent among campaigns that have', () => {
    expect(active.length).toBeGreaterThan(5);
    expect(active.length).toBeLessThan(sample.length);
  });

  describe('campaign list', () => {
    type Page = { items: { id: string; name: string }[]; next_starting_after?: string };
    const ids = sample.map((campaign) => campaign.id);

    it('lists every campaign, drafts too; the last page has a cursor to an empty page', async () => {
      const { status, body } = await api<Page>(CAMPAIGNS_PATH);
      expect(status).toBe(200);
      expect(body.items.map((item) => item.id)).toEqual(ids);
      expect(body.next_starting_after).toBe(ids[ids.length - 1]);
      const after = await api<Page>(CAMPAIGNS_PATH, `starting_after=${body.next_starting_after}`);
      expect(after.body).toEqual({ items: [] });
    });

    it('pages with limit and starting_after in a stable order', async () => {
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const query = `limit=5${cursor ? `&starting_after=${cursor}` : ''}`;
        const { body } = await api<Page>(CAMPAIGNS_PATH, query);
        seen.push(...body.items.map((item) => item.id));
        cursor = body.next_starting_after;
        pages++;
      } while (cursor);
      expect(seen).toEqual(ids);
      expect(pages).toBe(4); // 5 + 5 + 2, then the empty page
    });

    it('gives each item the required Campaign fields', async () => {
      const { body } = await api<Page>(CAMPAIGNS_PATH, 'limit=1');
      expect(body.items[0]).toEqual({
        id: sample[0].id,
        name: sample[0].name,
        status: sample[0].status,
        is_evergreen: sample[0].evergreen,
        campaign_schedule: {
          schedules: [expect.objectContaining({ timezone: expect.any(String) })],
        },
        timestamp_created: sample[0].created,
        timestamp_updated: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      });
    });

    it('filters by status and by a search in the name', async () => {
      const drafts = await api<Page>(CAMPAIGNS_PATH, `status=${CAMPAIGN_STATUS.draft}`);
      expect(drafts.body.items.map((item) => item.id)).toEqual(
        sample.filter((c) => c.status === CAMPAIGN_STATUS.draft).map((c) => c.id),
      );
      const name = sample[3].name;
      const search = `search=${encodeURIComponent(name.toUpperCase())}`;
      const found = await api<Page>(CAMPAIGNS_PATH, search);
      expect(found.body.items.map((item) => item.name)).toContain(name);
    });

    it('gives an empty page for a cursor that names no campaign', async () => {
      const { body } = await api(CAMPAIGNS_PATH, `starting_after=${UNKNOWN_ID}`);
      expect(body).toEqual({ items: [] });
    });

    it.each([
      ['limit=0', 'querystring/limit must be >= 1'],
      ['limit=101', 'querystring/limit must be <= 100'],
      ['limit=ten', 'querystring/limit must be integer'],
      ['status=7', 'querystring/status must be equal to one of the allowed values'],
    ])('answers %s with 400', async (query, message) => {
      expect(await api(CAMPAIGNS_PATH, query)).toEqual({ status: 400, body: { message } });
    });
  });

  describe('daily', () => {
    const dailyOf = (campaign: StandinCampaign) =>
      api<DailyRow[]>(DAILY_PATH, `campaign_id=${campaign.id}&${rangeQuery}`);

    it('sums each campaign over the range to its analytics totals', async () => {
      for (const campaign of active) {
        const sums = sumRows((await dailyOf(campaign)).body);
        const totals = analyticsOf(campaign);
        for (const [name, field] of Object.entries(DAILY_FIELDS)) {
          expect([name, sums[name] ?? 0]).toEqual([name, totals[field]]);
        }
        expect(sums.unique_opportunities ?? 0).toBeLessThanOrEqual(totals.total_opportunities);
      }
    });

    it('has rows only for days with activity in range, oldest first', async () => {
      const campaign = active[0];
      const { body } = await dailyOf(campaign);
      const days = Object.keys(campaign.daily)
        .filter((day) => day >= range.start && day <= range.end)
        .sort();
      expect(body.map((row) => row.date)).toEqual(days);
      expect(Object.keys(body[0])).toEqual([
        'date',
        ...Object.keys(DAILY_FIELDS),
        'unique_opportunities',
      ]);
      for (const row of body) {
        expect(row.unique_opportunities).toBeLessThanOrEqual(row.opportunities);
      }
    });

    it('gives the workspace total per day without campaign_id, filtered by status', async () => {
      const all = await api<DailyRow[]>(DAILY_PATH, rangeQuery);
      expect(sumRows(all.body).sent).toBe(
        active.reduce((sum, campaign) => sum + analyticsOf(campaign).emails_sent_count, 0),
      );
      const paused = active.filter((campaign) => campaign.status === CAMPAIGN_STATUS.paused);
      const filtered = await api<DailyRow[]>(DAILY_PATH, `${rangeQuery}&campaign_status=2`);
      expect(sumRows(filtered.body).contacted ?? 0).toBe(
        paused.reduce((sum, campaign) => sum + analyticsOf(campaign).contacted_count, 0),
      );
    });

    it('answers a draft with no rows, an unknown campaign with 404, a bad id with 400', async () => {
      const draft = sample.find((campaign) => !hasSent(campaign)) as StandinCampaign;
      expect(await api(DAILY_PATH, `campaign_id=${draft.id}`)).toEqual({ status: 200, body: [] });
      expect(await api(DAILY_PATH, `campaign_id=${UNKNOWN_ID}`)).toEqual({
        status: 404,
        body: { statusCode: 404, error: 'Not Found', message: 'Campaign not found' },
      });
      expect(await api(DAILY_PATH, 'campaign_id=abc')).toEqual({
        status: 400,
        body: { message: 'querystring/campaign_id must match format "uuid"' },
      });
      const reversed = await api(DAILY_PATH, 'start_date=2025-02-01&end_date=2025-01-01');
      expect(reversed.status).toBe(400);
    });
  });

  describe('steps', () => {
    const stepsOf = (campaign: StandinCampaign, extra = '') =>
      api<StepRow[]>(STEPS_PATH, `campaign_id=${campaign.id}&${rangeQuery}${extra}`);
    const allStepFields = { ...STEP_FIELDS, ...STEP_OPPORTUNITY_FIELDS };

    it('splits each campaign over steps and variants that add up to its totals', async () => {
      for (const campaign of active) {
        const { body } = await stepsOf(campaign, '&include_opportunities_count=true');
        const totals = sumActivity(campaign.daily, range);
        const sums = sumRows(body);
        for (const [name, field] of Object.entries(allStepFields)) {
          expect([name, sums[name] ?? 0]).toEqual([name, totals[field]]);
        }
        for (const row of body) {
          expect(row.step === null || /^\d+$/.test(row.step)).toBe(true);
          expect(row.variant === null || /^\d+$/.test(row.variant)).toBe(true);
          expect(row.step === null).toBe(row.variant === null);
        }
      }
    });

    it('has A/B variants and unattributed rows among the campaigns, deterministically', async () => {
      const responses = await Promise.all(active.map((campaign) => stepsOf(campaign)));
      const rows = responses.flatMap((response) => response.body);
      expect(rows.some((row) => row.variant === '1')).toBe(true);
      expect(rows.some((row) => row.step === null && row.variant === null)).toBe(true);
      expect(rows.some((row) => row.step === '2')).toBe(true);
      expect((await stepsOf(active[0])).body).toEqual(responses[0].body);
    });

    it('reports the opportunity fields only with include_opportunities_count=true', async () => {
      const without = (await stepsOf(active[0])).body;
      const withThem = (await stepsOf(active[0], '&include_opportunities_count=true')).body;
      expect(Object.keys(without[0])).toEqual(['step', 'variant', ...Object.keys(STEP_FIELDS)]);
      expect(Object.keys(withThem[0])).toEqual(
        expect.arrayContaining(['opportunities', 'unique_opportunities', 'meetings_booked', 'won']),
      );
      for (const row of withThem) {
        expect(row.unique_opportunities).toBeLessThanOrEqual(row.opportunities ?? 0);
      }
    });

    it('adds up all campaigns by step and variant without campaign_id', async () => {
      const { body } = await api<StepRow[]>(STEPS_PATH, rangeQuery);
      const key = (row: StepRow) => JSON.stringify([row.step, row.variant]);
      const expected = new Map<string, number>();
      for (const campaign of active) {
        for (const row of (await stepsOf(campaign)).body) {
          expected.set(key(row), (expected.get(key(row)) ?? 0) + (row.replies ?? 0));
        }
      }
      expect(new Map(body.map((row) => [key(row), row.replies]))).toEqual(expected);
    });

    it('answers an unknown campaign with 404 and a bad flag with 400', async () => {
      expect((await api(STEPS_PATH, `campaign_id=${UNKNOWN_ID}`)).status).toBe(404);
      expect(await api(STEPS_PATH, 'include_opportunities_count=yes')).toEqual({
        status: 400,
        body: { message: 'querystring/include_opportunities_count must be boolean' },
      });
    });
  });

  describe('overview', () => {
    type Totals = Record<string, number>;

    /** The analytics counts plus outcomes of campaigns over the range, added up. */
    function expectedOverview(selection: StandinCampaign[]) {
      const sums = sumRows(selection.map((campaign) => sumActivity(campaign.daily, range)));
      return { ...sums, total_opportunity_value: expect.closeTo(sums.total_opportunity_value, 2) };
    }

    it('totals every campaign of the workspace, outcomes included', async () => {
      const { status, body } = await api<Totals>(OVERVIEW_PATH, rangeQuery);
      expect(status).toBe(200);
      expect(body).toEqual(expectedOverview(sample));
      expect(Object.keys(body).sort()).toEqual([...ACTIVITY_FIELDS].sort());
      expect(body.total_interested).toBeGreaterThan(body.total_meeting_booked);
      expect(body.total_meeting_completed).toBeGreaterThan(body.total_closed);
      expect(body.total_closed).toBeGreaterThan(0);
    });

    it('equals the sum of the analytics of the campaigns chosen by id and ids', async () => {
      const chosen = active.slice(0, 3);
      const query = `id=${chosen[0].id}&ids=${chosen[1].id}&ids=${chosen[2].id}&${rangeQuery}`;
      const { body } = await api<Totals>(OVERVIEW_PATH, query);
      const analytics = sumRows(chosen.map(analyticsOf));
      for (const field of COUNT_FIELDS) {
        expect([field, body[field]]).toEqual([field, analytics[field]]);
      }
      expect(body).toEqual(expectedOverview(chosen));
    });

    it('filters by campaign_status and counts repeat events with expand_crm_events', async () => {
      const activeOnly = sample.filter((campaign) => campaign.status === CAMPAIGN_STATUS.active);
      const filtered = await api(OVERVIEW_PATH, `${rangeQuery}&campaign_status=1`);
      expect(filtered.body).toEqual(expectedOverview(activeOnly));
      const firstEvents = await api<Totals>(OVERVIEW_PATH, rangeQuery);
      const every = await api<Totals>(OVERVIEW_PATH, `${rangeQuery}&expand_crm_events=true`);
      expect(every.body.total_interested).toBeGreaterThan(firstEvents.body.total_interested);
      expect(every.body.emails_sent_count).toBe(firstEvents.body.emails_sent_count);
    });

    it('answers an unknown id with 404', async () => {
      const query = `ids=${active[0].id}&ids=${UNKNOWN_ID}`;
      expect((await api(OVERVIEW_PATH, query)).status).toBe(404);
    });
  });

  it('names the workspace of the key', async () => {
    const [workspace] = standin.workspaces;
    expect(await api(WORKSPACE_PATH)).toEqual({
      status: 200,
      body: {
        id: workspace.id,
        name: workspace.name,
        owner: expect.stringMatching(UUID),
        timestamp_created: expect.any(String),
        timestamp_updated: expect.any(String),
        plan_id: 'pid_hg_v1',
        org_logo_url: null,
      },
    });
  });
});

describe('several workspaces', () => {
  const northwind = createWorkspace({
    name: 'Northwind',
    apiKeys: ['nw-1', 'nw-2'],
    campaigns: fixtureWorkspace(2),
  });
  const contoso = createWorkspace({
    name: 'Contoso',
    apiKeys: ['co-1'],
    campaigns: [createCampaign({ name: 'Contoso launch', totals: { contacted_count: 5 } })],
  });
  const unpaid = createWorkspace({ name: 'Unpaid', apiKeys: ['up-1'], paidPlan: false });
  const ALL_PATHS = [
    ANALYTICS_PATH,
    DAILY_PATH,
    STEPS_PATH,
    OVERVIEW_PATH,
    CAMPAIGNS_PATH,
    WORKSPACE_PATH,
  ];
  let standin: Standin;

  beforeAll(async () => {
    standin = await startStandin({ workspaces: [northwind, contoso, unpaid] });
  });
  afterEach(() => standin.reset());
  afterAll(() => standin.close());

  const call = (path: string, key: string, query = '') =>
    fetch(`${standin.url}${path}${query}`, { headers: { authorization: `Bearer ${key}` } });
  const callJson = async (path: string, key: string, query = '') => {
    const response = await call(path, key, query);
    return { status: response.status, body: await response.json() };
  };

  it('answers each key from its own workspace only', async () => {
    for (const key of ['nw-1', 'nw-2']) {
      const { body } = await callJson(ANALYTICS_PATH, key);
      expect(body.map((item: CampaignAnalytics) => item.campaign_name)).toEqual([
        'Campaign 001',
        'Campaign 002',
      ]);
    }
    expect((await callJson(WORKSPACE_PATH, 'co-1')).body).toMatchObject({
      id: contoso.id,
      name: 'Contoso',
    });
    expect((await callJson(CAMPAIGNS_PATH, 'co-1')).body.items).toHaveLength(1);
  });

  it("answers 404 for another workspace's campaign", async () => {
    const foreign = northwind.campaigns[0].id;
    for (const path of [ANALYTICS_PATH, OVERVIEW_PATH]) {
      expect((await call(path, 'co-1', `?ids=${foreign}`)).status).toBe(404);
    }
    for (const path of [DAILY_PATH, STEPS_PATH]) {
      expect((await call(path, 'co-1', `?campaign_id=${foreign}`)).status).toBe(404);
    }
  });

  it.each(ALL_PATHS)(
    'refuses an unknown key (401) and the unpaid workspace (402) on %s',
    async (path) => {
      expect(await callJson(path, 'nobody')).toEqual({
        status: 401,
        body: { statusCode: 401, error: 'Unauthorized', message: 'Invalid API key' },
      });
      expect(await callJson(path, 'up-1')).toEqual({
        status: 402,
        body: {
          statusCode: 402,
          error: 'Payment Required',
          message: 'Workspace does not have an active paid plan',
        },
      });
      expect((await call(path, 'co-1')).status).toBe(200);
    },
  );

  it('logs which workspace answered each request', async () => {
    for (const key of ['nw-2', 'co-1', 'up-1', 'nobody']) await call(ANALYTICS_PATH, key);
    expect(standin.requests.map((request) => [request.workspaceId, request.status])).toEqual([
      [northwind.id, 200],
      [contoso.id, 200],
      [unpaid.id, 402],
      [null, 401],
    ]);
  });

  it('setCampaigns and setConfig change the first workspace; setWorkspaces all', async () => {
    standin.setConfig({ apiKeys: ['nw-3'] });
    standin.setCampaigns(fixtureWorkspace(1));
    expect((await callJson(ANALYTICS_PATH, 'nw-3')).body).toHaveLength(1);
    expect((await call(ANALYTICS_PATH, 'nw-1')).status).toBe(401);
    expect((await call(ANALYTICS_PATH, 'co-1')).status).toBe(200);
    standin.setWorkspaces([createWorkspace({ name: 'Solo', apiKeys: ['solo'] })]);
    expect((await callJson(WORKSPACE_PATH, 'solo')).body.name).toBe('Solo');
    expect((await call(ANALYTICS_PATH, 'co-1')).status).toBe(401);
  });

  it('rejects a key given to two workspaces', async () => {
    const response = await fetch(`${standin.url}/__standin/workspaces`, {
      method: 'PUT',
      body: JSON.stringify([northwind, { ...contoso, apiKeys: ['nw-1'] }]),
    });
    expect([response.status, await response.json()]).toEqual([
      400,
      { message: 'An API key may belong to only one workspace' },
    ]);
    expect(() => standin.setConfig({ apiKeys: ['co-1'] })).toThrow('only one workspace');
  });

  it('sets the workspaces over the admin endpoint and lists them', async () => {
    const replace = await fetch(`${standin.url}/__standin/workspaces`, {
      method: 'PUT',
      body: JSON.stringify([contoso]),
    });
    expect(replace.status).toBe(200);
    const listed = await (await fetch(`${standin.url}/__standin/workspaces`)).json();
    expect(listed).toEqual([contoso]);
    expect((await call(ANALYTICS_PATH, 'nw-1')).status).toBe(401);
  });

  it('cannot be combined with the default workspace options', async () => {
    await expect(startStandin({ workspaces: [contoso], apiKeys: ['x'] })).rejects.toThrow(
      'Give either workspaces or apiKeys',
    );
  });
});

describe('rate limit, latency and targeted faults', () => {
  const first = createWorkspace({
    name: 'First',
    apiKeys: ['first'],
    campaigns: fixtureWorkspace(1),
  });
  const second = createWorkspace({
    name: 'Second',
    apiKeys: ['second'],
    campaigns: fixtureWorkspace(2),
  });
  let standin: Standin;

  beforeAll(async () => {
    standin = await startStandin({ workspaces: [first, second] });
  });
  afterEach(() => standin.reset());
  afterAll(() => standin.close());

  const call = (key: string, path = ANALYTICS_PATH) =>
    fetch(`${standin.url}${path}`, { headers: { authorization: `Bearer ${key}` } });
  const burst = (key: string, count: number) =>
    Promise.all(Array.from({ length: count }, () => call(key)));

  it('answers 429 without Retry-After beyond 100 requests a second per workspace', async () => {
    const responses = await burst('first', 110);
    const limited = responses.filter((response) => response.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(10);
    expect(limited[0].headers.get('retry-after')).toBeNull();
    expect(await limited[0].json()).toEqual({
      statusCode: 429,
      error: 'Too Many Requests',
      message: 'Rate limit exceeded',
    });
    // The other workspace has its own limit.
    expect((await call('second')).status).toBe(200);
    const answered = standin.requests.filter(
      (request) => request.workspaceId === first.id && request.status === 200,
    );
    const times = answered.map((request) => request.timestamp);
    expect(answered.length).toBeLessThanOrEqual(100);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThan(1000);
  });

  it('lets requests through again once the second has passed', async () => {
    standin.setConfig({ rateLimit: { perSecond: 3, perMinute: 100 } });
    const statuses = (await burst('first', 4)).map((response) => response.status).sort();
    expect(statuses).toEqual([200, 200, 200, 429]);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await call('first')).status).toBe(200);
  });

  it('limits requests per minute', async () => {
    standin.setConfig({ rateLimit: { perSecond: 100, perMinute: 5 } });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await call('first')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('can be switched off', async () => {
    standin.setConfig({ rateLimit: false });
    const responses = await burst('first', 150);
    expect(responses.every((response) => response.status === 200)).toBe(true);
  });

  it('waits latencyMs before every response, set through the admin endpoint', async () => {
    await fetch(`${standin.url}/__standin/config`, {
      method: 'PUT',
      body: JSON.stringify({ latencyMs: 200 }),
    });
    const started = Date.now();
    const responses = await Promise.all([call('first'), call('nobody')]);
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(390); // concurrently, not one after another
    expect(responses.map((response) => response.status)).toEqual([200, 401]);
    standin.reset();
    const again = Date.now();
    await call('first');
    expect(Date.now() - again).toBeLessThan(150);
  });

  it('injects a fault only into requests to its path', async () => {
    standin.queueFault({ status: 429, path: DAILY_PATH, times: 1 });
    expect((await call('first')).status).toBe(200);
    expect((await call('first', DAILY_PATH)).status).toBe(429);
    expect((await call('first', DAILY_PATH)).status).toBe(200);
  });

  it('injects a fault into the Nth matching request of a workspace', async () => {
    standin.queueFault({ status: 500, workspaceId: second.id, path: ANALYTICS_PATH, after: 2 });
    const statuses = [];
    for (const key of ['second', 'first', 'second', 'first', 'second', 'second']) {
      statuses.push((await call(key)).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 500, 200]);
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

  it('serves the two sample workspaces with latency and no rate limit when asked', async () => {
    const standin = await startStandinProcess([
      '--sample-workspaces',
      '--latency',
      '100',
      '--no-rate-limit',
      '--end-date',
      END_DATE,
    ]);
    try {
      const workspaces = await standin.workspaces();
      expect(workspaces.map((workspace) => [workspace.name, workspace.apiKeys])).toEqual(
        SAMPLE_WORKSPACES.map(({ name, apiKey }) => [name, [apiKey]]),
      );
      const started = Date.now();
      const responses = await Promise.all(
        Array.from({ length: 120 }, () =>
          fetch(`${standin.url}${WORKSPACE_PATH}`, {
            headers: { authorization: 'Bearer contoso-key' },
          }),
        ),
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(95);
      expect(responses.every((response) => response.status === 200)).toBe(true);
      expect(await responses[0].json()).toMatchObject({ name: 'Contoso Growth' });

      await standin.setWorkspaces([createWorkspace({ name: 'Only', apiKeys: ['only'] })]);
      expect((await standin.workspaces()).map((workspace) => workspace.name)).toEqual(['Only']);
    } finally {
      await standin.stop();
    }
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}
