/**
 * The outcome columns' fan-out, measured: a refresh of 200 campaigns with the funnel columns
 * chosen (one overview request per campaign) against a stand-in that answers in 200 ms and keeps
 * Instantly's limits, batched with UrlFetchApp.fetchAll and then one request after another.
 * Sleeps are real here (the runtime's realSleep), so the add-on's pacing meets the real clock.
 */
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRuntime } from '../runtime';
import { startStandinProcess } from '../standin/process';
import type { LoggedRequest } from '../standin/server';
import { OVERVIEW_PATH } from '../standin/server';
import { fixtureWorkspace } from '../standin/workspace';

const DIST = path.resolve(__dirname, '..', '..', 'dist');
const KEY = 'bench-key-0123456789abcdef';
const CAMPAIGNS = 200;
const LATENCY_MS = 200;
const FIELDS = [
  'campaign_name',
  'contacted_count',
  'reply_rate',
  'total_interested',
  'interested_rate',
  'total_meeting_booked',
  'meeting_booked_rate',
  'total_meeting_completed',
  'total_closed',
  'closed_rate',
];

interface Run {
  readonly requests: LoggedRequest[];
  readonly refreshMs: number;
}

type Runtime = ReturnType<typeof createRuntime>;

/**
 * A fresh runtime with the key connected (checked as the sidebar checks it) and the outcome
 * columns saved; `sequential` makes fetchAll send one request at a time.
 */
function connected(standinUrl: string, sequential: boolean): Runtime {
  const runtime = createRuntime({
    distDir: DIST,
    realSleep: true,
    scriptProperties: { INSTANTLY_API_BASE_URL: standinUrl },
  });
  runtime.createSpreadsheet({ timeZone: 'Etc/UTC' });
  const saved = runtime.callFromClient('saveApiKeyFromSidebar', KEY) as { ok: boolean };
  if (!saved.ok) throw new Error('The bench key was refused');
  if (sequential) {
    const urlFetch = runtime.context.UrlFetchApp as GoogleAppsScript.URL_Fetch.UrlFetchApp;
    urlFetch.fetchAll = (requests) =>
      requests.map((request) =>
        typeof request === 'string'
          ? urlFetch.fetch(request)
          : urlFetch.fetch(request.url, request),
      );
  }
  runtime.callFromClient('saveReportSettings', { dateRange: 'all_time', fields: FIELDS });
  return runtime;
}

/** One Refresh now, timed. */
function refresh(runtime: Runtime): Omit<Run, 'requests'> {
  const started = performance.now();
  const result = runtime.callFromClient('refreshNow', {
    dateRange: 'all_time',
    fields: FIELDS,
  }) as { outcome: { ok: boolean; rows: number; error?: string } };
  const refreshMs = performance.now() - started;
  if (!result.outcome.ok || result.outcome.rows !== CAMPAIGNS) {
    throw new Error(`The refresh failed: ${result.outcome.error ?? `${result.outcome.rows} rows`}`);
  }
  return { refreshMs };
}

/** The most requests that arrived within any one second. */
function busiestSecond(requests: readonly LoggedRequest[]): number {
  const times = requests.map((request) => request.timestamp).sort((a, b) => a - b);
  let most = 0;
  let first = 0;
  for (let last = 0; last < times.length; last++) {
    while (times[last] - times[first] >= 1000) first++;
    most = Math.max(most, last - first + 1);
  }
  return most;
}

/** From the first overview request's arrival to the last one's answer. */
function fanOutMs(requests: readonly LoggedRequest[]): number {
  const times = requests
    .filter((request) => request.path === OVERVIEW_PATH)
    .map((request) => request.timestamp);
  return Math.max(...times) - Math.min(...times) + LATENCY_MS;
}

function byPath(requests: readonly LoggedRequest[]): string {
  const counts = new Map<string, number>();
  for (const request of requests) counts.set(request.path, (counts.get(request.path) ?? 0) + 1);
  return [...counts].map(([name, count]) => `${name} ${count}`).join(', ');
}

export async function outcomesFanOut(): Promise<void> {
  // Its own process: the runtime's fetches block this thread.
  const standin = await startStandinProcess(['--key', KEY]);
  try {
    await standin.setCampaigns(fixtureWorkspace(CAMPAIGNS));
    await standin.setConfig({ latencyMs: LATENCY_MS });
    const runs: Record<string, Run> = {};
    for (const [name, sequential] of [
      ['batched (fetchAll)', false],
      ['one after another', true],
    ] as const) {
      const runtime = connected(standin.url, sequential);
      await sleep(1100); // the previous run's second is over
      await standin.clearRequests();
      const { refreshMs } = refresh(runtime);
      // The refresh blocked this thread: let it see the admin connection the stand-in closed.
      await sleep(50);
      runs[name] = { refreshMs, requests: await standin.requests() };
    }
    const batched = runs['batched (fetchAll)'];
    console.log(
      `\nOutcome columns, ${CAMPAIGNS} campaigns: one Refresh now against a stand-in answering in ` +
        `${LATENCY_MS} ms, with Instantly's limits (100 requests/s, 6,000/min)`,
    );
    console.log(`requests per refresh: ${batched.requests.length} (${byPath(batched.requests)})`);
    console.log('                    fan-out s  refresh s  most requests in 1 s  answered 429');
    for (const [name, run] of Object.entries(runs)) {
      const throttled = run.requests.filter((request) => request.status === 429).length;
      console.log(
        `${name.padEnd(18)}  ${(fanOutMs(run.requests) / 1000).toFixed(2).padStart(9)}  ${(run.refreshMs / 1000).toFixed(2).padStart(9)}  ${String(busiestSecond(run.requests)).padStart(20)}  ${String(throttled).padStart(12)}`,
      );
    }
    const sequential = runs['one after another'];
    const ratio = fanOutMs(sequential.requests) / fanOutMs(batched.requests);
    console.log(
      `the batched fan-out is ${ratio.toFixed(1)}× faster than one request after another`,
    );
  } finally {
    await standin.stop();
  }
}
