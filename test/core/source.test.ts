import type { ClientOptions, HttpRequest } from '../../src/core/api-client';
import type { SharedCache } from '../../src/core/cached-calls';
import type { DateRange } from '../../src/core/dates';
import { UserFacingError } from '../../src/core/errors';
import type { AnalyticsQuery } from '../../src/core/request';
import { readCachedRows, writeCachedRows } from '../../src/core/response-cache';
import { allCampaigns, CAMPAIGN_LIST_SECONDS, cacheKey } from '../../src/core/source';
import { freshCampaignsAcross } from '../../src/core/workspace-data';

/** A refresh of one workspace: what freshCampaignsAcross does with a single source. */
function freshCampaigns(query: AnalyticsQuery, client: ClientOptions, shared: SharedCache) {
  const workspace = { id: 'w1', name: 'Workspace' };
  return freshCampaignsAcross([{ client, shared, workspace }], query, true);
}

import {
  apiCampaign,
  apiError,
  campaign,
  campaignId,
  clientOptions,
  listedCampaign,
  ok,
  respondingTransport,
  reversingCompressor,
  scriptedTransport,
  sharedCache,
  withCampaignList,
} from './fakes';

const JANUARY: DateRange = { start: '2024-01-01', end: '2024-01-31' };
const FEBRUARY: DateRange = { start: '2024-02-01', end: '2024-02-29' };

/** A workspace of campaigns 1..count that honours `ids=` like the API. */
function workspaceTransport(count: number) {
  const all = Array.from({ length: count }, (_, index) => apiCampaign(index + 1));
  return respondingTransport((request: HttpRequest) => {
    const ids = new URL(request.url).searchParams.getAll('ids');
    return ok(
      ids.length > 0 ? all.filter((item) => ids.includes(item.campaign_id as string)) : all,
    );
  });
}

/** The cache writes of analytics responses (the campaign list has writes of its own). */
const analyticsWrites = (cache: {
  writes: { values: Record<string, string>; ttlSeconds: number }[];
}) =>
  cache.writes.filter((write) =>
    Object.keys(write.values).some((key) => key.startsWith('analytics:')),
  );

const idsOf = (rows: readonly { campaign_id: string }[]) => rows.map((row) => row.campaign_id);
const urlOf = (request: HttpRequest) => new URL(request.url);

describe('cacheKey', () => {
  test('holds the generation, both dates and whether leads are counted', () => {
    expect(cacheKey('g1', JANUARY, true)).toBe('analytics:g1:2024-01-01:2024-01-31:leads');
    expect(cacheKey('g1', {}, false)).toBe('analytics:g1:-:-:nl');
  });

  test('differs for every difference that changes the response', () => {
    const keys = [
      cacheKey('g1', JANUARY, false),
      cacheKey('g1', JANUARY, true),
      cacheKey('g2', JANUARY, false),
      cacheKey('g1', FEBRUARY, false),
      cacheKey('g1', { start: '2024-01-01' }, false),
      cacheKey('g1', { end: '2024-01-01' }, false),
      cacheKey('g1', {}, false),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('allCampaigns', () => {
  test('fetches once, then serves the same range from the cache', () => {
    const transport = workspaceTransport(3);
    const client = clientOptions(withCampaignList(transport));
    const shared = sharedCache();
    const first = allCampaigns(JANUARY, false, client, shared);
    const second = allCampaigns(JANUARY, false, client, shared);
    const third = allCampaigns({ ...JANUARY }, false, client, shared);
    expect(transport.requests).toHaveLength(1);
    expect(idsOf(first)).toEqual([campaignId(1), campaignId(2), campaignId(3)]);
    expect(second).toEqual(first);
    expect(third).toEqual(first);
  });

  test('asks for all campaigns of the range, without leads when not needed', () => {
    const transport = workspaceTransport(1);
    allCampaigns(JANUARY, false, clientOptions(withCampaignList(transport)), sharedCache());
    const url = urlOf(transport.requests[0]);
    expect(url.searchParams.getAll('ids')).toEqual([]);
    expect(url.searchParams.get('start_date')).toBe('2024-01-01');
    expect(url.searchParams.get('end_date')).toBe('2024-01-31');
    expect(url.searchParams.get('exclude_total_leads_count')).toBe('true');
  });

  test('writes the response under its cache key with the shared lifetime', () => {
    const shared = sharedCache({ ttlSeconds: 120 });
    const rows = allCampaigns(
      JANUARY,
      true,
      clientOptions(withCampaignList(workspaceTransport(2))),
      shared,
    );
    const key = cacheKey('g1', JANUARY, true);
    expect(readCachedRows(shared.cache, shared.compressor, key)).toEqual(rows);
    expect(analyticsWrites(shared.cache).map((write) => write.ttlSeconds)).toEqual([120]);
  });

  test('serves rows another execution cached, without a request', () => {
    const shared = sharedCache();
    const cached = [campaign(42)];
    writeCachedRows(shared.cache, shared.compressor, cacheKey('g1', JANUARY, false), cached, 300);
    const transport = scriptedTransport();
    expect(
      allCampaigns(JANUARY, false, clientOptions(withCampaignList(transport)), shared),
    ).toEqual(cached);
    expect(transport.requests).toHaveLength(0);
  });

  test('different ranges, leads and generations are fetched separately', () => {
    const transport = workspaceTransport(2);
    const client = clientOptions(withCampaignList(transport));
    const shared = sharedCache();
    allCampaigns(JANUARY, false, client, shared);
    allCampaigns(FEBRUARY, false, client, shared);
    allCampaigns(JANUARY, true, client, shared);
    allCampaigns(JANUARY, false, client, { ...shared, generation: 'g2' });
    allCampaigns({ start: '2024-01-01' }, false, client, shared);
    expect(transport.requests).toHaveLength(5);
    // ...and each is then served from the cache.
    allCampaigns(JANUARY, false, client, shared);
    allCampaigns(FEBRUARY, false, client, shared);
    allCampaigns(JANUARY, true, client, shared);
    allCampaigns(JANUARY, false, client, { ...shared, generation: 'g2' });
    allCampaigns({ start: '2024-01-01' }, false, client, shared);
    expect(transport.requests).toHaveLength(5);
    const leads = transport.requests.map((request) =>
      urlOf(request).searchParams.has('exclude_total_leads_count'),
    );
    expect(leads).toEqual([true, true, false, true, true]);
  });

  test('a cache hit does not take the lock; a miss fetches inside it', () => {
    const transport = workspaceTransport(1);
    let locked = 0;
    let requestsInside = 0;
    const shared = sharedCache({
      exclusively: (work) => {
        locked++;
        const before = transport.requests.length;
        const result = work();
        requestsInside += transport.requests.length - before;
        return result;
      },
    });
    allCampaigns(JANUARY, false, clientOptions(withCampaignList(transport)), shared);
    // Two misses: the campaign list and the analytics, each fetched inside the lock.
    expect([locked, requestsInside]).toEqual([2, 1]);
    allCampaigns(JANUARY, false, clientOptions(withCampaignList(transport)), shared);
    expect([locked, requestsInside]).toEqual([2, 1]);
  });

  test('re-checks the cache after waiting: another execution filled it meanwhile', () => {
    const transport = scriptedTransport();
    const fromOther = [campaign(7), campaign(8)];
    const shared = sharedCache();
    const waiting = {
      ...shared,
      exclusively: <T>(work: () => T): T => {
        // While this execution waited for the lock, another one fetched and cached the rows.
        writeCachedRows(
          shared.cache,
          shared.compressor,
          cacheKey('g1', JANUARY, false),
          fromOther,
          300,
        );
        return work();
      },
    };
    expect(
      allCampaigns(JANUARY, false, clientOptions(withCampaignList(transport)), waiting),
    ).toEqual(fromOther);
    expect(transport.requests).toHaveLength(0);
    expect(analyticsWrites(shared.cache)).toHaveLength(1); // only the other execution's write
  });

  test('an empty workspace is cached too', () => {
    const transport = scriptedTransport(ok([]));
    const client = clientOptions(withCampaignList(transport));
    const shared = sharedCache();
    expect(allCampaigns(JANUARY, false, client, shared)).toEqual([]);
    expect(allCampaigns(JANUARY, false, client, shared)).toEqual([]);
    expect(transport.requests).toHaveLength(1);
  });

  test('a failed fetch is not cached: the next call asks again', () => {
    const transport = scriptedTransport(
      apiError(401, 'Unauthorized', 'Invalid API key'),
      ok([apiCampaign(1)]),
    );
    const client = clientOptions(withCampaignList(transport));
    const shared = sharedCache();
    expect(() => allCampaigns(JANUARY, false, client, shared)).toThrow(UserFacingError);
    expect(analyticsWrites(shared.cache)).toEqual([]);
    expect(idsOf(allCampaigns(JANUARY, false, client, shared))).toEqual([campaignId(1)]);
    expect(transport.requests).toHaveLength(2);
  });

  test('a response too large to cache is still returned', () => {
    const transport = workspaceTransport(3);
    const shared = sharedCache({
      compressor: { compress: () => 'x'.repeat(10_000_000), decompress: () => '[]' },
    });
    expect(
      allCampaigns(JANUARY, false, clientOptions(withCampaignList(transport)), shared),
    ).toHaveLength(3);
    expect(analyticsWrites(shared.cache)).toEqual([]);
  });

  test('uses the shared compressor', () => {
    const shared = sharedCache({ compressor: reversingCompressor });
    allCampaigns(JANUARY, false, clientOptions(withCampaignList(workspaceTransport(1))), shared);
    const part = shared.cache.store.get(`${cacheKey('g1', JANUARY, false)}:0`);
    expect(part?.startsWith('Z')).toBe(true);
  });
});

describe('freshCampaigns', () => {
  test('ids that fit are asked for by id, returned in the order asked, and not cached', () => {
    const transport = workspaceTransport(5);
    const shared = sharedCache();
    const ids = [campaignId(4), campaignId(2)];
    const rows = freshCampaigns(
      { ids, range: JANUARY, includeLeads: false },
      clientOptions(withCampaignList(transport)),
      shared,
    );
    expect(idsOf(rows)).toEqual(ids);
    expect(transport.requests).toHaveLength(1);
    expect(urlOf(transport.requests[0]).searchParams.getAll('ids')).toEqual(ids);
    expect(analyticsWrites(shared.cache)).toEqual([]);
  });

  test('ignores the cache: a refresh always asks Instantly', () => {
    const shared = sharedCache();
    writeCachedRows(
      shared.cache,
      shared.compressor,
      cacheKey('g1', JANUARY, false),
      [campaign(1)],
      300,
    );
    const transport = workspaceTransport(2);
    const rows = freshCampaigns(
      { range: JANUARY, includeLeads: false },
      clientOptions(withCampaignList(transport)),
      shared,
    );
    expect(transport.requests).toHaveLength(1);
    expect(idsOf(rows)).toEqual([campaignId(1), campaignId(2)]);
  });

  test('validates the ids against the answer, naming what is missing', () => {
    const transport = scriptedTransport(ok([apiCampaign(1)]));
    const ids = [campaignId(1), campaignId(99)];
    expect(() =>
      freshCampaigns(
        { ids, range: JANUARY, includeLeads: false },
        clientOptions(withCampaignList(transport)),
        sharedCache(),
      ),
    ).toThrow(`No campaign matches "${campaignId(99)}"`);
  });

  test('ids that do not fit: all campaigns in one request, cached, then picked', () => {
    const transport = workspaceTransport(250);
    const client = clientOptions(withCampaignList(transport));
    const shared = sharedCache();
    const ids = Array.from({ length: 200 }, (_, index) => campaignId(200 - index));
    const rows = freshCampaigns({ ids, range: JANUARY, includeLeads: true }, client, shared);
    expect(transport.requests).toHaveLength(1);
    const url = urlOf(transport.requests[0]);
    expect(url.searchParams.getAll('ids')).toEqual([]);
    expect(url.searchParams.has('exclude_total_leads_count')).toBe(false);
    expect(transport.requests[0].url.length).toBeLessThanOrEqual(2000);
    expect(idsOf(rows)).toEqual(ids);

    // The all-campaigns response now serves formulas for the same range and leads.
    const cached = readCachedRows(shared.cache, shared.compressor, cacheKey('g1', JANUARY, true));
    expect(cached).toHaveLength(250);
    expect(allCampaigns(JANUARY, true, client, shared)).toHaveLength(250);
    expect(transport.requests).toHaveLength(1);
  });

  test('no ids: all campaigns, cached for formulas', () => {
    const transport = workspaceTransport(3);
    const client = clientOptions(withCampaignList(transport));
    const shared = sharedCache();
    const rows = freshCampaigns({ range: FEBRUARY, includeLeads: false }, client, shared);
    expect(idsOf(rows)).toEqual([campaignId(1), campaignId(2), campaignId(3)]);
    // The formulas' copy is the workspace's own, untagged.
    expect(idsOf(allCampaigns(FEBRUARY, false, client, shared))).toEqual(idsOf(rows));
    expect(transport.requests).toHaveLength(1);
  });
});

describe('the campaign list', () => {
  const DRAFT = listedCampaign(9, { name: 'Draft never sent', status: 0 });

  test('campaigns that never sent join the analytics, with zero counts and their status', () => {
    const transport = withCampaignList(workspaceTransport(2), [listedCampaign(1), DRAFT]);
    const rows = allCampaigns(JANUARY, false, clientOptions(transport), sharedCache());
    expect(idsOf(rows)).toEqual([campaignId(1), campaignId(2), campaignId(9)]);
    expect(rows[2]).toMatchObject({ campaign_name: 'Draft never sent', campaign_status: 0 });
    expect(rows[2].contacted_count).toBe(0);
  });

  test('is fetched once per cache lifetime, for every range, and again in a new generation', () => {
    const transport = withCampaignList(workspaceTransport(1), [DRAFT]);
    const client = clientOptions(transport);
    const shared = sharedCache();
    allCampaigns(JANUARY, false, client, shared);
    allCampaigns(FEBRUARY, false, client, shared);
    // One page, then the empty page its cursor leads to.
    expect(transport.listRequests).toHaveLength(2);
    expect(
      shared.cache.writes.filter((write) => 'campaigns:g1' in write.values)[0].ttlSeconds,
    ).toBe(CAMPAIGN_LIST_SECONDS);
    allCampaigns(JANUARY, false, client, { ...shared, generation: 'g2' });
    expect(transport.listRequests).toHaveLength(4);
  });

  test('a refresh of chosen campaigns includes a chosen draft, and only chosen ones', () => {
    const transport = withCampaignList(workspaceTransport(3), [
      listedCampaign(1),
      DRAFT,
      listedCampaign(8, { name: 'Other draft', status: 0 }),
    ]);
    const ids = [campaignId(9), campaignId(1)];
    const rows = freshCampaigns(
      { ids, range: JANUARY, includeLeads: false },
      clientOptions(transport),
      sharedCache(),
    );
    expect(idsOf(rows)).toEqual(ids);
  });
});
