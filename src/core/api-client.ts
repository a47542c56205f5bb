/** Calls the analytics endpoint: status handling, retries with backoff, and validation. */
import { redact, UserFacingError } from './errors';
import { type AnalyticsQuery, analyticsUrl } from './request';
import { type CampaignAnalytics, parseAnalyticsBody } from './response';

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

export interface Clock {
  now(): number;
  sleep(milliseconds: number): void;
}

export interface ClientOptions {
  readonly transport: Transport;
  readonly clock: Clock;
  readonly apiKey: string;
  readonly baseUrl: string;
  /** Epoch milliseconds by which the caller must have an answer (a custom function has 30 s). */
  readonly deadline: number;
}

const MAX_ATTEMPTS = 5;
const FIRST_BACKOFF_MS = 1000;
/** Time kept in hand for the request after a wait; a retry that cannot finish is not started. */
const REQUEST_ALLOWANCE_MS = 3000;

export function fetchAnalytics(query: AnalyticsQuery, options: ClientOptions): CampaignAnalytics[] {
  const request = {
    url: analyticsUrl(options.baseUrl, query),
    headers: { Authorization: `Bearer ${options.apiKey}`, Accept: 'application/json' },
  };
  try {
    return parseAnalyticsBody(sendWithRetries(request, options).body);
  } catch (error) {
    throw error instanceof Error ? withoutSecret(error, options.apiKey) : error;
  }
}

function sendWithRetries(request: HttpRequest, options: ClientOptions): HttpResponse {
  for (let attempt = 1; ; attempt++) {
    const response = send(request, options);
    if (!isRetryable(response.status)) return checkStatus(response);
    const wait = retryDelay(response, attempt, options.clock.now());
    const outOfTime = options.clock.now() + wait + REQUEST_ALLOWANCE_MS > options.deadline;
    if (attempt >= MAX_ATTEMPTS || outOfTime) return checkStatus(response);
    options.clock.sleep(wait);
  }
}

function send(request: HttpRequest, options: ClientOptions): HttpResponse {
  try {
    return options.transport(request);
  } catch {
    const host = options.baseUrl.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    throw new UserFacingError(
      `Could not reach Instantly (${host}): the connection failed or timed out. ` +
        'Check your internet connection and try again in a minute.',
    );
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
