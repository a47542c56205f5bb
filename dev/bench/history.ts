/**
 * Spreadsheet cells read and written per refresh with Keep history on: 200 campaigns, at 1, 100
 * and 1,000 days of history. The earlier days are written straight into the runtime's sheet (as
 * the add-on writes them), then the add-on refreshes: once to take the history over (it builds
 * the chart table from the whole history, its one-off cost), then on the next day, then again
 * the same day. Those last two are what every refresh costs.
 */
import path from 'node:path';
import { needsLeadsCount, selectFields } from '../../src/core/fields';
import {
  type HistoryChart,
  historyLayout,
  snapshotCells,
  snapshotFields,
} from '../../src/core/history';
import { parseAnalyticsBody } from '../../src/core/response';
import { DEFAULT_SETTINGS, type ReportSettings, reportFields } from '../../src/core/settings';
import { type AppsScriptRuntime, createRuntime } from '../runtime';
import type { FakeSpreadsheet } from '../runtime/spreadsheet';
import { startStandinProcess } from '../standin/process';
import {
  campaignAnalytics,
  createSampleWorkspace,
  type StandinCampaign,
} from '../standin/workspace';

const DIST = path.resolve(__dirname, '..', '..', 'dist');
const KEY = 'bench-key-history-0123456789abcdef';
const CAMPAIGNS = 200;
const DAY_MS = 24 * 60 * 60_000;
const START = Date.UTC(2026, 0, 1, 12);
const END_DATE = new Date(START).toISOString().slice(0, 10);

interface Cells {
  read: number;
  written: number;
}

/**
 * `days` days of history before the day of `today` (epoch ms), written straight into the sheet as
 * the add-on writes them under these settings: for benches and tests of long histories.
 */
export function writeEarlierDays(
  spreadsheet: FakeSpreadsheet,
  settings: ReportSettings,
  campaigns: readonly StandinCampaign[],
  days: number,
  today: number,
): void {
  if (days === 0) return;
  const chart: HistoryChart = {
    metric: selectFields([settings.chartMetric])[0],
    series: settings.chartSeries,
  };
  const report = reportFields(settings);
  const fields = snapshotFields(report, chart);
  const layout = historyLayout([], fields, settings.historySheetName);
  const sheet = spreadsheet.insertSheet(settings.historySheetName);
  sheet.getRange(1, 1, 1, layout.header.length).setValues([[...layout.header]]);
  const includeLeads = needsLeadsCount(report);
  const analytics = parseAnalyticsBody(
    JSON.stringify(campaigns.map((campaign) => campaignAnalytics(campaign, { includeLeads }))),
  );
  for (let day = 0; day < days; day++) {
    const date = new Date(today - (days - day) * DAY_MS).toISOString().slice(0, 10);
    const rows = snapshotCells(analytics, date, fields, layout);
    const firstRow = 2 + day * analytics.length;
    sheet.getRange(firstRow, 1, rows.length, layout.header.length).setValues(rows);
  }
}

function refresh(runtime: AppsScriptRuntime, keepHistory = true): Cells {
  runtime.resetCounters();
  const result = runtime.callFromClient('refreshNow', { ...DEFAULT_SETTINGS, keepHistory });
  const { outcome } = result as { outcome: { ok: boolean; error?: string } };
  if (!outcome.ok) throw new Error(`refresh failed: ${outcome.error}`);
  return runtime.spreadsheets.cellCounts();
}

const column = (cells: Cells) =>
  `${String(cells.read).padStart(7)} ${String(cells.written).padStart(8)}`;

export async function historyCellsPerRefresh(): Promise<void> {
  // Its own process: the runtime's fetches block this thread.
  const standin = await startStandinProcess([
    ...['--key', KEY, '--campaigns', String(CAMPAIGNS), '--end-date', END_DATE],
  ]);
  const newSpreadsheet = () => {
    const runtime = createRuntime({
      distDir: DIST,
      now: new Date(START).toISOString(),
      scriptProperties: { INSTANTLY_API_BASE_URL: standin.url },
    });
    const spreadsheet = runtime.createSpreadsheet({ timeZone: 'Etc/UTC' });
    runtime.documentProperties(spreadsheet.getId()).setProperty('INSTANTLY_API_KEY', KEY);
    return { runtime, spreadsheet };
  };
  // The stand-in's campaigns, so the lines charted are campaigns the refresh reports.
  const sampleCampaigns = createSampleWorkspace({ campaignCount: CAMPAIGNS, endDate: END_DATE });
  const reportAlone = refresh(newSpreadsheet().runtime, false);
  console.log(
    `\nSpreadsheet cells per refresh with Keep history, ${CAMPAIGNS} campaigns: read, written`,
  );
  console.log(
    `(the report alone, Keep history off: ${reportAlone.read} read, ${reportAlone.written} written)`,
  );
  console.log(
    'days of history   history rows   taking over (chart built)   next day   same day again',
  );
  for (const days of [1, 100, 1_000]) {
    const { runtime, spreadsheet } = newSpreadsheet();
    const settings = { ...DEFAULT_SETTINGS, keepHistory: true };
    writeEarlierDays(spreadsheet, settings, sampleCampaigns, days - 1, START);
    const takeOver = refresh(runtime);
    runtime.clock.advance(DAY_MS);
    const nextDay = refresh(runtime);
    const sameDay = refresh(runtime);
    const rows = days * CAMPAIGNS;
    console.log(
      `${String(days).padStart(15)}  ${String(rows).padStart(13)}  ${column(takeOver).padStart(26)}  ${column(nextDay)}  ${column(sameDay).padStart(15)}`,
    );
  }
  await standin.stop();
}
