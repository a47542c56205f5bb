import { syncHttpRequest } from '../../../dev/runtime/sync-http';
import { closedPortUrl, runtimeWith, startTestServer, type TestServer } from './helpers';

const CODE = `
function fetchEcho(url, params) {
  var response = UrlFetchApp.fetch(url, params);
  return { code: response.getResponseCode(), body: JSON.parse(response.getContentText()),
           headers: response.getHeaders(), all: response.getAllHeaders() };
}
function fetchSummary(url, params) {
  var response = UrlFetchApp.fetch(url, params);
  return [response.getResponseCode(), response.getHeaders()['Retry-After'] || null,
          response.getContentText().slice(0, 10)];
}
function failureOf(url, params) {
  try { UrlFetchApp.fetch(url, params); return null; }
  catch (e) { return { name: e.name, message: e.message, text: String(e), ownRealm: e instanceof Error }; }
}
function fetchAllTexts(requests) {
  return UrlFetchApp.fetchAll(requests).map(function (response) { return response.getContentText(); });
}
function contentOf(url) {
  var content = UrlFetchApp.fetch(url).getContent();
  return { content: content, isArray: content instanceof Array };
}
`;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

const runtime = () => runtimeWith(CODE, { now: '2026-01-05T00:00:00Z', fetchTimeoutMs: 2000 });

describe('sync-http', () => {
  it('answers with the status, raw header names and the body', () => {
    const result = syncHttpRequest({
      url: `${server.baseUrl}/echo/x`,
      method: 'PUT',
      headers: { 'X-Test': '1' },
      body: new TextEncoder().encode('hello'),
      timeoutMs: 2000,
      followRedirects: true,
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.status).toBe(200);
    expect(result.headers).toContainEqual(['X-Custom-Header', 'yes']);
    expect(JSON.parse(new TextDecoder().decode(result.body))).toMatchObject({
      method: 'PUT',
      body: 'hello',
    });
  });

  it('names network failures by kind', async () => {
    const request = { method: 'GET', headers: {}, timeoutMs: 300, followRedirects: true };
    expect(syncHttpRequest({ ...request, url: await closedPortUrl() })).toMatchObject({
      ok: false,
      kind: 'refused',
    });
    expect(syncHttpRequest({ ...request, url: `${server.baseUrl}/reset` })).toMatchObject({
      ok: false,
      kind: 'reset',
    });
    expect(syncHttpRequest({ ...request, url: `${server.baseUrl}/slow/2000` })).toMatchObject({
      ok: false,
      kind: 'timeout',
    });
  });
});

describe('UrlFetchApp', () => {
  it('returns status, headers as the server spelled them, and the body', () => {
    const rt = runtime();
    const result = rt.call('fetchEcho', `${server.baseUrl}/echo/a?b=1`, {
      headers: { Authorization: 'Bearer secret' },
    }) as {
      code: number;
      body: { method: string; headers: Record<string, string> };
      headers: object;
      all: object;
    };
    expect(result.code).toBe(200);
    expect(result.body.method).toBe('GET');
    expect(result.body.headers.authorization).toBe('Bearer secret');
    expect(result.body.headers['user-agent']).toContain('Google-Apps-Script');
    expect(result.headers).toMatchObject({ 'X-Custom-Header': 'yes', 'Set-Cookie': 'a=1' });
    expect(result.all).toMatchObject({ 'Set-Cookie': ['a=1', 'b=2'] });
  });

  it('logs every request and moves the virtual clock by the time it took', () => {
    const rt = runtime();
    const before = rt.clock.now();
    rt.call('fetchEcho', `${server.baseUrl}/echo/form`, {
      method: 'post',
      payload: { q: 'a b', n: 1 },
    });
    rt.call('fetchEcho', `${server.baseUrl}/echo/json`, {
      method: 'post',
      contentType: 'application/json',
      payload: JSON.stringify({ a: 1 }),
    });
    expect(rt.fetchCount()).toBe(2);
    expect(rt.fetches[0]).toMatchObject({
      url: `${server.baseUrl}/echo/form`,
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      payload: 'q=a+b&n=1',
      at: before,
    });
    expect(rt.fetches[1]).toMatchObject({
      headers: { 'Content-Type': 'application/json' },
      payload: '{"a":1}',
    });
    expect(rt.clock.now()).toBeGreaterThan(before);
  });

  it('throws on 4xx/5xx unless muteHttpExceptions', () => {
    const rt = runtime();
    const url = `${server.baseUrl}/status/429`;
    const failure = rt.call('failureOf', url) as { name: string; message: string; text: string };
    expect(failure.name).toBe('Exception');
    expect(failure.message).toMatch(
      new RegExp(
        `^Request failed for ${server.baseUrl} returned code 429\\. Truncated server response: status 429: x+\\.\\.\\. \\(use muteHttpExceptions option to examine full response\\)$`,
      ),
    );
    expect(failure.text.startsWith('Exception: Request failed for')).toBe(true);
    expect(rt.call('fetchSummary', url, { muteHttpExceptions: true })).toEqual([
      429,
      '7',
      'status 429',
    ]);
  });

  it('reports network failures with Apps Script messages, as errors of the bundle realm', async () => {
    const rt = runtimeWith(CODE, { fetchTimeoutMs: 300 });
    const refused = await closedPortUrl();
    expect(rt.call('failureOf', refused)).toEqual({
      name: 'Exception',
      message: `Address unavailable: ${refused}`,
      text: `Exception: Address unavailable: ${refused}`,
      ownRealm: true,
    });
    expect(rt.call('failureOf', `${server.baseUrl}/reset`)).toMatchObject({
      message: `Address unavailable: ${server.baseUrl}/reset`,
    });
    const before = rt.clock.now();
    expect(rt.call('failureOf', `${server.baseUrl}/slow/2000`)).toMatchObject({
      message: `Timeout: ${server.baseUrl}/slow/2000`,
    });
    expect(rt.clock.now() - before).toBeGreaterThanOrEqual(290);
    expect(rt.call('failureOf', 'http://no-such-host.invalid/')).toMatchObject({
      message: 'DNS error: http://no-such-host.invalid/',
    });
  });

  it('refuses URLs over 2,082 characters before sending anything', () => {
    const rt = runtime();
    const url = `${server.baseUrl}/echo/${'a'.repeat(2100)}`;
    expect(rt.call('failureOf', url)).toMatchObject({
      message: 'Limit Exceeded: URLFetch URL Length.',
    });
    expect(rt.call('failureOf', 'not a url')).toMatchObject({
      message: 'Invalid argument: not a url',
    });
    expect(rt.fetchCount()).toBe(0);
  });

  it('fetchAll runs the requests together and answers in order', () => {
    const rt = runtime();
    const before = rt.clock.now();
    const texts = rt.call('fetchAllTexts', [
      `${server.baseUrl}/slow/400`,
      `${server.baseUrl}/slow/10`,
      { url: `${server.baseUrl}/echo/post`, method: 'post', payload: 'hi' },
    ]) as string[];
    expect(texts.slice(0, 2)).toEqual(['slept 400', 'slept 10']);
    expect(JSON.parse(texts[2])).toMatchObject({ method: 'POST', body: 'hi' });
    const elapsed = rt.clock.now() - before;
    expect(elapsed).toBeGreaterThanOrEqual(400);
    expect(elapsed).toBeLessThan(800);
  });

  it('fetchAll really sends the requests at once: five slow ones take the time of one', () => {
    const rt = runtime();
    const started = performance.now();
    const texts = rt.call(
      'fetchAllTexts',
      Array.from({ length: 5 }, () => `${server.baseUrl}/slow/300`),
    ) as string[];
    const wallMs = performance.now() - started;
    expect(texts).toEqual(Array.from({ length: 5 }, () => 'slept 300'));
    expect(wallMs).toBeGreaterThanOrEqual(300);
    // One after another would take 1.5 s.
    expect(wallMs).toBeLessThan(900);
  });

  it('follows redirects unless told not to', () => {
    const rt = runtime();
    expect(rt.call('fetchEcho', `${server.baseUrl}/redirect`)).toMatchObject({
      body: { url: '/echo/redirected' },
    });
    expect(
      rt.call('fetchSummary', `${server.baseUrl}/redirect`, { followRedirects: false }),
    ).toEqual([302, null, '']);
  });

  it('gives the content as signed bytes in a bundle array', () => {
    expect(runtime().call('contentOf', `${server.baseUrl}/bytes`)).toEqual({
      content: [0, 127, -128, -1],
      isArray: true,
    });
  });
});
