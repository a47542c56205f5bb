/**
 * =INSTANTLY_STEPS() as Sheets evaluates it: the built bundle in the local Apps Script runtime,
 * against the Instantly stand-in over a real socket.
 */
import { campaignStepRows, type StepRow, workspaceStepRows } from '../../dev/standin/reports';
import { STEPS_PATH } from '../../dev/standin/server';
import {
  CAMPAIGN_STATUS,
  createCampaign,
  type DayRange,
  fixtureWorkspace,
  type StandinCampaign,
} from '../../dev/standin/workspace';
import {
  type Addon,
  API_KEY,
  dateCell,
  everythingVisible,
  startAddon,
  useStandin,
} from '../support/addon';
import {
  fetchTimes,
  formula,
  formulaFailure,
  requestsTo,
  STEP_DEFAULT_HEADER,
} from '../support/formulas';

const DRAFT = createCampaign({ name: 'Spring draft', status: CAMPAIGN_STATUS.draft, daily: {} });
const campaigns = [...fixtureWorkspace(8), DRAFT];
const standin = useStandin(campaigns);

const start = (options: Partial<Parameters<typeof startAddon>[0]> = {}): Addon =>
  startAddon({ standinUrl: standin.url, now: '2026-11-26T12:00:00Z', ...options });

const steps = (addon: Addon, ...args: unknown[]) => formula(addon, 'INSTANTLY_STEPS', ...args);
const stepRequests = async () => requestsTo(await standin.requests(), STEPS_PATH);

const FIELDS = 'step,variant,sent,unique_replies,reply_rate';
const COUNTS = ['sent', 'unique_replies'] as const;

/**
 * The table a person should see for the stand-in's step rows, worked out here: attributed rows
 * by step then variant (numbers), variants as letters, the rest added up in one row, last.
 */
function expectedRows(rows: StepRow[]): unknown[][] {
  const rate = (sent: number, replies: number) => (sent > 0 ? replies / sent : '');
  const attributed = rows
    .filter((row) => row.step !== null && row.variant !== null)
    .sort((a, b) => Number(a.step) - Number(b.step) || Number(a.variant) - Number(b.variant))
    .map((row) => [
      Number(row.step),
      'ABCDEFGHIJ'[Number(row.variant)],
      ...COUNTS.map((name) => row[name]),
      rate(row.sent ?? 0, row.unique_replies ?? 0),
    ]);
  const loose = rows.filter((row) => row.step === null || row.variant === null);
  if (loose.length === 0) return attributed;
  const sums = COUNTS.map((name) => loose.reduce((sum, row) => sum + (row[name] ?? 0), 0));
  return [...attributed, ['Unattributed', '', ...sums, rate(sums[0], sums[1])]];
}

const HEADER = ['Step', 'Variant', 'Sent', 'Unique replies', 'Reply rate'];
const ALL_TIME: DayRange = {};

/** A fixture campaign whose steps have an A/B test and unattributed events. */
const withVariantsAndUnattributed = (): StandinCampaign => {
  const found = campaigns.find((campaign) => {
    const rows = campaignStepRows(campaign, ALL_TIME, false);
    return rows.some((row) => row.variant === '1') && rows.some((row) => row.step === null);
  });
  if (!found) throw new Error('The fixture needs a campaign with variants and unattributed events');
  return found;
};

describe('campaign', () => {
  test('blank: every campaign added up, from one request without campaign_id', async () => {
    const table = steps(start(), '', '', '', FIELDS);
    expect(table).toEqual([HEADER, ...expectedRows(workspaceStepRows(campaigns, ALL_TIME, false))]);
    const requests = await standin.requests();
    expect(requests).toHaveLength(1);
    expect(requests[0].path).toBe(STEPS_PATH);
    expect(requests[0].query).toEqual({});
    expect(requests[0].headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  test('an id, or a name in any case: that campaign’s steps from one steps request', async () => {
    const [, second] = campaigns;
    const expected = [HEADER, ...expectedRows(campaignStepRows(second, ALL_TIME, false))];
    const addon = start();
    expect(steps(addon, second.id, '', '', FIELDS)).toEqual(expected);
    expect(steps(addon, 'CAMPAIGN 002', '', '', FIELDS)).toEqual(expected);
    const queries = (await stepRequests()).map((request) => request.query);
    // The name resolves through the cached campaign list; the id was asked for once, then cached.
    expect(queries).toEqual([{ campaign_id: second.id }]);
  });

  test('a draft resolves by name; it has no steps yet, so just the header', async () => {
    expect(steps(start(), 'spring draft', '', '', FIELDS)).toEqual([HEADER]);
    expect((await stepRequests()).map((request) => request.query)).toEqual([
      { campaign_id: DRAFT.id },
    ]);
  });

  test('a range: a block per campaign in the order given, its name first, fetched side by side', async () => {
    const wanted = [campaigns[4], campaigns[0], campaigns[2]];
    const addon = start();
    const table = steps(
      addon,
      [[wanted[0].name], [''], [wanted[1].id], [wanted[2].name]],
      '',
      '',
      FIELDS,
    );
    expect(table).toEqual([
      ['Campaign', ...HEADER],
      ...wanted.flatMap((campaign) =>
        expectedRows(campaignStepRows(campaign, ALL_TIME, false)).map((row) => [
          campaign.name,
          ...row,
        ]),
      ),
    ]);
    const requests = await stepRequests();
    expect(requests.map((request) => request.query.campaign_id)).toEqual(wanted.map((c) => c.id));
    // One UrlFetchApp.fetchAll: every steps request left at the same moment.
    expect(new Set(fetchTimes(addon, STEPS_PATH)).size).toBe(1);
  });

  test('a range with one campaign keeps the campaign column; a blank range is the workspace', () => {
    const addon = start();
    expect(steps(addon, [[campaigns[1].name], ['']], '', '', 'step', true)[0]).toEqual([
      'Campaign',
      'Step',
    ]);
    expect(steps(addon, [[''], ['']], '', '', 'step', true)[0]).toEqual(['Step']);
  });

  test('an unknown campaign is an error naming it, before any steps request', async () => {
    const message = formulaFailure(start(), 'INSTANTLY_STEPS', [['Campaign 001'], ['Autumn push']]);
    expect(message).toContain('"Autumn push"');
    expect(await stepRequests()).toEqual([]);
  });
});

describe('rows', () => {
  test('variants are letters, sorted within their step; unattributed events are one row, last', () => {
    const campaign = withVariantsAndUnattributed();
    const table = steps(start(), campaign.id, '', '', FIELDS, false);
    expect(table).toEqual(expectedRows(campaignStepRows(campaign, ALL_TIME, false)));
    expect(table.map((row) => row[1])).toEqual(expect.arrayContaining(['A', 'B']));
    expect(table[table.length - 1].slice(0, 2)).toEqual(['Unattributed', '']);
    expect(table.filter((row) => row[0] === 'Unattributed')).toHaveLength(1);
  });

  test('the default columns', () => {
    expect(steps(start(), campaigns[0].id)[0]).toEqual(STEP_DEFAULT_HEADER);
  });
});

describe('fields', () => {
  test('opportunity fields ask Instantly to count them; other fields do not', async () => {
    const campaign = campaigns[3];
    const addon = start();
    const table = steps(
      addon,
      campaign.id,
      '',
      '',
      'step,variant,opportunities,unique_opportunities,meetings_booked,won',
      false,
    );
    const rows = campaignStepRows(campaign, ALL_TIME, true).filter((row) => row.step !== null);
    expect(table.slice(0, rows.length).map((row) => row.slice(2))).toEqual(
      [...rows]
        .sort((a, b) => Number(a.step) - Number(b.step) || Number(a.variant) - Number(b.variant))
        .map((row) => [row.opportunities, row.unique_opportunities, row.meetings_booked, row.won]),
    );
    steps(addon, campaign.id, '', '', 'step,variant,sent,click_rate');
    expect(
      (await stepRequests()).map((request) => request.query.include_opportunities_count),
    ).toEqual(['true', undefined]);
  });

  test('an unknown field lists the valid ones, and costs no request', async () => {
    const message = formulaFailure(start(), 'INSTANTLY_STEPS', '', '', '', 'step,reply_count');
    expect(message).toContain('"reply_count"');
    expect(message).toContain('unique_replies');
    expect(message).toContain('meetings_booked');
    expect(await standin.requests()).toEqual([]);
  });
});

describe('dates', () => {
  test('date cells, YYYY-MM-DD and relative ranges, in the spreadsheet’s time zone', async () => {
    const addon = start({ timeZone: 'Pacific/Auckland' });
    steps(addon, '', dateCell(addon, '2025-01-10'), '2025-01-20');
    steps(addon, '', 'last_7_days');
    expect((await stepRequests()).map((request) => request.query)).toEqual([
      { start_date: '2025-01-10', end_date: '2025-01-20' },
      { start_date: '2026-11-21', end_date: '2026-11-27' },
    ]);
  });

  test('a range without activity has no rows', () => {
    expect(steps(start(), '', '2026-01-01', '2026-01-31', FIELDS)).toEqual([HEADER]);
  });

  test('a bad date names its argument, before any request', async () => {
    expect(formulaFailure(start(), 'INSTANTLY_STEPS', '', '2025-01-31', '2025-01-01')).toContain(
      'start_date (2025-01-31) is after end_date (2025-01-01)',
    );
    expect(await standin.requests()).toEqual([]);
  });
});

describe('quota, retries and failures', () => {
  test('cells asking the same share one request per cache window', async () => {
    const addon = start();
    for (let cell = 0; cell < 5; cell++) steps(addon, '', 'last_30_days');
    steps(addon, '', 'last_7_days');
    expect(await stepRequests()).toHaveLength(2);
    addon.runtime.clock.advance(10 * 60_000);
    steps(addon, '', 'last_30_days');
    expect(await stepRequests()).toHaveLength(3);
  });

  test('a 429 and a 500 inside a batch are retried; the table is whole', async () => {
    const wanted = campaigns.slice(0, 4);
    await standin.queueFault(
      { status: 429, path: STEPS_PATH, after: 1 },
      { status: 500, path: STEPS_PATH, after: 2 },
    );
    const table = steps(
      start(),
      wanted.map((campaign) => [campaign.id]),
      '',
      '',
      FIELDS,
      false,
    );
    expect(table).toEqual(
      wanted.flatMap((campaign) =>
        expectedRows(campaignStepRows(campaign, ALL_TIME, false)).map((row) => [
          campaign.name,
          ...row,
        ]),
      ),
    );
    const statuses = (await stepRequests()).map((request) => request.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(4);
    expect(statuses.filter((status) => status !== 200).sort()).toEqual([429, 500]);
  });

  test('when retries run out, the error says so and the key shows nowhere', async () => {
    await standin.queueFault({ status: 500, path: STEPS_PATH, after: 1, times: 10 });
    const addon = start();
    const message = formulaFailure(addon, 'INSTANTLY_STEPS', [
      [campaigns[0].id],
      [campaigns[1].id],
    ]);
    expect(message).toMatch(/Instantly is having trouble \(HTTP 500\)/);
    expect(message).not.toContain(API_KEY);
    expect(everythingVisible(addon)).not.toContain(API_KEY);
  });
});
