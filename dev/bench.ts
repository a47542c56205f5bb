/**
 * Benchmarks, printed as figures (never asserted in tests):
 * 1. API requests per recalculation of a dashboard of 1, 10 and 50 INSTANTLY_ANALYTICS cells
 *    (bench/recalculation.ts).
 * 2. Milliseconds of the add-on's own work per campaign row for 10, 1,000 and 10,000 campaigns.
 * 3. The outcome columns' fan-out for 200 campaigns: requests, wall time batched and one after
 *    another, and the most requests in any second (bench/fan-out.ts).
 * 4. Spreadsheet cells read and written per refresh with Keep history (bench/history.ts).
 * 5. One Refresh now's requests and cells for 10, 100 and 1,000 campaigns, and requests and
 *    fetchAll batches as workspaces are added (bench/refresh-growth.ts).
 * Run with `npm run bench` (it builds dist/ first).
 */

import { gunzipSync, gzipSync } from 'node:zlib';
import { selectFields } from '../src/core/fields';
import { instantlyAnalytics } from '../src/core/formula';
import { buildReport } from '../src/core/report';
import { parseAnalyticsBody } from '../src/core/response';
import { type KeyValueCache, readCachedRows, writeCachedRows } from '../src/core/response-cache';
import { outcomesFanOut } from './bench/fan-out';
import { historyCellsPerRefresh } from './bench/history';
import { requestsPerRecalculation } from './bench/recalculation';
import { refreshGrowth, workspaceGrowth } from './bench/refresh-growth';
import { campaignAnalytics, fixtureWorkspace } from './standin/workspace';

const RUNS = 5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** An in-memory cache, and gzip + base64 as Utilities does it. */
function memoryCache(): KeyValueCache {
  const entries = new Map<string, string>();
  return {
    getAll: (keys) =>
      Object.fromEntries(
        keys.filter((key) => entries.has(key)).map((key) => [key, entries.get(key) as string]),
      ),
    putAll: (values) => {
      for (const [key, value] of Object.entries(values)) entries.set(key, value);
    },
  };
}
const gzipBase64 = {
  compress: (text: string) => gzipSync(text).toString('base64'),
  decompress: (packed: string) => gunzipSync(Buffer.from(packed, 'base64')).toString(),
};

/** A formula context without a workspace: the default fields need no outcomes. */
const benchContext = {
  today: '2026-11-26',
  toIsoDate: () => '',
  workspaces: [{ id: 'bench', name: 'Bench' }],
  loadOutcomes: () => {
    throw new Error('The default fields need no outcomes');
  },
};

function ownWorkPerRow(): void {
  console.log('\nOwn work per campaign row, median of 5 runs (no network: parse, cache, shape)');
  console.log(
    'campaigns  body KB  parse+cache+table ms  per row ms  warm formula ms  sheet report ms',
  );
  const fields = selectFields([]);
  for (const count of [10, 1_000, 10_000]) {
    const body = JSON.stringify(
      fixtureWorkspace(count).map((c) => campaignAnalytics(c, { includeLeads: false })),
    );
    const cold: number[] = [];
    const warm: number[] = [];
    const report: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const cache = memoryCache();
      let started = performance.now();
      const rows = parseAnalyticsBody(body);
      writeCachedRows(cache, gzipBase64, 'bench', rows, 300);
      instantlyAnalytics({}, { ...benchContext, loadAllCampaigns: () => rows });
      cold.push(performance.now() - started);
      started = performance.now();
      const cached = readCachedRows(cache, gzipBase64, 'bench') ?? [];
      instantlyAnalytics({}, { ...benchContext, loadAllCampaigns: () => cached });
      warm.push(performance.now() - started);
      started = performance.now();
      buildReport(rows, fields);
      report.push(performance.now() - started);
    }
    const ms = median(cold);
    console.log(
      `${String(count).padStart(9)}  ${String(Math.round(body.length / 1024)).padStart(7)}  ${ms.toFixed(1).padStart(20)}  ${(ms / count).toFixed(4).padStart(10)}  ${median(warm).toFixed(1).padStart(15)}  ${median(report).toFixed(1).padStart(15)}`,
    );
  }
}

async function main(): Promise<void> {
  await requestsPerRecalculation();
  ownWorkPerRow();
  await outcomesFanOut();
  await historyCellsPerRefresh();
  await refreshGrowth();
  await workspaceGrowth();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
