/**
 * Worker side of sync-http.ts, run by synckit: performs a batch of requests concurrently and
 * answers with their results, network failures included, in the same order.
 */
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { runAsWorker } from 'synckit';

const MAX_REDIRECTS = 10;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ERROR_KINDS = {
  ECONNREFUSED: 'refused',
  EHOSTUNREACH: 'refused',
  ENETUNREACH: 'refused',
  EADDRNOTAVAIL: 'refused',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_FAIL: 'dns',
  EAI_NONAME: 'dns',
  ETIMEDOUT: 'timeout',
  REQUEST_TIMEOUT: 'timeout',
};

runAsWorker((requests) => Promise.all(requests.map(perform)));

async function perform(request) {
  const started = performance.now();
  const deadline = started + request.timeoutMs;
  try {
    const response = await sendFollowingRedirects(request, deadline);
    return { ok: true, ...response, elapsedMs: performance.now() - started };
  } catch (error) {
    return { ok: false, ...describeError(error), elapsedMs: performance.now() - started };
  }
}

async function sendFollowingRedirects(request, deadline) {
  let current = request;
  for (let redirects = 0; ; redirects++) {
    const response = await send(current, deadline);
    const location = headerValue(response.headers, 'location');
    const followed =
      request.followRedirects &&
      REDIRECT_STATUSES.has(response.status) &&
      location !== undefined &&
      redirects < MAX_REDIRECTS;
    if (!followed) return { ...response, url: current.url };
    current = redirected(current, response.status, new URL(location, current.url).href);
  }
}

/** 303, and 301/302 after anything but GET/HEAD, turn into a GET without a body, as browsers do. */
function redirected(request, status, url) {
  const keepsMethod = status === 307 || status === 308 || ['GET', 'HEAD'].includes(request.method);
  if (keepsMethod) return { ...request, url };
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => !/^content-/i.test(name)),
  );
  return { ...request, url, method: 'GET', headers, body: undefined };
}

function send({ url, method, headers, body }, deadline) {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    let timer;
    const settle = (outcome, value) => {
      clearTimeout(timer);
      outcome(value);
    };
    const request = client.request(url, { method, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', (error) => settle(reject, error));
      response.on('aborted', () => settle(reject, codedError('ECONNRESET', 'response aborted')));
      response.on('end', () =>
        settle(resolve, {
          status: response.statusCode,
          headers: pairs(response.rawHeaders),
          body: new Uint8Array(Buffer.concat(chunks)),
        }),
      );
    });
    timer = setTimeout(
      () => request.destroy(codedError('REQUEST_TIMEOUT', 'request timed out')),
      Math.max(0, deadline - performance.now()),
    );
    request.on('error', (error) => settle(reject, error));
    request.end(body === undefined ? undefined : Buffer.from(body));
  });
}

function codedError(code, message) {
  return Object.assign(new Error(message), { code });
}

/** rawHeaders is [name, value, name, value, ...] with names as the server spelled them. */
function pairs(rawHeaders) {
  const result = [];
  for (let index = 0; index < rawHeaders.length; index += 2) {
    result.push([rawHeaders[index], rawHeaders[index + 1]]);
  }
  return result;
}

function headerValue(headers, name) {
  return headers.find(([key]) => key.toLowerCase() === name)?.[1];
}

/** Connection attempts to several addresses fail with an AggregateError of the attempts. */
function describeError(error) {
  const code = error.code ?? error.errors?.[0]?.code ?? 'UNKNOWN';
  return { kind: ERROR_KINDS[code] ?? 'other', code, message: String(error.message || code) };
}
