import { checkApiKey, type KeyCheck } from '../../src/core/api-key';
import {
  API_KEY,
  apiCampaign,
  apiError,
  clientOptions,
  fakeClock,
  ok,
  response,
  scriptedTransport,
} from './fakes';

const TODAY = '2024-03-01';

describe('checkApiKey', () => {
  test('200: saved, with the number of campaigns', () => {
    const transport = scriptedTransport(ok([apiCampaign(1), apiCampaign(2), apiCampaign(3)]));
    expect(checkApiKey(clientOptions(transport), TODAY)).toEqual({
      save: true,
      message: 'Key saved. Instantly lists 3 campaign(s).',
    });
  });

  test('200 with no campaigns: saved', () => {
    const check = checkApiKey(clientOptions(scriptedTransport(ok([]))), TODAY);
    expect(check).toEqual({ save: true, message: 'Key saved. Instantly lists 0 campaign(s).' });
  });

  test('checks with one cheap request: today only, without leads, with the new key', () => {
    const transport = scriptedTransport(ok([]));
    checkApiKey(clientOptions(transport, { apiKey: 'new-key-123' }), TODAY);
    expect(transport.requests).toHaveLength(1);
    const url = new URL(transport.requests[0].url);
    expect(url.pathname).toBe('/api/v2/campaigns/analytics');
    expect([...url.searchParams.entries()]).toEqual([
      ['start_date', TODAY],
      ['end_date', TODAY],
      ['exclude_total_leads_count', 'true'],
    ]);
    expect(transport.requests[0].headers.Authorization).toBe('Bearer new-key-123');
  });

  test('402: saved, with a warning about the plan', () => {
    const transport = scriptedTransport(
      apiError(402, 'Payment Required', 'Workspace does not have an active paid plan'),
    );
    const check = checkApiKey(clientOptions(transport), TODAY);
    expect(check.save).toBe(true);
    expect(check.message).toBe(
      'Key saved, but: Your Instantly workspace has no active paid plan, which the API requires. ' +
        'Upgrade the workspace, then try again.',
    );
  });

  test('401: not saved, and says why', () => {
    const transport = scriptedTransport(apiError(401, 'Unauthorized', 'Invalid API key'));
    const check = checkApiKey(clientOptions(transport), TODAY);
    expect(check.save).toBe(false);
    expect(check.message).toMatch(/^The key was not saved\. Instantly rejected the API key\./);
  });

  test('a network error: not saved', () => {
    const transport = scriptedTransport(new Error('Address unavailable'));
    const check = checkApiKey(clientOptions(transport), TODAY);
    expect(check.save).toBe(false);
    expect(check.message).toMatch(/^The key was not saved\. Could not reach Instantly/);
  });

  test('rate limits and server trouble that outlast the retries: not saved', () => {
    const limited = scriptedTransport(
      apiError(429, 'Too Many Requests', 'Rate limit exceeded', { 'retry-after': '600' }),
    );
    expect(checkApiKey(clientOptions(limited), TODAY)).toEqual<KeyCheck>({
      save: false,
      message: expect.stringContaining('rate-limiting') as unknown as string,
    });

    const clock = fakeClock();
    const down = scriptedTransport(...Array.from({ length: 5 }, () => response(503, '')));
    const check = checkApiKey(
      clientOptions(down, { clock, deadline: clock.now() + 60_000 }),
      TODAY,
    );
    expect(check.save).toBe(false);
    expect(check.message).toContain('HTTP 503');
    expect(down.requests).toHaveLength(5);
  });

  test('a transient 429 then 200: saved', () => {
    const transport = scriptedTransport(
      apiError(429, 'Too Many Requests', 'Rate limit exceeded', { 'retry-after': '1' }),
      ok([apiCampaign(1)]),
    );
    expect(checkApiKey(clientOptions(transport), TODAY).save).toBe(true);
  });

  test('a malformed 200 answer does not save the key', () => {
    const transport = scriptedTransport(response(200, '<html>Sign in to the Wi-Fi</html>'));
    let check: KeyCheck | undefined;
    try {
      check = checkApiKey(clientOptions(transport), TODAY);
    } catch {
      check = undefined;
    }
    expect(check?.save).not.toBe(true);
  });

  test('the key never appears in the message, even when the server echoes it', () => {
    const transport = scriptedTransport(response(400, { message: `Key ${API_KEY} is malformed` }));
    const check = checkApiKey(clientOptions(transport), TODAY);
    expect(check.save).toBe(false);
    expect(check.message).not.toContain(API_KEY);
    expect(check.message).toContain('Key [redacted] is malformed');
  });
});
