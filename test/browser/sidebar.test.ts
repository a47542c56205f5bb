/**
 * The sidebar in a real browser: the built dist/Sidebar.html in Chromium, its google.script.run
 * calls bridged over HTTP to the built add-on in the local Apps Script runtime, which talks to the
 * Instantly stand-in (a separate process, because the runtime's UrlFetchApp blocks this thread).
 * Every request the page makes to anything but this machine is aborted.
 */
import type { Page } from 'playwright-core';
import {
  CAMPAIGN_STATUS,
  campaignAnalytics,
  type StandinCampaign,
} from '../../dev/standin/workspace';
import { COLUMN_OPTIONS, DATE_RANGE_OPTIONS } from '../../src/core/sidebar-api';
import { campaign, fiveCampaigns } from '../support/campaign-fixtures';
import {
  button,
  labelled,
  waitForCalls,
  waitForSidebarReady,
  waitForText,
} from '../support/sidebar-page';
import { useSidebarHarness } from '../support/sidebar-session';

/** Long enough that the saved key shows its last 4 characters. */
const KEY = 'sk-test-4f1d8e2a9b7c5cdef';
const KEY_HINT = '••••cdef';
const NOW = '2025-06-18T10:00:00Z';
/** The person's browser is in Berlin (UTC+2 in June), its clock a minute after the runtime's. */
const BROWSER_TIME_ZONE = 'Europe/Berlin';
/** Last 7 days as of NOW, in the spreadsheet's zone (UTC). */
const LAST_7_DAYS = { start: '2025-06-12', end: '2025-06-18' };
const IN_RANGE_DAY = '2025-06-16';
const OUT_OF_RANGE_DAY = '2025-05-02';
/** Activity on a day the report counts, and three times as much on one it leaves out. */
const ACTIVE_DAYS = { [IN_RANGE_DAY]: 1, [OUT_OF_RANGE_DAY]: 3 };
const XSS_NAME = '<img src=x onerror=window.__xss=1>';

const CAMPAIGNS = fiveCampaigns(ACTIVE_DAYS);
const XSS_CAMPAIGN = campaign(XSS_NAME, CAMPAIGN_STATUS.active, 6, ACTIVE_DAYS);
const SAAS = 'SaaS founders – Q3 outbound';
const WEBINAR = 'Webinar invite – EMEA';
const byName = (name: string) => CAMPAIGNS.find((c) => c.name === name) as StandinCampaign;

const harness = useSidebarHarness({
  acceptedKeys: [KEY, 'test-key'],
  campaigns: CAMPAIGNS,
  now: NOW,
  browserTimeZone: BROWSER_TIME_ZONE,
});

// ---- Helpers -------------------------------------------------------------------------------

async function saveKey(page: Page, key: string): Promise<void> {
  await labelled(page, 'API key').fill(key);
  await button(page, 'Save key').click();
}

/** Every string the page holds: its markup and the current values of its fields. */
function pageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const values = Array.from(document.querySelectorAll('input, select'), (field) =>
      field instanceof HTMLInputElement || field instanceof HTMLSelectElement ? field.value : '',
    );
    return `${document.documentElement.outerHTML}\n${values.join('\n')}`;
  });
}

/** Records the refresh controls on every DOM change, to see the page while the server works. */
async function watchRefreshControls(page: Page): Promise<void> {
  await page.evaluate(() => {
    const seen: unknown[] = [];
    (window as unknown as { __refreshStates: unknown[] }).__refreshStates = seen;
    const record = () => {
      const refresh = document.getElementById('refresh-now') as HTMLButtonElement;
      seen.push({
        busy: document.getElementById('last-refresh')?.getAttribute('aria-busy'),
        disabled: refresh.disabled,
        saveKeyDisabled: (document.getElementById('save-key') as HTMLButtonElement).disabled,
        spinner: document.querySelector('#refresh-status .spinner') !== null,
        status: document.getElementById('refresh-status')?.textContent,
      });
    };
    new MutationObserver(record).observe(document.body, {
      attributes: true,
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
}

function refreshStates(page: Page) {
  return page.evaluate(
    () => (window as unknown as { __refreshStates: Record<string, unknown>[] }).__refreshStates,
  );
}

// ---- Tests ---------------------------------------------------------------------------------

test('a person saves a key, picks campaigns, dates and columns, refreshes, and gets the sheet', async () => {
  const { page, spreadsheet } = await harness.open();
  await expect(page.locator('#key-state').textContent()).resolves.toMatch(/No API key saved/);

  await saveKey(page, KEY);
  await waitForText(page.locator('#key-state'), new RegExp(`Key saved: ${KEY_HINT}`));
  await waitForText(page.getByRole('status').filter({ hasText: /^Key saved/ }), /Key saved/);
  expect(await labelled(page, 'API key').inputValue()).toBe('');
  expect(await pageText(page)).not.toContain(KEY);
  expect(await pageText(page)).not.toContain(KEY.slice(0, -4));

  // Saving the key loaded the campaigns; Load campaigns fetches them again.
  await labelled(page, 'Chosen campaigns').check();
  await waitForText(page.locator('#campaign-count'), /5 campaigns · 0 chosen/);
  await button(page, 'Load campaigns').click();
  await waitForText(page.locator('#campaign-count'), /5 campaigns · 0 chosen/);
  await expect(page.locator('#campaign-list li').count()).resolves.toBe(5);

  const search = labelled(page, 'Search campaigns');
  await search.fill('saas');
  await waitForText(page.locator('#campaign-count'), /1 of 5 campaigns match/);
  expect(await labelled(page, 'Agency partners follow-up').isVisible()).toBe(false);
  await labelled(page, SAAS).check();
  await search.fill('WEBINAR');
  await labelled(page, WEBINAR).check();
  await search.fill('');
  await waitForText(page.locator('#campaign-count'), /5 campaigns · 2 chosen/);
  expect(await labelled(page, SAAS).isChecked()).toBe(true);
  // Each campaign shows its status.
  await expect(
    page.locator('#campaign-list li', { hasText: 'Agency partners follow-up' }).textContent(),
  ).resolves.toContain('Paused');

  await labelled(page, 'Date range').selectOption({ label: 'Last 7 days' });
  await labelled(page, 'Emails sent').uncheck();
  await labelled(page, 'Campaign ID').check();
  await labelled(page, 'Include leads count').check();

  await watchRefreshControls(page);
  await button(page, 'Refresh now').click();
  const outcome = await waitForText(page.getByRole('status'), /^Done:/);
  // When, in the person's local time: 10:00 UTC is noon in Berlin.
  expect(outcome).toMatch(
    /^Done: 2 campaign rows written to “Instantly Analytics” \(Today, 12:0\d PM\)\.$/,
  );
  for (const text of await page.getByRole('alert').allTextContents()) expect(text).toBe('');

  // While the server worked: buttons disabled, Last refresh busy, progress and a status line.
  const during = (await refreshStates(page)).filter((state) => state.busy === 'true');
  expect(during.length).toBeGreaterThan(0);
  expect(during).toContainEqual(
    expect.objectContaining({
      disabled: true,
      saveKeyDisabled: true,
      spinner: true,
      status: 'Refreshing the report…',
    }),
  );
  expect(await button(page, 'Refresh now').isEnabled()).toBe(true);
  expect(await page.locator('#last-refresh').getAttribute('aria-busy')).toBe('false');

  const last = page.getByRole('region', { name: 'Last refresh' });
  await expect(last.locator('#last-rows').textContent()).resolves.toBe('2 rows');
  await expect(last.locator('#last-trigger').textContent()).resolves.toBe('Manual refresh');
  // The dates read as the note on the report's sheet says them (core's describeRange).
  await expect(last.locator('#last-range').textContent()).resolves.toBe(
    `${LAST_7_DAYS.start} to ${LAST_7_DAYS.end}`,
  );
  await expect(last.locator('#last-when').textContent()).resolves.toMatch(/^Today, 12:0\d PM$/);

  // The sheet holds what the stand-in serves for those two campaigns over those 7 days.
  const sheet = spreadsheet.sheet('Instantly Analytics').snapshot();
  expect(sheet.values[0]).toEqual([
    'Campaign',
    'Campaign ID',
    'Status',
    'Leads',
    'Contacted',
    'Unique opens',
    'Open rate',
    'Unique replies',
    'Reply rate',
    'Unique link clicks',
    'Click rate',
    'Bounced',
    'Bounce rate',
    'Opportunities',
    'Opportunity value',
  ]);
  const expectedRow = (name: string, status: string) => {
    const source = byName(name);
    const a = campaignAnalytics(source, { ...LAST_7_DAYS, includeLeads: true });
    const rate = (count: number) => count / a.contacted_count;
    return [
      name,
      source.id,
      status,
      a.leads_count,
      a.contacted_count,
      a.open_count_unique,
      rate(a.open_count_unique),
      a.reply_count_unique,
      rate(a.reply_count_unique),
      a.link_click_count_unique,
      rate(a.link_click_count_unique),
      a.bounced_count,
      rate(a.bounced_count),
      a.total_opportunities,
      a.total_opportunity_value,
    ];
  };
  const rows = [...sheet.values.slice(1)].sort((x, y) => String(x[0]).localeCompare(String(y[0])));
  expect(rows).toEqual([expectedRow(SAAS, 'Active'), expectedRow(WEBINAR, 'Active')]);
  // Only the in-range day counts: the SaaS campaign contacted 40 that day (and 120 outside the range).
  expect(rows[0][4]).toBe(40);
  expect(sheet.fontWeights[0].every((weight) => weight === 'bold')).toBe(true);
  expect(sheet.fontWeights[1].every((weight) => weight === 'normal')).toBe(true);
  expect(sheet.frozenRows).toBe(1);

  // The refresh asked Instantly for exactly the two chosen campaigns.
  const refreshRequest = (await harness.standin.requests())
    .filter((r) => r.query.ids !== undefined)
    .pop();
  expect([...(refreshRequest?.query.ids ?? [])].sort()).toEqual(
    [byName(SAAS).id, byName(WEBINAR).id].sort(),
  );

  // The settings were saved with the refresh, and come back when the sidebar opens again.
  await page.reload();
  await waitForSidebarReady(page);
  expect(await labelled(page, 'Date range').inputValue()).toBe('last_7_days');
  expect(await labelled(page, 'Chosen campaigns').isChecked()).toBe(true);
  expect(await labelled(page, 'Campaign ID').isChecked()).toBe(true);
  expect(await labelled(page, 'Emails sent').isChecked()).toBe(false);
  expect(await labelled(page, 'Include leads count').isChecked()).toBe(true);
  await waitForText(page.locator('#campaign-count'), /5 campaigns · 2 chosen/);
  expect(await labelled(page, WEBINAR).isChecked()).toBe(true);
  expect(await page.locator('#key-state').textContent()).toContain(KEY_HINT);
  // The picture in docs/ is taken by schedule.test.ts, with the Schedule & history section in use.
}, 120_000);

test('campaign names and sheet names from outside are shown as text, never run as HTML', async () => {
  const { page } = await harness.open([...CAMPAIGNS, XSS_CAMPAIGN]);
  await saveKey(page, KEY);
  await waitForText(page.locator('#key-state'), /Key saved/);
  await labelled(page, 'Chosen campaigns').check();
  await waitForText(page.locator('#campaign-count'), /6 campaigns/);

  const box = labelled(page, XSS_NAME);
  expect(await box.isVisible()).toBe(true);
  await expect(page.locator('#campaign-list').textContent()).resolves.toContain(XSS_NAME);
  await box.check();

  // A sheet name is text from the person, echoed back by the server in the outcome.
  await labelled(page, 'Sheet name').fill(XSS_NAME);
  await button(page, 'Refresh now').click();
  const outcome = await waitForText(page.getByRole('status'), /^Done:/);
  expect(outcome).toContain(`“${XSS_NAME}”`);
  await expect(page.locator('#last-sheet').textContent()).resolves.toBe(XSS_NAME);

  expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss)).toBeUndefined();
  expect(await page.locator('img').count()).toBe(0);
});

test('errors from the server are shown in plain words, in alerts', async () => {
  const { page, server } = await harness.open();

  // A key Instantly rejects (401) is not saved.
  const wrongKey = 'sk-wrong-0000000000000000';
  await saveKey(page, wrongKey);
  const keyError = await waitForText(page.getByRole('alert'), /not saved/);
  expect(keyError).toMatch(/^The key was not saved\. Instantly rejected the API key/);
  expect(keyError).not.toMatch(/Exception|Error:|\{|at .*\(/);
  expect(await page.locator('#key-state').textContent()).toMatch(/No API key saved/);
  expect(await pageText(page)).not.toContain(wrongKey);

  // Instantly fails five times in a row: the refresh gives up and says so.
  await saveKey(page, KEY);
  await waitForText(page.locator('#key-state'), /Key saved/);
  // Saving a key loads the campaigns: that request must not take the faults meant for the refresh.
  await waitForCalls(server, 'listCampaigns');
  await harness.standin.queueFault({ status: 500, times: 5 });
  await button(page, 'Refresh now').click();
  const refreshError = await waitForText(page.getByRole('alert'), /^Refresh failed/);
  expect(refreshError).toBe(
    'Refresh failed: Instantly is having trouble (HTTP 500). Try again in a few minutes.',
  );
  const failure = page.locator('#last-failure');
  expect(await failure.isVisible()).toBe(true);
  const failureText = async () => ((await failure.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  expect(await failureText()).toMatch(
    /^Manual refresh failed Today, 12:0\d PM Instantly is having trouble \(HTTP 500\)\. Try again in a few minutes\. 1 failure in a row; no refresh has succeeded yet\.$/,
  );

  await harness.standin.queueFault({ status: 500, times: 5 });
  await button(page, 'Refresh now').click();
  await waitForText(failure, /2 failures in a row/);

  // A setting the server refuses: its reason, in the page's words.
  await labelled(page, 'Sheet name').fill('Report: Q3');
  const settingsError = await waitForText(page.getByRole('alert'), /^Settings not saved/);
  expect(settingsError).toContain('Sheet name "Report: Q3" is not allowed');
  await button(page, 'Refresh now').click();
  const refused = await waitForText(page.getByRole('alert'), /^Refresh failed: Sheet name/);
  expect(refused).not.toMatch(/Exception|Error:/);

  // Once things work again, the failure is gone from Last refresh.
  await labelled(page, 'Sheet name').fill('Instantly Analytics');
  await button(page, 'Refresh now').click();
  await waitForText(page.getByRole('status'), /^Done:/);
  expect(await failure.isVisible()).toBe(false);
  await waitForText(page.locator('#last-rows'), /5 rows/);
}, 90_000);

test('every control is reachable by its accessible name and by keyboard', async () => {
  const { page } = await harness.open();
  await saveKey(page, KEY);
  await waitForText(page.locator('#key-state'), /Key saved/);

  expect(await labelled(page, 'API key').getAttribute('type')).toBe('password');
  for (const name of ['Save key', 'Test connection', 'Remove key', 'Refresh now']) {
    await expect(button(page, name).count()).resolves.toBe(1);
  }
  expect(await page.getByRole('textbox', { name: 'Sheet name', exact: true }).inputValue()).toBe(
    'Instantly Analytics',
  );
  const range = page.getByRole('combobox', { name: 'Date range', exact: true });
  expect(await range.locator('option').allTextContents()).toEqual([
    'All time',
    'Today',
    'Yesterday',
    'Last 7 days',
    'Last 30 days',
    'This month',
    'Last month',
    'Custom',
  ]);
  expect(DATE_RANGE_OPTIONS.map((option) => option.label)).toEqual(
    await range.locator('option').allTextContents(),
  );
  expect(await labelled(page, 'Start date').isVisible()).toBe(false);
  await range.selectOption({ label: 'Custom' });
  expect(await labelled(page, 'Start date').getAttribute('type')).toBe('date');
  expect(await labelled(page, 'End date').getAttribute('type')).toBe('date');
  await labelled(page, 'Start date').fill('2025-06-01');
  await labelled(page, 'End date').fill('2025-06-10');

  const campaigns = page.getByRole('group', { name: 'Campaigns', exact: true });
  expect(
    await campaigns.getByRole('radio', { name: 'All campaigns', exact: true }).isChecked(),
  ).toBe(true);
  await campaigns.getByRole('radio', { name: 'Chosen campaigns', exact: true }).check();
  expect(
    await campaigns.getByRole('textbox', { name: 'Search campaigns', exact: true }).count(),
  ).toBe(1);
  expect(await campaigns.getByRole('button', { name: 'Load campaigns', exact: true }).count()).toBe(
    1,
  );
  await waitForText(page.locator('#campaign-count'), /5 campaigns/);
  for (const { name } of CAMPAIGNS) {
    expect(await campaigns.getByRole('checkbox', { name, exact: true }).count()).toBe(1);
  }

  const columns = page.getByRole('group', { name: 'Columns', exact: true });
  for (const { label } of COLUMN_OPTIONS) {
    expect(await columns.getByRole('checkbox', { name: label, exact: true }).count()).toBe(1);
  }
  const leads = columns.getByRole('checkbox', { name: 'Include leads count', exact: true });
  expect(await leads.isChecked()).toBe(false);
  const hintId = (await leads.getAttribute('aria-describedby')) ?? '';
  expect(await page.locator(`#${hintId}`).textContent()).toMatch(/Off is faster/);
  expect(await page.getByRole('region', { name: 'Last refresh', exact: true }).count()).toBe(1);

  // Tab reaches every control once, each with a visible focus ring.
  // Start from the top: clicking the first heading puts the focus starting point there.
  await page.getByRole('heading', { name: 'Connection' }).click();
  const reached = new Map<string, string>();
  let previous = '';
  for (let step = 0; step < 120; step++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      if (!element || element === document.body) return undefined;
      const label =
        element.tagName === 'BUTTON'
          ? element.textContent?.trim()
          : (element as HTMLInputElement).labels?.[0]?.textContent?.trim();
      return { label: label ?? '', outline: getComputedStyle(element).outlineStyle };
    });
    if (!focused) break;
    // A date input takes one Tab per part (month, day, year).
    if (focused.label === previous) continue;
    if (reached.has(focused.label)) break;
    reached.set(focused.label, focused.outline);
    previous = focused.label;
  }
  const expected = [
    'API key',
    'Save key',
    'Test connection',
    'Remove key',
    'Sheet name',
    'Date range',
    'Start date',
    'End date',
    'Chosen campaigns',
    'Search campaigns',
    'Load campaigns',
    ...CAMPAIGNS.map((c) => c.name),
    ...COLUMN_OPTIONS.map((c) => c.label),
    'Include leads count',
    'Refresh now',
    'Auto-refresh',
    'Email me after repeated failures',
    'Keep history',
  ];
  expect([...reached.keys()]).toEqual(expect.arrayContaining(expected));
  for (const name of expected) expect([name, reached.get(name)]).not.toEqual([name, 'none']);

  // Arrow keys move between the two campaign choices, as in any radio group.
  await labelled(page, 'Chosen campaigns').focus();
  await page.keyboard.press('ArrowLeft');
  expect(await labelled(page, 'All campaigns').isChecked()).toBe(true);
  expect(await page.locator('#campaign-picker').isVisible()).toBe(false);
}, 90_000);

test('the page works with every request outside this machine blocked', async () => {
  const { page, blocked } = await harness.open();
  await saveKey(page, KEY);
  await waitForText(page.locator('#key-state'), /Key saved/);
  await button(page, 'Test connection').click();
  await waitForText(page.getByRole('status'), /^Connected: Instantly lists 5 campaign/);
  await button(page, 'Refresh now').click();
  await waitForText(page.getByRole('status'), /^Done: 5 campaign rows/);

  // Its styles are its own: they apply with nothing fetched.
  const saveKeyBackground = await button(page, 'Save key').evaluate(
    (element) => getComputedStyle(element).backgroundColor,
  );
  expect(saveKeyBackground).toBe('rgb(26, 115, 232)');
  const external = await page.evaluate(() =>
    Array.from(
      document.querySelectorAll('[src], link[href]'),
      (element) => element.getAttribute('src') ?? element.getAttribute('href'),
    ),
  );
  expect(external).toEqual([]);
  expect(blocked).toEqual([]);

  // Remove key: the hint goes, and the page says so.
  await button(page, 'Remove key').click();
  await waitForText(page.locator('#key-state'), /No API key saved/);
  expect(await button(page, 'Remove key').isDisabled()).toBe(true);
});
