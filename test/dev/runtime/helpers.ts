/** Shared by the runtime tests: a handmade dist folder and a throwaway HTTP server. */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { type AppsScriptRuntime, createRuntime, type RuntimeOptions } from '../../../dev/runtime';

const SERVER_SCRIPT = path.join(__dirname, 'fixtures', 'http-server.mjs');

const createdDists: string[] = [];
afterAll(() => {
  for (const distDir of createdDists.splice(0))
    fs.rmSync(distDir, { recursive: true, force: true });
});

/** Writes a dist folder (appsscript.json plus the given .js files) into a fresh temp dir. */
export function writeDist(
  files: Record<string, string>,
  manifest: object = { timeZone: 'Etc/UTC' },
): string {
  const distDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apps-script-dist-'));
  createdDists.push(distDir);
  fs.writeFileSync(path.join(distDir, 'appsscript.json'), JSON.stringify(manifest));
  for (const [name, source] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(distDir, name)), { recursive: true });
    fs.writeFileSync(path.join(distDir, name), source);
  }
  return distDir;
}

/** A runtime over a dist made of one Code.js. */
export function runtimeWith(
  code: string,
  options: RuntimeOptions & { manifest?: object } = {},
): AppsScriptRuntime {
  const { manifest, ...runtimeOptions } = options;
  return createRuntime({ distDir: writeDist({ 'Code.js': code }, manifest), ...runtimeOptions });
}

export interface TestServer {
  baseUrl: string;
  stop(): void;
}

/**
 * Starts fixtures/http-server.mjs in a child process: the test thread blocks during a sync fetch,
 * so a server in this process could never answer.
 */
export function startTestServer(): Promise<TestServer> {
  const child: ChildProcess = spawn(process.execPath, [SERVER_SCRIPT], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (chunk) => {
      resolve({ baseUrl: `http://127.0.0.1:${String(chunk).trim()}`, stop: () => child.kill() });
    });
  });
}

/** A port nothing listens on: bound by the OS, then released. */
export function closedPortUrl(): Promise<string> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(`http://127.0.0.1:${port}/`));
    });
  });
}
