/** Small hand-written fakes for the core's services: transport, clock, cache and compressor. */
import type {
  ClientOptions,
  Clock,
  HttpRequest,
  HttpResponse,
  Transport,
} from '../../src/core/api-client';
import type { SharedCache } from '../../src/core/cached-calls';
import type { CampaignAnalytics } from '../../src/core/response';
import type { KeyValueCache, TextCompressor } from '../../src/core/response-cache';
import type { ConnectedSource } from '../../src/core/workspace-data';

export const API_KEY = 'sk_test_Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA==';
export const BASE_URL = 'https://api.instantly.ai';

/** A clock whose sleep advances now, and that remembers every sleep. */
export interface FakeClock extends Clock {
  readonly sleeps: number[];
  /** Lets time pass without a sleep (e.g. a slow request). */
  advance(milliseconds: number): void;
}

export function fakeClock(start = Date.UTC(2024, 2, 1, 12, 0, 0)): FakeClock {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    advance: (milliseconds) => {
      now += milliseconds;
    },
    now: () => now,
    sleep: (milliseconds) => {
      sleeps.push(milliseconds);
      now += milliseconds;
    },
  };
}

/** One scripted answer: a response, or an error the transport throws (unreachable server). */
export type Scripted = HttpResponse | Error;

export interface FakeTransport extends Transport {
  readonly requests: HttpRequest[];
}

/** Answers with the scripted responses in order; fails the test when it runs out. */
export function scriptedTransport(...answers: Scripted[]): FakeTransport {
  const requests: HttpRequest[] = [];
  const queue = [...answers];
  const transport = ((request: HttpRequest) => {
    requests.push(request);
    const next = queue.shift();
    if (next === undefined) throw new Error(`unexpected request #${requests.length}`);
    if (next instanceof Error) throw next;
    return next;
  }) as FakeTransport;
  Object.defineProperty(transport, 'requests', { value: requests });
  return transport;
}

/** A transport that always answers with whatever `answer` returns for the request. */
export function respondingTransport(answer: (request: HttpRequest) => HttpResponse): FakeTransport {
  const requests: HttpRequest[] = [];
  const transport = ((request: HttpRequest) => {
    requests.push(request);
    return answer(request);
  }) as FakeTransport;
  Object.defineProperty(transport, 'requests', { value: requests });
  return transport;
}

export function response(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  };
}

export const ok = (campaigns: unknown[]) => response(200, campaigns);

/** The API's error body for a status. */
export function apiError(status: number, error: string, message: string, headers = {}) {
  return response(status, { statusCode: status, error, message }, headers);
}

export function clientOptions(
  transport: Transport,
  overrides: Partial<ClientOptions> = {},
): ClientOptions & { clock: FakeClock } {
  const clock = (overrides.clock as FakeClock | undefined) ?? fakeClock();
  return {
    transport,
    apiKey: API_KEY,
    baseUrl: BASE_URL,
    deadline: clock.now() + 25_000,
    ...overrides,
    clock,
  };
}

/** A campaign as the API documents it, every required field present. */
export function apiCampaign(
  index: number,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    campaign_name: `Campaign ${index}`,
    campaign_id: campaignId(index),
    campaign_status: 1,
    campaign_is_evergreen: false,
    leads_count: 1000 + index,
    contacted_count: 200,
    emails_sent_count: 500,
    new_leads_contacted_count: 20,
    open_count: 120,
    open_count_unique: 100,
    open_count_unique_by_step: 110,
    reply_count: 30,
    reply_count_unique: 25,
    reply_count_unique_by_step: 27,
    reply_count_automatic: 3,
    reply_count_automatic_unique: 2,
    reply_count_automatic_unique_by_step: 2,
    link_click_count: 40,
    link_click_count_unique: 30,
    link_click_count_unique_by_step: 35,
    bounced_count: 10,
    unsubscribed_count: 4,
    completed_count: 150,
    total_opportunities: 5,
    total_opportunity_value: 2500.5,
    ...overrides,
  };
}

/** The same campaign as parsed records (typed for the core). */
export function campaign(
  index: number,
  overrides: Record<string, unknown> = {},
): CampaignAnalytics {
  return apiCampaign(index, overrides) as CampaignAnalytics;
}

/** A deterministic UUID per index. */
export function campaignId(index: number): string {
  const hex = index.toString(16).padStart(12, '0');
  return `019e18e2-a525-762d-b9c9-${hex}`;
}

/** An in-memory cache that records every write. */
export interface MemoryCache extends KeyValueCache {
  readonly store: Map<string, string>;
  readonly writes: { values: Record<string, string>; ttlSeconds: number }[];
}

export function memoryCache(): MemoryCache {
  const store = new Map<string, string>();
  const writes: { values: Record<string, string>; ttlSeconds: number }[] = [];
  return {
    store,
    writes,
    getAll: (keys) => {
      const found: Record<string, string> = {};
      for (const key of keys) {
        const value = store.get(key);
        if (value !== undefined) found[key] = value;
      }
      return found;
    },
    putAll: (values, ttlSeconds) => {
      writes.push({ values: { ...values }, ttlSeconds });
      for (const [key, value] of Object.entries(values)) store.set(key, value);
    },
  };
}

/** Stores text as is: what goes in is what gets split into parts. */
export const identityCompressor: TextCompressor = {
  compress: (text) => text,
  decompress: (text) => text,
};

/** A reversible, visibly different encoding, so a test can tell it was applied both ways. */
export const reversingCompressor: TextCompressor = {
  compress: (text) => `Z${[...text].reverse().join('')}`,
  decompress: (text) => {
    if (!text.startsWith('Z')) throw new Error('not compressed by reversingCompressor');
    return [...text.slice(1)].reverse().join('');
  },
};

export function sharedCache(overrides: Partial<SharedCache> = {}): SharedCache & {
  cache: MemoryCache;
} {
  const cache = (overrides.cache as MemoryCache | undefined) ?? memoryCache();
  return {
    compressor: reversingCompressor,
    generation: 'g1',
    ttlSeconds: 300,
    exclusively: (work) => work(),
    ...overrides,
    cache,
  };
}

/** The transport's requests to GET /api/v2/campaigns, kept apart from its own log. */
export interface ListingTransport extends Transport {
  readonly listRequests: HttpRequest[];
}

/**
 * Answers the campaign list from `listed` (one page, then the empty page that ends it) and
 * passes every other request to `transport`, whose log then holds only those.
 */
export function withCampaignList(transport: Transport, listed: unknown[] = []): ListingTransport {
  const listRequests: HttpRequest[] = [];
  const listing = ((request: HttpRequest) => {
    const url = new URL(request.url);
    if (url.pathname !== '/api/v2/campaigns') return transport(request);
    listRequests.push(request);
    const items = url.searchParams.has('starting_after') ? [] : listed;
    return response(200, { items, next_starting_after: 'cursor-1' });
  }) as ListingTransport;
  Object.defineProperty(listing, 'listRequests', { value: listRequests });
  return listing;
}

/** A campaign as GET /api/v2/campaigns lists it. */
export function listedCampaign(index: number, overrides: Record<string, unknown> = {}) {
  return { id: campaignId(index), name: `Campaign ${index}`, status: 1, ...overrides };
}

/** The one workspace most core tests read. */
export const WORKSPACE = { id: 'w-1', name: 'Acme Outbound' };

/** A connected workspace's data: a client, and its share of the cache. */
export function connectedSource(
  client: ClientOptions,
  shared = sharedCache(),
  workspace = WORKSPACE,
): ConnectedSource & { shared: ReturnType<typeof sharedCache> } {
  return { workspace, client, shared };
}
