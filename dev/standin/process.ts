/**
 * Runs the Instantly stand-in (dev/standin/cli.ts) in a child process and drives it through its
 * admin endpoints. It must live outside the test process: add-on tests block their own event loop
 * with synchronous HTTP, which would freeze an in-process server.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Fault, LoggedRequest, StandinConfig } from './server';
import type { StandinCampaign, StandinWorkspace } from './workspace';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dev/standin/cli.ts');
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

export interface StandinClient {
  url: string;
  stop(): Promise<void>;
  queueFault(...faults: Fault[]): Promise<void>;
  requests(): Promise<LoggedRequest[]>;
  clearRequests(): Promise<void>;
  setCampaigns(campaigns: StandinCampaign[]): Promise<void>;
  setConfig(config: Partial<StandinConfig>): Promise<void>;
  workspaces(): Promise<StandinWorkspace[]>;
  setWorkspaces(workspaces: StandinWorkspace[]): Promise<void>;
  reset(): Promise<void>;
}

/** Starts the stand-in with the CLI's arguments, e.g. ['--key', 'k1', '--campaigns', '5']. */
export async function startStandinProcess(args: string[] = []): Promise<StandinClient> {
  // The IPC channel lets the child notice if this process dies without calling stop().
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const url = await announcedUrl(child);
  const admin = <Result = void>(method: string, route: string, body?: unknown) =>
    adminRequest<Result>(`${url}/__standin/${route}`, method, body);
  return {
    url,
    stop: () => stopProcess(child),
    queueFault: (...faults) => admin('POST', 'faults', faults),
    requests: () => admin<LoggedRequest[]>('GET', 'requests'),
    clearRequests: () => admin('DELETE', 'requests'),
    setCampaigns: (campaigns) => admin('PUT', 'campaigns', campaigns),
    setConfig: (config) => admin('PUT', 'config', config),
    workspaces: () => admin<StandinWorkspace[]>('GET', 'workspaces'),
    setWorkspaces: (workspaces) => admin('PUT', 'workspaces', workspaces),
    reset: () => admin('POST', 'reset'),
  };
}

/** Resolves with the url from the child's `{"url": …}` line; rejects with its stderr if it fails. */
function announcedUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk) => {
      stderr += chunk;
    });
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`Stand-in ${reason}\n${stderr}`));
    };
    const timer = setTimeout(() => fail('did not start in time'), STARTUP_TIMEOUT_MS);
    const onExit = (code: number | null) => fail(`exited during startup (code ${code})`);
    child.once('exit', onExit);
    child.once('error', (error) => fail(`could not start: ${error.message}`));
    // readline keeps draining stdout after the first line.
    createInterface({ input: child.stdout as Readable }).once('line', (line) => {
      clearTimeout(timer);
      child.removeListener('exit', onExit);
      try {
        resolve((JSON.parse(line) as { url: string }).url);
      } catch {
        fail(`printed ${line} instead of {"url": …}`);
      }
    });
  });
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const forceKill = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(forceKill);
}

/** Admin endpoints answer JSON: the result asked for, or `{ok: true}` for changes. */
async function adminRequest<Result>(url: string, method: string, body?: unknown): Promise<Result> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const result = await response.json();
  if (!response.ok)
    throw new Error(`${method} ${url} → ${response.status} ${JSON.stringify(result)}`);
  return result as Result;
}
