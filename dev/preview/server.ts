/**
 * The preview page's server: the sidebar server (dist/Sidebar.html with its google.script.run
 * bridge on /rpc) plus the page that frames it beside the workbook, and the JSON endpoints the
 * page drives the local Apps Script runtime with. Everything listens on 127.0.0.1 only.
 *
 *   GET  /                       the page (dev/preview/index.html)
 *   GET  /app.js                 its script, dev/preview/preview-page.ts transpiled on the fly
 *   GET  /sidebar                the real sidebar, bridged to the runtime
 *   POST /rpc                    google.script.run calls (runtime.callFromClient)
 *   GET  /api/workbook[?after=V] the workbook; with `after`, waits (up to 25 s) for a change past V
 *   POST /api/cell               {sheet, a1, input}: types into a cell, then computes formulas
 *   POST /api/sheet              {action: 'activate' | 'add', name?}
 *   POST /api/menu               {name, answer?}: runs a menu item (answer: text for its prompt)
 *   POST /api/trigger            runs the add-on's time-driven trigger now
 *
 * The runtime is synchronous and blocks this thread while the add-on fetches; requests simply
 * wait. Whatever it fetches from (the Instantly stand-in) must run in another process.
 */
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import ts from 'typescript';
import type { AppsScriptRuntime, FakeSpreadsheet } from '../runtime';
import { startSidebarServer, withBridge } from './sidebar-server';
import { scheduleTriggers, type WorkbookView, workbookView } from './workbook';

const PAGE_FILE = path.join(__dirname, 'index.html');
const PAGE_SCRIPT_FILE = path.join(__dirname, 'preview-page.ts');
const LONG_POLL_MS = 25_000;
/** The report status the sidebar shows, read to tell what a scheduled run did. */
const STATUS_FUNCTION = 'getSidebarState';
const NO_TRIGGER_MESSAGE =
  'There is no scheduled refresh to run. Turn on Auto-refresh in the sidebar first.';

export interface PreviewServerOptions {
  runtime: AppsScriptRuntime;
  spreadsheet: FakeSpreadsheet;
  /** Folder of the built add-on, for Sidebar.html. */
  distDir: string;
  source: WorkbookView['source'];
  /** 0 picks a free port. */
  port: number;
  host?: string;
}

export interface PreviewServer {
  url: string;
  close(): Promise<void>;
}

interface Reply {
  ok: boolean;
  message?: string;
  [key: string]: unknown;
}

class BadRequest extends Error {}

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const { runtime, spreadsheet } = options;
  const host = options.host ?? '127.0.0.1';
  let version = 1;
  const waiting = new Set<() => void>();
  let port = 0;

  /** Every change goes through here: the clock catches up with real time first. */
  const run = <T>(work: () => T): T => {
    const now = Date.now();
    if (now > runtime.clock.now()) runtime.clock.set(now);
    try {
      return work();
    } finally {
      version++;
      // Once the caller has its answer: the page then reads the workbook as it now stands.
      const wakers = [...waiting];
      waiting.clear();
      setImmediate(() => {
        for (const wake of wakers) wake();
      });
    }
  };

  const view = () => workbookView(runtime, spreadsheet, version, options.source);

  const routes: Record<string, (body: Record<string, unknown>) => Reply> = {
    'POST /api/cell': (body) => run(() => typeInCell(runtime, spreadsheet, body)),
    'POST /api/sheet': (body) => run(() => changeSheet(spreadsheet, body)),
    'POST /api/menu': (body) => run(() => runMenuItem(runtime, body)),
    'POST /api/trigger': () => run(() => runScheduledRefresh(runtime)),
  };

  const handle = (request: IncomingMessage, response: ServerResponse): boolean => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const route = `${request.method} ${url.pathname}`;
    // Only this page may read or drive the runtime: no other site (DNS rebinding, cross-site forms).
    if (!trustedRequest(request, port)) {
      sendJson(response, 403, { ok: false, message: 'Requests only from the preview page.' });
      return true;
    }
    if (route === 'GET /' || route === 'GET /index.html') {
      send(response, 200, 'text/html; charset=utf-8', readFileSync(PAGE_FILE, 'utf8'), {
        'content-security-policy':
          "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-src 'self'",
      });
      return true;
    }
    if (route === 'GET /app.js') {
      send(response, 200, 'text/javascript; charset=utf-8', pageScript());
      return true;
    }
    if (route === 'GET /sidebar') {
      const html = readFileSync(path.join(options.distDir, 'Sidebar.html'), 'utf8');
      send(response, 200, 'text/html; charset=utf-8', withBridge(html));
      return true;
    }
    if (route === 'GET /api/workbook') {
      const after = Number(url.searchParams.get('after'));
      if (!Number.isInteger(after) || after < version) {
        sendJson(response, 200, view());
        return true;
      }
      const wake = () => {
        clearTimeout(timer);
        waiting.delete(wake);
        if (!response.writableEnded) sendJson(response, 200, view());
      };
      const timer = setTimeout(wake, LONG_POLL_MS);
      waiting.add(wake);
      // Not answered yet, so this is the page going away.
      response.on('close', () => {
        clearTimeout(timer);
        waiting.delete(wake);
      });
      return true;
    }
    const action = routes[route];
    if (!action) return false;
    readJson(request)
      .then((body) => sendJson(response, 200, action(body)))
      .catch((error: unknown) => {
        const status = error instanceof BadRequest ? 400 : 500;
        sendJson(response, status, { ok: false, message: messageOf(error) });
      });
    return true;
  };

  const server = await startSidebarServer({
    htmlFile: path.join(options.distDir, 'Sidebar.html'),
    call: (name, args) => run(() => runtime.callFromClient(name, ...args)),
    port: options.port,
    host,
    handle,
  });
  port = Number(new URL(server.url).port);
  return {
    url: server.url,
    close: async () => {
      for (const wake of waiting) wake();
      await server.close();
    },
  };
}

// ---- Actions ------------------------------------------------------------------------------

const A1_CELL = /^[A-Z]{1,3}[1-9]\d{0,6}$/;
/** A cell reference outside quotes: typing a value may change what such a formula computes. */
const REFERENCE = /(^|[^A-Za-z0-9_"])\$?[A-Z]{1,3}\$?\d+/;

function typeInCell(
  runtime: AppsScriptRuntime,
  spreadsheet: FakeSpreadsheet,
  body: Record<string, unknown>,
): Reply {
  const sheet = findSheet(spreadsheet, body.sheet);
  const a1 = String(body.a1 ?? '').toUpperCase();
  if (!A1_CELL.test(a1)) throw new BadRequest(`Not a cell: ${a1}`);
  if (typeof body.input !== 'string') throw new BadRequest('input must be text');
  const input = body.input;
  spreadsheet.selectSheet(sheet);
  try {
    sheet.getRange(a1).setValue(input);
  } catch (error) {
    return { ok: false, message: messageOf(error) };
  }
  // New formulas are computed as Sheets computes them once typed; a typed value also recomputes
  // the formulas that may read it.
  const isFormula = input.startsWith('=') && input.length > 1;
  runtime.spreadsheets.recalculate({ all: !isFormula && readsCells(spreadsheet) });
  return { ok: true };
}

function readsCells(spreadsheet: FakeSpreadsheet): boolean {
  return spreadsheet
    .sheetList()
    .some((sheet) =>
      sheet
        .snapshot()
        .formulas.some((row) =>
          row.some((formula) => REFERENCE.test(formula.replace(/"[^"]*"/g, ''))),
        ),
    );
}

function changeSheet(spreadsheet: FakeSpreadsheet, body: Record<string, unknown>): Reply {
  if (body.action === 'add') {
    const sheet = spreadsheet.insertSheet();
    return { ok: true, sheet: sheet.getName() };
  }
  if (body.action === 'activate') {
    spreadsheet.selectSheet(findSheet(spreadsheet, body.name));
    return { ok: true };
  }
  throw new BadRequest('action must be activate or add');
}

/** The fakes stand in for Apps Script's types only at its API. */

function findSheet(spreadsheet: FakeSpreadsheet, name: unknown) {
  const sheet = spreadsheet.sheetList().find((candidate) => candidate.getName() === name);
  if (!sheet) throw new BadRequest(`No sheet named ${String(name)}`);
  return sheet;
}

/**
 * Runs a menu item as Sheets does. A prompt it shows can only be answered after the fact: the
 * first run gets Cancel and the reply asks the page for the text; the page then runs the item
 * again with `answer`, which the prompt receives as OK.
 */
function runMenuItem(runtime: AppsScriptRuntime, body: Record<string, unknown>): Reply {
  const name = String(body.name ?? '');
  if (!runtime.ui.menuFunctionNames().includes(name)) {
    throw new BadRequest(`${name} is not in the add-on's menu`);
  }
  const answered = typeof body.answer === 'string';
  if (answered) runtime.ui.queuePromptResponse({ button: 'OK', text: String(body.answer) });
  const promptsBefore = runtime.ui.prompts.length;
  try {
    runtime.call(name);
  } catch (error) {
    return { ok: false, message: messageOf(error) };
  }
  const prompt = runtime.ui.prompts[promptsBefore];
  if (prompt && !answered) {
    return { ok: true, prompt: { title: prompt.title ?? '', message: prompt.prompt } };
  }
  return { ok: true };
}

interface StatusOutcome {
  ok: boolean;
  at: string;
  rows: number;
  sheetName: string;
  trigger: string;
  error?: string;
}

interface ReportStatus {
  lastSuccess?: StatusOutcome;
  lastFailure?: StatusOutcome;
}

/**
 * Runs the add-on's hourly trigger now, as its next hour would (whether or not it is due by the
 * trigger's clock), then says what the scheduled run did to this spreadsheet.
 */
function runScheduledRefresh(runtime: AppsScriptRuntime): Reply {
  const triggers = scheduleTriggers(runtime);
  if (triggers.length === 0) return { ok: false, message: NO_TRIGGER_MESSAGE };
  const before = reportStatus(runtime);
  try {
    for (const trigger of triggers) runtime.fireTimeTrigger(trigger.uid);
  } catch (error) {
    return { ok: false, message: `The scheduled run failed: ${messageOf(error)}` };
  }
  const after = reportStatus(runtime);
  const changed = (outcome: StatusOutcome | undefined, previous: StatusOutcome | undefined) =>
    outcome && outcome.trigger === 'scheduled' && outcome.at !== previous?.at;
  if (changed(after.lastFailure, before.lastFailure)) {
    return { ok: false, message: `Scheduled refresh failed: ${after.lastFailure?.error ?? ''}` };
  }
  const success = after.lastSuccess;
  if (success && changed(success, before.lastSuccess)) {
    return {
      ok: true,
      message: `Scheduled refresh done: ${success.rows} campaign row(s) written to “${success.sheetName}”.`,
    };
  }
  return {
    ok: true,
    message:
      'The hourly trigger ran, but nothing was due yet: the last scheduled refresh is more recent than the Auto-refresh interval.',
  };
}

function reportStatus(runtime: AppsScriptRuntime): ReportStatus {
  try {
    const state = runtime.callFromClient(STATUS_FUNCTION) as { status?: ReportStatus } | null;
    return state?.status ?? {};
  } catch {
    return {};
  }
}

// ---- HTTP helpers -------------------------------------------------------------------------

let cachedPageScript: { mtimeMs: number; code: string } | undefined;

/** The page's TypeScript as a browser module, transpiled again whenever the file changes. */
function pageScript(): string {
  const { mtimeMs } = statSync(PAGE_SCRIPT_FILE);
  if (cachedPageScript?.mtimeMs !== mtimeMs) {
    const { outputText } = ts.transpileModule(readFileSync(PAGE_SCRIPT_FILE, 'utf8'), {
      fileName: PAGE_SCRIPT_FILE,
      compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.ESNext },
    });
    cachedPageScript = { mtimeMs, code: outputText };
  }
  return cachedPageScript.code;
}

/**
 * Browsers send the Host they connected to (a rebound name would differ), and a cross-site page
 * cannot POST application/json without a preflight, which this server never answers.
 */
function trustedRequest(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host ?? '';
  if (![`127.0.0.1:${port}`, `localhost:${port}`].includes(host)) return false;
  return (
    request.method !== 'POST' || /^application\/json\b/i.test(request.headers['content-type'] ?? '')
  );
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // Answered below.
  }
  throw new BadRequest('The body must be a JSON object');
}

/** Errors from the runtime's realm are not `instanceof Error` here. */
function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function send(
  response: ServerResponse,
  status: number,
  type: string,
  body: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
  response.end(body);
}
