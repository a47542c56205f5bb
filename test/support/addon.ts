/**
 * The add-on as Sheets runs it: the built dist/ loaded into the local Apps Script runtime,
 * talking to the Instantly stand-in over a real socket.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type AppsScriptRuntime, createRuntime, type RuntimeOptions } from '../../dev/runtime';
import type { FakeSpreadsheet } from '../../dev/runtime/spreadsheet';
import { epochFromWallClock } from '../../dev/runtime/time-zone';
import { type StandinClient, startStandinProcess } from '../../dev/standin/process';
import { ANALYTICS_PATH, CAMPAIGNS_PATH, type LoggedRequest } from '../../dev/standin/server';
import type { StandinCampaign } from '../../dev/standin/workspace';

export const DIST = path.resolve(__dirname, '../../dist');
export const API_KEY = 'test-key-5f2c9e7a41b8d3c6';
export const KEY_PROPERTY = 'INSTANTLY_API_KEY';

/** Throws unless `npm run build` has written the add-on and its sidebar to dist/. */
export function requireBuild(): void {
  for (const file of ['Sidebar.html', 'Code.js']) {
    if (!existsSync(path.join(DIST, file))) {
      throw new Error(`dist/${file} is missing: run npm run build first`);
    }
  }
}

export interface Addon {
  runtime: AppsScriptRuntime;
  spreadsheet: FakeSpreadsheet;
}

export interface AddonOptions extends RuntimeOptions {
  standinUrl: string;
  timeZone?: string;
  /** Saves this key in the spreadsheet's document properties; undefined for none. */
  apiKey?: string | null;
}

export function startAddon({
  standinUrl,
  timeZone,
  apiKey = API_KEY,
  ...options
}: AddonOptions): Addon {
  const runtime = createRuntime({
    distDir: DIST,
    fetchTimeoutMs: 5_000,
    ...options,
    scriptProperties: { INSTANTLY_API_BASE_URL: standinUrl, ...options.scriptProperties },
  });
  const spreadsheet = runtime.createSpreadsheet({
    name: 'Dashboard',
    timeZone: timeZone ?? 'Etc/UTC',
  });
  if (apiKey) runtime.documentProperties(spreadsheet.getId()).setProperty(KEY_PROPERTY, apiKey);
  return { runtime, spreadsheet };
}

/** A date cell as Sheets passes it: midnight of that day in the spreadsheet's time zone. */
export function dateCell(addon: Addon, isoDate: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number);
  const midnight = epochFromWallClock(
    Date.UTC(year, month - 1, day),
    addon.spreadsheet.getSpreadsheetTimeZone(),
  );
  return addon.runtime.date(midnight);
}

/** Runs a custom function; its error message, if it throws. */
export function functionError(addon: Addon, name: string, ...args: unknown[]): string {
  try {
    addon.runtime.callAsCustomFunction(name, ...args);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${name} did not fail`);
}

/** INSTANTLY_ANALYTICS's error message, if it throws. */
export const formulaError = (addon: Addon, ...args: unknown[]) =>
  functionError(addon, 'INSTANTLY_ANALYTICS', ...args);

export function analytics(addon: Addon, ...args: unknown[]): unknown[][] {
  return addon.runtime.callAsCustomFunction('INSTANTLY_ANALYTICS', ...args) as unknown[][];
}

/** The stand-in's log of campaign analytics requests (GET /api/v2/campaigns/analytics). */
export async function analyticsRequests(standin: StandinClient): Promise<LoggedRequest[]> {
  return (await standin.requests()).filter((request) => request.path === ANALYTICS_PATH);
}

/** The stand-in's log of campaign list requests (GET /api/v2/campaigns), one per page. */
export async function listRequests(standin: StandinClient): Promise<LoggedRequest[]> {
  return (await standin.requests()).filter((request) => request.path === CAMPAIGNS_PATH);
}

/** How many times the whole campaign list was fetched: each fetch starts without a cursor. */
export async function listFetches(standin: StandinClient): Promise<number> {
  const pages = await listRequests(standin);
  return pages.filter((page) => page.query.starting_after === undefined).length;
}

/** Everything the add-on could have leaked a secret into: logs, cache, cells, notes, UI. */
export function everythingVisible(addon: Addon): string {
  const { runtime } = addon;
  return JSON.stringify([
    runtime.logs,
    runtime.cache.script.liveEntries(),
    addon.spreadsheet.sheetList().map((sheet) => sheet.snapshot()),
    runtime.ui.alerts,
    runtime.ui.toasts,
    runtime.ui.sidebars,
    runtime.mail,
  ]);
}

/**
 * One stand-in process per test file, accepting API_KEY, reset to these campaigns before each
 * test. The returned client always speaks to the current process.
 */
export function useStandin(campaigns: StandinCampaign[]): StandinClient {
  let current: StandinClient | undefined;
  const client = () => {
    if (!current) throw new Error('The stand-in starts in beforeAll');
    return current;
  };
  beforeAll(async () => {
    current = await startStandinProcess(['--key', API_KEY]);
  });
  afterAll(() => current?.stop());
  beforeEach(async () => {
    await client().reset();
    await client().setCampaigns(campaigns);
  });
  return {
    get url() {
      return client().url;
    },
    stop: () => client().stop(),
    queueFault: (...faults) => client().queueFault(...faults),
    requests: () => client().requests(),
    clearRequests: () => client().clearRequests(),
    setCampaigns: (replacement) => client().setCampaigns(replacement),
    setConfig: (config) => client().setConfig(config),
    workspaces: () => client().workspaces(),
    setWorkspaces: (workspaces) => client().setWorkspaces(workspaces),
    reset: () => client().reset(),
  };
}

/** Where each connected workspace is stored: a document property per workspace. */
export const WORKSPACE_PROPERTY_PREFIX = 'INSTANTLY_WORKSPACE:';

export interface SavedConnection {
  id: string;
  name: string;
  apiKey: string;
  addedAt: string;
}

/** The workspaces saved in the spreadsheet's document properties, in the order added. */
export function savedConnections(addon: Addon): SavedConnection[] {
  const all = addon.runtime.documentProperties(addon.spreadsheet.getId()).getProperties();
  return Object.entries(all)
    .filter(([key]) => key.startsWith(WORKSPACE_PROPERTY_PREFIX))
    .map(([, json]) => JSON.parse(json) as SavedConnection)
    .sort((a, b) => a.addedAt.localeCompare(b.addedAt));
}

/** Every saved key: the first version's single key (if still there), then each workspace's. */
export function savedKeys(addon: Addon): string[] {
  const legacy = addon.runtime
    .documentProperties(addon.spreadsheet.getId())
    .getProperty(KEY_PROPERTY);
  return [...(legacy ? [legacy] : []), ...savedConnections(addon).map(({ apiKey }) => apiKey)];
}

/** Replaces the saved key wherever it is (the first version's property, or its workspace's). */
export function replaceSavedKey(addon: Addon, key: string | null): void {
  const properties = addon.runtime.documentProperties(addon.spreadsheet.getId());
  const connections = savedConnections(addon);
  if (properties.getProperty(KEY_PROPERTY) || connections.length === 0) {
    if (key) properties.setProperty(KEY_PROPERTY, key);
    else properties.deleteProperty(KEY_PROPERTY);
  }
  for (const connection of connections) {
    const property = WORKSPACE_PROPERTY_PREFIX + connection.id;
    if (key) properties.setProperty(property, JSON.stringify({ ...connection, apiKey: key }));
    else properties.deleteProperty(property);
  }
}
