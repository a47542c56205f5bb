/**
 * Synchronous real HTTP, as UrlFetchApp needs it: synckit runs the requests in a worker thread
 * (sync-http-worker.mjs) while this thread blocks until the answer arrives. One worker serves
 * every call; synckit unrefs it, so it never keeps the process (or jest) alive.
 */
import path from 'node:path';
import { createSyncFn } from 'synckit';

export interface SyncHttpRequest {
  url: string;
  /** Upper case: 'GET', 'POST'... */
  method: string;
  headers: Record<string, string>;
  body?: Uint8Array;
  /** For the whole exchange, redirects included. */
  timeoutMs: number;
  followRedirects: boolean;
}

export type NetworkErrorKind = 'refused' | 'reset' | 'dns' | 'timeout' | 'other';

export interface SyncHttpResponse {
  ok: true;
  status: number;
  /** In the order received, names spelled as the server sent them. */
  headers: Array<[string, string]>;
  body: Uint8Array;
  /** The URL that answered, after redirects. */
  url: string;
  elapsedMs: number;
}

export interface SyncHttpFailure {
  ok: false;
  kind: NetworkErrorKind;
  /** Node's error code, e.g. 'ECONNREFUSED'. */
  code: string;
  message: string;
  elapsedMs: number;
}

export type SyncHttpResult = SyncHttpResponse | SyncHttpFailure;

/**
 * Only a guard against a stuck worker: each request enforces its own timeout inside the worker,
 * and no Apps Script execution lasts longer than six minutes.
 */
const WORKER_TIMEOUT_MS = 6 * 60_000;
const WORKER_PATH = path.join(__dirname, 'sync-http-worker.mjs');

let requestAllInWorker: ((requests: SyncHttpRequest[]) => SyncHttpResult[]) | undefined;

/** Performs the requests concurrently and returns their results in the same order. */
export function syncHttpRequestAll(requests: SyncHttpRequest[]): SyncHttpResult[] {
  if (requests.length === 0) return [];
  requestAllInWorker ??= createSyncFn(WORKER_PATH, { timeout: WORKER_TIMEOUT_MS });
  return requestAllInWorker(requests);
}

export function syncHttpRequest(request: SyncHttpRequest): SyncHttpResult {
  return syncHttpRequestAll([request])[0];
}
