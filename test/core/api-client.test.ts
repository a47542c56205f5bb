import { fetchAnalytics, retryDelay } from '../../src/core/api-client';
import { UserFacingError } from '../../src/core/errors';
import { analyticsUrl } from '../../src/core/request';
import { MalformedResponseError } from '../../src/core/response';
import {
  API_KEY,
  apiCampaign,
  apiError,
  BASE_URL,
  campaignId,
  clientOptions,
  fakeClock,
  ok,
  response,
  scriptedTransport,
} from './fakes';

const QUERY = { range: { start: '2024-01-01', end: '2024-01-31' }, includeLeads: false };

function failure(work: () => unknown): Error {
  try {
    work();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

const tooMany = (headers: Record<string, string> = {}) =>
  apiError(429, 'Too Many Requests', 'Rate limit exceeded', headers);
const unavailable = (status = 503) => apiError(status, 'Service Unavailable', 'down');

describe('fetchAnalytics: the request', () => {
  test('sends one GET to the analytics URL with the key as a bearer token', () => {
    const transport = scriptedTransport(ok([]));
    fetchAnalytics({ ...QUERY, ids: [campaignId(1)] }, clientOptions(transport));
    expect(transport.requests).toEqual([
      {
        url: analyticsUrl(BASE_URL, { ...QUERY, ids: [campaignId(1)] }),
        headers: { Authorization: `Bearer ${API_KEY}`, Accept: 'application/json' },
      },
    ]);
    expect(transport.requests[0].url).toBe(
      `${BASE_URL}/api/v2/campaigns/analytics?ids=${campaignId(1)}` +
        '&start_date=2024-01-01&end_date=2024-01-31&exclude_total_leads_count=true',
    );
  });

  test('uses the base URL it is given', () => {
    const transport = scriptedTransport(ok([]));
    fetchAnalytics(QUERY, clientOptions(transport, { baseUrl: 'http://127.0.0.1:4010/' }));
    expect(transport.requests[0].url).toMatch(
      /^http:\/\/127\.0\.0\.1:4010\/api\/v2\/campaigns\/analytics\?/,
    );
  });
});

describe('fetchAnalytics: 200', () => {
  test('returns the parsed campaigns', () => {
    const campaigns = [apiCampaign(1), apiCampaign(2, { campaign_name: 'Second' })];
    const result = fetchAnalytics(QUERY, clientOptions(scriptedTransport(ok(campaigns))));
    expect(result).toEqual(campaigns);
  });

  test('a malformed 200 body is a MalformedResponseError, not retried', () => {
    const transport = scriptedTransport(response(200, '<html>proxy login</html>'));
    const error = failure(() => fetchAnalytics(QUERY, clientOptions(transport)));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.message).toContain('(not JSON)');
    expect(transport.requests).toHaveLength(1);
  });
});

describe('fetchAnalytics: error statuses say what to do', () => {
  function statusError(answer: ReturnType<typeof response>) {
    const transport = scriptedTransport(answer);
    const options = clientOptions(transport);
    const error = failure(() => fetchAnalytics(QUERY, options));
    expect(error).toBeInstanceOf(UserFacingError);
    expect(transport.requests).toHaveLength(1); // not retried
    expect(options.clock.sleeps).toEqual([]);
    return error.message;
  }

  test('401: the key was rejected; set a valid one', () => {
    const message = statusError(apiError(401, 'Unauthorized', 'Invalid API key'));
    expect(message).toContain('rejected the API key');
    expect(message).toContain('Set API key');
  });

  test('402: no paid plan; upgrade', () => {
    const message = statusError(
      apiError(402, 'Payment Required', 'Workspace does not have an active paid plan'),
    );
    expect(message).toContain('no active paid plan');
    expect(message).toContain('Upgrade the workspace');
  });

  test('404: a campaign was not found; check the ids', () => {
    const message = statusError(apiError(404, 'Not Found', 'Resource not found'));
    expect(message).toContain('could not find one of the campaigns');
    expect(message).toContain('Check the campaign ids');
  });

  test("400: passes on the server's message", () => {
    const message = statusError(
      response(400, { message: 'Start Date must be earlier than End Date' }),
    );
    expect(message).toBe(
      'Instantly refused the request: Start Date must be earlier than End Date. ' +
        'Check the campaigns and dates.',
    );
  });

  test('400 without a usable message still explains', () => {
    expect(statusError(response(400, '<html>Bad Request</html>'))).toBe(
      'Instantly refused the request: bad request. Check the campaigns and dates.',
    );
    expect(statusError(response(400, { message: '   ' }))).toContain(
      'refused the request: bad request.',
    );
    expect(statusError(response(400, { message: 42 }))).toContain(
      'refused the request: bad request.',
    );
  });

  test('another status is unexpected', () => {
    expect(statusError(response(403, {}))).toBe(
      'Instantly answered with an unexpected HTTP status 403. Try again later.',
    );
    expect(statusError(response(302, ''))).toContain('unexpected HTTP status 302');
  });
});

describe('fetchAnalytics: retries', () => {
  test('429 with Retry-After in seconds waits exactly that long, then succeeds', () => {
    const transport = scriptedTransport(tooMany({ 'retry-after': '2' }), ok([apiCampaign(1)]));
    const options = clientOptions(transport);
    expect(fetchAnalytics(QUERY, options)).toHaveLength(1);
    expect(options.clock.sleeps).toEqual([2000]);
    expect(transport.requests).toHaveLength(2);
    expect(transport.requests[1]).toEqual(transport.requests[0]);
  });

  test('429 with Retry-After as an HTTP date waits until then', () => {
    const clock = fakeClock(Date.UTC(2024, 2, 1, 12, 0, 0));
    const retryAt = new Date(Date.UTC(2024, 2, 1, 12, 0, 7)).toUTCString();
    expect(retryAt).toBe('Fri, 01 Mar 2024 12:00:07 GMT');
    const transport = scriptedTransport(tooMany({ 'retry-after': retryAt }), ok([]));
    const options = clientOptions(transport, { clock });
    expect(fetchAnalytics(QUERY, options)).toEqual([]);
    expect(clock.sleeps).toEqual([7000]);
  });

  test('successive Retry-After values are each honoured', () => {
    const transport = scriptedTransport(
      tooMany({ 'retry-after': '1' }),
      tooMany({ 'retry-after': '3' }),
      unavailable(),
      ok([]),
    );
    const options = clientOptions(transport);
    fetchAnalytics(QUERY, options);
    // The 503 has no Retry-After: third attempt, so the backoff is 4 s.
    expect(options.clock.sleeps).toEqual([1000, 3000, 4000]);
  });

  test('without Retry-After, backs off exponentially from 1 s', () => {
    const transport = scriptedTransport(tooMany(), tooMany(), tooMany(), ok([apiCampaign(1)]));
    const options = clientOptions(transport);
    expect(fetchAnalytics(QUERY, options)).toHaveLength(1);
    expect(options.clock.sleeps).toEqual([1000, 2000, 4000]);
  });

  test('5xx is retried too', () => {
    for (const status of [500, 502, 503, 504]) {
      const transport = scriptedTransport(unavailable(status), ok([]));
      const options = clientOptions(transport);
      expect(fetchAnalytics(QUERY, options)).toEqual([]);
      expect(options.clock.sleeps).toEqual([1000]);
    }
  });

  test('at most 5 attempts, then the last status is reported', () => {
    const transport = scriptedTransport(...Array.from({ length: 6 }, () => unavailable(503)));
    const options = clientOptions(transport, { deadline: fakeClock().now() + 600_000 });
    const error = failure(() => fetchAnalytics(QUERY, options));
    expect(transport.requests).toHaveLength(5);
    expect(options.clock.sleeps).toEqual([1000, 2000, 4000, 8000]);
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error.message).toBe(
      'Instantly is having trouble (HTTP 503). Try again in a few minutes.',
    );
  });

  test('429 that never ends says to wait a minute', () => {
    const transport = scriptedTransport(...Array.from({ length: 5 }, () => tooMany()));
    const options = clientOptions(transport, { deadline: fakeClock().now() + 600_000 });
    const error = failure(() => fetchAnalytics(QUERY, options));
    expect(transport.requests).toHaveLength(5);
    expect(error.message).toBe(
      'Instantly is rate-limiting requests and retries ran out of time. Wait a minute and try again.',
    );
  });

  test('does not wait when the Retry-After would pass the deadline', () => {
    const clock = fakeClock();
    const transport = scriptedTransport(tooMany({ 'retry-after': '60' }));
    const options = clientOptions(transport, { clock, deadline: clock.now() + 25_000 });
    const error = failure(() => fetchAnalytics(QUERY, options));
    expect(error.message).toContain('rate-limiting');
    expect(clock.sleeps).toEqual([]);
    expect(transport.requests).toHaveLength(1);
  });

  test('keeps 3 s for the request after a wait: 22 s of 25 s is fine, 23 s is not', () => {
    const fits = fakeClock();
    const fitsTransport = scriptedTransport(tooMany({ 'retry-after': '22' }), ok([]));
    fetchAnalytics(
      QUERY,
      clientOptions(fitsTransport, { clock: fits, deadline: fits.now() + 25_000 }),
    );
    expect(fits.sleeps).toEqual([22_000]);

    const late = fakeClock();
    const lateTransport = scriptedTransport(tooMany({ 'retry-after': '23' }), ok([]));
    const options = clientOptions(lateTransport, { clock: late, deadline: late.now() + 25_000 });
    expect(() => fetchAnalytics(QUERY, options)).toThrow(/rate-limiting/);
    expect(late.sleeps).toEqual([]);
  });

  test('stops backing off when the next wait would pass the deadline', () => {
    const clock = fakeClock();
    const transport = scriptedTransport(...Array.from({ length: 5 }, () => unavailable(502)));
    const options = clientOptions(transport, { clock, deadline: clock.now() + 10_000 });
    expect(() => fetchAnalytics(QUERY, options)).toThrow('HTTP 502');
    // 1 s + 2 s + 4 s end at 7 s; another 8 s + 3 s would end at 18 s, after the 10 s deadline.
    expect(clock.sleeps).toEqual([1000, 2000, 4000]);
    expect(transport.requests).toHaveLength(4);
    expect(clock.now() - fakeClock().now()).toBeLessThanOrEqual(10_000);
  });

  test('time spent in slow requests counts against the deadline', () => {
    const clock = fakeClock();
    const start = clock.now();
    const answers = [tooMany(), tooMany(), ok([])];
    const requests: unknown[] = [];
    const slowTransport = (request: unknown) => {
      requests.push(request);
      clock.advance(5000);
      return answers.shift() as ReturnType<typeof ok>;
    };
    const options = clientOptions(slowTransport, { clock, deadline: start + 12_000 });
    // After the 1st request: 5 s + 1 s wait + 3 s = 9 s fits. After the 2nd: 11 s + 2 s + 3 s does not.
    expect(() => fetchAnalytics(QUERY, options)).toThrow(/rate-limiting/);
    expect(clock.sleeps).toEqual([1000]);
    expect(requests).toHaveLength(2);
  });

  test('a retry that ends in a non-retryable status reports that status', () => {
    const transport = scriptedTransport(tooMany(), apiError(401, 'Unauthorized', 'bad key'));
    expect(() => fetchAnalytics(QUERY, clientOptions(transport))).toThrow('rejected the API key');
    expect(transport.requests).toHaveLength(2);
  });
});

describe('retryDelay', () => {
  const now = Date.UTC(2024, 2, 1, 12, 0, 0);
  const withHeader = (value?: string) =>
    response(429, '', value === undefined ? {} : { 'retry-after': value });

  test('seconds, fractional seconds, and zero', () => {
    expect(retryDelay(withHeader('5'), 1, now)).toBe(5000);
    expect(retryDelay(withHeader('1.5'), 3, now)).toBe(1500);
    expect(retryDelay(withHeader('0'), 2, now)).toBe(0);
  });

  test('a negative number of seconds is no wait', () => {
    expect(retryDelay(withHeader('-10'), 1, now)).toBe(0);
  });

  test('an HTTP date in the future or the past', () => {
    expect(retryDelay(withHeader('Fri, 01 Mar 2024 12:00:30 GMT'), 1, now)).toBe(30_000);
    expect(retryDelay(withHeader('Fri, 01 Mar 2024 11:59:00 GMT'), 1, now)).toBe(0);
  });

  test('no header or an unreadable one: 1 s, 2 s, 4 s, 8 s…', () => {
    expect([1, 2, 3, 4, 5].map((attempt) => retryDelay(withHeader(), attempt, now))).toEqual([
      1000, 2000, 4000, 8000, 16000,
    ]);
    expect(retryDelay(withHeader('soon'), 2, now)).toBe(2000);
  });

  // An empty Retry-After is neither seconds nor a date, but Number('') is 0: no wait at all.
  test('a blank Retry-After is unreadable too: it backs off instead of retrying at once', () => {
    expect(retryDelay(withHeader(''), 3, now)).toBe(4000);
    expect(retryDelay(withHeader('  '), 1, now)).toBe(1000);
  });
});

describe('fetchAnalytics: unreachable server', () => {
  test('a transport that throws means "Could not reach Instantly", naming the host', () => {
    const transport = scriptedTransport(new Error('DNS error: api.instantly.ai'));
    const error = failure(() => fetchAnalytics(QUERY, clientOptions(transport)));
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error.message).toBe(
      'Could not reach Instantly (api.instantly.ai): the connection failed or timed out. ' +
        'Check your internet connection and try again in a minute.',
    );
    expect(transport.requests).toHaveLength(1);
  });

  test('the host comes from the base URL, with its port and without a path', () => {
    const transport = scriptedTransport(new Error('refused'));
    const options = clientOptions(transport, { baseUrl: 'http://127.0.0.1:4010/proxy/' });
    expect(() => fetchAnalytics(QUERY, options)).toThrow(
      'Could not reach Instantly (127.0.0.1:4010)',
    );
  });

  test('a failure on a retry is reported the same way', () => {
    const transport = scriptedTransport(tooMany(), new Error('timeout'));
    const options = clientOptions(transport);
    expect(() => fetchAnalytics(QUERY, options)).toThrow('Could not reach Instantly');
    expect(options.clock.sleeps).toEqual([1000]);
  });
});

describe('fetchAnalytics: the API key never leaks', () => {
  const everyFailure = () => [
    apiError(401, 'Unauthorized', `Invalid key ${API_KEY}`),
    response(400, { message: `Bad Authorization header "Bearer ${API_KEY}"` }),
    response(400, { message: API_KEY }),
    response(500, `<pre>Authorization: Bearer ${API_KEY}</pre>`),
    response(200, `{"error": "${API_KEY}"`),
    response(200, [{ campaign_id: API_KEY, contacted_count: API_KEY }]),
    new Error(`connect ECONNREFUSED, header Authorization: Bearer ${API_KEY}`),
  ];

  test('in no thrown message, whatever the server answers', () => {
    for (const answer of everyFailure()) {
      const transport = scriptedTransport(answer, answer, answer, answer, answer);
      const error = failure(() =>
        fetchAnalytics(QUERY, clientOptions(transport, { deadline: Number.MAX_SAFE_INTEGER })),
      );
      expect(error.message).not.toContain(API_KEY);
      expect(String(error)).not.toContain(API_KEY);
      expect(error.stack ?? '').not.toContain(API_KEY);
    }
  });

  test('a 400 echoing the key keeps the message, with the key redacted', () => {
    const transport = scriptedTransport(
      response(400, { message: `API key ${API_KEY} cannot read campaign ${campaignId(9)}` }),
    );
    const error = failure(() => fetchAnalytics(QUERY, clientOptions(transport)));
    expect(error).toBeInstanceOf(UserFacingError);
    expect(error.message).toBe(
      `Instantly refused the request: API key [redacted] cannot read campaign ${campaignId(9)}. ` +
        'Check the campaigns and dates.',
    );
  });
});
