/**
 * Stand-in for Instantly's GET /api/v2/campaigns/analytics, following
 * shared/api/instantly-campaign-analytics.openapi.yaml, with injectable faults and a request log.
 * Admin endpoints under /__standin/ let another process drive it over HTTP.
 */
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { campaignAnalytics, createSampleWorkspace, type StandinCampaign } from './workspace';

export const ANALYTICS_PATH = '/api/v2/campaigns/analytics';
const ADMIN_PREFIX = '/__standin/';
const JSON_TYPE = 'application/json; charset=utf-8';

/** An error response with the API's `{statusCode, error, message}` body. */
type ErrorFault = { status: 429; retryAfter?: number } | { status: 500 | 502 | 503 };

/** Exactly this body, e.g. HTML or truncated JSON. */
type BodyFault = { body: string; status?: number; contentType?: string };

/** A failure to inject, served instead of (or before) the normal response. */
export type Fault = (
  | ErrorFault
  | BodyFault
  /** Waits, then responds normally. */
  | { delayMs: number }
  /** Destroys the socket without a response. */
  | { reset: true }
  /** Never responds; the socket stays open until close(). */
  | { hang: true }
) & {
  /** How many consecutive requests get this fault; 1 when absent. */
  times?: number;
};

export interface StandinConfig {
  paidPlan: boolean;
  apiKeys: string[];
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** Parameters given once are strings, repeated ones arrays; `ids` is always an array. */
  query: Record<string, string | string[]>;
  url: string;
  headers: IncomingHttpHeaders;
  /** Arrival time, epoch milliseconds. */
  timestamp: number;
  /** Status sent; null while in flight or when no response was sent (reset, hang). */
  status: number | null;
}

export interface StandinOptions extends Partial<StandinConfig> {
  /** 0 (the default) picks a free port. */
  port?: number;
  campaigns?: StandinCampaign[];
}

/** State changes shared by the in-process API and the admin endpoints. */
export interface StandinControls {
  /** The live log of API requests, oldest first. */
  readonly requests: LoggedRequest[];
  queueFault(...faults: Fault[]): void;
  clearRequests(): void;
  setCampaigns(campaigns: StandinCampaign[]): void;
  setConfig(config: Partial<StandinConfig>): void;
  /** Clears faults and the log, and restores the campaigns and config it started with. */
  reset(): void;
}

export interface Standin extends StandinControls {
  url: string;
  port: number;
  /** Stops listening and destroys open sockets, hanging ones included. */
  close(): Promise<void>;
}

interface Reply {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** Answered with 400 `{message}`, as the API's schema validation does. */
class BadRequest extends Error {}

export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  const controls = createControls(options);
  const shutdown = new AbortController();
  const server = createServer((req, res) => {
    handleRequest(req, res, controls, shutdown.signal).catch((error) => {
      // Once shutting down (a delay fault aborted), nobody is left to answer.
      if (res.headersSent || shutdown.signal.aborted) return;
      if (error instanceof BadRequest) send(res, jsonReply(400, { message: error.message }));
      else send(res, errorReply(500, String(error)));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject); // e.g. the port is taken
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return Object.assign(controls, {
    url: `http://127.0.0.1:${port}`,
    port,
    close: async () => {
      shutdown.abort();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  });
}

interface ControlState extends StandinControls {
  config: StandinConfig;
  campaigns: StandinCampaign[];
  faults: Fault[];
}

function createControls(options: StandinOptions): ControlState {
  const initialCampaigns = options.campaigns ?? createSampleWorkspace();
  const initialConfig = (): StandinConfig => ({
    paidPlan: options.paidPlan ?? true,
    apiKeys: [...(options.apiKeys ?? ['test-key'])],
  });
  const state: ControlState = {
    config: initialConfig(),
    campaigns: initialCampaigns,
    faults: [],
    requests: [],
    queueFault: (...faults) => {
      state.faults.push(...faults);
    },
    // Emptied in place so callers holding `requests` keep seeing the live log.
    clearRequests: () => {
      state.requests.splice(0);
    },
    setCampaigns: (campaigns) => {
      state.campaigns = campaigns;
    },
    setConfig: ({ paidPlan, apiKeys }) => {
      if (paidPlan !== undefined) state.config.paidPlan = paidPlan;
      if (apiKeys !== undefined) state.config.apiKeys = [...apiKeys];
    },
    reset: () => {
      state.faults.splice(0);
      state.clearRequests();
      state.campaigns = initialCampaigns;
      state.config = initialConfig();
    },
  };
  return state;
}

async function handleRequest(
  req: IncomingMessage,
  res: ServerResponse,
  state: ControlState,
  shutdown: AbortSignal,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://standin');
  if (url.pathname.startsWith(ADMIN_PREFIX)) {
    send(res, await adminReply(req, url.pathname, state));
    return;
  }
  logRequest(req, res, url, state.requests);
  const fault = takeFault(state.faults);
  if (fault && (await applyFault(fault, res, shutdown))) return;
  send(res, analyticsReply(req, url, state));
}

function logRequest(req: IncomingMessage, res: ServerResponse, url: URL, log: LoggedRequest[]) {
  const entry: LoggedRequest = {
    method: req.method ?? '',
    path: url.pathname,
    query: queryForLog(url.searchParams),
    url: req.url ?? '',
    headers: req.headers,
    timestamp: Date.now(),
    status: null,
  };
  log.push(entry);
  res.on('close', () => {
    entry.status = res.headersSent ? res.statusCode : null;
  });
}

function queryForLog(params: URLSearchParams): LoggedRequest['query'] {
  const query: LoggedRequest['query'] = {};
  for (const name of new Set(params.keys())) {
    const values = params.getAll(name);
    query[name] = name === 'ids' || values.length > 1 ? values : values[0];
  }
  return query;
}

// ---------------------------------------------------------------------------------------------
// Faults

function takeFault(queue: Fault[]): Fault | undefined {
  const next = queue[0];
  if (!next) return undefined;
  const remaining = (next.times ?? 1) - 1;
  if (remaining > 0) queue[0] = { ...next, times: remaining };
  else queue.shift();
  return next;
}

/** Applies the fault; true when it has dealt with the request, false to respond normally. */
async function applyFault(
  fault: Fault,
  res: ServerResponse,
  shutdown: AbortSignal,
): Promise<boolean> {
  if ('hang' in fault) return true;
  if ('reset' in fault) {
    res.socket?.destroy();
    return true;
  }
  if ('delayMs' in fault) {
    await sleep(fault.delayMs, undefined, { signal: shutdown });
    return false;
  }
  send(res, faultReply(fault));
  return true;
}

function faultReply(fault: ErrorFault | BodyFault): Reply {
  if ('body' in fault) {
    const contentType = fault.contentType ?? JSON_TYPE;
    return {
      status: fault.status ?? 200,
      body: fault.body,
      headers: { 'content-type': contentType },
    };
  }
  if (fault.status === 429) {
    const headers: Record<string, string> = {};
    if (fault.retryAfter !== undefined) headers['retry-after'] = `${fault.retryAfter}`;
    return errorReply(429, 'Rate limit exceeded', headers);
  }
  return errorReply(fault.status, 'Injected failure from the Instantly stand-in');
}

// ---------------------------------------------------------------------------------------------
// The analytics endpoint

interface AnalyticsQuery {
  ids: string[];
  start?: string;
  end?: string;
  includeLeads: boolean;
}

function analyticsReply(req: IncomingMessage, url: URL, state: ControlState): Reply {
  if (req.method !== 'GET' || url.pathname !== ANALYTICS_PATH) {
    return errorReply(404, `Route ${req.method}:${req.url} not found`);
  }
  const refusal = accessRefusal(req.headers.authorization, state.config);
  if (refusal) return refusal;
  const query = parseQuery(url.searchParams);
  const campaigns = selectCampaigns(state.campaigns, query.ids);
  if (!campaigns) return errorReply(404, 'Campaign not found');
  return jsonReply(
    200,
    campaigns.map((campaign) => campaignAnalytics(campaign, query)),
  );
}

function accessRefusal(
  authorization: string | undefined,
  config: StandinConfig,
): Reply | undefined {
  if (!authorization) return errorReply(401, 'Missing Authorization header');
  const key = /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (!key || !config.apiKeys.includes(key)) return errorReply(401, 'Invalid API key');
  if (!config.paidPlan) return errorReply(402, 'Workspace does not have an active paid plan');
  return undefined;
}

const UUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

function parseQuery(params: URLSearchParams): AnalyticsQuery {
  const id = singleParam(params, 'id');
  if (id !== undefined) requireUuid(id, 'querystring/id');
  const ids = params.getAll('ids');
  for (const [index, value] of ids.entries()) requireUuid(value, `querystring/ids/${index}`);
  const start = dayParam(params, 'start_date');
  const end = dayParam(params, 'end_date');
  if (start && end && start > end) throw new BadRequest('Start Date must be earlier than End Date');
  const excludeLeads = booleanParam(params, 'exclude_total_leads_count');
  return { ids: id === undefined ? ids : [id, ...ids], start, end, includeLeads: !excludeLeads };
}

function singleParam(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  if (values.length > 1) throw new BadRequest(`querystring/${name} must be string`);
  return values[0];
}

function requireUuid(value: string, location: string): void {
  if (!UUID.test(value)) throw new BadRequest(`${location} must match format "uuid"`);
}

function dayParam(params: URLSearchParams, name: string): string | undefined {
  const value = singleParam(params, name);
  if (value !== undefined && !isRealDay(value)) {
    throw new BadRequest(`querystring/${name} must be a valid date in YYYY-MM-DD format`);
  }
  return value;
}

/** True for 'YYYY-MM-DD' strings naming a day that exists (no 2025-02-30). */
function isRealDay(value: string): boolean {
  const time = Date.parse(value);
  return (
    ISO_DAY.test(value) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(value)
  );
}

/** 'true' or 'false' (the only strings the API coerces to booleans); false when absent. */
function booleanParam(params: URLSearchParams, name: string): boolean {
  const value = singleParam(params, name) ?? 'false';
  if (value !== 'true' && value !== 'false') {
    throw new BadRequest(`querystring/${name} must be boolean`);
  }
  return value === 'true';
}

/** The requested campaigns in creation order (all when none asked), or undefined if one is unknown. */
function selectCampaigns(
  campaigns: StandinCampaign[],
  ids: string[],
): StandinCampaign[] | undefined {
  if (ids.length === 0) return campaigns;
  // uuids compare case-insensitively, as they do in the API's database.
  const wanted = new Set(ids.map((id) => id.toLowerCase()));
  const found = campaigns.filter((campaign) => wanted.has(campaign.id.toLowerCase()));
  return found.length === wanted.size ? found : undefined;
}

// ---------------------------------------------------------------------------------------------
// Admin endpoints

type AdminAction = (controls: StandinControls, body: unknown) => unknown;

const ADMIN_ROUTES: Record<string, AdminAction> = {
  'POST /__standin/faults': (controls, body) => controls.queueFault(...faultsIn(body)),
  'GET /__standin/requests': (controls) => controls.requests,
  'DELETE /__standin/requests': (controls) => controls.clearRequests(),
  'PUT /__standin/campaigns': (controls, body) => controls.setCampaigns(campaignsIn(body)),
  'PUT /__standin/config': (controls, body) => controls.setConfig(configIn(body)),
  'POST /__standin/reset': (controls) => controls.reset(),
};

/** Runs the admin action; answers with what it returns, or `{ok: true}` when it changes state. */
async function adminReply(req: IncomingMessage, path: string, controls: StandinControls) {
  const action = ADMIN_ROUTES[`${req.method} ${path}`];
  if (!action) return errorReply(404, `Route ${req.method}:${path} not found`);
  const result = action(controls, await readJsonBody(req));
  return jsonReply(200, result ?? { ok: true });
}

const FAULT_KINDS = ['status', 'delayMs', 'reset', 'hang', 'body'];

function faultsIn(body: unknown): Fault[] {
  const faults: unknown[] = Array.isArray(body) ? body : [body];
  const isFault = (fault: unknown) =>
    isObject(fault) && FAULT_KINDS.some((kind) => fault[kind] !== undefined);
  if (!faults.every(isFault)) throw new BadRequest('Expected a fault or an array of faults');
  return faults as Fault[];
}

function campaignsIn(body: unknown): StandinCampaign[] {
  if (!Array.isArray(body)) throw new BadRequest('Expected an array of campaigns');
  return body;
}

function configIn(body: unknown): Partial<StandinConfig> {
  if (!isObject(body)) throw new BadRequest('Expected {paidPlan?, apiKeys?}');
  return body;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const text = await readBody(req);
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    throw new BadRequest('Body must be JSON');
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

// ---------------------------------------------------------------------------------------------
// Responses

function jsonReply(status: number, value: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    body: JSON.stringify(value),
    headers: { 'content-type': JSON_TYPE, ...headers },
  };
}

/** The `{statusCode, error, message}` body the API uses for 401, 402, 404, 429 and 5xx. */
function errorReply(status: number, message: string, headers?: Record<string, string>): Reply {
  return jsonReply(status, { statusCode: status, error: STATUS_CODES[status], message }, headers);
}

function send(res: ServerResponse, { status, body, headers }: Reply): void {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
