/**
 * The outcomes funnel (interested, meetings booked and completed, closed) in INSTANTLY_ANALYTICS
 * and in the report: one overview request per campaign, only when a funnel column is chosen.
 */
import { overview } from '../../dev/standin/reports';
import { ANALYTICS_PATH, OVERVIEW_PATH } from '../../dev/standin/server';
import {
  CAMPAIGN_STATUS,
  createCampaign,
  type DayRange,
  fixtureWorkspace,
  type StandinCampaign,
} from '../../dev/standin/workspace';
import type { RefreshResult } from '../../src/core/refresh';
import type { SidebarState } from '../../src/core/sidebar-api';
import { type Addon, API_KEY, everythingVisible, startAddon, useStandin } from '../support/addon';
import { fetchTimes, formula, requestsTo } from '../support/formulas';

const DRAFT = createCampaign({ name: 'Draft: not sent', status: CAMPAIGN_STATUS.draft, daily: {} });
const campaigns = [...fixtureWorkspace(5), DRAFT];
const standin = useStandin(campaigns);

const JANUARY: DayRange = { start: '2025-01-01', end: '2025-01-31' };
const FUNNEL_FIELDS = [
  'campaign_name',
  'contacted_count',
  'total_interested',
  'interested_rate',
  'total_meeting_booked',
  'meeting_booked_rate',
  'total_meeting_completed',
  'total_closed',
  'closed_rate',
];
const FUNNEL_HEADER = [
  'Campaign',
  'Contacted',
  'Interested',
  'Interested rate',
  'Meetings booked',
  'Meeting booked rate',
  'Meetings completed',
  'Closed',
  'Closed rate',
];

/** A campaign's funnel row, from the stand-in's own totals; rates over contacted leads. */
function funnelRow(campaign: StandinCampaign, range: DayRange = JANUARY): unknown[] {
  const sums = overview([campaign], range, false);
  const rate = (count: number) => (sums.contacted_count > 0 ? count / sums.contacted_count : '');
  return [
    campaign.name,
    sums.contacted_count,
    sums.total_interested,
    rate(sums.total_interested),
    sums.total_meeting_booked,
    rate(sums.total_meeting_booked),
    sums.total_meeting_completed,
    sums.total_closed,
    rate(sums.total_closed),
  ];
}

const start = (): Addon => startAddon({ standinUrl: standin.url, now: '2026-11-26T12:00:00Z' });
const overviewRequests = async () => requestsTo(await standin.requests(), OVERVIEW_PATH);
const analytics = (addon: Addon, ...args: unknown[]) =>
  formula(addon, 'INSTANTLY_ANALYTICS', ...args);

describe('INSTANTLY_ANALYTICS', () => {
  test('funnel fields: one overview request per campaign, side by side, merged into its row', async () => {
    const addon = start();
    const table = analytics(addon, '', JANUARY.start, JANUARY.end, FUNNEL_FIELDS.join(','));
    expect(table).toEqual([FUNNEL_HEADER, ...campaigns.map((campaign) => funnelRow(campaign))]);
    const requests = await overviewRequests();
    expect(requests.map((request) => request.query)).toEqual(
      campaigns.map((campaign) => ({
        ids: [campaign.id],
        start_date: JANUARY.start,
        end_date: JANUARY.end,
      })),
    );
    expect(new Set(fetchTimes(addon, OVERVIEW_PATH)).size).toBe(1);
    expect(requestsTo(await standin.requests(), ANALYTICS_PATH)).toHaveLength(1);
  });

  test('the default fields and other columns cost no overview request', async () => {
    const addon = start();
    analytics(addon);
    analytics(addon, '', '', '', 'campaign_name,reply_rate,total_opportunities,opportunity_rate');
    expect(await overviewRequests()).toEqual([]);
  });

  test('chosen campaigns: requests for those only; the same cells again cost nothing', async () => {
    const addon = start();
    const wanted = [[campaigns[3].name], [campaigns[1].id]];
    const fields = 'campaign_name,total_closed,closed_rate';
    const table = analytics(addon, wanted, JANUARY.start, JANUARY.end, fields, false);
    expect(table).toEqual(
      [campaigns[3], campaigns[1]].map((campaign) => {
        const row = funnelRow(campaign);
        return [row[0], row[7], row[8]];
      }),
    );
    analytics(addon, wanted, JANUARY.start, JANUARY.end, fields, false);
    analytics(addon, wanted, JANUARY.start, JANUARY.end, 'total_interested', false);
    expect((await overviewRequests()).map((request) => request.query.ids)).toEqual([
      [campaigns[3].id],
      [campaigns[1].id],
    ]);
  });
});

// ---- The report ----------------------------------------------------------------------------

const REPORT = 'Instantly Analytics';
const januaryReport = (overrides: Record<string, unknown> = {}) => ({
  sheetName: REPORT,
  dateRange: 'custom',
  startDate: JANUARY.start,
  endDate: JANUARY.end,
  campaignIds: [],
  fields: FUNNEL_FIELDS,
  ...overrides,
});
const refreshNow = (addon: Addon, settings = januaryReport()) =>
  addon.runtime.callFromClient('refreshNow', settings) as RefreshResult;
const reportValues = (addon: Addon) => addon.spreadsheet.sheet(REPORT).snapshot().values;

describe('the report', () => {
  test('the sidebar offers every funnel column', () => {
    const state = start().runtime.callFromClient('getSidebarState') as SidebarState;
    const offered = state.fields.map((field) => [field.name, field.label]);
    expect(offered).toEqual(
      expect.arrayContaining([
        ['total_interested', 'Interested'],
        ['total_meeting_booked', 'Meetings booked'],
        ['total_meeting_completed', 'Meetings completed'],
        ['total_closed', 'Closed'],
        ['interested_rate', 'Interested rate'],
        ['meeting_booked_rate', 'Meeting booked rate'],
        ['closed_rate', 'Closed rate'],
      ]),
    );
  });

  test('funnel columns: each campaign’s outcomes, one overview request per campaign', async () => {
    const addon = start();
    expect(refreshNow(addon).outcome).toMatchObject({ ok: true, rows: campaigns.length });
    expect(reportValues(addon)).toEqual([
      FUNNEL_HEADER,
      ...campaigns.map((campaign) => funnelRow(campaign)),
    ]);
    const formats = addon.spreadsheet.sheet(REPORT).snapshot().numberFormats[1];
    expect(formats.slice(2, 4)).toEqual(['#,##0', '0.0%']);
    expect(await overviewRequests()).toHaveLength(campaigns.length);
  });

  test('chosen campaigns: overview requests for those only', async () => {
    const chosen = [campaigns[4].id, campaigns[0].id];
    refreshNow(start(), januaryReport({ campaignIds: chosen }));
    expect((await overviewRequests()).map((request) => request.query.ids)).toEqual([
      [chosen[0]],
      [chosen[1]],
    ]);
  });

  test('without funnel columns the report makes no overview request', async () => {
    refreshNow(start(), januaryReport({ fields: ['campaign_name', 'reply_rate'] }));
    expect(await overviewRequests()).toEqual([]);
  });

  test('a 429 and a 500 inside the batch are retried, and the report is whole', async () => {
    await standin.queueFault(
      { status: 429, path: OVERVIEW_PATH, after: 2 },
      { status: 500, path: OVERVIEW_PATH, after: 3 },
    );
    const addon = start();
    expect(refreshNow(addon).outcome.ok).toBe(true);
    expect(reportValues(addon)).toEqual([
      FUNNEL_HEADER,
      ...campaigns.map((campaign) => funnelRow(campaign)),
    ]);
    const statuses = (await overviewRequests()).map((request) => request.status);
    expect(statuses).toHaveLength(campaigns.length + 2);
    expect(statuses.filter((status) => status !== 200).sort()).toEqual([429, 500]);
  });

  test('when outcomes keep failing, the old report stays and the status says why', async () => {
    const addon = start();
    refreshNow(addon);
    const before = addon.spreadsheet.sheet(REPORT).snapshot();
    await standin.clearRequests();
    // Every overview request but the first fails, however often it is retried.
    await standin.queueFault({ status: 500, path: OVERVIEW_PATH, after: 1, times: 1000 });
    const { outcome, status } = refreshNow(addon, januaryReport({ startDate: '2025-01-02' }));
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toMatch(/Instantly is having trouble \(HTTP 500\)/);
    expect(status.lastFailure?.error).toBe(outcome.error);
    expect(addon.spreadsheet.sheet(REPORT).snapshot()).toEqual(before);
    expect(everythingVisible(addon)).not.toContain(API_KEY);
  });
});
