/**
 * Stand-in for the Instantly API v2 endpoints the add-on reads, following
 * shared/api/instantly-analytics-v2.openapi.yaml: campaign analytics (totals, daily, steps,
 * overview), the campaign list and the current workspace. It serves several workspaces, each with
 * its own keys, plan, campaigns and rate limit, answers after a configurable latency, and has
 * injectable faults and a request log. Admin endpoints under /__standin/ let another process drive
 * it over HTTP.
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
import {
  campaignListItem,
  campaignStepRows,
  dailyRows,
  overview,
  workspaceObject,
  workspaceStepRows,
} from './reports';
import {
  CAMPAIGN_STATUS,
  campaignAnalytics,
  createSampleWorkspace,
  createWorkspace,
  type DayRange,
  hasSent,
  type StandinCampaign,
  type StandinWorkspace,
} from './workspace';

export const ANALYTICS_PATH = '/api/v2/campaigns/analytics';
export const DAILY_PATH = '/api/v2/campaigns/analytics/daily';
export const STEPS_PATH = '/api/v2/campaigns/analytics/steps';
export const OVERVIEW_PATH = '/api/v2/campaigns/analytics/overview';
export const CAMPAIGNS_PATH = '/api/v2/campaigns';
export const WORKSPACE_PATH = '/api/v2/workspaces/current';
const ADMIN_PREFIX = '/__standin/';
const JSON_TYPE = 'application/json; charset=utf-8';

/** An error response with the API's `{statusCode, error, message}` body. */
type ErrorFault = { status: 429; retryAfter?: number } | { status: 500 | 502 | 503 };

/** Exactly this body, e.g. HTML or truncated JSON. */
type BodyFault = { body: string; status?: number; contentType?: string };

/** Which requests a fault applies to; every request when nothing is given. */
export interface FaultTarget {
  /** Only requests to this path, e.g. DAILY_PATH. */
  path?: string;
  /** Only requests whose key belongs to this workspace. */
  workspaceId?: string;
  /** Lets this many matching requests through first: `after: 2` fails the third. */
  after?: number;
}

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
) &
  FaultTarget & {
    /** How many consecutive matching requests get this fault; 1 when absent. */
    times?: number;
  };

/** Requests a workspace may make within sliding windows of a second and of a minute. */
export interface RateLimit {
  perSecond: number;
  perMinute: number;
}

/** Instantly's limits, shared by every key of a workspace. */
export const INSTANTLY_RATE_LIMIT: RateLimit = { perSecond: 100, perMinute: 6000 };

export interface StandinConfig {
  /** Whether the default (first) workspace has a paid plan. */
  paidPlan: boolean;
  /** The keys of the default (first) workspace. */
  apiKeys: string[];
  /** true: Instantly's limits (the default); false: none. */
  rateLimit: boolean | RateLimit;
  /** How long every API response waits, in milliseconds; 0 by default. */
  latencyMs: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  /** Parameters given once are strings, repeated ones arrays; `ids` is always an array. */
  query: Record<string, string | string[]>;
  url: string;
  headers: IncomingHttpHeaders;
  /** The workspace the key belongs to, which answered; null without a known key. */
  workspaceId: string | null;
  /** Arrival time, epoch milliseconds. */
  timestamp: number;
  /** Status sent; null while in flight or when no response was sent (reset, hang). */
  status: number | null;
}

export interface StandinOptions extends Partial<StandinConfig> {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The default workspace's campaigns; the sample workspace when absent. */
  campaigns?: StandinCampaign[];
  /**
   * Several workspaces instead of the default one built from apiKeys, paidPlan and campaigns
   * (which cannot be combined with it); the first is the one setCampaigns and setConfig change.
   */
  workspaces?: StandinWorkspace[];
}

/** State changes shared by the in-process API and the admin endpoints. */
export interface StandinControls {
  /** The live log of API requests, oldest first. */
  readonly requests: LoggedRequest[];
  readonly workspaces: StandinWorkspace[];
  queueFault(...faults: Fault[]): void;
  clearRequests(): void;
  /** Replaces the default (first) workspace's campaigns. */
  setCampaigns(campaigns: StandinCampaign[]): void;
  setConfig(config: Partial<StandinConfig>): void;
  /** Replaces every workspace; a key may belong to only one. */
  setWorkspaces(workspaces: StandinWorkspace[]): void;
  /** Clears faults, the log and the rate windows; restores the workspaces and config. */
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
      // Once shutting down (a delay aborted), nobody is left to answer.
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
  config: Pick<StandinConfig, 'rateLimit' | 'latencyMs'>;
  workspaces: StandinWorkspace[];
  faults: Fault[];
  /** Arrival times of the requests each workspace answered within the last minute. */
  rateWindows: Map<string, number[]>;
}

function createControls(options: StandinOptions): ControlState {
  const startingWorkspaces = initialWorkspaces(options);
  const initialConfig = () => ({
    rateLimit: options.rateLimit ?? true,
    latencyMs: options.latencyMs ?? 0,
  });
  const updateDefault = (change: Partial<StandinWorkspace>) => {
    const [first, ...others] = state.workspaces;
    state.workspaces = validWorkspaces([{ ...first, ...change }, ...others]);
  };
  const state: ControlState = {
    config: initialConfig(),
    workspaces: startingWorkspaces,
    faults: [],
    requests: [],
    rateWindows: new Map(),
    queueFault: (...faults) => {
      state.faults.push(...faults);
    },
    // Emptied in place so callers holding `requests` keep seeing the live log.
    clearRequests: () => {
      state.requests.splice(0);
    },
    setCampaigns: (campaigns) => updateDefault({ campaigns }),
    setConfig: ({ paidPlan, apiKeys, rateLimit, latencyMs }) => {
      if (paidPlan !== undefined) updateDefault({ paidPlan });
      if (apiKeys !== undefined) updateDefault({ apiKeys: [...apiKeys] });
      if (rateLimit !== undefined) state.config.rateLimit = rateLimit;
      if (latencyMs !== undefined) state.config.latencyMs = latencyMs;
    },
    setWorkspaces: (workspaces) => {
      state.workspaces = validWorkspaces(workspaces);
    },
    reset: () => {
      state.faults.splice(0);
      state.clearRequests();
      state.rateWindows.clear();
      state.workspaces = startingWorkspaces;
      state.config = initialConfig();
    },
  };
  return state;
}

function initialWorkspaces(options: StandinOptions): StandinWorkspace[] {
  const { apiKeys, paidPlan, campaigns, workspaces } = options;
  if (!workspaces) return validWorkspaces([defaultWorkspace(options)]);
  if ([apiKeys, paidPlan, campaigns].some((option) => option !== undefined)) {
    throw new Error('Give either workspaces or apiKeys, paidPlan and campaigns, not both');
  }
  return validWorkspaces(workspaces);
}

function defaultWorkspace({ apiKeys, paidPlan, campaigns }: StandinOptions) {
  return createWorkspace({
    apiKeys: apiKeys ?? ['test-key'],
    paidPlan: paidPlan ?? true,
    campaigns: campaigns ?? createSampleWorkspace(),
  });
}

/** The workspaces with defaults filled in; throws when a key belongs to two of them. */
function validWorkspaces(workspaces: StandinWorkspace[]): StandinWorkspace[] {
  if (workspaces.length === 0) throw new BadRequest('At least one workspace is needed');
  const keys = workspaces.flatMap((workspace) => workspace.apiKeys ?? []);
  if (new Set(keys).size !== keys.length) {
    throw new BadRequest('An API key may belong to only one workspace');
  }
  return workspaces.map(createWorkspace);
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
  const workspace = workspaceOfKey(bearerKey(req.headers.authorization), state.workspaces);
  const entry = logRequest(req, res, url, workspace, state.requests);
  // Decided on arrival, as a server would, however long the latency.
  const fault = takeFault(state.faults, { path: url.pathname, workspaceId: workspace?.id });
  const reply = fault ? undefined : apiReply(req, url, workspace, state, entry.timestamp);
  if (state.config.latencyMs > 0) {
    await sleep(state.config.latencyMs, undefined, { signal: shutdown });
  }
  if (fault && (await applyFault(fault, res, shutdown))) return;
  send(res, reply ?? apiReply(req, url, workspace, state, entry.timestamp));
}

function logRequest(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  workspace: StandinWorkspace | undefined,
  log: LoggedRequest[],
): LoggedRequest {
  const entry: LoggedRequest = {
    method: req.method ?? '',
    path: url.pathname,
    query: queryForLog(url.searchParams),
    url: req.url ?? '',
    headers: req.headers,
    workspaceId: workspace?.id ?? null,
    timestamp: Date.now(),
    status: null,
  };
  log.push(entry);
  res.on('close', () => {
    entry.status = res.headersSent ? res.statusCode : null;
  });
  return entry;
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

/** Takes the first fault that targets the request and is due, counting down `after` on the way. */
function takeFault(
  queue: Fault[],
  request: { path: string; workspaceId?: string },
): Fault | undefined {
  for (const [index, fault] of queue.entries()) {
    if (fault.path !== undefined && fault.path !== request.path) continue;
    if (fault.workspaceId !== undefined && fault.workspaceId !== request.workspaceId) continue;
    if (fault.after) {
      queue[index] = { ...fault, after: fault.after - 1 };
      continue;
    }
    const remaining = (fault.times ?? 1) - 1;
    if (remaining > 0) queue[index] = { ...fault, times: remaining };
    else queue.splice(index, 1);
    return fault;
  }
  return undefined;
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
// The API

/** Answers a request's query for the workspace its key belongs to. */
type Route = (params: URLSearchParams, workspace: StandinWorkspace) => Reply;

const ROUTES: Record<string, Route> = {
  [ANALYTICS_PATH]: analyticsReply,
  [DAILY_PATH]: dailyReply,
  [STEPS_PATH]: stepsReply,
  [OVERVIEW_PATH]: overviewReply,
  [CAMPAIGNS_PATH]: campaignListReply,
  [WORKSPACE_PATH]: (_, workspace) => jsonReply(200, workspaceObject(workspace)),
};

function apiReply(
  req: IncomingMessage,
  url: URL,
  workspace: StandinWorkspace | undefined,
  state: ControlState,
  arrival: number,
): Reply {
  const route = ROUTES[url.pathname];
  if (req.method !== 'GET' || !route) {
    return errorReply(404, `Route ${req.method}:${req.url} not found`);
  }
  const refusal = accessRefusal(req.headers.authorization, workspace);
  if (refusal) return refusal;
  if (workspace === undefined) throw new Error('A workspace that passed access has a key');
  if (overRateLimit(state, workspace.id, arrival)) return errorReply(429, 'Rate limit exceeded');
  try {
    return route(url.searchParams, workspace);
  } catch (error) {
    if (error instanceof BadRequest) return jsonReply(400, { message: error.message });
    throw error;
  }
}

function bearerKey(authorization: string | undefined): string | undefined {
  return authorization === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
}

function workspaceOfKey(key: string | undefined, workspaces: StandinWorkspace[]) {
  return key === undefined
    ? undefined
    : workspaces.find((workspace) => workspace.apiKeys.includes(key));
}

function accessRefusal(
  authorization: string | undefined,
  workspace: StandinWorkspace | undefined,
): Reply | undefined {
  if (!authorization) return errorReply(401, 'Missing Authorization header');
  if (!workspace) return errorReply(401, 'Invalid API key');
  if (!workspace.paidPlan) {
    return errorReply(402, 'Workspace does not have an active paid plan');
  }
  return undefined;
}

/**
 * True when the workspace has used up a sliding window; otherwise counts the request in. Only
 * answered requests count, so a client that backs off gets through again.
 */
function overRateLimit(state: ControlState, workspaceId: string, now: number): boolean {
  const { rateLimit } = state.config;
  if (rateLimit === false) return false;
  const { perSecond, perMinute } = rateLimit === true ? INSTANTLY_RATE_LIMIT : rateLimit;
  const lastMinute = (state.rateWindows.get(workspaceId) ?? []).filter((t) => t > now - 60_000);
  state.rateWindows.set(workspaceId, lastMinute);
  const lastSecond = lastMinute.filter((t) => t > now - 1000).length;
  if (lastSecond >= perSecond || lastMinute.length >= perMinute) return true;
  lastMinute.push(now);
  return false;
}

function analyticsReply(params: URLSearchParams, workspace: StandinWorkspace): Reply {
  const ids = idsParam(params, 'id');
  const range = rangeParams(params);
  const includeLeads = !booleanParam(params, 'exclude_total_leads_count');
  const campaigns = selectCampaigns(workspace.campaigns, ids);
  if (!campaigns) return campaignNotFound();
  // Instantly leaves out campaigns that have never sent; the campaign list has them.
  return jsonReply(
    200,
    campaigns
      .filter(hasSent)
      .map((campaign) => campaignAnalytics(campaign, { ...range, includeLeads })),
  );
}

function dailyReply(params: URLSearchParams, workspace: StandinWorkspace): Reply {
  const campaigns = oneOrAllCampaigns(params, workspace);
  const range = rangeParams(params);
  const status = statusParam(params, 'campaign_status');
  if (!campaigns) return campaignNotFound();
  return jsonReply(200, dailyRows(withStatus(campaigns, status), range));
}

function stepsReply(params: URLSearchParams, workspace: StandinWorkspace): Reply {
  const campaigns = oneOrAllCampaigns(params, workspace);
  const range = rangeParams(params);
  const withOpportunities = booleanParam(params, 'include_opportunities_count');
  if (!campaigns) return campaignNotFound();
  return jsonReply(
    200,
    campaigns.length === 1 && params.has('campaign_id')
      ? campaignStepRows(campaigns[0], range, withOpportunities)
      : workspaceStepRows(campaigns, range, withOpportunities),
  );
}

function overviewReply(params: URLSearchParams, workspace: StandinWorkspace): Reply {
  const ids = idsParam(params, 'id');
  const range = rangeParams(params);
  const status = statusParam(params, 'campaign_status');
  const expandCrmEvents = booleanParam(params, 'expand_crm_events');
  const campaigns = selectCampaigns(workspace.campaigns, ids);
  if (!campaigns) return campaignNotFound();
  return jsonReply(200, overview(withStatus(campaigns, status), range, expandCrmEvents));
}

const DEFAULT_PAGE_SIZE = 100;

/**
 * A page of campaigns in creation order. As Instantly does, the cursor is the last item's id,
 * also on the last page, so the page after it is empty (and has no cursor). A cursor that names
 * no campaign gives an empty page too.
 */
function campaignListReply(params: URLSearchParams, workspace: StandinWorkspace): Reply {
  const limit = integerParam(params, 'limit', 1, 100) ?? DEFAULT_PAGE_SIZE;
  const after = singleParam(params, 'starting_after');
  const search = singleParam(params, 'search')?.toLowerCase();
  const status = statusParam(params, 'status');
  const listed = withStatus(workspace.campaigns, status).filter(
    (campaign) => search === undefined || campaign.name.toLowerCase().includes(search),
  );
  const start =
    after === undefined
      ? 0
      : listed.findIndex((campaign) => campaign.id.toLowerCase() === after.toLowerCase()) + 1 ||
        listed.length;
  const page = listed.slice(start, start + limit);
  const last = page[page.length - 1];
  return jsonReply(200, {
    items: page.map(campaignListItem),
    ...(last && { next_starting_after: last.id }),
  });
}

function campaignNotFound(): Reply {
  return errorReply(404, 'Campaign not found');
}

/** The campaign of `campaign_id` (undefined when unknown here), or all when it is absent. */
function oneOrAllCampaigns(
  params: URLSearchParams,
  workspace: StandinWorkspace,
): StandinCampaign[] | undefined {
  const id = singleParam(params, 'campaign_id');
  if (id === undefined) return workspace.campaigns;
  requireUuid(id, 'querystring/campaign_id');
  return selectCampaigns(workspace.campaigns, [id]);
}

function withStatus(campaigns: StandinCampaign[], status: number | undefined) {
  return status === undefined
    ? campaigns
    : campaigns.filter((campaign) => campaign.status === status);
}

const UUID = /^[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$/i;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const STATUSES: number[] = Object.values(CAMPAIGN_STATUS);

/** `id` (once) and `ids` (repeated), validated, `id` first. */
function idsParam(params: URLSearchParams, name: string): string[] {
  const id = singleParam(params, name);
  if (id !== undefined) requireUuid(id, `querystring/${name}`);
  const ids = params.getAll('ids');
  for (const [index, value] of ids.entries()) requireUuid(value, `querystring/ids/${index}`);
  return id === undefined ? ids : [id, ...ids];
}

function rangeParams(params: URLSearchParams): DayRange {
  const start = dayParam(params, 'start_date');
  const end = dayParam(params, 'end_date');
  if (start && end && start > end) throw new BadRequest('Start Date must be earlier than End Date');
  return { start, end };
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

function integerParam(
  params: URLSearchParams,
  name: string,
  minimum: number,
  maximum: number,
): number | undefined {
  const value = singleParam(params, name);
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new BadRequest(`querystring/${name} must be integer`);
  const number = Number(value);
  if (number < minimum) throw new BadRequest(`querystring/${name} must be >= ${minimum}`);
  if (number > maximum) throw new BadRequest(`querystring/${name} must be <= ${maximum}`);
  return number;
}

/** A campaign status number, one of those documented. */
function statusParam(params: URLSearchParams, name: string): number | undefined {
  const value = singleParam(params, name);
  if (value === undefined) return undefined;
  const status = Number(value);
  if (value.trim() === '' || !STATUSES.includes(status)) {
    throw new BadRequest(`querystring/${name} must be equal to one of the allowed values`);
  }
  return status;
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
  'GET /__standin/workspaces': (controls) => controls.workspaces,
  'PUT /__standin/workspaces': (controls, body) => controls.setWorkspaces(workspacesIn(body)),
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
  if (!isObject(body)) {
    throw new BadRequest('Expected {paidPlan?, apiKeys?, rateLimit?, latencyMs?}');
  }
  const { latencyMs } = body;
  if (latencyMs !== undefined && !(typeof latencyMs === 'number' && latencyMs >= 0)) {
    throw new BadRequest('latencyMs must be a number of milliseconds');
  }
  return body;
}

function workspacesIn(body: unknown): StandinWorkspace[] {
  const isWorkspace = (value: unknown) =>
    isObject(value) && Array.isArray(value.apiKeys) && Array.isArray(value.campaigns);
  if (!Array.isArray(body) || !body.every(isWorkspace)) {
    throw new BadRequest('Expected an array of workspaces with apiKeys and campaigns');
  }
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
