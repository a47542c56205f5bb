/**
 * Calls Instantly's API: status handling, retries with backoff, validation, and fan-outs of
 * many calls sent side by side within the workspace's rate limits.
 */
import { type ApiCall, callUrl } from './api-call';
import { redact, UserFacingError } from './errors';
import { RateLimiter } from './rate-limit';
import { type AnalyticsQuery, analyticsCall } from './request';
import type { CampaignAnalytics } from './response';

export interface HttpRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
}

export interface HttpResponse {
  readonly status: number;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Sends one GET; throws when the server cannot be reached at all (DNS, refused, timeout). */
export type Transport = (request: HttpRequest) => HttpResponse;

/** Sends GETs side by side (UrlFetchApp.fetchAll); throws when any cannot reach the server. */
export type BatchTransport = (requests: readonly HttpRequest[]) => HttpResponse[];

export interface Clock {
  now(): number;
  sleep(milliseconds: number): void;
}

export interface ClientOptions {
  readonly transport: Transport;
  /** Without it, the calls of a fan-out are sent one after another. */
  readonly batchTransport?: BatchTransport;
  readonly clock: Clock;
  readonly apiKey: string;
  readonly baseUrl: string;
  /** Epoch milliseconds by which the caller must have an answer (a custom function has 30 s). */
  readonly deadline: number;
}

/** A call and the client (workspace key) it is made with. */
export interface ClientCall<T> {
  readonly client: ClientOptions;
  readonly call: ApiCall<T>;
}

/** The outcome of one call of a fan-out: its value, or the error a person can act on. */
export type Settled<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: Error };

const MAX_ATTEMPTS = 5;
const FIRST_BACKOFF_MS = 1000;
/** Time kept in hand for the request after a wait; a retry that cannot finish is not started. */
const REQUEST_ALLOWANCE_MS = 3000;

export function callApi<T>(call: ApiCall<T>, client: ClientOptions): T {
  return settledValues(callEach([{ client, call }]))[0];
}

/** Every value, when all calls succeeded; otherwise the first call's error, for all. */
export function settledValues<T>(results: readonly Settled<T>[]): T[] {
  return results.map((result) => {
    if (!result.ok) throw result.error;
    return result.value;
  });
}

export function fetchAnalytics(query: AnalyticsQuery, options: ClientOptions): CampaignAnalytics[] {
  return callApi(analyticsCall(query), options);
}

interface Pending<T> {
  readonly index: number;
  readonly job: ClientCall<T>;
  readonly request: HttpRequest;
  readonly attempt: number;
  readonly notBefore: number;
}

/**
 * Makes every call, side by side in batches that keep each workspace (each key) within
 * Instantly's rate limits; 429 and 5xx answers are retried as a single call would be. The
 * clock, transports and deadline are those of the first call's client.
 */
export function callEach<T>(jobs: readonly ClientCall<T>[]): Settled<T>[] {
  const results: Settled<T>[] = new Array(jobs.length);
  if (jobs.length === 0) return results;
  const { clock } = jobs[0].client;
  const limiter = limiterOf(clock);
  let queue: Pending<T>[] = jobs.map((job, index) => ({
    index,
    job,
    request: requestFor(job),
    attempt: 1,
    notBefore: 0,
  }));
  while (queue.length > 0) {
    const batch = nextBatch(queue, limiter, clock.now());
    if (batch.length === 0) {
      clock.sleep(Math.max(1, nextSendTime(queue, limiter, clock.now()) - clock.now()));
      continue;
    }
    queue = queue.filter((pending) => !batch.includes(pending));
    const answers = sendBatch(batch, jobs[0].client);
    const sentAt = clock.now();
    for (const group of new Set(batch.map((pending) => pending.job.client.apiKey))) {
      const count = batch.filter((pending) => pending.job.client.apiKey === group).length;
      limiter.record(group, count, sentAt);
    }
    batch.forEach((pending, position) => {
      const answer = answers[position];
      const retry = answer instanceof Error ? undefined : retryOf(pending, answer, clock.now());
      if (retry) queue.push(retry);
      else results[pending.index] = settle(pending.job, answer);
    });
  }
  return results;
}

/**
 * One limiter per clock, so the requests of one execution (its clock) all count against the
 * workspace's limits: a fan-out right after the campaign list waits for the list's requests too.
 */
const limiters = new WeakMap<Clock, RateLimiter>();

function limiterOf(clock: Clock): RateLimiter {
  const limiter = limiters.get(clock) ?? new RateLimiter();
  limiters.set(clock, limiter);
  return limiter;
}

function requestFor(job: ClientCall<unknown>): HttpRequest {
  return {
    url: callUrl(job.client.baseUrl, job.call),
    headers: { Authorization: `Bearer ${job.client.apiKey}`, Accept: 'application/json' },
  };
}

/** The calls that are due and that their workspace's rate limits let through now. */
function nextBatch<T>(queue: readonly Pending<T>[], limiter: RateLimiter, now: number) {
  const left = new Map<string, number>();
  return queue.filter((pending) => {
    if (pending.notBefore > now) return false;
    const group = pending.job.client.apiKey;
    const allowance = left.get(group) ?? limiter.allowance(group, now);
    left.set(group, allowance - 1);
    return allowance > 0;
  });
}

function nextSendTime<T>(queue: readonly Pending<T>[], limiter: RateLimiter, now: number): number {
  return Math.min(
    ...queue.map((pending) =>
      Math.max(pending.notBefore, limiter.nextOpening(pending.job.client.apiKey, now)),
    ),
  );
}

/** One answer per request; an unreachable server fails the whole batch, as fetchAll does. */
function sendBatch<T>(
  batch: readonly Pending<T>[],
  client: ClientOptions,
): (HttpResponse | Error)[] {
  try {
    if (batch.length === 1 || !client.batchTransport) {
      return batch.map((pending) => client.transport(pending.request));
    }
    return client.batchTransport(batch.map((pending) => pending.request));
  } catch {
    return batch.map(() => unreachable(client.baseUrl));
  }
}

function unreachable(baseUrl: string): UserFacingError {
  const host = baseUrl.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
  return new UserFacingError(
    `Could not reach Instantly (${host}): the connection failed or timed out. ` +
      'Check your internet connection and try again in a minute.',
  );
}

function retryOf<T>(pending: Pending<T>, response: HttpResponse, now: number) {
  if (!isRetryable(response.status) || pending.attempt >= MAX_ATTEMPTS) return undefined;
  const wait = retryDelay(response, pending.attempt, now);
  if (now + wait + REQUEST_ALLOWANCE_MS > pending.job.client.deadline) return undefined;
  return { ...pending, attempt: pending.attempt + 1, notBefore: now + wait };
}

function settle<T>(job: ClientCall<T>, answer: HttpResponse | Error): Settled<T> {
  try {
    if (answer instanceof Error) throw answer;
    return { ok: true, value: job.call.parse(checkStatus(answer).body) };
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error));
    return { ok: false, error: withoutSecret(failure, job.client.apiKey) };
  }
}

function isRetryable(status: number): boolean {
  return status === 429 || status >= 500;
}

/** Honours Retry-After (seconds or an HTTP date); otherwise backs off exponentially. */
export function retryDelay(response: HttpResponse, attempt: number, now: number): number {
  const retryAfter = response.headers['retry-after']?.trim();
  if (retryAfter) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - now);
  }
  return FIRST_BACKOFF_MS * 2 ** (attempt - 1);
}

function checkStatus(response: HttpResponse): HttpResponse {
  if (response.status >= 200 && response.status < 300) return response;
  throw new UserFacingError(statusMessage(response));
}

function statusMessage(response: HttpResponse): string {
  switch (response.status) {
    case 400:
      return `Instantly refused the request: ${serverMessage(response) ?? 'bad request'}. Check the campaigns and dates.`;
    case 401:
      return 'Instantly rejected the API key. Check the key and save it again (sidebar, or Extensions › Instantly Analytics › Set API key…).';
    case 402:
      return 'Your Instantly workspace has no active paid plan, which the API requires. Upgrade the workspace, then try again.';
    case 404:
      return 'Instantly could not find one of the campaigns. Check the campaign ids, or leave campaign blank for all campaigns.';
    case 429:
      return 'Instantly is rate-limiting requests and retries ran out of time. Wait a minute and try again.';
    default:
      return response.status >= 500
        ? `Instantly is having trouble (HTTP ${response.status}). Try again in a few minutes.`
        : `Instantly answered with an unexpected HTTP status ${response.status}. Try again later.`;
  }
}

function serverMessage(response: HttpResponse): string | undefined {
  try {
    const message = (JSON.parse(response.body) as { message?: unknown }).message;
    return typeof message === 'string' && message.trim() ? message.trim() : undefined;
  } catch {
    return undefined;
  }
}

function withoutSecret(error: Error, apiKey: string): Error {
  if (!apiKey || !error.message.includes(apiKey)) return error;
  return new UserFacingError(redact(error.message, apiKey));
}
