/**
 * Serves a page of the built add-on (e.g. dist/Sidebar.html) to a real browser, with a stand-in
 * for Apps Script's `google.script.run` injected into it. The stand-in posts every call to
 * POST /rpc as `{name, args}`; the server runs it through `call` (typically the local Apps Script
 * runtime's callFromClient) and answers `{ok: true, value}` or `{ok: false, error: {name, message}}`,
 * which the page receives through its success or failure handler, as in Apps Script.
 *
 * `call` may block the thread (the runtime's UrlFetchApp is synchronous): the browser is another
 * process and simply waits, but anything `call` reaches over HTTP (the Instantly stand-in) must
 * run in another process too.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const RPC_PATH = '/rpc';

export interface SidebarServerOptions {
  /** The page; read on every request, so a rebuild shows on reload. */
  htmlFile: string;
  /**
   * Runs one google.script.run call: returns (or resolves with) the server function's result, or
   * throws (or rejects with) its error.
   */
  call(name: string, args: unknown[]): unknown;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1; the page must never be reachable from elsewhere. */
  host?: string;
  /** Extra routes (e.g. a page that frames the sidebar); return true when handled. */
  handle?(request: IncomingMessage, response: ServerResponse): boolean;
}

export interface RpcRecord {
  name: string;
  args: unknown[];
  ok: boolean;
  /** The result, or the error's message. */
  result: unknown;
  ms: number;
}

export interface SidebarServer {
  /** The page's address. */
  url: string;
  /** Every google.script.run call, oldest first. */
  readonly calls: RpcRecord[];
  close(): Promise<void>;
}

/**
 * The browser side of the bridge: `google.script.run` with withSuccessHandler,
 * withFailureHandler and withUserObject, each returning a new runner as Apps Script's do, and
 * any other property being a server function. A transport failure reaches the failure handler
 * with the message Apps Script uses for it.
 */
export const GOOGLE_SCRIPT_RUN_BRIDGE = `
(function () {
  'use strict';
  function runner(onSuccess, onFailure, userObject) {
    var methods = {
      withSuccessHandler: function (handler) { return runner(handler, onFailure, userObject); },
      withFailureHandler: function (handler) { return runner(onSuccess, handler, userObject); },
      withUserObject: function (object) { return runner(onSuccess, onFailure, object); }
    };
    return new Proxy(methods, {
      get: function (target, name) {
        if (Object.prototype.hasOwnProperty.call(target, name)) return target[name];
        if (typeof name !== 'string' || name === 'then') return undefined;
        return function () {
          var args = Array.prototype.slice.call(arguments);
          var fail = function (error) {
            if (onFailure) onFailure(error, userObject);
            else console.error(error);
          };
          fetch(${JSON.stringify(RPC_PATH)}, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ name: name, args: args })
          })
            .then(function (response) { return response.json(); })
            .then(
              function (reply) {
                if (reply.ok) {
                  if (onSuccess) onSuccess(reply.value, userObject);
                  return;
                }
                var error = new Error(reply.error.message);
                error.name = reply.error.name;
                fail(error);
              },
              function () {
                fail(new Error('NetworkError: Connection failure due to HTTP 0'));
              }
            );
        };
      }
    });
  }
  var host = {
    close: function () { window.__googleScriptHostClosed = true; },
    setHeight: function () {},
    setWidth: function () {},
    editor: { focus: function () {} }
  };
  window.google = { script: { run: runner(null, null, undefined), host: host } };
})();
`;

/** The page with the bridge as the first script of its <head>. */
export function withBridge(html: string): string {
  const script = `<script>${GOOGLE_SCRIPT_RUN_BRIDGE}</script>`;
  const head = /<head[^>]*>/i.exec(html);
  if (!head) return `${script}${html}`;
  const at = head.index + head[0].length;
  return `${html.slice(0, at)}\n${script}${html.slice(at)}`;
}

export async function startSidebarServer(options: SidebarServerOptions): Promise<SidebarServer> {
  const calls: RpcRecord[] = [];
  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, 500, 'text/plain', String(error));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (options.handle?.(request, response)) return;
    if (request.method === 'POST' && path === RPC_PATH) {
      const { name, args } = parseCall(await readBody(request));
      send(response, 200, 'application/json', JSON.stringify(await runCall(name, args)));
      return;
    }
    if (request.method === 'GET' && (path === '/' || path === '/index.html')) {
      const html = withBridge(readFileSync(options.htmlFile, 'utf8'));
      send(response, 200, 'text/html; charset=utf-8', html);
      return;
    }
    // Browsers ask for it; answering keeps the console (and request logs) clean.
    if (path === '/favicon.ico') {
      send(response, 204, 'text/plain', '');
      return;
    }
    send(response, 404, 'text/plain', 'Not found');
  }

  async function runCall(name: string, args: unknown[]) {
    const started = Date.now();
    try {
      const value = await options.call(name, args);
      calls.push({ name, args, ok: true, result: value, ms: Date.now() - started });
      return { ok: true, value };
    } catch (thrown) {
      const error = errorOf(thrown);
      calls.push({ name, args, ok: false, result: error.message, ms: Date.now() - started });
      return { ok: false, error };
    }
  }

  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function parseCall(body: string): { name: string; args: unknown[] } {
  const parsed = JSON.parse(body) as { name?: unknown; args?: unknown };
  if (typeof parsed.name !== 'string') throw new Error('An RPC call needs a function name');
  return { name: parsed.name, args: Array.isArray(parsed.args) ? parsed.args : [] };
}

/** Errors can come from the runtime's vm realm, where `instanceof Error` is false. */
function errorOf(thrown: unknown): { name: string; message: string } {
  if (typeof thrown === 'object' && thrown !== null && 'message' in thrown) {
    const { name, message } = thrown as { name?: unknown; message?: unknown };
    return { name: typeof name === 'string' ? name : 'Error', message: String(message) };
  }
  return { name: 'Error', message: String(thrown) };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      body += chunk;
    });
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}
