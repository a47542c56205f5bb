import type { ApiCall } from '../../src/core/api-call';
import type { HttpRequest } from '../../src/core/api-client';
import {
  type CachedCall,
  cachedEach,
  callCacheKey,
  fetchShared,
} from '../../src/core/cached-calls';
import {
  API_KEY,
  apiError,
  clientOptions,
  memoryCache,
  respondingTransport,
  response,
  reversingCompressor,
  sharedCache,
} from './fakes';

const listCall = (n: number): ApiCall<number[]> => ({
  path: '/api/v2/things',
  params: [['n', String(n)]],
  parse: (body) => JSON.parse(body) as number[],
});

const nOf = (request: HttpRequest) => Number(new URL(request.url).searchParams.get('n'));

function setup(fail: (n: number) => boolean = () => false) {
  const transport = respondingTransport((request) =>
    fail(nOf(request))
      ? apiError(401, 'Unauthorized', 'Invalid API key')
      : response(200, [nOf(request), nOf(request) * 10]),
  );
  const client = clientOptions(transport);
  const cache = memoryCache();
  let locks = 0;
  const store = {
    cache,
    compressor: reversingCompressor,
    exclusively: <T>(work: () => T) => {
      locks++;
      return work();
    },
  };
  const calls = (...ns: number[]): CachedCall<number[]>[] =>
    ns.map((n) => ({ client, call: listCall(n), cacheKey: `things:g1:${n}`, ttlSeconds: 300 }));
  return { transport, cache, store, calls, locks: () => locks };
}

describe('cachedEach', () => {
  test('fetches what is missing once; then every value comes from the cache', () => {
    const { transport, store, calls, locks } = setup();
    const first = cachedEach(calls(1, 2, 3), store);
    expect(first).toEqual([1, 2, 3].map((n) => ({ ok: true, value: [n, n * 10] })));
    expect(transport.requests).toHaveLength(3);
    expect(cachedEach(calls(3, 1, 2), store).map((r) => r.ok && r.value[0])).toEqual([3, 1, 2]);
    expect(transport.requests).toHaveLength(3);
    expect(locks()).toBe(1);
  });

  test('only the calls nobody made are sent', () => {
    const { transport, store, calls } = setup();
    cachedEach(calls(1), store);
    cachedEach(calls(1, 2), store);
    expect(transport.requests.map(nOf)).toEqual([1, 2]);
  });

  test('reads all keys with two cache calls and writes with one', () => {
    const { cache, store, calls } = setup();
    let reads = 0;
    const counting = {
      ...store,
      cache: {
        ...cache,
        getAll: (keys: string[]) => {
          reads++;
          return cache.getAll(keys);
        },
      },
    };
    cachedEach(calls(1, 2, 3, 4), counting);
    expect(cache.writes).toHaveLength(1);
    reads = 0;
    cachedEach(calls(1, 2, 3, 4), counting);
    expect(reads).toBe(2);
  });

  test('a failure is returned, not cached: the next call asks again', () => {
    let failing = true;
    const { transport, store, calls } = setup((n) => n === 2 && failing);
    const first = cachedEach(calls(1, 2), store);
    expect(first[0].ok).toBe(true);
    expect(!first[1].ok && first[1].error.message).toMatch(/rejected the API key/);
    failing = false;
    expect(cachedEach(calls(1, 2), store).every((r) => r.ok)).toBe(true);
    expect(transport.requests.map(nOf)).toEqual([1, 2, 2]);
  });

  test('re-reads the cache inside the lock: another execution may have filled it', () => {
    const { transport, store, calls } = setup();
    const filler = setup();
    const waiting = {
      ...store,
      exclusively: <T>(work: () => T) => {
        cachedEach(filler.calls(5), { ...filler.store, cache: store.cache });
        return work();
      },
    };
    expect(cachedEach(calls(5), waiting)[0]).toEqual({ ok: true, value: [5, 50] });
    expect(transport.requests).toHaveLength(0);
  });

  test('writes each lifetime it is given', () => {
    const { cache, store, calls } = setup();
    const [short, long] = calls(1, 2);
    cachedEach([short, { ...long, ttlSeconds: 3600 }], store);
    expect(cache.writes.map((write) => write.ttlSeconds).sort()).toEqual([300, 3600]);
  });
});

describe('callCacheKey', () => {
  const call = (ids: string[]): ApiCall<unknown> => ({
    path: '/api/v2/campaigns/analytics/overview',
    params: ids.map((id) => ['ids', id] as [string, string]),
    parse: JSON.parse,
  });

  test('names the generation and what was asked, never the key', () => {
    const key = callCacheKey('sheet:g1', call(['a', 'b']));
    expect(key).toBe('response:sheet:g1:/api/v2/campaigns/analytics/overview?ids=a&ids=b');
    expect(key).not.toContain(API_KEY);
  });

  test('a long query is named by a digest that fits CacheService and tells queries apart', () => {
    const many = Array.from({ length: 50 }, (_, index) => `019e18e2-a525-762d-b9c9-${index}`);
    const first = callCacheKey('sheet:g1', call(many));
    const second = callCacheKey('sheet:g1', call([...many.slice(1), 'other']));
    expect(first.length).toBeLessThanOrEqual(250);
    expect(first).toMatch(/^response:sheet:g1:#[0-9a-z]+$/);
    expect(second).not.toBe(first);
    expect(callCacheKey('sheet:g1', call(many))).toBe(first);
  });
});

describe('fetchShared', () => {
  test('caches under the generation with the shared lifetime, then serves from the cache', () => {
    const transport = respondingTransport((request) => response(200, [nOf(request)]));
    const shared = sharedCache({ ttlSeconds: 120 });
    const source = { client: clientOptions(transport), shared };
    expect(fetchShared(source, [listCall(1), listCall(2)])).toEqual([
      { ok: true, value: [1] },
      { ok: true, value: [2] },
    ]);
    expect(fetchShared(source, [listCall(2)])).toEqual([{ ok: true, value: [2] }]);
    expect(transport.requests).toHaveLength(2);
    expect(shared.cache.writes.map((write) => write.ttlSeconds)).toEqual([120]);
    expect(Object.keys(shared.cache.writes[0].values)).toContain('response:g1:/api/v2/things?n=1');
  });
});
