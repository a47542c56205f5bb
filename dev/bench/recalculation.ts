/**
 * API requests per recalculation of a dashboard of 1, 10 and 50 INSTANTLY_ANALYTICS cells over
 * the same date range, in a workspace of 250 campaigns (drafts among them): cold (nothing
 * cached), warm (a minute later) and after the analytics' 5-minute cache window (the campaign
 * list lasts an hour). Analytics and campaign-list requests are counted apart.
 */
import path from 'node:path';
import { createRuntime } from '../runtime';
import type { FetchRecord } from '../runtime/url-fetch';
import { startStandinProcess } from '../standin/process';
import { ANALYTICS_PATH, CAMPAIGNS_PATH } from '../standin/server';

const DIST = path.resolve(__dirname, '../..', 'dist');
const KEY = 'bench-key-0123456789abcdef';
const CAMPAIGNS = 250;
const MINUTE = 60_000;

interface Requests {
  analytics: number;
  list: number;
  total: number;
}

function counted(fetches: readonly FetchRecord[]): Requests {
  const paths = fetches.map((fetch) => new URL(fetch.url).pathname);
  return {
    analytics: paths.filter((p) => p === ANALYTICS_PATH).length,
    list: paths.filter((p) => p === CAMPAIGNS_PATH).length,
    total: paths.length,
  };
}

/** Cold, warm and past the analytics' window: the requests each recalculation of `cells` sent. */
function recalculations(standinUrl: string, campaignIds: string[], cells: number): Requests[] {
  const runtime = createRuntime({
    distDir: DIST,
    scriptProperties: { INSTANTLY_API_BASE_URL: standinUrl },
  });
  const spreadsheet = runtime.createSpreadsheet({ timeZone: 'Europe/Berlin' });
  runtime.documentProperties(spreadsheet.getId()).setProperty('INSTANTLY_API_KEY', KEY);
  const sheet = spreadsheet.activeSheet();
  for (let cell = 0; cell < cells; cell++) {
    // One campaign each, some of them drafts; every cell resolves its campaign through the list.
    const id = campaignIds[(cell * 5) % campaignIds.length];
    const field = cell % 2 === 0 ? 'reply_rate' : 'contacted_count';
    sheet
      .getRange(cell + 1, 1)
      .setFormula(`=INSTANTLY_ANALYTICS("${id}", "last_30_days", "", "${field}", FALSE)`);
  }
  return [0, MINUTE, 5 * MINUTE].map((wait) => {
    runtime.clock.advance(wait);
    runtime.resetCounters();
    runtime.spreadsheets.recalculate({ all: true });
    // Figures of a dashboard that failed would mean nothing.
    const errors = sheet
      .snapshot()
      .errors.flat()
      .filter((error) => error !== '');
    if (errors.length > 0) throw new Error(`The dashboard failed: ${errors[0]}`);
    return counted(runtime.fetches);
  });
}

export async function requestsPerRecalculation(): Promise<void> {
  // Its own process: the runtime's fetches block this thread.
  const standin = await startStandinProcess(['--key', KEY, '--campaigns', String(CAMPAIGNS)]);
  try {
    const [workspace] = await standin.workspaces();
    const ids = workspace.campaigns.map((campaign) => campaign.id);
    console.log(
      `\nAPI requests per recalculation (cells over the same date range, ${CAMPAIGNS} campaigns;` +
        '\nanalytics cached 5 min, the campaign list 1 h: 3 pages of up to 100 and an empty one)',
    );
    const phases = ['cold (nothing cached)', 'warm (1 min later)', '6 min later'];
    console.log(`cells  ${phases.map((phase) => phase.padEnd(22)).join('    ')}`.trimEnd());
    console.log(`       ${phases.map(() => 'analytics  list  total').join('    ')}`);
    for (const cells of [1, 10, 50]) {
      const columns = recalculations(standin.url, ids, cells).map(
        ({ analytics, list, total }) =>
          `${String(analytics).padStart(9)}${String(list).padStart(6)}${String(total).padStart(7)}`,
      );
      console.log(`${String(cells).padStart(5)}  ${columns.join('    ')}`);
    }
  } finally {
    await standin.stop();
  }
}
