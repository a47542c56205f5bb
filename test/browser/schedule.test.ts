/**
 * The sidebar's Schedule & history section in a real browser, with the harness sidebar.test.ts
 * uses (test/support/sidebar-session.ts): the built dist/Sidebar.html in Chromium,
 * google.script.run bridged to the built add-on in the local Apps Script runtime, which talks to
 * the Instantly stand-in (another process). Time-driven runs are fired with the runtime's virtual
 * clock; the page's own clock is kept a minute after it, so "Today" means the runtime's today.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import type { AppsScriptRuntime } from '../../dev/runtime';
import { CHART_METRICS } from '../../src/core/sidebar-api';
import { fiveCampaigns } from '../support/campaign-fixtures';
import {
  button,
  callCount,
  labelled,
  waitForCalls,
  waitForSidebarReady,
  waitForText,
} from '../support/sidebar-page';
import { reopenSidebar, type SidebarSession, useSidebarHarness } from '../support/sidebar-session';

const ROOT = path.resolve(__dirname, '../..');
const SCREENSHOT = path.join(ROOT, 'docs', 'sidebar.png');

const KEY = 'sk-test-4f1d8e2a9b7c5cdef';
const HANDLER = 'runScheduledRefreshes';
/** The user properties key of this user's schedule of a spreadsheet (src/core/storage-keys.ts). */
const SCHEDULE_PROPERTY = 'INSTANTLY_SCHEDULE:';
const NOW = '2025-06-18T10:00:00Z';
const TODAY = '2025-06-18';
/** The person's browser is in Berlin (UTC+2 in June); the spreadsheet is in UTC. */
const BROWSER_TIME_ZONE = 'Europe/Berlin';
const SPREADSHEET_TIME_ZONE = 'Etc/UTC';
const HOUR = 60 * 60_000;
const IN_RANGE_DAY = '2025-06-16';
const HTTP_500 = 'Instantly is having trouble (HTTP 500). Try again in a few minutes.';

const CAMPAIGNS = fiveCampaigns({ [IN_RANGE_DAY]: 1 });

const harness = useSidebarHarness({
  acceptedKeys: [KEY],
  campaigns: CAMPAIGNS,
  now: NOW,
  browserTimeZone: BROWSER_TIME_ZONE,
  spreadsheetTimeZone: SPREADSHEET_TIME_ZONE,
});

// ---- Helpers -------------------------------------------------------------------------------

const autoRefresh = (page: Page) =>
  page.getByRole('combobox', { name: 'Auto-refresh', exact: true });

/** Saves the key, and waits for the campaign list that saving it loads. */
async function saveKey({ page, server }: SidebarSession): Promise<void> {
  await labelled(page, 'API key').fill(KEY);
  await button(page, 'Save key').click();
  await waitForText(page.locator('#key-state'), /Key saved/);
  await waitForCalls(server, 'listCampaigns', 1);
}

/**
 * Chooses an Auto-refresh option by its label; resolves once the page has taken in the server's
 * answer (its status says 'Saving…' from before the call until the answer arrives).
 */
async function chooseAutoRefresh({ page, server }: SidebarSession, label: string): Promise<void> {
  const before = callCount(server, 'saveReportSettings');
  await autoRefresh(page).selectOption({ label });
  await waitForCalls(server, 'saveReportSettings', before + 1);
  await page.waitForFunction(
    () => document.getElementById('schedule-status')?.textContent !== 'Saving…',
  );
}

const ourTriggers = (runtime: AppsScriptRuntime) =>
  runtime.triggers.filter((trigger) => trigger.handler === HANDLER);

/** Time passes and the hourly trigger fires, with no active spreadsheet. */
function hoursPass(runtime: AppsScriptRuntime, hours: number): string[] {
  runtime.clock.advance(hours * HOUR);
  return runtime.fireTimeTrigger();
}

const text = async (locator: Locator) =>
  ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();

// ---- Tests ---------------------------------------------------------------------------------

test('auto-refresh keeps one trigger, runs on schedule, reports failures, and turns off', async () => {
  const s = await harness.open();
  const { page, runtime, spreadsheet } = s;
  const select = autoRefresh(page);
  expect(await select.locator('option').allTextContents()).toEqual([
    'Off',
    'Every hour',
    'Every 2 hours',
    'Every 4 hours',
    'Every 6 hours',
    'Every 8 hours',
    'Every 12 hours',
    'Daily',
  ]);
  expect(await select.inputValue()).toBe('off');
  expect(await labelled(page, 'At hour').isVisible()).toBe(false);
  expect(await labelled(page, 'Email me after repeated failures').isChecked()).toBe(false);

  // Without a key the server refuses: the reason in an alert, and the select back on Off.
  await chooseAutoRefresh(s, 'Every 2 hours');
  const refused = await waitForText(page.getByRole('alert'), /^Auto-refresh was not changed/);
  expect(refused).toBe(
    'Auto-refresh was not changed: Save an API key before you turn Auto-refresh on.',
  );
  expect(await select.inputValue()).toBe('off');
  expect(ourTriggers(runtime)).toHaveLength(0);

  await saveKey(s);
  await chooseAutoRefresh(s, 'Every 2 hours');
  await expect(text(page.locator('#schedule-status'))).resolves.toBe(
    'Saved: the report refreshes every 2 hours.',
  );
  await expect(text(page.locator('#schedule-error'))).resolves.toBe('');
  expect(ourTriggers(runtime)).toHaveLength(1);
  expect(ourTriggers(runtime)[0].schedule).toMatchObject({ everyHours: 1 });
  const [trigger] = ourTriggers(runtime);

  await chooseAutoRefresh(s, 'Every 4 hours');
  await expect(text(page.locator('#schedule-status'))).resolves.toBe(
    'Saved: the report refreshes every 4 hours.',
  );
  expect(ourTriggers(runtime)).toHaveLength(1);
  expect(ourTriggers(runtime)[0].uid).toBe(trigger.uid);
  // This person's own trigger runs it: no note about another editor.
  expect(await page.locator('#other-editor').isVisible()).toBe(false);

  await labelled(page, 'Email me after repeated failures').check();
  await waitForText(page.locator('#schedule-status'), /^All changes saved\.$/);

  // An hour later the trigger fires, with no spreadsheet open: the report is written.
  expect(hoursPass(runtime, 1)).toEqual([trigger.uid]);
  expect(spreadsheet.sheet('Instantly Analytics').snapshot().values).toHaveLength(
    1 + CAMPAIGNS.length,
  );
  const ranAt = new Date(runtime.clock.now());
  await reopenSidebar(s);
  expect(await select.inputValue()).toBe('4');
  expect(await labelled(page, 'Email me after repeated failures').isChecked()).toBe(true);
  const last = page.getByRole('region', { name: 'Last refresh', exact: true });
  await expect(text(last.locator('#last-summary'))).resolves.toMatch(
    /^Scheduled refresh · Today, 1:0\d PM · 5 rows$/,
  );
  await expect(last.locator('#last-trigger').textContent()).resolves.toBe('Scheduled refresh');
  await expect(last.locator('#last-rows').textContent()).resolves.toBe('5 rows');
  expect(await last.locator('#last-failure').isVisible()).toBe(false);
  expect(ranAt.toISOString()).toMatch(/^2025-06-18T11:0/);

  // Instantly fails: each scheduled run (4 hours apart) gives up after its retries.
  await harness.standin.queueFault({ status: 500, times: 20 });
  hoursPass(runtime, 4);
  await reopenSidebar(s);
  const failure = last.locator('#last-failure');
  expect(await failure.isVisible()).toBe(true);
  await expect(text(failure)).resolves.toMatch(
    new RegExp(
      `^Scheduled refresh failed Today, 5:0\\d PM ${escapeRegExp(HTTP_500)} ` +
        '1 failure in a row since the last successful refresh\\.$',
    ),
  );
  // The last success is still shown above it.
  await expect(last.locator('#last-trigger').textContent()).resolves.toBe('Scheduled refresh');
  expect(runtime.mail).toHaveLength(0);

  hoursPass(runtime, 4);
  hoursPass(runtime, 4);
  await reopenSidebar(s);
  await expect(text(failure)).resolves.toMatch(
    /3 failures in a row since the last successful refresh\.$/,
  );
  await expect(failure.locator('#last-failure-error').textContent()).resolves.toBe(HTTP_500);
  // The third failure in a row emails the person whose trigger ran it, once.
  expect(runtime.mail).toHaveLength(1);
  expect(runtime.mail[0].subject).toContain('"Campaign report" keeps failing');

  await chooseAutoRefresh(s, 'Off');
  await expect(text(page.locator('#schedule-status'))).resolves.toBe('Saved: auto-refresh is off.');
  expect(ourTriggers(runtime)).toHaveLength(0);
  await reopenSidebar(s);
  expect(await select.inputValue()).toBe('off');
  for (const alert of await page.getByRole('alert').allTextContents()) expect(alert).toBe('');
}, 120_000);

test('daily auto-refresh at an hour of the spreadsheet’s time zone', async () => {
  const s = await harness.open();
  const { page, runtime } = s;
  await saveKey(s);
  await chooseAutoRefresh(s, 'Daily');
  const hour = labelled(page, 'At hour');
  expect(await hour.isVisible()).toBe(true);
  const hours = await hour.locator('option').allTextContents();
  expect(hours).toHaveLength(24);
  expect(hours[0]).toBe('00:00');
  expect(hours[23]).toBe('23:00');
  expect(await hour.inputValue()).toBe('7');
  const hintId = (await hour.getAttribute('aria-describedby')) ?? '';
  await expect(page.locator(`#${hintId}`).textContent()).resolves.toBe(
    `In the spreadsheet’s time zone (${SPREADSHEET_TIME_ZONE}).`,
  );
  await expect(text(page.locator('#schedule-status'))).resolves.toBe(
    `Saved: the report refreshes daily between 07:00 and 08:00 (${SPREADSHEET_TIME_ZONE}).`,
  );

  await hour.selectOption({ label: '14:00' });
  await waitForText(page.locator('#schedule-status'), /between 14:00 and 15:00/);
  expect(ourTriggers(runtime)).toHaveLength(1);

  // Not due before 14:00 (it is 10:00 in the spreadsheet's zone), due once 14:00 has come.
  hoursPass(runtime, 1);
  expect(s.spreadsheet.sheetList().map((sheet) => sheet.getName())).not.toContain(
    'Instantly Analytics',
  );
  hoursPass(runtime, 3);
  await reopenSidebar(s);
  expect(await autoRefresh(page).inputValue()).toBe('daily');
  expect(await hour.inputValue()).toBe('14');
  await expect(text(page.locator('#last-summary'))).resolves.toMatch(
    /^Scheduled refresh · Today, 4:0\d PM · 5 rows$/,
  );
});

test('the 20-trigger limit is explained and the select goes back to what is saved', async () => {
  const s = await harness.open();
  const { page, runtime } = s;
  for (let index = 0; index < 20; index++) runtime.addForeignTrigger(`otherJob${index}`);
  await saveKey(s);
  await chooseAutoRefresh(s, 'Every hour');
  const error = await waitForText(page.getByRole('alert'), /^Auto-refresh was not changed/);
  expect(error).toMatch(/Google allows 20 triggers per user/);
  expect(error).toMatch(/Delete a trigger you no longer need/);
  expect(await autoRefresh(page).inputValue()).toBe('off');
  expect(ourTriggers(runtime)).toHaveLength(0);
  expect(runtime.triggers).toHaveLength(20);
});

test('a schedule another editor set up, and schedules the add-on had to stop, are explained', async () => {
  const s = await harness.open();
  const { page, runtime, spreadsheet } = s;
  await saveKey(s);

  // This person also scheduled another spreadsheet, which they since lost access to.
  const other = runtime.createSpreadsheet({ name: 'Old <b>pipeline</b> report' });
  runtime.documentProperties(other.getId()).setProperty('INSTANTLY_API_KEY', KEY);
  expect(runtime.callFromClient('saveReportSettings', { autoRefresh: '1' })).toEqual({
    ok: true,
    message: 'Settings saved.',
    scheduledByYou: true,
  });
  runtime.setActiveSpreadsheet(spreadsheet);
  runtime.spreadsheets.revokeAccess(other.getId());
  hoursPass(runtime, 1);
  expect(ourTriggers(runtime)).toHaveLength(0);
  await reopenSidebar(s);
  const dropped = page.locator('#dropped');
  expect(await dropped.isVisible()).toBe(true);
  await expect(dropped.locator('li').allTextContents()).resolves.toHaveLength(1);
  // Its name, the reason and when, each on its own line.
  const parts = await dropped.locator('li > *').allTextContents();
  expect(parts.slice(0, 2)).toEqual([
    'Stopped refreshing “Old <b>pipeline</b> report”:',
    'The spreadsheet could not be opened (deleted, or access was lost): ' +
      'You do not have permission to access the requested document.',
  ]);
  expect(parts[2]).toMatch(/^Today, 1:0\d PM$/);
  expect(await page.locator('b').count()).toBe(0);

  // Auto-refresh is on for this spreadsheet, but by another editor: this person has no
  // schedule of it (as when another editor turned it on with their account).
  await chooseAutoRefresh(s, 'Every 6 hours');
  expect(ourTriggers(runtime)).toHaveLength(1);
  runtime.userProperties.deleteProperty(SCHEDULE_PROPERTY + spreadsheet.getId());
  await reopenSidebar(s);
  expect(await autoRefresh(page).inputValue()).toBe('6');
  const note = page.locator('#other-editor');
  expect(await note.isVisible()).toBe(true);
  await expect(text(note)).resolves.toBe(
    'Auto-refresh was turned on by another editor of this spreadsheet; it runs with their Google account.',
  );
});

test('keep history: Refresh now writes the history sheet and its chart', async () => {
  const s = await harness.open();
  const { page, spreadsheet } = s;
  await saveKey(s);

  const keep = labelled(page, 'Keep history');
  expect(await keep.isChecked()).toBe(false);
  expect(await labelled(page, 'History sheet').isVisible()).toBe(false);
  // Keyboard: Space ticks it and shows its options.
  await keep.focus();
  await page.keyboard.press('Space');
  expect(await keep.isChecked()).toBe(true);
  const sheetName = page.getByRole('textbox', { name: 'History sheet', exact: true });
  expect(await sheetName.inputValue()).toBe('Instantly History');
  const metric = page.getByRole('combobox', { name: 'Chart metric', exact: true });
  expect(await metric.locator('option').allTextContents()).toEqual(
    CHART_METRICS.map((field) => field.label),
  );
  expect(await metric.inputValue()).toBe('reply_rate');
  const shows = page.getByRole('group', { name: 'Chart shows', exact: true });
  expect(await shows.getByRole('radio', { name: 'Each campaign', exact: true }).isChecked()).toBe(
    true,
  );
  await metric.selectOption({ label: 'Unique replies' });
  await shows.getByRole('radio', { name: 'Total', exact: true }).check();
  await waitForText(page.locator('#history-status'), /^All changes saved\.$/);

  // A history sheet named like the report is refused, in the section's own alert.
  await sheetName.fill('instantly analytics');
  const refused = await waitForText(page.locator('#history-error'), /^Settings not saved/);
  expect(refused).toBe(
    'Settings not saved: The history sheet must be a different sheet from the report.',
  );
  await sheetName.fill('Instantly History');
  await waitForText(page.locator('#history-status'), /^All changes saved\.$/);
  await expect(text(page.locator('#history-error'))).resolves.toBe('');

  // Shown in the picture in docs/: a daily schedule as well.
  await chooseAutoRefresh(s, 'Daily');

  await button(page, 'Refresh now').click();
  await waitForText(page.getByRole('status'), /^Done: 5 campaign rows/);
  const history = spreadsheet.sheet('Instantly History').snapshot();
  expect(history.values[0].slice(0, 3)).toEqual(['Snapshot date', 'Campaign', 'Campaign ID']);
  const rows = history.values.slice(1).filter((row) => row[1] !== '');
  expect(rows.map((row) => row[1])).toEqual(CAMPAIGNS.map((c) => c.name).sort());
  for (const row of rows) expect(isoDay(row[0])).toBe(TODAY);
  expect(history.charts).toHaveLength(1);
  expect(history.charts[0].type).toBe('LINE');
  expect(history.charts[0].options).toMatchObject({ title: 'Unique replies over time (total)' });
  // The chart's data: one line, the total of unique replies (3 per unit of activity, 1+…+5).
  const chartColumn = history.values[0].indexOf('Total unique replies');
  expect(chartColumn).toBeGreaterThan(0);
  expect(history.values[1][chartColumn]).toBe(3 * (1 + 2 + 3 + 4 + 5));

  // The settings come back when the sidebar opens again.
  await page.reload();
  await waitForSidebarReady(page);
  expect(await keep.isChecked()).toBe(true);
  expect(await metric.inputValue()).toBe('reply_count_unique');
  expect(await shows.getByRole('radio', { name: 'Total', exact: true }).isChecked()).toBe(true);

  // Nothing is wider than Google's 300 px sidebar.
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);

  // The picture in docs/: the sidebar after a refresh, at 300 px, with the new section in use.
  await button(page, 'Refresh now').click();
  await waitForText(page.getByRole('status'), /^Done:/);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true, animations: 'disabled' });
}, 90_000);

test('the new controls are reachable by keyboard, each with a visible focus ring', async () => {
  const s = await harness.open();
  const { page } = s;
  await saveKey(s);
  await labelled(page, 'Keep history').check();
  await autoRefresh(page).focus();
  const reached: { label: string; outline: string }[] = [];
  for (let step = 0; step < 12; step++) {
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null;
      if (!element || element === document.body) return undefined;
      return {
        label: element.labels?.[0]?.textContent?.trim() ?? '',
        outline: getComputedStyle(element).outlineStyle,
      };
    });
    if (!focused) break;
    reached.push(focused);
    await page.keyboard.press('Tab');
  }
  const labels = reached.map((entry) => entry.label);
  expect(labels.slice(0, 6)).toEqual([
    'Auto-refresh',
    'Email me after repeated failures',
    'Keep history',
    'History sheet',
    'Chart metric',
    'Each campaign',
  ]);
  for (const entry of reached.slice(0, 6)) expect(entry.outline).not.toBe('none');

  // Daily, by keyboard: the hour select follows the Auto-refresh select in the Tab order.
  await autoRefresh(page).focus();
  await page.keyboard.press('End');
  await waitForText(page.locator('#schedule-status'), /daily between 07:00 and 08:00/);
  await page.keyboard.press('Tab');
  expect(await page.evaluate(() => (document.activeElement as HTMLSelectElement | null)?.id)).toBe(
    'daily-hour',
  );
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A snapshot date as the sheet holds it: the text written, or the date Sheets made of it. */
function isoDay(value: unknown): string {
  if (value instanceof Date || Object.prototype.toString.call(value) === '[object Date]') {
    return (value as Date).toISOString().slice(0, 10);
  }
  return String(value);
}
