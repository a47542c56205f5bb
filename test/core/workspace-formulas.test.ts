import type { HttpRequest } from '../../src/core/api-client';
import { UserFacingError } from '../../src/core/errors';
import type { WorkspaceFormulaContext } from '../../src/core/formula';
import { instantlyOverview, instantlySteps } from '../../src/core/workspace-formulas';
import {
  campaignId,
  clientOptions,
  connectedSource,
  listedCampaign,
  respondingTransport,
  response,
  withCampaignList,
} from './fakes';

const TODAY = '2024-03-15';
const LISTED = [
  listedCampaign(1, { name: 'Alpha' }),
  listedCampaign(2, { name: 'Beta' }),
  listedCampaign(3, { name: 'Draft one', status: 0 }),
];

const stepsPath = '/api/v2/campaigns/analytics/steps';

/** Steps: campaign n has step 0 A/B with n·100 sent; the workspace 1000. Overview: n per id. */
function answer(request: HttpRequest) {
  const url = new URL(request.url);
  if (url.pathname === stepsPath) {
    const id = url.searchParams.get('campaign_id');
    const sent = id ? 100 * Number.parseInt(id.slice(-4), 16) : 1000;
    return response(200, [
      { step: '0', variant: '1', sent, unique_replies: sent / 10 },
      { step: null, variant: null, sent: 0, unique_replies: 3 },
      { step: '0', variant: '0', sent, unique_replies: sent / 20 },
    ]);
  }
  const ids = url.searchParams.getAll('ids');
  const n =
    ids.length === 0 ? 1000 : ids.reduce((sum, id) => sum + Number.parseInt(id.slice(-4), 16), 0);
  return response(200, { contacted_count: 10 * n, total_interested: n, total_closed: 0 });
}

function context() {
  const transport = respondingTransport(answer);
  const listing = withCampaignList(transport, LISTED);
  const ctx: WorkspaceFormulaContext = {
    today: TODAY,
    toIsoDate: () => TODAY,
    sources: [connectedSource(clientOptions(listing))],
  };
  return { ctx, transport, listing };
}

const query = (request: HttpRequest) => new URL(request.url).searchParams;

describe('instantlySteps', () => {
  test('blank: the workspace in one request, without the campaign list', () => {
    const { ctx, transport, listing } = context();
    const table = instantlySteps({ fields: 'step,variant,sent,reply_rate' }, ctx);
    expect(table).toEqual([
      ['Step', 'Variant', 'Sent', 'Reply rate'],
      [0, 'A', 1000, 0.05],
      [0, 'B', 1000, 0.1],
      ['Unattributed', '', 0, ''],
    ]);
    expect(transport.requests).toHaveLength(1);
    expect(query(transport.requests[0]).has('campaign_id')).toBe(false);
    expect(listing.listRequests).toHaveLength(0);
  });

  test('one campaign by name (a draft too): its steps, no campaign column', () => {
    const { ctx, transport } = context();
    const table = instantlySteps({ campaign: 'draft ONE', fields: 'step,variant,sent' }, ctx);
    expect(table).toEqual([
      ['Step', 'Variant', 'Sent'],
      [0, 'A', 300],
      [0, 'B', 300],
      ['Unattributed', '', 0],
    ]);
    expect(transport.requests.map((request) => query(request).get('campaign_id'))).toEqual([
      campaignId(3),
    ]);
  });

  test('a range: a block per campaign in the order given, its name first', () => {
    const { ctx, transport } = context();
    const table = instantlySteps(
      { campaign: [['Beta'], [''], [campaignId(1)]], fields: 'variant,sent', include_header: true },
      ctx,
    );
    expect(table).toEqual([
      ['Campaign', 'Variant', 'Sent'],
      ['Beta', 'A', 200],
      ['Beta', 'B', 200],
      ['Beta', '', 0],
      ['Alpha', 'A', 100],
      ['Alpha', 'B', 100],
      ['Alpha', '', 0],
    ]);
    expect(transport.requests).toHaveLength(2);
  });

  test('opportunity fields switch on their counting, others do not', () => {
    const { ctx, transport } = context();
    instantlySteps({ fields: 'step,sent' }, ctx);
    instantlySteps({ fields: 'step,won' }, ctx);
    expect(
      transport.requests.map((request) => query(request).get('include_opportunities_count')),
    ).toEqual([null, 'true']);
  });

  test('arguments are checked before any request', () => {
    const { ctx, transport, listing } = context();
    expect(() => instantlySteps({ fields: 'opens' }, ctx)).toThrow(UserFacingError);
    expect(() => instantlySteps({ start_date: 'soon' }, ctx)).toThrow(/start_date "soon"/);
    expect(() => instantlySteps({ campaign: 'Gamma' }, ctx)).toThrow(/No campaign matches "Gamma"/);
    expect(transport.requests).toHaveLength(0);
    expect(listing.listRequests.length).toBeGreaterThan(0);
  });

  test('no rows and no header: one blank cell', () => {
    const transport = respondingTransport(() => response(200, []));
    const ctx = {
      ...context().ctx,
      sources: [connectedSource(clientOptions(transport))],
    };
    expect(instantlySteps({ include_header: false }, ctx)).toEqual([['']]);
  });
});

describe('instantlyOverview', () => {
  test('blank: the workspace totals in one request with no ids, the rates over contacted', () => {
    const { ctx, transport } = context();
    const table = instantlyOverview(
      {
        start_date: '2024-01-01',
        end_date: '2024-01-31',
        fields: 'total_interested,interested_rate,total_meeting_booked',
      },
      ctx,
    );
    expect(table).toEqual([
      ['Interested', 'Interested rate', 'Meetings booked'],
      [1000, 0.1, ''],
    ]);
    expect(transport.requests).toHaveLength(1);
    expect(query(transport.requests[0]).getAll('ids')).toEqual([]);
    expect(query(transport.requests[0]).get('start_date')).toBe('2024-01-01');
  });

  test('a range of campaigns: one row of their totals from one request', () => {
    const { ctx, transport } = context();
    const table = instantlyOverview(
      { campaign: [['Alpha', 'Beta']], fields: 'total_interested', include_header: false },
      ctx,
    );
    expect(table).toEqual([[3]]);
    expect(transport.requests).toHaveLength(1);
    expect(query(transport.requests[0]).getAll('ids')).toEqual([campaignId(1), campaignId(2)]);
  });

  test('closed rate is blank when nobody was contacted', () => {
    const transport = respondingTransport(() =>
      response(200, { contacted_count: 0, total_closed: 0 }),
    );
    const ctx = {
      ...context().ctx,
      sources: [connectedSource(clientOptions(transport))],
    };
    expect(instantlyOverview({ fields: 'closed_rate', include_header: false }, ctx)).toEqual([
      [''],
    ]);
  });
});
