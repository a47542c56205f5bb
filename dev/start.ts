/**
 * npm start: the whole add-on, running locally, in a browser.
 *
 *   npm start [-- --port N] [-- --live] [-- --time-zone Area/City]
 *
 * Starts the Instantly stand-in with the two sample workspaces (an agency's clients, Northwind
 * Outreach and Contoso Growth: a few dozen campaigns each, two years of daily activity ending
 * today) in its own process, loads the built add-on (dist/) into the local Apps Script runtime,
 * opens a spreadsheet "Instantly demo" with both workspaces connected (each with its own key),
 * and serves a page on 127.0.0.1 that shows its workbook beside the add-on's real sidebar.
 *
 * --live uses the real Instantly API with the key in INSTANTLY_API_KEY instead (never printed).
 * The port is 8787 unless --port or PORT says otherwise; 0 picks a free one.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type PreviewServer, startPreviewServer } from './preview/server';
import { type AppsScriptRuntime, createRuntime, type FakeSpreadsheet } from './runtime';
import { type StandinClient, startStandinProcess } from './standin/process';
import { SAMPLE_WORKSPACES, type StandinWorkspace } from './standin/workspace';

export const DEFAULT_PORT = 8787;
export const SPREADSHEET_NAME = 'Instantly demo';
/** The first sample workspace's key (Northwind Outreach); the other is Contoso Growth's. */
export const SAMPLE_API_KEY = SAMPLE_WORKSPACES[0].apiKey;
export const LIVE_API_BASE_URL = 'https://api.instantly.ai';
const DIST_DIR = path.resolve(__dirname, '../dist');
const KEY_PROPERTY = 'INSTANTLY_API_KEY';
/** Followed by a workspace id: one connected workspace (src/core/storage-keys.ts). */
const WORKSPACE_PROPERTY_PREFIX = 'INSTANTLY_WORKSPACE:';
const BASE_URL_PROPERTY = 'INSTANTLY_API_BASE_URL';

/** A problem the person can fix; printed as one line, exit code 1. */
export class StartError extends Error {}

export interface StartOptions {
  port: number;
  live: boolean;
  timeZone: string;
  /** Only with live. */
  apiKey?: string;
}

export interface Preview {
  url: string;
  runtime: AppsScriptRuntime;
  spreadsheet: FakeSpreadsheet;
  /** Lines telling the person what runs where (never the live key). */
  summary: string[];
  close(): Promise<void>;
}

export function parseOptions(
  argv: string[],
  env: Record<string, string | undefined>,
): StartOptions {
  let values: { port?: string; live?: boolean; 'time-zone'?: string };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string' },
        live: { type: 'boolean' },
        'time-zone': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new StartError(`${(error as Error).message}. Usage: npm start -- [--port N] [--live]`);
  }
  const portText = values.port ?? env.PORT;
  const port = portText === undefined || portText === '' ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new StartError(`The port must be a whole number from 0 to 65535, not "${portText}".`);
  }
  const live = values.live ?? false;
  const apiKey = env.INSTANTLY_API_KEY?.trim();
  if (live && !apiKey) {
    throw new StartError(
      '--live needs your Instantly API key in the environment: INSTANTLY_API_KEY=… npm start -- --live',
    );
  }
  const timeZone = values['time-zone'] ?? machineTimeZone();
  if (!isTimeZone(timeZone)) throw new StartError(`Unknown time zone "${timeZone}".`);
  return { port, live, timeZone, apiKey: live ? apiKey : undefined };
}

function machineTimeZone(): string {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === 'UTC' || !isTimeZone(zone)) return 'Etc/UTC';
  return zone;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** 'YYYY-MM-DD' of now in the zone. */
export function todayIn(timeZone: string, now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * Starts everything; rejects with a StartError for a port in use. The page server listens before
 * the stand-in starts, so a failure leaves nothing running.
 */
export async function startPreview(options: StartOptions): Promise<Preview> {
  const runtime = createRuntimeOrExplain();
  const spreadsheet = runtime.createSpreadsheet({
    name: SPREADSHEET_NAME,
    timeZone: options.timeZone,
  });
  // As Sheets does when the file opens: the add-on adds its menu.
  runtime.call('onOpen');

  const sourceLabel = options.live
    ? 'Instantly API (api.instantly.ai)'
    : 'Two sample workspaces from the local Instantly stand-in';
  const server = await listen(options.port, () =>
    startPreviewServer({
      runtime,
      spreadsheet,
      distDir: DIST_DIR,
      source: { kind: options.live ? 'live' : 'sample', label: sourceLabel },
      port: options.port,
    }),
  );

  let standin: StandinClient | undefined;
  const summary: string[] = [];
  try {
    if (options.live) {
      runtime.scriptProperties.setProperty(BASE_URL_PROPERTY, LIVE_API_BASE_URL);
      saveKey(runtime, spreadsheet, options.apiKey as string);
      summary.push(
        `Instantly:   ${LIVE_API_BASE_URL}, with the key from INSTANTLY_API_KEY (saved in the spreadsheet, never shown)`,
      );
    } else {
      const endDate = todayIn(options.timeZone);
      standin = await startStandinProcess(['--sample-workspaces', '--end-date', endDate]);
      runtime.scriptProperties.setProperty(BASE_URL_PROPERTY, standin.url);
      const workspaces = await standin.workspaces();
      connectWorkspaces(runtime, spreadsheet, workspaces);
      summary.push(
        `Instantly:   stand-in at ${standin.url} with two sample workspaces (two years of activity up to ${endDate})`,
        ...workspaces.map(
          ({ name, apiKeys }) =>
            `Workspace:   ${name}, key ${apiKeys?.[0]} (connected already; Add workspace accepts it too)`,
        ),
      );
    }
  } catch (error) {
    await Promise.all([server.close(), standin?.stop()]);
    throw error;
  }
  summary.unshift(
    `Spreadsheet: "${SPREADSHEET_NAME}", time zone ${options.timeZone}, add-on from dist/`,
  );
  return {
    url: server.url,
    runtime,
    spreadsheet,
    summary,
    close: async () => {
      await Promise.all([server.close(), standin?.stop()]);
    },
  };
}

function createRuntimeOrExplain(): AppsScriptRuntime {
  try {
    return createRuntime({ distDir: DIST_DIR });
  } catch (error) {
    throw new StartError(`${(error as Error).message}`);
  }
}

function saveKey(runtime: AppsScriptRuntime, spreadsheet: FakeSpreadsheet, key: string): void {
  runtime.documentProperties(spreadsheet.getId()).setProperty(KEY_PROPERTY, key);
}

/** Connects each workspace with its first key, as the sidebar's Add workspace would. */
function connectWorkspaces(
  runtime: AppsScriptRuntime,
  spreadsheet: FakeSpreadsheet,
  workspaces: readonly StandinWorkspace[],
): void {
  const properties = runtime.documentProperties(spreadsheet.getId());
  workspaces.forEach(({ id, name, apiKeys }, index) => {
    const addedAt = new Date(Date.UTC(2026, 0, 1, 0, index)).toISOString();
    const connection = { id, name, apiKey: apiKeys?.[0], addedAt };
    properties.setProperty(WORKSPACE_PROPERTY_PREFIX + id, JSON.stringify(connection));
  });
}

async function listen(port: number, start: () => Promise<PreviewServer>): Promise<PreviewServer> {
  try {
    return await start();
  } catch (error) {
    const { code } = error as { code?: string };
    if (code === 'EADDRINUSE') {
      throw new StartError(
        `Port ${port} is already in use on 127.0.0.1: stop what is using it, or pick another port (npm start -- --port 8788, or PORT=8788 npm start).`,
      );
    }
    if (code === 'EACCES') {
      throw new StartError(`Port ${port} needs more privileges: pick a port above 1024.`);
    }
    throw error;
  }
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2), process.env);
  const preview = await startPreview(options);
  process.stdout.write(
    [
      `Instantly Analytics preview: ${preview.url}`,
      ...preview.summary.map((line) => `  ${line}`),
      '  Ctrl-C stops it.',
      '',
    ].join('\n'),
  );

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await preview.close();
    process.stdout.write('Stopped.\n');
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Started by a parent with an IPC channel (the browser test): gone parent, no orphans.
  if (process.connected) process.on('disconnect', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(
      `${error instanceof StartError ? message : `npm start failed: ${message}`}\n`,
    );
    process.exit(1);
  });
}
