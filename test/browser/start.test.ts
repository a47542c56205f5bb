/**
 * npm start's page in a real browser: dev/start.ts runs as its own process (as `npm start` runs
 * it, with the Instantly stand-in in yet another), and Chromium drives the workbook grid and the
 * real sidebar in it. Every request the page makes to anything but this machine is aborted.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { Browser, Frame, Locator, Page } from 'playwright-core';
import {
  type CampaignAnalytics,
  campaignAnalytics,
  createSampleWorkspaces,
  hasSent,
  SAMPLE_WORKSPACES,
} from '../../dev/standin/workspace';
import { SAMPLE_API_KEY, todayIn } from '../../dev/start';
import { statusLabel } from '../../src/core/table';
import { requireBuild } from '../support/addon';
import { launchChromium, newLocalOnlyPage } from '../support/chromium';

const ROOT = path.resolve(__dirname, '../..');
const START = path.join(ROOT, 'dev/start.ts');
const SCREENSHOT = path.join(ROOT, 'docs', 'preview.png');
const STARTUP_TIMEOUT_MS = 45_000;
const REPORT_SHEET = 'Instantly Analytics';
const LAST_7_DAYS_FORMULA =
  '=INSTANTLY_ANALYTICS("", "last_7_days", "", "workspace_name,campaign_name,contacted_count")';
const BAD_FIELD_FORMULA =
  '=INSTANTLY_ANALYTICS("", "last_7_days", "", "campaign_name,not_a_field")';

// ---- The process ---------------------------------------------------------------------------

interface Started {
  child: ChildProcess;
  url: string;
  /** Everything it printed so far. */
  stdout: () => string;
}

function spawnStart(args: string[], env: NodeJS.ProcessEnv = process.env): ChildProcess {
  // The IPC channel lets it notice if this process dies without stopping it.
  return spawn(process.execPath, ['--import', 'tsx', START, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
}

/** Resolves once it prints its URL; rejects with what it printed if it exits first. */
function startPreview(args: string[], env?: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawnStart(args, env);
  let stdout = '';
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`npm start ${reason}\n${stdout}\n${stderr}`));
    };
    const timer = setTimeout(() => fail('did not start in time'), STARTUP_TIMEOUT_MS);
    const onExit = (code: number | null) => fail(`exited during startup (code ${code})`);
    child.once('exit', onExit);
    createInterface({ input: child.stdout as Readable }).on('line', (line) => {
      stdout += `${line}\n`;
      const url = /^Instantly Analytics preview: (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(line)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.removeListener('exit', onExit);
      resolve({ child, url, stdout: () => stdout });
    });
  });
}

/** Runs it to its end: exit code and output. */
function runToEnd(
  args: string[],
  env?: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawnStart(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STARTUP_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** SIGTERM, as Ctrl-C's cousin; resolves with the exit code. */
async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
  const code = await exited;
  clearTimeout(force);
  return code;
}

// ---- Page helpers --------------------------------------------------------------------------

const cell = (page: Page, a1: string) => page.locator(`#grid td[data-a1="${a1}"]`);

async function waitForText(locator: Locator, pattern: RegExp, timeout = 30_000): Promise<string> {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout });
  return (await locator.filter({ hasText: pattern }).first().textContent()) ?? '';
}

/** The grid's text, rows from 1 and columns from A, up to the last cell with text. */
function gridText(page: Page): Promise<string[][]> {
  return page.evaluate(() => {
    const rows = Array.from(document.querySelectorAll('#grid tbody tr'), (tr) =>
      Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? ''),
    );
    const used = rows.map((row) => row.reduce((last, text, i) => (text ? i + 1 : last), 0));
    const lastRow = used.reduce((last, width, i) => (width ? i + 1 : last), 0);
    const width = Math.max(0, ...used);
    return rows.slice(0, lastRow).map((row) => row.slice(0, width));
  });
}

async function typeInCell(page: Page, a1: string, input: string): Promise<void> {
  await cell(page, a1).click();
  await page.keyboard.type(input);
  await page.keyboard.press('Enter');
}

async function showSheet(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name, exact: true }).click();
  await page.locator(`#sheet-tabs [aria-selected="true"]`, { hasText: name }).waitFor();
}

/** Every string a frame holds: its markup and the current values of its fields. */
function frameText(frame: Page | Frame): Promise<string> {
  return frame.evaluate(() => {
    const values = Array.from(document.querySelectorAll('input, select, textarea'), (field) =>
      field instanceof HTMLInputElement ||
      field instanceof HTMLSelectElement ||
      field instanceof HTMLTextAreaElement
        ? field.value
        : '',
    );
    return `${document.documentElement.outerHTML}\n${values.join('\n')}`;
  });
}

function sidebarFrame(page: Page): Frame {
  const frame = page.frames().find((candidate) => new URL(candidate.url()).pathname === '/sidebar');
  if (!frame) throw new Error('The sidebar frame is missing');
  return frame;
}

const asNumber = (text: string) => Number(text.replace(/[,%]/g, ''));

function addDays(day: string, count: number): string {
  return new Date(Date.parse(day) + count * 86_400_000).toISOString().slice(0, 10);
}

// ---- Tests ---------------------------------------------------------------------------------

let started: Started;
let browser: Browser;

beforeAll(async () => {
  requireBuild();
  [started, browser] = await Promise.all([startPreview(['--port', '0']), launchChromium()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  if (started) await stop(started.child);
});

test('the page shows the workbook beside the real sidebar, and the add-on works in it', async () => {
  // The preview serves everything from 127.0.0.1: a request even to localhost counts as blocked.
  const { context, page, blocked, pageErrors } = await newLocalOnlyPage(
    browser,
    { viewport: { width: 1400, height: 900 }, locale: 'en-US' },
    ['127.0.0.1'],
  );
  await page.goto(started.url);

  const workbook = (await (await fetch(`${started.url}api/workbook`)).json()) as {
    name: string;
    timeZone: string;
  };
  expect(workbook.name).toBe('Instantly demo');
  const today = todayIn(workbook.timeZone);
  // The stand-in's two sample workspaces: the same seeds, ending today in the spreadsheet's zone.
  // Their drafts have never sent: Instantly's analytics leave them out, the campaign list adds them.
  const workspaces = createSampleWorkspaces({ endDate: today });
  const campaigns = workspaces.flatMap((workspace) =>
    workspace.campaigns.map((campaign) => ({ workspace: workspace.name, campaign })),
  );
  const northwind = workspaces[0].campaigns.length;
  expect(workspaces.map((workspace) => workspace.name)).toEqual([
    'Northwind Outreach',
    'Contoso Growth',
  ]);
  expect(campaigns.filter(({ campaign }) => hasSent(campaign)).length).toBeLessThan(
    campaigns.length,
  );
  // A campaign is known by its workspace and its name (two workspaces may share a name).
  const keyOf = (workspace: string, name: string) => `${workspace} › ${name}`;
  const analyticsFor = (start: string) =>
    new Map<string, CampaignAnalytics>(
      campaigns.map(({ workspace, campaign }) => [
        keyOf(workspace, campaign.name),
        campaignAnalytics(campaign, { start, end: today, includeLeads: false }),
      ]),
    );

  // The sidebar, with both sample workspaces connected, each shown by name.
  const sidebar = page.frameLocator('#sidebar-frame');
  await sidebar.locator('#app[aria-busy="false"]').waitFor({ timeout: 30_000 });
  await waitForText(sidebar.locator('#key-state'), /2 workspaces connected/);
  for (const { name } of SAMPLE_WORKSPACES) {
    await sidebar.getByRole('button', { name: `Remove ${name}`, exact: true }).waitFor();
  }
  expect(await page.locator('#sidebar-frame').evaluate((frame) => frame.clientWidth)).toBe(300);

  // No schedule yet: the trigger button says what to do.
  await page.getByRole('button', { name: 'Run scheduled refresh now' }).click();
  await waitForText(page.locator('.toast'), /Turn on Auto-refresh in the sidebar first/);

  // Refresh now in the sidebar: the report sheet appears in the grid, as the stand-in's numbers.
  await sidebar.getByRole('button', { name: 'Refresh now', exact: true }).click();
  await waitForText(
    sidebar.getByRole('status'),
    new RegExp(`^Done: ${campaigns.length} campaign rows written`),
  );
  await page
    .locator('#sheet-tabs [aria-selected="true"]', { hasText: REPORT_SHEET })
    .waitFor({ timeout: 30_000 });
  // With two workspaces, the report starts with the Workspace column.
  await waitForText(cell(page, 'A1'), /^Workspace$/);
  // The picture in docs/: the two workspaces' report after a refresh, beside the sidebar.
  for (const close of await page.locator('.toast button').all()) await close.click();
  await cell(page, 'C2').click();
  await sidebar.locator('#refresh-status').scrollIntoViewIfNeeded();
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, animations: 'disabled' });
  const report = await gridText(page);
  const header = report[0];
  expect(header).toEqual(
    expect.arrayContaining(['Campaign', 'Status', 'Contacted', 'Emails sent', 'Reply rate']),
  );
  const column = (label: string) => header.indexOf(label);
  const nameOf = (row: string[]) => keyOf(row[0], row[column('Campaign')]);
  const last30 = analyticsFor(addDays(today, -29));
  expect(report).toHaveLength(campaigns.length + 1);
  expect(new Set(report.slice(1).map(nameOf))).toEqual(new Set(last30.keys()));
  for (const row of report.slice(1)) {
    const expected = last30.get(nameOf(row)) as CampaignAnalytics;
    expect([row[0], row[column('Status')]]).toEqual([
      row[0],
      statusLabel(expected.campaign_status),
    ]);
    // Number formats applied: counts grouped as en-US, rates as percentages.
    expect([row[0], row[column('Contacted')]]).toEqual([
      row[0],
      expected.contacted_count.toLocaleString('en-US'),
    ]);
    expect([row[0], row[column('Emails sent')]]).toEqual([
      row[0],
      expected.emails_sent_count.toLocaleString('en-US'),
    ]);
    const replyRate = row[column('Reply rate')];
    if (expected.contacted_count === 0) {
      expect(replyRate).toBe('');
    } else {
      expect(replyRate).toMatch(/%$/);
      const exact = (100 * expected.reply_count_unique) / expected.contacted_count;
      expect(Math.abs(asNumber(replyRate) - exact)).toBeLessThanOrEqual(0.051);
    }
  }
  // Bold frozen header with the refresh note on A1; campaign names are text, never markup.
  const a1 = cell(page, 'A1');
  expect(await a1.evaluate((td) => getComputedStyle(td).fontWeight)).toBe('700');
  expect(await a1.getAttribute('class')).toMatch(/frozen-row/);
  expect(await a1.getAttribute('title')).toMatch(/refreshed/);
  expect(await cell(page, 'A2').evaluate((td) => getComputedStyle(td).fontWeight)).toBe('400');
  expect(await page.locator('#grid img, #grid b').count()).toBe(0);
  expect(report.map((row) => row[column('Campaign')])).toContain('<img src=x onerror=alert(1)>');

  // A formula typed into Sheet1: computed by the add-on's custom function, spilled down.
  await showSheet(page, 'Sheet1');
  await typeInCell(page, 'A1', LAST_7_DAYS_FORMULA);
  await waitForText(cell(page, 'A1'), /^Workspace$/);
  const spilled = await gridText(page);
  expect(spilled[0]).toEqual(['Workspace', 'Campaign', 'Contacted']);
  const last7 = analyticsFor(addDays(today, -6));
  expect(spilled).toHaveLength(campaigns.length + 1);
  for (const [workspace, name, contacted] of spilled.slice(1)) {
    const key = keyOf(workspace, name);
    expect([key, asNumber(contacted)]).toEqual([key, last7.get(key)?.contacted_count]);
  }
  await cell(page, 'A1').click();
  expect(await page.getByLabel('Formula bar').inputValue()).toBe(LAST_7_DAYS_FORMULA);
  expect(await page.getByLabel('Name box').inputValue()).toBe('A1');
  await cell(page, 'C2').click();
  expect(await page.getByLabel('Formula bar').inputValue()).toBe(
    asNumber(spilled[1][2]).toString(),
  );

  // A bad field: #ERROR! in the cell, the reason on hover.
  await typeInCell(page, 'D1', BAD_FIELD_FORMULA);
  await waitForText(cell(page, 'D1'), /^#ERROR!$/);
  expect(await cell(page, 'D1').getAttribute('title')).toMatch(/Unknown field "not_a_field"/);

  // Auto-refresh on, then the hourly trigger run now.
  const frame = sidebarFrame(page);
  await sidebar.getByLabel('Auto-refresh', { exact: true }).selectOption({ label: 'Every hour' });
  await waitForText(page.locator('#schedule-state'), /Auto-refresh on/);
  await page.getByRole('button', { name: 'Run scheduled refresh now' }).click();
  await waitForText(
    page.locator('.toast'),
    new RegExp(
      `Scheduled refresh done: ${campaigns.length} campaign row\\(s\\) written to “Instantly Analytics”`,
    ),
  );

  // The add-on's menu items, with their toasts shown in the page.
  const menu = page.getByRole('toolbar', { name: 'Instantly Analytics menu' });
  await menu.getByRole('button', { name: 'Refresh now', exact: true }).click();
  await waitForText(
    page.locator('.toast'),
    new RegExp(`Wrote ${campaigns.length} campaign row\\(s\\) to "Instantly Analytics"`),
  );
  // Remove the keys from the menu (an alert), set one again through its prompt.
  const dialog = page.getByRole('dialog');
  await menu.getByRole('button', { name: 'Remove API key', exact: true }).click();
  await waitForText(dialog, /The API keys of 2 workspaces were removed from this spreadsheet/);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await menu.getByRole('button', { name: 'Set API key…', exact: true }).click();
  await waitForText(dialog, /Paste an Instantly API v2 key/);
  await dialog.getByLabel('Answer').fill(SAMPLE_API_KEY);
  await dialog.getByRole('button', { name: 'OK' }).click();
  // The key check asks Instantly which workspace the key belongs to, in one request.
  await waitForText(dialog, /Key saved: connected "Northwind Outreach"/);
  await dialog.getByRole('button', { name: 'OK' }).click();
  await dialog.waitFor({ state: 'hidden' });
  // And the sidebar's Save key takes the key the stand-in accepts.
  await sidebar.getByLabel('API key', { exact: true }).fill(SAMPLE_API_KEY);
  await sidebar.getByRole('button', { name: 'Save key', exact: true }).click();
  await waitForText(sidebar.getByRole('status'), /^Key saved/);

  // No key reaches the page, the sidebar or the workbook data.
  for (const { apiKey } of SAMPLE_WORKSPACES) {
    expect(await frameText(page)).not.toContain(apiKey);
    expect(await frameText(frame)).not.toContain(apiKey);
    expect(await (await fetch(`${started.url}api/workbook`)).text()).not.toContain(apiKey);
  }
  expect(blocked).toEqual([]);
  expect(pageErrors).toEqual([]);

  // Removing the key turned Auto-refresh off; the page, reloaded, shows it on again.
  await waitForText(page.locator('#schedule-state'), /Auto-refresh off/);
  await page.reload();
  await sidebar.getByLabel('Auto-refresh', { exact: true }).selectOption({ label: 'Every hour' });
  await waitForText(page.locator('#schedule-state'), /Auto-refresh on/);
  await sidebar.getByRole('button', { name: 'Refresh now', exact: true }).click();
  // Only Northwind Outreach is connected again.
  await waitForText(
    sidebar.getByRole('status'),
    new RegExp(`^Done: ${northwind} campaign rows written`),
  );

  await context.close();
}, 180_000);

test('a port in use is one clear line and exit code 1', async () => {
  const holder = net.createServer();
  await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
  const { port } = holder.address() as net.AddressInfo;
  try {
    for (const run of [
      runToEnd(['--port', String(port)]),
      runToEnd([], { ...process.env, PORT: String(port) }),
    ]) {
      const { code, stdout, stderr } = await run;
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(
        new RegExp(`^Port ${port} is already in use on 127\\.0\\.0\\.1: .+\\n$`),
      );
    }
  } finally {
    await new Promise((resolve) => holder.close(resolve));
  }
});

test('--live needs INSTANTLY_API_KEY, and never prints or serves it', async () => {
  const { INSTANTLY_API_KEY: _ignored, ...env } = process.env;
  const missing = await runToEnd(['--live', '--port', '0'], env);
  expect(missing.code).toBe(1);
  expect(missing.stderr).toMatch(/^--live needs your Instantly API key in the environment/);

  const key = 'live-secret-key-0123456789abcdef';
  const live = await startPreview(['--live', '--port', '0'], { ...env, INSTANTLY_API_KEY: key });
  try {
    const body = await (await fetch(`${live.url}api/workbook`)).text();
    expect(JSON.parse(body).source.kind).toBe('live');
    expect(body).not.toContain(key);
    expect(await (await fetch(live.url)).text()).not.toContain(key);
    expect(live.stdout()).toContain('https://api.instantly.ai');
  } finally {
    expect(await stop(live.child)).toBe(0);
  }
  expect(live.stdout()).not.toContain(key);
}, 60_000);

test('Ctrl-C (SIGTERM) closes the page and stops the stand-in', async () => {
  const standinUrl = /stand-in at (http:\/\/127\.0\.0\.1:\d+)/.exec(started.stdout())?.[1];
  expect(standinUrl).toBeDefined();
  expect(await stop(started.child)).toBe(0);
  expect(started.stdout()).toMatch(/Stopped\.\n$/);
  await expect(fetch(started.url)).rejects.toThrow();
  await expect(fetch(`${standinUrl}/api/v2/campaigns/analytics`)).rejects.toThrow();
});
