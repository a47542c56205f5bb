import { type ApiCall, callUrl } from '../../src/core/api-call';
import {
  type BatchTransport,
  type ClientCall,
  callEach,
  type HttpRequest,
  type HttpResponse,
} from '../../src/core/api-client';
import { MalformedResponseError } from '../../src/core/response';
import {
  API_KEY,
  apiError,
  BASE_URL,
  clientOptions,
  fakeClock,
  response,
  scriptedTransport,
} from './fakes';

const numberCall = (n: number): ApiCall<number> => ({
  path: '/api/v2/things',
  params: [['n', String(n)]],
  parse: (body) => {
    const value = JSON.parse(body) as { n?: unknown };
    if (typeof value.n !== 'number') throw new MalformedResponseError('no n');
    return value.n;
  },
});

const nOf = (request: HttpRequest) => Number(new URL(request.url).searchParams.get('n'));

/** A batch transport that records each batch and answers `answer(request, attempt)`. */
function batchTransport(
  answer: (request: HttpRequest, attempt: number) => HttpResponse,
  onBatch: (size: number) => void = () => {},
): BatchTransport & { batches: HttpRequest[][] } {
  const batches: HttpRequest[][] = [];
  const attempts = new Map<string, number>();
  const send = ((requests: readonly HttpRequest[]) => {
    batches.push([...requests]);
    onBatch(requests.length);
    return requests.map((request) => {
      const attempt = (attempts.get(request.url) ?? 0) + 1;
      attempts.set(request.url, attempt);
      return answer(request, attempt);
    });
  }) as BatchTransport & { batches: HttpRequest[][] };
  Object.defineProperty(send, 'batches', { value: batches });
  return send;
}

const echo = (request: HttpRequest) => response(200, { n: nOf(request) });

function jobs(count: number, batch: BatchTransport, overrides = {}): ClientCall<number>[] {
  // A lone request goes through UrlFetchApp.fetch: here, the same fake as a batch of one.
  const single = (request: HttpRequest) => batch([request])[0];
  const client = clientOptions(single, { batchTransport: batch, ...overrides });
  return Array.from({ length: count }, (_, index) => ({ client, call: numberCall(index) }));
}

describe('callEach', () => {
  test('answers every call in order, with the key as a bearer token', () => {
    const batch = batchTransport(echo);
    const results = callEach(jobs(5, batch));
    expect(results).toEqual([0, 1, 2, 3, 4].map((value) => ({ ok: true, value })));
    expect(batch.batches).toHaveLength(1);
    expect(batch.batches[0][2]).toEqual({
      url: callUrl(BASE_URL, numberCall(2)),
      headers: { Authorization: `Bearer ${API_KEY}`, Accept: 'application/json' },
    });
  });

  test('no calls, no requests', () => {
    expect(callEach([])).toEqual([]);
  });

  test('sends at most 100 requests of one workspace per second', () => {
    const clock = fakeClock();
    const sentAt: number[] = [];
    const batch = batchTransport(echo, (size) => {
      for (let index = 0; index < size; index++) sentAt.push(clock.now());
      clock.advance(200); // each batch takes 200 ms
    });
    const results = callEach(jobs(250, batch, { clock, deadline: clock.now() + 60_000 }));
    expect(results.every((result) => result.ok)).toBe(true);
    expect(batch.batches.map((requests) => requests.length)).toEqual([100, 100, 50]);
    for (const at of sentAt) {
      const inSecond = sentAt.filter((other) => other >= at && other < at + 1000).length;
      expect(inSecond).toBeLessThanOrEqual(100);
    }
  });

  test('requests made earlier on the same clock count: a later fan-out waits for them', () => {
    const clock = fakeClock();
    const batch = batchTransport(echo);
    const single = (request: HttpRequest) => batch([request])[0];
    const client = clientOptions(single, { batchTransport: batch, clock });
    // The campaign list's pages and the analytics, one call at a time, just before the fan-out.
    for (let page = 0; page < 4; page++) callEach([{ client, call: numberCall(1000 + page) }]);
    const sentAt: number[] = [];
    const counting = batchTransport(echo, (size) => {
      for (let index = 0; index < size; index++) sentAt.push(clock.now());
    });
    const fanOut = { ...client, batchTransport: counting };
    callEach(Array.from({ length: 100 }, (_, n) => ({ client: fanOut, call: numberCall(n) })));
    expect(counting.batches.map((requests) => requests.length)).toEqual([96, 4]);
    expect(sentAt[99] - sentAt[0]).toBeGreaterThanOrEqual(1000);
  });

  test('another clock (another execution) starts with the whole allowance', () => {
    const first = batchTransport(echo);
    callEach(jobs(100, first));
    const second = batchTransport(echo);
    callEach(jobs(100, second));
    expect(second.batches.map((requests) => requests.length)).toEqual([100]);
  });

  test('workspaces have limits of their own, so their calls share a batch', () => {
    const clock = fakeClock();
    const batch = batchTransport(echo);
    const first = jobs(100, batch, { clock });
    const second = jobs(100, batch, { clock, apiKey: 'another-workspace-key-1234' });
    const results = callEach([...first, ...second]);
    expect(results).toHaveLength(200);
    expect(batch.batches.map((requests) => requests.length)).toEqual([200]);
  });

  test('a 429 inside a batch is retried after the backoff; the others are not sent again', () => {
    const clock = fakeClock();
    const batch = batchTransport((request, attempt) =>
      nOf(request) === 3 && attempt === 1
        ? apiError(429, 'Too Many Requests', 'Rate limit exceeded')
        : echo(request),
    );
    const results = callEach(jobs(6, batch, { clock }));
    expect(results.map((result) => result.ok && result.value)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(batch.batches.map((requests) => requests.map(nOf))).toEqual([[0, 1, 2, 3, 4, 5], [3]]);
    expect(clock.sleeps).toEqual([1000]);
  });

  test('Retry-After is honoured inside a batch', () => {
    const clock = fakeClock();
    const batch = batchTransport((request, attempt) =>
      attempt === 1 && nOf(request) === 0
        ? apiError(429, 'Too Many Requests', 'slow down', { 'retry-after': '3' })
        : echo(request),
    );
    callEach(jobs(2, batch, { clock }));
    expect(clock.sleeps).toEqual([3000]);
  });

  test('a 500 that keeps failing fails only its own call, with a message to act on', () => {
    const batch = batchTransport((request) =>
      nOf(request) === 1 ? apiError(500, 'Internal Server Error', 'boom') : echo(request),
    );
    const results = callEach(jobs(3, batch));
    expect(results[0]).toEqual({ ok: true, value: 0 });
    expect(results[2]).toEqual({ ok: true, value: 2 });
    expect(results[1].ok).toBe(false);
    expect(!results[1].ok && results[1].error.message).toMatch(
      /Instantly is having trouble \(HTTP 500\)/,
    );
    // 5 attempts in all, within the deadline.
    expect(batch.batches.filter((requests) => requests.some((r) => nOf(r) === 1))).toHaveLength(5);
  });

  test('no retry is started that could not finish before the deadline', () => {
    const clock = fakeClock();
    const batch = batchTransport(() => apiError(429, 'Too Many Requests', 'x'));
    const results = callEach(jobs(1, batch, { clock, deadline: clock.now() + 3500 }));
    expect(results[0].ok).toBe(false);
    expect(batch.batches).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  test('an unreachable server fails the batch with a clear message', () => {
    const failing = (() => {
      throw new Error('DNS error: api.instantly.ai');
    }) as BatchTransport;
    const results = callEach(jobs(2, failing));
    expect(results.map((result) => result.ok)).toEqual([false, false]);
    expect(!results[0].ok && results[0].error.message).toMatch(/Could not reach Instantly/);
  });

  test('a malformed body fails its call; the key never appears in an error', () => {
    const batch = batchTransport((request) =>
      nOf(request) === 0
        ? response(200, { other: true })
        : apiError(400, 'Bad Request', `bad key ${API_KEY}`),
    );
    const [malformed, refused] = callEach(jobs(2, batch));
    expect(!malformed.ok && malformed.error).toBeInstanceOf(MalformedResponseError);
    expect(!refused.ok && refused.error.message).toContain('[redacted]');
    expect(!refused.ok && refused.error.message).not.toContain(API_KEY);
  });

  test('without a batch transport, calls go one after another through the transport', () => {
    const transport = scriptedTransport(response(200, { n: 0 }), response(200, { n: 1 }));
    const client = clientOptions(transport);
    const results = callEach([0, 1].map((n) => ({ client, call: numberCall(n) })));
    expect(results).toEqual([
      { ok: true, value: 0 },
      { ok: true, value: 1 },
    ]);
    expect(transport.requests).toHaveLength(2);
  });
});
