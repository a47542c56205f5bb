import type { HttpRequest } from '../../src/core/api-client';
import {
  campaignPageCall,
  listCampaigns,
  PAGE_SIZE,
  parseCampaignPage,
  withNeverSent,
} from '../../src/core/campaign-list';
import { MalformedResponseError } from '../../src/core/response';
import {
  campaign,
  campaignId,
  clientOptions,
  listedCampaign,
  respondingTransport,
  response,
} from './fakes';

const cursorOf = (request: HttpRequest) => new URL(request.url).searchParams.get('starting_after');

/** Pages of `size` campaigns out of `total`; each page's cursor is its last id, as Instantly does. */
function pagedTransport(total: number, size = PAGE_SIZE, stuckCursor = false) {
  const all = Array.from({ length: total }, (_, index) => listedCampaign(index + 1));
  return respondingTransport((request) => {
    const after = cursorOf(request);
    const start = after ? all.findIndex((item) => item.id === after) + 1 : 0;
    const items = stuckCursor && after ? all.slice(0, size) : all.slice(start, start + size);
    const last = items[items.length - 1];
    return response(200, last ? { items, next_starting_after: last.id } : { items: [] });
  });
}

describe('campaignPageCall', () => {
  test('asks for full pages, then from the cursor on', () => {
    expect(campaignPageCall().params).toEqual([['limit', '100']]);
    expect(campaignPageCall('abc').params).toEqual([
      ['limit', '100'],
      ['starting_after', 'abc'],
    ]);
    expect(campaignPageCall().path).toBe('/api/v2/campaigns');
  });
});

describe('parseCampaignPage', () => {
  test('reads id, name, status and evergreen; the cursor when there is one', () => {
    const page = parseCampaignPage(
      JSON.stringify({
        items: [{ id: 'a', name: 'Draft one', status: 0, is_evergreen: true, extra: 1 }],
        next_starting_after: 'a',
      }),
    );
    expect(page).toEqual({
      items: [{ id: 'a', name: 'Draft one', status: 0, isEvergreen: true }],
      nextStartingAfter: 'a',
    });
    expect(parseCampaignPage('{"items":[]}').nextStartingAfter).toBeUndefined();
  });

  test.each(['not json', '[]', '{"items":{}}', '{"items":[{"name":"no id"}]}'])(
    'rejects %s as malformed',
    (body) => {
      expect(() => parseCampaignPage(body)).toThrow(MalformedResponseError);
    },
  );
});

describe('listCampaigns', () => {
  test('follows the cursor and stops on the empty page after the last', () => {
    const transport = pagedTransport(250);
    const campaigns = listCampaigns(clientOptions(transport));
    expect(campaigns).toHaveLength(250);
    expect(campaigns[249].id).toBe(campaignId(250));
    // 100 + 100 + 50, then the empty page that the last page's cursor leads to.
    expect(transport.requests).toHaveLength(4);
    expect(transport.requests.map(cursorOf)).toEqual([
      null,
      campaignId(100),
      campaignId(200),
      campaignId(250),
    ]);
  });

  test('stops when the cursor does not move', () => {
    const transport = respondingTransport(() =>
      response(200, { items: [listedCampaign(1)], next_starting_after: 'same' }),
    );
    expect(listCampaigns(clientOptions(transport))).toHaveLength(2);
    expect(transport.requests).toHaveLength(2);
  });

  test('stops when there is no cursor', () => {
    const transport = respondingTransport(() => response(200, { items: [listedCampaign(1)] }));
    expect(listCampaigns(clientOptions(transport))).toHaveLength(1);
    expect(transport.requests).toHaveLength(1);
  });

  test('an empty workspace is one request', () => {
    const transport = pagedTransport(0);
    expect(listCampaigns(clientOptions(transport))).toEqual([]);
    expect(transport.requests).toHaveLength(1);
  });

  test('a cursor that goes back stops too, after a bounded number of pages', () => {
    const transport = pagedTransport(300, 100, true);
    listCampaigns(clientOptions(transport));
    expect(transport.requests.length).toBeLessThanOrEqual(1000);
  });
});

describe('withNeverSent', () => {
  test('adds listed campaigns that analytics lack, with zero counts and their status', () => {
    const analytics = [campaign(1)];
    const merged = withNeverSent(analytics, [
      { id: campaignId(1), name: 'Campaign 1', status: 1 },
      { id: campaignId(2), name: 'A draft', status: 0, isEvergreen: false },
    ]);
    expect(merged).toHaveLength(2);
    expect(merged[0]).toBe(analytics[0]);
    expect(merged[1]).toMatchObject({
      campaign_id: campaignId(2),
      campaign_name: 'A draft',
      campaign_status: 0,
      campaign_is_evergreen: false,
      contacted_count: 0,
      emails_sent_count: 0,
      total_opportunity_value: 0,
    });
  });

  test('a listed campaign without a status has none', () => {
    const [row] = withNeverSent([], [{ id: 'x', name: 'No status' }]);
    expect(row.campaign_status).toBeUndefined();
  });
});
