/**
 * Runs Prism on the repository's OpenAPI description for contract tests: a mock of it, or a proxy
 * to a real server. Prism answers invalid requests with the description's 400 (401 for bad auth)
 * and lists what was wrong in an `sl-violations` header (a JSON array); as a proxy it also lists
 * what is wrong with the server's responses. Valid exchanges get no such header.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type AppsScriptRuntime, createRuntime } from '../../dev/runtime';
import { DIST, KEY_PROPERTY } from './addon';

const ROOT = path.resolve(__dirname, '../..');
const PRISM = path.join(ROOT, 'node_modules/.bin/prism');
/** Every endpoint the add-on reads: the analytics (totals, daily, steps, overview), the campaign
 * list and the current workspace. */
export const CONTRACT_FILE = path.join(ROOT, 'test/contract/instantly-analytics-v2.openapi.yaml');
const STARTUP_TIMEOUT_MS = 30_000;

export interface PrismMock {
  url: string;
  stop(): Promise<void>;
}

interface PrismOptions {
  /** Mock with random bodies instead of the examples. */
  dynamic?: boolean;
  /** Proxy to this server instead of mocking. */
  upstream?: string;
}

/** Starts Prism on a free port, mocking the description (or proxying to `upstream`). */
export async function startPrism({ dynamic = false, upstream }: PrismOptions): Promise<PrismMock> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // Output goes to a file, not a pipe: a test blocking its event loop on synchronous HTTP would
  // stop draining a pipe, and Prism would then block writing its request log.
  const logFile = path.join(tmpdir(), `prism-${port}.log`);
  const log = openSync(logFile, 'w');
  const mode = upstream
    ? ['proxy', CONTRACT_FILE, upstream]
    : ['mock', CONTRACT_FILE, ...(dynamic ? ['-d'] : [])];
  const args = [...mode, '-h', '127.0.0.1', '-p', String(port)];
  const prism = spawn(process.execPath, [PRISM, ...args], {
    cwd: ROOT,
    stdio: ['ignore', log, log],
    detached: true, // its own process group, so stop() also ends any workers it forks
  });
  closeSync(log);
  let running = true;
  const exited = new Promise<void>((resolve) => {
    prism.once('exit', resolve);
    prism.once('error', resolve); // could not spawn
  }).then(() => {
    running = false;
  });
  const stop = async () => {
    // Without a pid it never started, and kill(-0) would signal our own process group.
    if (running && prism.pid) process.kill(-prism.pid);
    await exited;
    rmSync(logFile, { force: true });
  };
  try {
    await waitUntilAnswering(url, () => running);
  } catch (error) {
    const output = readFileSync(logFile, 'utf8');
    await stop();
    throw new Error(`${(error as Error).message}\n${output}`);
  }
  return { url, stop };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('No port assigned');
  return address.port;
}

async function waitUntilAnswering(url: string, running: () => boolean): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (running()) {
    try {
      await fetch(url); // any HTTP answer (Prism says 404 for '/') means it is serving
      return;
    } catch {
      if (Date.now() > deadline) throw new Error(`Prism did not answer at ${url} in time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error('Prism exited during startup');
}

/** The built add-on in a fresh runtime, its requests going to Prism, with this key saved. */
export function addonAgainst(prism: PrismMock, key: string): AppsScriptRuntime {
  const runtime = createRuntime({
    distDir: DIST,
    now: '2026-11-26T12:00:00Z',
    scriptProperties: { INSTANTLY_API_BASE_URL: prism.url },
  });
  const spreadsheet = runtime.createSpreadsheet({ name: 'Contract', timeZone: 'Europe/Berlin' });
  runtime.documentProperties(spreadsheet.getId()).setProperty(KEY_PROPERTY, key);
  return runtime;
}

/** Sends the add-on's requests again and collects what Prism's validator says about them. */
export function violations(prism: PrismMock, runtime: AppsScriptRuntime) {
  return Promise.all(
    runtime.fetches.map(async ({ url, headers }) => {
      const response = await fetch(url, { headers });
      return {
        url: url.replace(prism.url, ''),
        status: response.status,
        violations: response.headers.get('sl-violations'),
      };
    }),
  );
}
