/**
 * =INSTANTLY_OVERVIEW() as Sheets evaluates it: the built bundle in the local Apps Script
 * runtime, against the Instantly stand-in over a real socket.
 */
import { overview } from '../../dev/standin/reports';
import { OVERVIEW_PATH } from '../../dev/standin/server';
import {
  CAMPAIGN_STATUS,
  createCampaign,
  type DayRange,
  fixtureWorkspace,
  type StandinCampaign,
} from '../../dev/standin/workspace';
import { type Addon, startAddon, useStandin } from '../support/addon';
import { formula, formulaFailure, requestsTo } from '../support/formulas';

const campaigns = fixtureWorkspace(6);
const standin = useStandin(campaigns);

const start = (): Addon => startAddon({ standinUrl: standin.url, now: '2026-11-26T12:00:00Z' });
const totals = (addon: Addon, ...args: unknown[]) => formula(addon, 'INSTANTLY_OVERVIEW', ...args);
const overviewRequests = async () => requestsTo(await standin.requests(), OVERVIEW_PATH);

const FUNNEL =
  'contacted_count,total_interested,total_meeting_booked,total_meeting_completed,total_closed,interested_rate,meeting_booked_rate,closed_rate';
const JANUARY: DayRange = { start: '2025-01-01', end: '2025-01-31' };

/** The funnel row for these campaigns, worked out from the stand-in's own totals. */
function funnelRow(selection: StandinCampaign[], range: DayRange = {}): unknown[] {
  const sums = overview(selection, range, false);
  const rate = (count: number) => (sums.contacted_count > 0 ? count / sums.contacted_count : '');
  return [
    sums.contacted_count,
    sums.total_interested,
    sums.total_meeting_booked,
    sums.total_meeting_completed,
    sums.total_closed,
    rate(sums.total_interested),
    rate(sums.total_meeting_booked),
    rate(sums.total_closed),
  ];
}

describe('campaign', () => {
  test('blank: the workspace’s totals from one request without ids', async () => {
    const table = totals(start(), '', '2025-01-01', '2025-01-31', FUNNEL);
    expect(table).toEqual([
      [
        'Contacted',
        'Interested',
        'Meetings booked',
        'Meetings completed',
        'Closed',
        'Interested rate',
        'Meeting booked rate',
        'Closed rate',
      ],
      funnelRow(campaigns, JANUARY),
    ]);
    const requests = await standin.requests();
    expect(requests.map((request) => [request.path, request.query])).toEqual([
      [OVERVIEW_PATH, { start_date: '2025-01-01', end_date: '2025-01-31' }],
    ]);
  });

  test('one campaign by id or name: its totals, from one overview request', async () => {
    const addon = start();
    const expected = [funnelRow([campaigns[2]])];
    expect(totals(addon, campaigns[2].id, '', '', FUNNEL, false)).toEqual(expected);
    expect(totals(addon, 'campaign 003', '', '', FUNNEL, false)).toEqual(expected);
    expect((await overviewRequests()).map((request) => request.query)).toEqual([
      { ids: [campaigns[2].id] },
    ]);
  });

  test('a range: one row of the selection’s totals, from one request with ids repeated', async () => {
    const wanted = [campaigns[4], campaigns[1], campaigns[3]];
    const table = totals(
      start(),
      [
        [wanted[0].name, wanted[1].id],
        ['', wanted[2].name],
      ],
      '',
      '',
      FUNNEL,
      false,
    );
    expect(table).toEqual([funnelRow(wanted)]);
    expect((await overviewRequests()).map((request) => request.query.ids)).toEqual([
      wanted.map((campaign) => campaign.id),
    ]);
  });

  test('more ids than one URL holds: a few requests added up, never the workspace total', async () => {
    const workspace = fixtureWorkspace(250);
    await standin.setCampaigns(workspace);
    const wanted = workspace.slice(10, 210);
    const table = totals(
      start(),
      wanted.map((campaign) => [campaign.id]),
      '',
      '',
      FUNNEL,
      false,
    );
    expect(table).toEqual([funnelRow(wanted)]);
    expect(table).not.toEqual([funnelRow(workspace)]);
    const requests = await overviewRequests();
    // As few requests as hold the ids: every one but the last is full.
    expect(requests.length).toBeGreaterThan(1);
    expect(requests.length).toBe(Math.ceil(wanted.length / requests[0].query.ids.length));
    for (const request of requests) {
      expect(request.url.length).toBeLessThanOrEqual(2000);
      expect(request.query.ids.length).toBeGreaterThan(0);
    }
    expect(requests.flatMap((request) => request.query.ids)).toEqual(wanted.map((c) => c.id));
  });
});

describe('fields', () => {
  test('the defaults: the KPIs of a dashboard, outcomes included', () => {
    expect(totals(start())[0]).toEqual([
      'Contacted',
      'Emails sent',
      'Unique replies',
      'Reply rate',
      'Opportunities',
      'Interested',
      'Interested rate',
      'Meetings booked',
      'Meeting booked rate',
      'Closed',
      'Closed rate',
    ]);
  });

  test('every field of the response and the analytics rates can be asked for', () => {
    const table = totals(
      start(),
      campaigns[0].id,
      '',
      '',
      'open_count,completed_count,total_opportunity_value,bounce_rate,opportunity_rate',
      false,
    );
    const sums = overview([campaigns[0]], {}, false);
    expect(table).toEqual([
      [
        sums.open_count,
        sums.completed_count,
        sums.total_opportunity_value,
        sums.bounced_count / sums.contacted_count,
        sums.total_opportunities / sums.contacted_count,
      ],
    ]);
  });

  test('rates are blank when nobody was contacted in the range', () => {
    const table = totals(
      start(),
      '',
      '2026-01-01',
      '2026-01-31',
      'contacted_count,interested_rate,closed_rate',
      false,
    );
    expect(table).toEqual([[0, '', '']]);
  });

  test('an unknown field lists the valid ones and costs no request', async () => {
    const message = formulaFailure(start(), 'INSTANTLY_OVERVIEW', '', '', '', 'leads_count');
    expect(message).toContain('"leads_count"');
    expect(message).toContain('total_meeting_completed');
    expect(message).toContain('closed_rate');
    expect(await standin.requests()).toEqual([]);
  });
});

describe('quota and errors', () => {
  test('cells asking the same share one request per cache window', async () => {
    const addon = start();
    for (let cell = 0; cell < 5; cell++) totals(addon, '', 'this_month', '', 'total_closed');
    expect(await overviewRequests()).toHaveLength(1);
  });

  test('a draft resolves by name and adds nothing', async () => {
    const draft = createCampaign({
      name: 'Winter draft',
      status: CAMPAIGN_STATUS.draft,
      daily: {},
    });
    await standin.setCampaigns([...campaigns, draft]);
    const table = totals(start(), [['Winter draft'], [campaigns[0].name]], '', '', FUNNEL, false);
    expect(table).toEqual([funnelRow([campaigns[0]])]);
  });

  test('Instantly down: the error says what to do', async () => {
    await standin.queueFault({ status: 503, path: OVERVIEW_PATH, times: 10 });
    expect(formulaFailure(start(), 'INSTANTLY_OVERVIEW')).toMatch(
      /Instantly is having trouble \(HTTP 503\)\. Try again in a few minutes\./,
    );
  });
});
