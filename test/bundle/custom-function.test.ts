/**
 * =INSTANTLY_ANALYTICS() as Sheets evaluates it: the built bundle in the local Apps Script
 * runtime, against the Instantly stand-in over a real socket.
 */
import { ANALYTICS_PATH, CAMPAIGNS_PATH } from '../../dev/standin/server';
import {
  CAMPAIGN_STATUS,
  createCampaign,
  fixtureWorkspace,
  type StandinCampaign,
} from '../../dev/standin/workspace';
import {
  type Addon,
  API_KEY,
  analytics,
  analyticsRequests,
  dateCell,
  everythingVisible,
  formulaError,
  listFetches,
  listRequests,
  startAddon,
  useStandin,
} from '../support/addon';

const campaigns = fixtureWorkspace(5);
const AWKWARD_NAMES = [
  '=HYPERLINK("http://example.com","click")',
  '+1 555 0100 follow-up',
  '-20% promo',
  '@founders',
  '<img src=x onerror=alert(1)>',
];

const standin = useStandin(campaigns);

const start = (options: Partial<Parameters<typeof startAddon>[0]> = {}): Addon =>
  startAddon({ standinUrl: standin.url, now: '2026-11-26T12:00:00Z', ...options });

const apiRequests = () => standin.requests();
/** The analytics requests alone: the campaign list has its own, cached for an hour. */
const analyticsOnly = () => analyticsRequests(standin);

describe('blank arguments', () => {
  test('every campaign, a readable header and the default columns, numbers as numbers', async () => {
    const table = analytics(start());
    expect(table[0]).toEqual([
      'Campaign',
      'Status',
      'Contacted',
      'Emails sent',
      'Unique opens',
      'Open rate',
      'Unique replies',
      'Reply rate',
      'Unique link clicks',
      'Click rate',
      'Bounced',
      'Bounce rate',
      'Opportunities',
      'Opportunity value',
    ]);
    expect(table.slice(1).map((row) => row[0])).toEqual(campaigns.map((c) => c.name));
    const first = table[1];
    expect(first[1]).toBe('Active');
    expect(first[2]).toBe(100);
    expect(first[5]).toBeCloseTo(40 / 100);
    expect(table.every((row) => row.length === table[0].length)).toBe(true);
  });

  test('one analytics request without lead counting, and the campaign list, authorized with the key', async () => {
    analytics(start());
    const [request, ...others] = await analyticsOnly();
    expect(others).toEqual([]);
    expect(request.query).toEqual({ exclude_total_leads_count: 'true' });
    // The list's one page, then the empty page after its cursor.
    const pages = await listRequests(standin);
    expect(pages.map((page) => page.query)).toEqual([
      { limit: '100' },
      { limit: '100', starting_after: campaigns[campaigns.length - 1].id },
    ]);
    const requests = await apiRequests();
    expect(requests).toHaveLength(3);
    for (const { headers } of requests) expect(headers.authorization).toBe(`Bearer ${API_KEY}`);
  });
});

describe('campaign', () => {
  test('an id, a name in any case, and a range of both, in the order asked', () => {
    const addon = start();
    expect(analytics(addon, campaigns[2].id, '', '', 'campaign_name', false)).toEqual([
      [campaigns[2].name],
    ]);
    expect(analytics(addon, 'campaign 004', '', '', 'campaign_name', false)).toEqual([
      [campaigns[3].name],
    ]);
    const range = [[campaigns[4].name], [''], [campaigns[0].id.toUpperCase()]];
    expect(analytics(addon, range, '', '', 'campaign_id', false)).toEqual([
      [campaigns[4].id],
      [campaigns[0].id],
    ]);
  });

  test('an unknown name or id is an error naming it', () => {
    const message = formulaError(start(), [['Campaign 001'], ['Spring launch']]);
    expect(message).toContain('"Spring launch"');
    expect(message).not.toContain('"Campaign 001"');
  });

  test('200 campaign ids: one request within the URL limit, rows in the order given', async () => {
    const many = fixtureWorkspace(250);
    await standin.setCampaigns(many);
    const wanted = many.slice(0, 200).reverse();
    const table = analytics(
      start(),
      wanted.map((c) => [c.id]),
      '',
      '',
      'campaign_id',
      false,
    );
    expect(table.map((row) => row[0])).toEqual(wanted.map((c) => c.id));
    const requests = await analyticsOnly();
    expect(requests).toHaveLength(1);
    expect(requests[0].url.length).toBeLessThanOrEqual(2000);
  });

  test('names that look like formulas or HTML come back exactly as text', async () => {
    // Never sent: their names come from the campaign list.
    await standin.setCampaigns(AWKWARD_NAMES.map((name) => createCampaign({ name })));
    const table = analytics(start(), '', '', '', 'campaign_name', false);
    expect(table.map((row) => row[0])).toEqual(AWKWARD_NAMES);
    expect(analytics(start(), '@FOUNDERS', '', '', 'campaign_name', false)).toEqual([
      ['@founders'],
    ]);
  });
});

describe('dates', () => {
  const requestedRange = async () => {
    const [request] = await analyticsOnly();
    return [request.query.start_date, request.query.end_date];
  };

  test('YYYY-MM-DD text', async () => {
    analytics(start(), '', '2026-01-05', '2026-02-10');
    expect(await requestedRange()).toEqual(['2026-01-05', '2026-02-10']);
  });

  test.each(['Asia/Tokyo', 'Pacific/Auckland', 'America/Los_Angeles', 'Pacific/Honolulu'])(
    'date cells are the dates of the spreadsheet in %s, not UTC',
    async (timeZone) => {
      const addon = start({ timeZone });
      analytics(addon, '', dateCell(addon, '2026-01-05'), dateCell(addon, '2026-03-31'));
      expect(await requestedRange()).toEqual(['2026-01-05', '2026-03-31']);
    },
  );

  test.each([
    ['Pacific/Auckland', 'last_7_days', '2026-11-21', '2026-11-27'],
    ['America/Los_Angeles', 'last_7_days', '2026-11-20', '2026-11-26'],
    ['Pacific/Auckland', 'today', '2026-11-27', '2026-11-27'],
    ['America/Los_Angeles', 'yesterday', '2026-11-25', '2026-11-25'],
    ['Etc/UTC', 'Last 30 days', '2026-10-28', '2026-11-26'],
    ['Etc/UTC', 'this_month', '2026-11-01', '2026-11-26'],
    ['Asia/Tokyo', 'last_month', '2026-10-01', '2026-10-31'],
  ])('in %s at 23:30 UTC, %s is %s to %s', async (timeZone, preset, from, to) => {
    analytics(start({ timeZone, now: '2026-11-26T23:30:00Z' }), '', preset);
    expect(await requestedRange()).toEqual([from, to]);
  });

  test.each([
    [['', 'last week'], 'start_date "last week" is not a date'],
    [['', '2026-02-30'], 'start_date "2026-02-30" is not a date'],
    [['', '', 'soon'], 'end_date "soon" is not a date'],
    [['', '2026-03-01', '2026-02-01'], 'start_date (2026-03-01) is after end_date (2026-02-01)'],
    [['', 'last_7_days', '2026-02-01'], 'end_date must be blank'],
  ])('%j is refused before any request: %s', async (args, expected) => {
    expect(formulaError(start(), ...args)).toContain(expected);
    expect(await apiRequests()).toEqual([]);
  });
});

describe('fields', () => {
  test('comma-separated text or a range, API names and derived rates', () => {
    const addon = start();
    const text = analytics(addon, campaigns[1].id, '', '', 'campaign_name, reply_rate,leads_count');
    const range = analytics(addon, campaigns[1].id, '', '', [
      ['campaign_name', 'reply_rate'],
      ['leads_count', ''],
    ]);
    expect(text).toEqual(range);
    expect(text).toEqual([
      ['Campaign', 'Reply rate', 'Leads'],
      [campaigns[1].name, expect.any(Number), 400],
    ]);
  });

  test('leads are counted only when asked for', async () => {
    analytics(start(), '', '', '', 'leads_count');
    const [request] = await analyticsOnly();
    expect(request.query).toEqual({});
  });

  test('rates are blank when nothing was contacted', async () => {
    await standin.setCampaigns([createCampaign({ name: 'Draft', status: CAMPAIGN_STATUS.draft })]);
    expect(
      analytics(start(), '', '', '', 'campaign_status,contacted_count,open_rate', false),
    ).toEqual([['Draft', 0, '']]);
  });

  test('an unknown field is an error listing the valid ones', async () => {
    const message = formulaError(start(), '', '', '', 'campaign_name,opens');
    expect(message).toContain('"opens"');
    expect(message).toContain('open_count_unique');
    expect(message).toContain('opportunity_rate');
    expect(await apiRequests()).toEqual([]);
  });

  test('include_header FALSE leaves the header out', () => {
    const table = analytics(start(), campaigns[0].name, '', '', 'contacted_count', false);
    expect(table).toEqual([[100]]);
  });
});

describe('API errors say what to do, and the key appears nowhere', () => {
  const expectFailure = async (
    setup: (addon: Addon) => Promise<void> | void,
    expected: RegExp,
    options: Partial<Parameters<typeof startAddon>[0]> = {},
  ) => {
    const addon = start(options);
    await setup(addon);
    const message = formulaError(addon);
    expect(message).toMatch(expected);
    expect(message).not.toContain(API_KEY);
    expect(everythingVisible(addon)).not.toContain(API_KEY);
    return addon;
  };

  test('no key set: how to set one', async () => {
    const addon = start({ apiKey: null });
    expect(formulaError(addon)).toMatch(/No Instantly API key.*Set API key/);
    expect(await apiRequests()).toEqual([]);
  });

  test('401: the key was rejected', () =>
    expectFailure((addon) => {
      addon.runtime
        .documentProperties(addon.spreadsheet.getId())
        .setProperty('INSTANTLY_API_KEY', 'wrong-key-123456');
    }, /rejected the API key/));

  test('402: no paid plan', () =>
    expectFailure(() => standin.setConfig({ paidPlan: false }), /no active paid plan/));

  test('400: the server message', () =>
    expectFailure(
      () =>
        standin.queueFault({
          status: 400,
          body: JSON.stringify({ message: 'Date range too large' }),
          path: ANALYTICS_PATH,
        }),
      /refused the request: Date range too large/,
    ));

  test('404: not found', () =>
    expectFailure(
      () =>
        standin.queueFault({
          status: 404,
          body: JSON.stringify({
            statusCode: 404,
            error: 'Not Found',
            message: 'Campaign not found',
          }),
          path: ANALYTICS_PATH,
        }),
      /could not find/,
    ));

  test('429 honours Retry-After, then succeeds', async () => {
    const addon = start();
    await standin.queueFault({ status: 429, retryAfter: 3, path: ANALYTICS_PATH });
    const before = addon.runtime.clock.now();
    expect(analytics(addon, campaigns[0].id, '', '', 'campaign_name', false)).toEqual([
      [campaigns[0].name],
    ]);
    expect(addon.runtime.clock.now() - before).toBeGreaterThanOrEqual(3000);
    expect((await analyticsOnly()).map((r) => r.status)).toEqual([429, 200]);
  });

  test('429 until the time budget runs out: wait and try again', async () => {
    const addon = await expectFailure(
      () => standin.queueFault({ status: 429, retryAfter: 10, times: 10 }),
      /rate-limiting.*Wait a minute/,
    );
    const elapsed = addon.runtime.lastExecution()?.virtualMs ?? Number.POSITIVE_INFINITY;
    expect(elapsed).toBeLessThan(30_000);
  });

  test('500 is retried with backoff, then succeeds', async () => {
    await standin.queueFault({ status: 500, times: 2, path: ANALYTICS_PATH });
    expect(analytics(start(), campaigns[0].id, '', '', 'campaign_name', false)).toEqual([
      [campaigns[0].name],
    ]);
    expect((await analyticsOnly()).map((r) => r.status)).toEqual([500, 500, 200]);
  });

  test('503 that never ends: Instantly is having trouble', () =>
    expectFailure(
      () => standin.queueFault({ status: 503, times: 10 }),
      /having trouble \(HTTP 503\)/,
    ));

  test('a reset connection: could not reach Instantly', () =>
    expectFailure(() => standin.queueFault({ reset: true }), /Could not reach Instantly/));

  test('a server that never answers: could not reach Instantly', () =>
    expectFailure(() => standin.queueFault({ hang: true }), /Could not reach Instantly/, {
      fetchTimeoutMs: 300,
    }));

  test.each([
    [
      'an HTML error page',
      '<html><body>Bad gateway</body></html>',
      /does not understand \(not JSON\)/,
      ANALYTICS_PATH,
    ],
    [
      'truncated JSON',
      '[{"campaign_id":"a","campaign_name":"x"',
      /does not understand \(not JSON\)/,
      ANALYTICS_PATH,
    ],
    [
      'an object instead of a list',
      '{"campaigns":[]}',
      /expected a list of campaigns/,
      ANALYTICS_PATH,
    ],
    [
      'a count that is text',
      '[{"campaign_id":"a","campaign_name":"x","contacted_count":"12"}]',
      /contacted_count/,
      ANALYTICS_PATH,
    ],
    [
      'a campaign list page without items',
      '{"data":[]}',
      /does not understand \(expected a page of campaigns\)/,
      CAMPAIGNS_PATH,
    ],
    [
      'a listed campaign without an id',
      '{"items":[{"name":"x"}]}',
      /campaign 1 of the list has no id/,
      CAMPAIGNS_PATH,
    ],
  ])('a 200 with %s is a clear error', (_, body, expected, path) =>
    expectFailure(
      () => standin.queueFault({ status: 200, body, contentType: 'text/html', path }),
      expected,
    ),
  );

  test('a body with unknown fields and missing optional ones still works', async () => {
    await standin.setCampaigns([campaigns[0]]);
    const body = JSON.stringify([
      { campaign_id: campaigns[0].id, campaign_name: 'Lean', brand_new_field: 1 },
    ]);
    await standin.queueFault({ status: 200, body, path: ANALYTICS_PATH });
    expect(analytics(start(), '', '', '', 'campaign_name,open_rate,reply_count', false)).toEqual([
      ['Lean', '', ''],
    ]);
  });
});

describe('quota: one analytics request per date range per cache window, one list fetch', () => {
  const cellArguments = (index: number) => [
    index % 2 === 0 ? '' : campaigns[index % campaigns.length].name,
    'last_30_days',
    '',
    index % 3 === 0 ? '' : 'campaign_name,reply_rate',
  ];

  test('50 cells over the same range cost one analytics request and one list fetch', async () => {
    const addon = start();
    for (let index = 0; index < 50; index++) analytics(addon, ...cellArguments(index));
    expect(await analyticsOnly()).toHaveLength(1);
    expect(await listFetches(standin)).toBe(1);
    // The analytics, the list's page and the empty page after it: nothing else.
    expect(await apiRequests()).toHaveLength(3);
  });

  test('another range is another request; after the cache window, one more; the list lasts', async () => {
    const addon = start();
    analytics(addon, '', 'last_30_days');
    analytics(addon, '', 'last_7_days');
    analytics(addon, '', 'last_30_days');
    expect(await analyticsOnly()).toHaveLength(2);
    addon.runtime.clock.advance(6 * 60_000);
    analytics(addon, '', 'last_30_days');
    expect(await analyticsOnly()).toHaveLength(3);
    expect(await listFetches(standin)).toBe(1);
  });

  test('a workspace of 3,000 campaigns is cached in entries under 100 KB', async () => {
    const big: StandinCampaign[] = fixtureWorkspace(3000);
    await standin.setCampaigns(big);
    const addon = start();
    expect(analytics(addon, '', '', '', 'campaign_id', false)).toHaveLength(3000);
    expect(analytics(addon, big[2999].name, '', '', 'campaign_id', false)).toEqual([
      [big[2999].id],
    ]);
    expect(await analyticsOnly()).toHaveLength(1);
    // 30 pages of 100 and the empty one after them, once.
    expect(await listRequests(standin)).toHaveLength(31);
    expect(await listFetches(standin)).toBe(1);
    const entries = addon.runtime.cache.script.liveEntries();
    expect(entries.every(([key, value]) => key.length <= 250 && value.length < 100 * 1024)).toBe(
      true,
    );
  });
});

describe('typed into a cell', () => {
  test('the formula spills its table; DATE() arguments and cell references work', async () => {
    const addon = start({ timeZone: 'Asia/Tokyo' });
    const sheet = addon.spreadsheet.activeSheet();
    sheet.getRange('H1').setValue(campaigns[0].name);
    sheet
      .getRange('A1')
      .setFormula(
        '=INSTANTLY_ANALYTICS(H1, DATE(2025,1,1), DATE(2025,1,31), "campaign_name,contacted_count")',
      );
    addon.runtime.spreadsheets.recalculate();
    expect(sheet.getRange('A1:B2').getValues()).toEqual([
      ['Campaign', 'Contacted'],
      [campaigns[0].name, 100],
    ]);
    const [request] = await analyticsOnly();
    expect([request.query.start_date, request.query.end_date]).toEqual([
      '2025-01-01',
      '2025-01-31',
    ]);
  });

  test('TODAY() as an argument is refused, as Sheets refuses volatile arguments', () => {
    const addon = start();
    const sheet = addon.spreadsheet.activeSheet();
    sheet.getRange('A1').setFormula('=INSTANTLY_ANALYTICS("", TODAY())');
    addon.runtime.spreadsheets.recalculate();
    expect(sheet.snapshot().values[0][0]).toBe('#ERROR!');
  });
});
