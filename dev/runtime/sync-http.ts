/**
 * Synchronous real HTTP, as UrlFetchApp needs it: a worker thread performs the requests while this
 * thread blocks in Atomics.wait, then the answer is taken off a MessagePort with
 * receiveMessageOnPort (the synckit pattern). One worker serves every call; it is unref'd so it
 * never keeps the process (or jest) alive.
 */
import path from 'node:path';
import {
  MessageChannel,
  type MessagePort,
  receiveMessageOnPort,
  Worker,
} from 'node:worker_threads';

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

/** How long past the longest request timeout we wait before deciding the worker is stuck. */
const WORKER_GRACE_MS = 10_000;
const WORKER_PATH = path.join(__dirname, 'sync-http-worker.mjs');

interface WorkerAnswer {
  id: number;
  results: SyncHttpResult[];
}

class SyncHttpWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_PATH, {
      workerData: { port: port2, signal: this.signal },
      transferList: [port2],
    });
    this.worker.unref();
  }

  requestAll(requests: SyncHttpRequest[]): SyncHttpResult[] {
    const id = this.nextId++;
    const seen = Atomics.load(this.signal, 0);
    this.worker.postMessage({ id, requests });
    const longest = Math.max(...requests.map((request) => request.timeoutMs));
    return this.awaitAnswer(id, seen, Date.now() + longest + WORKER_GRACE_MS);
  }

  /** Blocks until the worker posts the answer to `id`; answers to abandoned calls are dropped. */
  private awaitAnswer(id: number, seen: number, deadline: number): SyncHttpResult[] {
    let signalled = seen;
    for (;;) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error('sync-http: the HTTP worker did not answer');
      Atomics.wait(this.signal, 0, signalled, remaining);
      signalled = Atomics.load(this.signal, 0);
      for (let received = receiveMessageOnPort(this.port); received; ) {
        const answer = received.message as WorkerAnswer;
        if (answer.id === id) return answer.results;
        received = receiveMessageOnPort(this.port);
      }
    }
  }

  terminate(): Promise<number> {
    this.port.close();
    return this.worker.terminate();
  }
}

let shared: SyncHttpWorker | undefined;

/** Performs the requests concurrently and returns their results in the same order. */
export function syncHttpRequestAll(requests: SyncHttpRequest[]): SyncHttpResult[] {
  if (requests.length === 0) return [];
  shared ??= new SyncHttpWorker();
  return shared.requestAll(requests);
}

export function syncHttpRequest(request: SyncHttpRequest): SyncHttpResult {
  return syncHttpRequestAll([request])[0];
}

/** Stops the shared worker (a later request starts a new one). Optional: it is unref'd. */
export async function closeSyncHttp(): Promise<void> {
  const worker = shared;
  shared = undefined;
  await worker?.terminate();
}
