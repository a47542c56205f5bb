/**
 * =INSTANTLY_DAILY() as Sheets evaluates it: the built bundle in the local Apps Script runtime,
 * against the Instantly stand-in over a real socket. Requests are counted by path, since naming a
 * campaign also reads the (cached) campaign list.
 */
import { DAILY_FIELDS as ACTIVITY_OF_DAILY_FIELD } from '../../dev/standin/reports';
import { CAMPAIGNS_PATH, DAILY_PATH } from '../../dev/standin/server';
import { createSampleWorkspace, fixtureWorkspace } from '../../dev/standin/workspace';
import {
  type Addon,
  API_KEY,
  analytics,
  dateCell,
  everythingVisible,
  functionError,
  listFetches,
  listRequests,
  startAddon,
  useStandin,
} from '../support/addon';
import {
  AGENCY,
  AWKWARD,
  DEFAULT_HEADER,
  DRAFT,
  dailyRequests,
  dayShown,
  defaultColumns,
  FOUNDERS,
} from '../support/daily';

const NOW = '2026-11-26T12:00:00Z';
const standin = useStandin([FOUNDERS, AGENCY, AWKWARD, DRAFT]);

const start = (options: Partial<Parameters<typeof startAddon>[0]> = {}): Addon =>
  startAddon({ standinUrl: standin.url, now: NOW, ...options });

const daily = (addon: Addon, ...args: unknown[]) =>
  addon.runtime.callAsCustomFunction('INSTANTLY_DAILY', ...args) as unknown[][];

const dailyError = (addon: Addon, ...args: unknown[]) =>
  functionError(addon, 'INSTANTLY_DAILY', ...args);

/** Each row's date as the day it shows in the zone, the rest as is. */
const readable = (rows: unknown[][], timeZone = 'Etc/UTC', dateColumn = 0) =>
  rows.map((row) =>
    row.map((cell, index) => (index === dateColumn ? dayShown(cell, timeZone) : cell)),
  );

describe('campaign', () => {
  test('blank: the workspace per day, the last 30 days, one request without campaign_id', async () => {
    const table = daily(start());
    expect(table[0]).toEqual(DEFAULT_HEADER);
    const rows = readable(table.slice(1));
    expect(rows).toHaveLength(30);
    expect(rows[0][0]).toBe('2026-10-28');
    expect(rows[29][0]).toBe('2026-11-26');
    const byDay = new Map(rows.map(([day, ...values]) => [day, values]));
    expect(byDay.get('2026-11-20')).toEqual(defaultColumns(1));
    // Founders (2) and Agency (3); Agency (1) and the awkward one (1).
    expect(byDay.get('2026-11-24')).toEqual(defaultColumns(5));
    expect(byDay.get('2026-11-25')).toEqual(defaultColumns(2));
    expect(byDay.get('2026-11-21')).toEqual(defaultColumns(0));
    const requests = await dailyRequests(standin);
    expect(requests.map((request) => request.query)).toEqual([
      { start_date: '2026-10-28', end_date: '2026-11-26' },
    ]);
    expect(requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(await listRequests(standin)).toEqual([]);
  });

  test('a name in any case or an id: that campaign, one request by its id', async () => {
    const addon = start();
    const byName = daily(addon, 'founders OUTREACH', '2026-11-19', '2026-11-21');
    const byId = daily(addon, FOUNDERS.id, '2026-11-19', '2026-11-21');
    expect(byId).toEqual(byName);
    expect(byName[0]).toEqual(DEFAULT_HEADER);
    expect(readable(byName.slice(1))).toEqual([
      ['2026-11-19', ...defaultColumns(0)],
      ['2026-11-20', ...defaultColumns(1)],
      ['2026-11-21', ...defaultColumns(0)],
    ]);
    // The same campaign and days: the second cell is served from the cache.
    expect((await dailyRequests(standin)).map((request) => request.query)).toEqual([
      { campaign_id: FOUNDERS.id, start_date: '2026-11-19', end_date: '2026-11-21' },
    ]);
  });

  test('a range: one row per campaign per day, its name first, in the order asked', async () => {
    const table = daily(
      start(),
      [[AGENCY.name], [''], [FOUNDERS.id.toUpperCase()], [AGENCY.id]],
      '2026-11-24',
      '2026-11-25',
    );
    expect(table[0]).toEqual(['Campaign', ...DEFAULT_HEADER]);
    expect(readable(table.slice(1), 'Etc/UTC', 1)).toEqual([
      [AGENCY.name, '2026-11-24', ...defaultColumns(3)],
      [AGENCY.name, '2026-11-25', ...defaultColumns(1)],
      [FOUNDERS.name, '2026-11-24', ...defaultColumns(2)],
      [FOUNDERS.name, '2026-11-25', ...defaultColumns(0)],
    ]);
    const asked = (await dailyRequests(standin)).map((request) => request.query.campaign_id);
    expect(asked.sort()).toEqual([AGENCY.id, FOUNDERS.id].sort());
  });

  test('a range of one keeps its campaign column; names come back exactly as text', () => {
    const table = daily(start(), [[AWKWARD.name]], '2026-11-25', '2026-11-25', 'sent');
    expect(table[0]).toEqual(['Campaign', 'Date', 'Emails sent']);
    expect(readable(table.slice(1), 'Etc/UTC', 1)).toEqual([[AWKWARD.name, '2026-11-25', 30]]);
  });

  test('a draft resolves by name and has zeros every day', async () => {
    const table = daily(start(), 'spring LAUNCH', 'last_7_days', '', 'sent,reply_rate', false);
    expect(readable(table)).toEqual(
      [
        '2026-11-20',
        '2026-11-21',
        '2026-11-22',
        '2026-11-23',
        '2026-11-24',
        '2026-11-25',
        '2026-11-26',
      ].map((day) => [day, 0, '']),
    );
    const [request] = await dailyRequests(standin);
    expect(request.query.campaign_id).toBe(DRAFT.id);
  });

  test('an unknown name is an error naming it, before any daily request', async () => {
    const message = dailyError(start(), [['Founders outreach'], ['Autumn launch']]);
    expect(message).toContain('"Autumn launch"');
    expect(message).not.toContain('"Founders outreach"');
    expect(await dailyRequests(standin)).toEqual([]);
  });
});

describe('dates', () => {
  const requestedRange = async () => {
    const [request] = await dailyRequests(standin);
    return [request.query.start_date, request.query.end_date];
  };

  test.each([
    [['2026-11-20', ''], '2026-11-20', '2026-11-26'],
    [['', '2026-11-10'], '2026-10-12', '2026-11-10'],
    [['2026-01-05', '2026-02-10'], '2026-01-05', '2026-02-10'],
    [['this_month', ''], '2026-11-01', '2026-11-26'],
    [['Last 7 days', ''], '2026-11-20', '2026-11-26'],
  ])('%j asks for and shows %s to %s, every day a row', async (dates, first, last) => {
    const rows = readable(daily(start(), '', ...dates, 'sent', false));
    expect(rows[0][0]).toBe(first);
    expect(rows[rows.length - 1][0]).toBe(last);
    expect(new Set(rows.map((row) => row[0])).size).toBe(rows.length);
    expect(await requestedRange()).toEqual([first, last]);
  });

  test.each(['Pacific/Auckland', 'America/Los_Angeles'])(
    'in %s, date cells are its days and each row is midnight of its day there',
    async (timeZone) => {
      const addon = start({ timeZone });
      const table = daily(addon, '', dateCell(addon, '2026-11-24'), dateCell(addon, '2026-11-25'));
      expect(await requestedRange()).toEqual(['2026-11-24', '2026-11-25']);
      expect(readable(table.slice(1), timeZone)).toEqual([
        ['2026-11-24', ...defaultColumns(5)],
        ['2026-11-25', ...defaultColumns(2)],
      ]);
    },
  );

  test.each([
    ['Pacific/Auckland', '2026-11-21', '2026-11-27'],
    ['America/Los_Angeles', '2026-11-20', '2026-11-26'],
  ])('in %s at 23:30 UTC, last_7_days is %s to %s', async (timeZone, first, last) => {
    const table = daily(start({ timeZone, now: '2026-11-26T23:30:00Z' }), '', 'last_7_days');
    expect(await requestedRange()).toEqual([first, last]);
    expect(readable(table.slice(1), timeZone).map((row) => row[0])).toHaveLength(7);
    expect(dayShown(table[7][0], timeZone)).toBe(last);
  });

  test.each(['Pacific/Auckland', 'America/Los_Angeles'])(
    'typed into a cell in %s, the date column shows Instantly’s days',
    (timeZone) => {
      const addon = start({ timeZone });
      const sheet = addon.spreadsheet.activeSheet();
      sheet.getRange('A1').setFormula('=INSTANTLY_DAILY(, "2026-11-24", "2026-11-25", "sent")');
      addon.runtime.spreadsheets.recalculate();
      const { displayValues } = sheet.snapshot();
      expect(displayValues.slice(0, 3).map((row) => row.slice(0, 2))).toEqual([
        ['Date', 'Emails sent'],
        ['11/24/2026 0:00:00', '150'],
        ['11/25/2026 0:00:00', '60'],
      ]);
      sheet.getRange('A2:A3').setNumberFormat('yyyy-mm-dd');
      expect(sheet.snapshot().displayValues[1][0]).toBe('2026-11-24');
    },
  );

  test.each([
    [['', 'all_time'], 'start_date "all_time" has no first day'],
    [['', '2026-02-30'], 'start_date "2026-02-30" is not a date'],
    [['', '', 'soon'], 'end_date "soon" is not a date'],
    [['', '2026-03-01', '2026-02-01'], 'start_date (2026-03-01) is after end_date (2026-02-01)'],
    [['', '2027-01-01'], 'start_date (2027-01-01) is after today (2026-11-26)'],
    [['', 'last_7_days', '2026-02-01'], 'end_date must be blank'],
    [['', '2000-01-01'], 'INSTANTLY_DAILY shows at most 3,660'],
    [
      ['', '', '', 'sent,bogus'],
      'Unknown field "bogus". Valid fields: workspace_name, sent, contacted,',
    ],
    [['', '', '', '', 'maybe'], 'include_header must be TRUE or FALSE'],
  ])('%j is refused before any request: %s', async (args, expected) => {
    expect(dailyError(start(), ...args)).toContain(expected);
    expect(await standin.requests()).toEqual([]);
  });
});

describe('fields', () => {
  test('comma-separated text or a range; every count and rate by its API name', () => {
    const addon = start();
    const text = daily(
      addon,
      '',
      '2026-11-24',
      '2026-11-24',
      'sent, reply_rate,UNIQUE_OPPORTUNITIES',
    );
    const range = daily(addon, '', '2026-11-24', '2026-11-24', [
      ['sent', 'reply_rate'],
      ['unique_opportunities', ''],
    ]);
    expect(range).toEqual(text);
    expect(text[0]).toEqual(['Date', 'Emails sent', 'Reply rate', 'Unique opportunities']);
    expect(readable(text.slice(1))).toEqual([['2026-11-24', 150, 0.2, 15]]);
    const every = [
      'sent',
      'contacted',
      'new_leads_contacted',
      'opened',
      'unique_opened',
      'replies',
      'unique_replies',
      'replies_automatic',
      'unique_replies_automatic',
      'clicks',
      'unique_clicks',
      'opportunities',
      'unique_opportunities',
      'open_rate',
      'reply_rate',
      'click_rate',
    ];
    const [, [, ...values]] = daily(addon, FOUNDERS.name, '2026-11-20', '2026-11-20', every.join());
    expect(values).toEqual([30, 10, 8, 12, 6, 3, 2, 1, 1, 5, 4, 4, 3, 0.6, 0.2, 0.4]);
  });
});

describe('quota and rate', () => {
  test('50 cells over the same campaigns and days: one request per campaign per cache window', async () => {
    const addon = start();
    const campaigns = [[FOUNDERS.name], [AGENCY.name], [DRAFT.name]];
    for (let cell = 0; cell < 50; cell++) {
      daily(addon, campaigns, 'last_7_days', '', cell % 2 ? 'sent' : 'reply_rate', cell % 3 === 0);
    }
    expect(await dailyRequests(standin)).toHaveLength(3);
    // The list is one fetch (its pages) per hour.
    expect(await listFetches(standin)).toBe(1);
    addon.runtime.clock.advance(6 * 60_000);
    daily(addon, campaigns, 'last_7_days');
    expect(await dailyRequests(standin)).toHaveLength(6);
    expect(await listFetches(standin)).toBe(1);
  });

  test('150 campaigns are fetched side by side, at most 100 requests in any second', async () => {
    const many = fixtureWorkspace(150, '2026-11-25');
    await standin.setCampaigns(many);
    // The stand-in would count real time; the add-on paces itself on the runtime's clock.
    await standin.setConfig({ rateLimit: false });
    const addon = start();
    const table = daily(
      addon,
      many.map((campaign) => [campaign.name]),
      '2026-11-25',
      '2026-11-25',
      'sent',
      false,
    );
    expect(table.map((row) => row[2])).toEqual(many.map((_, index) => 300 * (index + 1)));
    const sent = addon.runtime.fetches.filter((fetch) => fetch.url.includes(DAILY_PATH));
    expect(sent).toHaveLength(150);
    const batches = [...new Set(sent.map((fetch) => fetch.at))];
    expect(batches.length).toBeGreaterThanOrEqual(2);
    for (const fetch of sent) {
      const inSecond = sent.filter((other) => other.at > fetch.at - 1000 && other.at <= fetch.at);
      expect(inSecond.length).toBeLessThanOrEqual(100);
    }
    // The first batch takes what the campaign list's pages, just before it, left of the second.
    const listPages = addon.runtime.fetches.filter(
      (fetch) => new URL(fetch.url).pathname === CAMPAIGNS_PATH && fetch.at > batches[0] - 1000,
    ).length;
    expect(listPages).toBeGreaterThan(0);
    expect(sent.filter((fetch) => fetch.at === batches[0]).length).toBe(100 - listPages);
  });

  test('a 429 inside a batch is retried after Retry-After; the table is whole', async () => {
    await standin.queueFault({ status: 429, retryAfter: 2, path: DAILY_PATH, after: 1 });
    const addon = start();
    const table = daily(
      addon,
      [[FOUNDERS.name], [AGENCY.name], [AWKWARD.name]],
      '2026-11-24',
      '2026-11-25',
      'sent',
      false,
    );
    expect(table.map((row) => row[2])).toEqual([60, 0, 90, 30, 0, 30]);
    const requests = await dailyRequests(standin);
    expect(requests.map((request) => request.status)).toEqual([200, 429, 200, 200]);
    const sent = addon.runtime.fetches.filter((fetch) => fetch.url.includes(DAILY_PATH));
    expect(sent.slice(0, 3).every((fetch) => fetch.at === sent[0].at)).toBe(true);
    expect(sent[3].at - sent[0].at).toBeGreaterThanOrEqual(2000);
  });
});

test('a campaign’s days add up to its INSTANTLY_ANALYTICS totals for the same range', async () => {
  const sample = createSampleWorkspace({ endDate: '2026-11-26', campaignCount: 6 });
  await standin.setCampaigns(sample);
  const addon = start();
  const range = ['2026-06-01', '2026-08-31'];
  // Each daily field and the analytics field it is the day's share of (the stand-in's own table).
  const matching: Record<string, string> = ACTIVITY_OF_DAILY_FIELD;
  const checked = sample.filter((campaign) =>
    Object.keys(campaign.daily).some((day) => day >= range[0] && day <= range[1]),
  );
  expect(checked.length).toBeGreaterThan(1);
  let sent = 0;
  for (const campaign of checked) {
    const days = daily(addon, campaign.id, ...range, Object.keys(matching).join(), false);
    expect(days).toHaveLength(92);
    const sums = Object.keys(matching).map((_, column) =>
      days.reduce((sum, row) => sum + (row[column + 1] as number), 0),
    );
    const [totals] = analytics(addon, campaign.id, ...range, Object.values(matching).join(), false);
    expect([campaign.name, ...sums]).toEqual([campaign.name, ...totals]);
    sent += sums[0];
  }
  expect(sent).toBeGreaterThan(0);
});

test('the key shows nowhere, also when Instantly refuses it', () => {
  const addon = start();
  daily(addon, [[FOUNDERS.name]], 'last_7_days');
  expect(everythingVisible(addon)).not.toContain(API_KEY);
  const refused = start({ apiKey: 'sk-refused-7c1d9e2f4a6b' });
  expect(dailyError(refused, [[FOUNDERS.name]])).toMatch(/rejected the API key/);
  expect(dailyError(refused, '')).toMatch(/rejected the API key/);
  expect(everythingVisible(refused)).not.toContain('sk-refused-7c1d9e2f4a6b');
});
