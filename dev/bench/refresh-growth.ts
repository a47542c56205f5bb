/**
 * What one Refresh now costs as the workspace grows, and as workspaces are added: API requests (by endpoint) and spreadsheet
 * cells read and written, for 10, 100 and 1,000 campaigns. Three settings: the report alone;
 * every sheet on (Keep history, the daily trend and steps sheets) with the outcome columns, for
 * all campaigns; and the same for chosen campaigns (at most 500 can be chosen), where the daily,
 * steps and outcome requests are one per campaign. Each figure is the second of two refreshes a
 * day apart, so Keep history appends to a history it has to find, as every day after the first.
 * Then 1, 2 and 3 workspaces of 100 campaigns: a refresh, and a cold recalculation of 50 cells,
 * with the batches UrlFetchApp.fetchAll sent (each holds every workspace's request).
 */
import path from 'node:path';
import { DEFAULT_FIELD_NAMES } from '../../src/core/fields';
import { createRuntime } from '../runtime';
import { startStandinProcess } from '../standin/process';
import { createSampleWorkspace, createWorkspace } from '../standin/workspace';

const DIST = path.resolve(__dirname, '..', '..', 'dist');
const KEY = 'bench-key-growth-0123456789abcdef';
const SIZES = [10, 100, 1000];
const MAX_CHOSEN = 500;
const OUTCOMES = [
  ...DEFAULT_FIELD_NAMES,
  'total_interested',
  'interested_rate',
  'total_meeting_booked',
  'total_closed',
];
const DAY_MS = 24 * 60 * 60_000;
const EVERY_SHEET = { keepHistory: true, dailySheet: true, stepsSheet: true };

interface Cost {
  readonly requests: Record<string, number>;
  readonly read: number;
  readonly written: number;
}

const SETTINGS: readonly [string, (ids: string[]) => Record<string, unknown>][] = [
  ['report only', () => ({})],
  ['every sheet, all', () => ({ ...EVERY_SHEET, fields: OUTCOMES })],
  ['every sheet, chosen', (ids) => ({ ...EVERY_SHEET, fields: OUTCOMES, campaignIds: ids })],
];

/** A spreadsheet with these keys connected, each checked as the sidebar checks it. */
function connectedRuntime(standinUrl: string, keys: readonly string[]) {
  const runtime = createRuntime({
    distDir: DIST,
    now: '2026-11-26T12:00:00Z',
    scriptProperties: { INSTANTLY_API_BASE_URL: standinUrl },
  });
  const spreadsheet = runtime.createSpreadsheet({ timeZone: 'Etc/UTC' });
  for (const key of keys) {
    const { ok, message } = runtime.callFromClient('saveApiKeyFromSidebar', key) as {
      ok: boolean;
      message: string;
    };
    if (!ok) throw new Error(message);
  }
  return { runtime, spreadsheet };
}

function refreshCost(
  standinUrl: string,
  settings: Record<string, unknown>,
  keys: readonly string[] = [KEY],
): Cost {
  const { runtime } = connectedRuntime(standinUrl, keys);
  const input = { dateRange: 'last_30_days', ...settings };
  runtime.callFromClient('saveReportSettings', input);
  refreshNow(runtime, input);
  runtime.clock.advance(DAY_MS);
  runtime.resetCounters();
  refreshNow(runtime, input);
  const requests: Record<string, number> = {};
  for (const fetch of runtime.fetches) {
    const endpoint = new URL(fetch.url).pathname.replace('/api/v2/campaigns', '') || '/';
    requests[endpoint] = (requests[endpoint] ?? 0) + 1;
  }
  const { read, written } = runtime.spreadsheets.cellCounts();
  return { requests, read, written };
}

function refreshNow(runtime: ReturnType<typeof createRuntime>, input: unknown): void {
  const { outcome } = runtime.callFromClient('refreshNow', input) as {
    outcome: { ok: boolean; error?: string };
  };
  if (!outcome.ok) throw new Error(`The refresh failed: ${outcome.error}`);
}

const ENDPOINTS: readonly [label: string, endpoint: string][] = [
  ['list', '/'],
  ['analytics', '/analytics'],
  ['overview', '/analytics/overview'],
  ['daily', '/analytics/daily'],
  ['steps', '/analytics/steps'],
];

export async function refreshGrowth(): Promise<void> {
  console.log(
    '\nOne Refresh now as the workspace grows (last 30 days, the day after a first refresh):\n' +
      'API requests by endpoint, and spreadsheet cells read and written',
  );
  const head = ENDPOINTS.map(([label]) => label.padStart(10));
  console.log(`campaigns  settings             ${head.join('')}   total   read  written`);
  for (const size of SIZES) {
    const standin = await startStandinProcess([
      '--key',
      KEY,
      '--campaigns',
      String(size),
      '--no-rate-limit',
      '--end-date',
      '2026-11-26',
    ]);
    try {
      const [workspace] = await standin.workspaces();
      const ids = workspace.campaigns.slice(0, MAX_CHOSEN).map((campaign) => campaign.id);
      for (const [label, settings] of SETTINGS) {
        const { requests, read, written } = refreshCost(standin.url, settings(ids));
        const counts = ENDPOINTS.map(([, path]) => String(requests[path] ?? 0).padStart(10));
        const total = Object.values(requests).reduce((sum, count) => sum + count, 0);
        console.log(
          `${String(size).padStart(9)}  ${label.padEnd(19)}${counts.join('')}` +
            `${String(total).padStart(8)}${String(read).padStart(7)}${String(written).padStart(9)}`,
        );
      }
    } finally {
      await standin.stop();
    }
  }
}

const WORKSPACE_CAMPAIGNS = 100;
const CELLS = 50;

/** Requests of a cold recalculation of 50 cells over every workspace, and its fetchAll batches. */
function recalculationCost(standinUrl: string, keys: readonly string[]) {
  const { runtime, spreadsheet } = connectedRuntime(standinUrl, keys);
  const sheet = spreadsheet.activeSheet();
  for (let cell = 0; cell < CELLS; cell++) {
    const field = cell % 2 === 0 ? 'reply_rate' : 'contacted_count';
    sheet
      .getRange(cell + 1, 1)
      .setFormula(`=INSTANTLY_ANALYTICS("", "last_30_days", "", "${field}", FALSE)`);
  }
  runtime.clock.advance(2 * 60 * 60_000); // nothing cached any more
  runtime.resetCounters();
  runtime.spreadsheets.recalculate({ all: true });
  const batches = new Set(runtime.fetches.map((fetch) => fetch.at));
  return { requests: runtime.fetches.length, batches: batches.size };
}

export async function workspaceGrowth(): Promise<void> {
  console.log(
    `\nAs workspaces are added (${WORKSPACE_CAMPAIGNS} campaigns each, every sheet on, all campaigns):` +
      `\nrequests of a refresh, and of a cold recalculation of ${CELLS} cells, with the batches sent`,
  );
  console.log('workspaces  refresh requests  batches   recalculation requests  batches');
  const standin = await startStandinProcess(['--no-rate-limit']);
  try {
    for (const count of [1, 2, 3]) {
      const workspaces = Array.from({ length: count }, (_, index) =>
        createWorkspace({
          name: `Client ${index + 1}`,
          apiKeys: [`${KEY}-${index + 1}`],
          campaigns: createSampleWorkspace({
            seed: index + 1,
            campaignCount: WORKSPACE_CAMPAIGNS,
            endDate: '2026-11-26',
          }),
        }),
      );
      await standin.setWorkspaces(workspaces);
      const keys = workspaces.map((workspace) => workspace.apiKeys[0]);
      const { runtime } = connectedRuntime(standin.url, keys);
      const input = { dateRange: 'last_30_days', ...EVERY_SHEET, fields: OUTCOMES };
      runtime.callFromClient('saveReportSettings', input);
      runtime.resetCounters();
      refreshNow(runtime, input);
      const refreshBatches = new Set(runtime.fetches.map((fetch) => fetch.at)).size;
      const refreshRequests = runtime.fetches.length;
      const recalculation = recalculationCost(standin.url, keys);
      console.log(
        `${String(count).padStart(10)}${String(refreshRequests).padStart(18)}` +
          `${String(refreshBatches).padStart(9)}${String(recalculation.requests).padStart(25)}` +
          `${String(recalculation.batches).padStart(9)}`,
      );
    }
  } finally {
    await standin.stop();
  }
}
