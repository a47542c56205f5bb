import { checkApiKey, type KeyCheck } from '../../src/core/api-key';
import { API_KEY, apiError, clientOptions, fakeClock, response, scriptedTransport } from './fakes';

describe('checkApiKey', () => {
  const WORKSPACE_BODY = { id: 'w-42', name: 'Acme Outbound', owner: 'u-1' };

  test('200: saved, with the workspace the key belongs to', () => {
    const transport = scriptedTransport(response(200, WORKSPACE_BODY));
    expect(checkApiKey(clientOptions(transport))).toEqual({
      save: true,
      workspace: { id: 'w-42', name: 'Acme Outbound' },
    });
  });

  test('checks with one request, GET /api/v2/workspaces/current, with the new key', () => {
    const transport = scriptedTransport(response(200, WORKSPACE_BODY));
    checkApiKey(clientOptions(transport, { apiKey: 'new-key-123' }));
    expect(transport.requests).toHaveLength(1);
    const url = new URL(transport.requests[0].url);
    expect(url.pathname).toBe('/api/v2/workspaces/current');
    expect([...url.searchParams.entries()]).toEqual([]);
    expect(transport.requests[0].headers.Authorization).toBe('Bearer new-key-123');
  });

  test('402: saved, with a warning about the plan', () => {
    const transport = scriptedTransport(
      apiError(402, 'Payment Required', 'Workspace does not have an active paid plan'),
    );
    const check = checkApiKey(clientOptions(transport));
    expect(check).toMatchObject({ save: true, workspace: undefined });
    expect('message' in check && check.message).toBe(
      'Key saved, but: Your Instantly workspace has no active paid plan, which the API requires. ' +
        'Upgrade the workspace, then try again.',
    );
  });

  test('401: not saved, and says why', () => {
    const transport = scriptedTransport(apiError(401, 'Unauthorized', 'Invalid API key'));
    const check = checkApiKey(clientOptions(transport));
    expect(check.save).toBe(false);
    expect('message' in check && check.message).toMatch(
      /^The key was not saved\. Instantly rejected the API key\./,
    );
  });

  test('a network error: not saved', () => {
    const transport = scriptedTransport(new Error('Address unavailable'));
    const check = checkApiKey(clientOptions(transport));
    expect(check.save).toBe(false);
    expect('message' in check && check.message).toMatch(
      /^The key was not saved\. Could not reach Instantly/,
    );
  });

  test('rate limits and server trouble that outlast the retries: not saved', () => {
    const limited = scriptedTransport(
      apiError(429, 'Too Many Requests', 'Rate limit exceeded', { 'retry-after': '600' }),
    );
    expect(checkApiKey(clientOptions(limited))).toEqual<KeyCheck>({
      save: false,
      message: expect.stringContaining('rate-limiting') as unknown as string,
    });

    const clock = fakeClock();
    const down = scriptedTransport(...Array.from({ length: 5 }, () => response(503, '')));
    const check = checkApiKey(clientOptions(down, { clock, deadline: clock.now() + 60_000 }));
    expect(check.save).toBe(false);
    expect('message' in check && check.message).toContain('HTTP 503');
    expect(down.requests).toHaveLength(5);
  });

  test('a transient 429 then 200: saved', () => {
    const transport = scriptedTransport(
      apiError(429, 'Too Many Requests', 'Rate limit exceeded', { 'retry-after': '1' }),
      response(200, WORKSPACE_BODY),
    );
    expect(checkApiKey(clientOptions(transport)).save).toBe(true);
  });

  test('a malformed 200 answer does not save the key', () => {
    const transport = scriptedTransport(response(200, '<html>Sign in to the Wi-Fi</html>'));
    let check: KeyCheck | undefined;
    try {
      check = checkApiKey(clientOptions(transport));
    } catch {
      check = undefined;
    }
    expect(check?.save).not.toBe(true);
  });

  test('the key never appears in the message, even when the server echoes it', () => {
    const transport = scriptedTransport(response(400, { message: `Key ${API_KEY} is malformed` }));
    const check = checkApiKey(clientOptions(transport));
    expect(check.save).toBe(false);
    expect('message' in check && check.message).not.toContain(API_KEY);
    expect('message' in check && check.message).toContain('Key [redacted] is malformed');
  });
});
