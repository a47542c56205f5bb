/**
 * UrlFetchApp over real HTTP (sync-http.ts), with Apps Script's limits, defaults and error
 * messages. Every request is logged; the virtual clock moves by the real time the exchange took.
 */
import { bytesOfBlob, createBlob, decodeText, encodeText, isBlobSource, toByteArray } from './blob';
import {
  exception,
  invalidArgument,
  isPlainObject,
  type RuntimeEnv,
  realmArray,
  realmObject,
  requirePermission,
  SCOPES,
} from './env';
import {
  type NetworkErrorKind,
  type SyncHttpFailure,
  type SyncHttpResponse,
  syncHttpRequestAll,
} from './sync-http';

type Options = GoogleAppsScript.URL_Fetch.URLFetchRequestOptions;
type Request = GoogleAppsScript.URL_Fetch.URLFetchRequest;
type HTTPResponse = GoogleAppsScript.URL_Fetch.HTTPResponse;

export const MAX_URL_LENGTH = 2082;
/** Apps Script's own limit is about 60 s. */
export const DEFAULT_FETCH_TIMEOUT_MS = 60_000;
/** How much of the body a failed request's message quotes. */
const QUOTED_RESPONSE_LENGTH = 1000;
const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
const USER_AGENT =
  'Mozilla/5.0 (compatible; Google-Apps-Script; beanserver; +https://script.google.com; id: UAEmdDd-local)';

const NETWORK_ERRORS: Record<NetworkErrorKind, string> = {
  dns: 'DNS error',
  refused: 'Address unavailable',
  reset: 'Address unavailable',
  timeout: 'Timeout',
  other: 'Unexpected error',
};

/** One request as the bundle made it; `method` upper case, `at` on the virtual clock. */
export interface FetchRecord {
  url: string;
  method: string;
  headers: Record<string, string>;
  /** The body as text (bytes decoded as UTF-8), when there is one. */
  payload?: string;
  at: number;
}

export interface UrlFetchFake {
  UrlFetchApp: GoogleAppsScript.URL_Fetch.UrlFetchApp;
  /** Live log of every request, in order. */
  fetches: FetchRecord[];
  /** Empties the log (in place: references to `fetches` stay valid). */
  clearFetches(): void;
}

interface PreparedRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  contentType?: string;
  muteHttpExceptions: boolean;
  followRedirects: boolean;
}

export function createUrlFetch(
  env: RuntimeEnv,
  timeoutMs = DEFAULT_FETCH_TIMEOUT_MS,
): UrlFetchFake {
  const fetches: FetchRecord[] = [];

  const perform = (requests: PreparedRequest[]): HTTPResponse[] => {
    if (requests.length === 0) return [];
    for (const request of requests) fetches.push(recordOf(request, env.clock.now()));
    const results = syncHttpRequestAll(
      requests.map((request) => ({
        url: request.url,
        method: request.method,
        headers: { 'User-Agent': USER_AGENT, ...request.headers },
        body: request.body,
        timeoutMs,
        followRedirects: request.followRedirects,
      })),
    );
    // The requests ran side by side: the batch took as long as the slowest.
    env.clock.advance(Math.max(...results.map((result) => result.elapsedMs)));
    return results.map((result, index) =>
      result.ok
        ? responseOf(env, requests[index], result)
        : throwNetworkError(env, requests[index], result),
    );
  };

  const UrlFetchApp: GoogleAppsScript.URL_Fetch.UrlFetchApp = {
    fetch(url: string, params: Options = {}) {
      requirePermission(env, 'UrlFetchApp.fetch', SCOPES.externalRequest, {
        allowedInCustomFunction: true,
      });
      return perform([prepare(env, url, params)])[0];
    },
    fetchAll(requests: Array<Request | string>) {
      requirePermission(env, 'UrlFetchApp.fetchAll', SCOPES.externalRequest, {
        allowedInCustomFunction: true,
      });
      const prepared = Array.from(requests, (request) =>
        typeof request === 'string'
          ? prepare(env, request, {})
          : prepare(env, request.url, request),
      );
      return realmArray(env.realm, perform(prepared));
    },
    getRequest(url: string, params: Options = {}) {
      const request = prepare(env, url, params);
      return realmObject<unknown>(env.realm, {
        url: request.url,
        method: request.method.toLowerCase(),
        headers: realmObject(env.realm, request.headers),
        payload: params.payload ?? '',
        contentType: request.contentType ?? '',
        followRedirects: request.followRedirects,
        muteHttpExceptions: request.muteHttpExceptions,
        validateHttpsCertificates: params.validateHttpsCertificates ?? true,
        useIntranet: params.useIntranet ?? false,
      }) as unknown as Request;
    },
  };

  return {
    UrlFetchApp,
    fetches,
    clearFetches: () => {
      fetches.length = 0;
    },
  };
}

function prepare(env: RuntimeEnv, url: string, params: Options): PreparedRequest {
  if (typeof url !== 'string' || url === '') throw invalidArgument(env.realm, 'url');
  if (url.length > MAX_URL_LENGTH)
    throw exception(env.realm, 'Limit Exceeded: URLFetch URL Length.');
  if (!/^https?:\/\/[^/]/i.test(url) || !URL.canParse(url)) {
    throw invalidArgument(env.realm, url);
  }
  const headers = Object.fromEntries(
    Object.entries(params.headers ?? {}).map(([name, value]) => [name, String(value)]),
  );
  const payload = params.payload === undefined ? undefined : payloadOf(params.payload);
  const contentType =
    params.contentType ??
    (payload && !hasHeader(headers, 'content-type') ? payload.contentType : undefined);
  if (contentType !== undefined) setHeader(headers, 'Content-Type', contentType);
  return {
    url,
    method: String(params.method ?? 'get').toUpperCase(),
    headers,
    body: payload?.bytes,
    contentType,
    muteHttpExceptions: params.muteHttpExceptions === true,
    followRedirects: params.followRedirects !== false,
  };
}

/** Strings and bytes are sent as they are, a Blob with its type, an object as a form. */
function payloadOf(payload: unknown): { bytes: Uint8Array; contentType: string } {
  if (typeof payload === 'string')
    return { bytes: encodeText(payload), contentType: FORM_CONTENT_TYPE };
  if (Array.isArray(payload)) {
    return {
      bytes: Uint8Array.from(payload, (value) => value & 0xff),
      contentType: FORM_CONTENT_TYPE,
    };
  }
  if (isBlobSource(payload)) {
    const contentType = payload.getBlob().getContentType() ?? FORM_CONTENT_TYPE;
    return { bytes: bytesOfBlob(payload), contentType };
  }
  if (isPlainObject(payload)) {
    const form = new URLSearchParams();
    for (const [key, value] of Object.entries(payload)) form.append(key, String(value));
    return { bytes: encodeText(form.toString()), contentType: FORM_CONTENT_TYPE };
  }
  return { bytes: encodeText(String(payload)), contentType: FORM_CONTENT_TYPE };
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

/** Replaces a header whatever the case it was given in. */
function setHeader(headers: Record<string, string>, name: string, value: string): void {
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === name.toLowerCase()) delete headers[key];
  }
  headers[name] = value;
}

function recordOf(request: PreparedRequest, at: number): FetchRecord {
  const record: FetchRecord = {
    url: request.url,
    method: request.method,
    headers: { ...request.headers },
    at,
  };
  if (request.body) record.payload = decodeText(request.body);
  return record;
}

function throwNetworkError(
  env: RuntimeEnv,
  request: PreparedRequest,
  failure: SyncHttpFailure,
): never {
  throw exception(env.realm, `${NETWORK_ERRORS[failure.kind]}: ${request.url}`);
}

function responseOf(
  env: RuntimeEnv,
  request: PreparedRequest,
  result: SyncHttpResponse,
): HTTPResponse {
  const response = new FakeHttpResponse(env, result);
  if (result.status >= 400 && !request.muteHttpExceptions) {
    const text = response.getContentText();
    const quoted =
      text.length > QUOTED_RESPONSE_LENGTH ? `${text.slice(0, QUOTED_RESPONSE_LENGTH)}...` : text;
    throw exception(
      env.realm,
      `Request failed for ${new URL(request.url).origin} returned code ${result.status}. ` +
        `Truncated server response: ${quoted} (use muteHttpExceptions option to examine full response)`,
    );
  }
  return response;
}

class FakeHttpResponse implements HTTPResponse {
  constructor(
    private readonly env: RuntimeEnv,
    private readonly result: SyncHttpResponse,
  ) {}

  getResponseCode(): number {
    return this.result.status;
  }
  getContent(): number[] {
    return toByteArray(this.env.realm, this.result.body);
  }
  /** Decoded with the charset the Content-Type names, else UTF-8. */
  getContentText(charset?: string): string {
    const declared = /charset=([^;]+)/i.exec(this.contentType() ?? '')?.[1]?.trim();
    return decodeText(this.result.body, charset ?? declared);
  }
  /** One value per header: the first, when the server repeated a header. */
  getHeaders(): object {
    const headers: Record<string, string> = {};
    for (const [name, value] of this.result.headers) headers[name] ??= value;
    return realmObject(this.env.realm, headers);
  }
  /** Repeated headers (Set-Cookie) as arrays of their values. */
  getAllHeaders(): object {
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of this.result.headers) {
      const previous = headers[name];
      if (previous === undefined) headers[name] = value;
      else headers[name] = realmArray(this.env.realm, [previous, value].flat());
    }
    return realmObject(this.env.realm, headers);
  }
  getBlob(): GoogleAppsScript.Base.Blob {
    const name = new URL(this.result.url).pathname.split('/').pop() || null;
    return createBlob(this.env.realm, this.result.body.slice(), this.contentType(), name);
  }
  getAs(contentType: string): GoogleAppsScript.Base.Blob {
    return this.getBlob().getAs(contentType);
  }

  private contentType(): string | null {
    return this.result.headers.find(([name]) => name.toLowerCase() === 'content-type')?.[1] ?? null;
  }
}
