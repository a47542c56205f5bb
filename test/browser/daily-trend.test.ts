/**
 * The sidebar's Daily trend sheet controls in a real browser, with the harness of the other
 * sidebar tests (test/support/sidebar-session.ts): the built page in Chromium, google.script.run
 * bridged to the built add-on in the local runtime, which talks to the Instantly stand-in.
 */
import type { Page } from 'playwright-core';
import { TREND_METRICS } from '../../src/core/sidebar-api';
import { fiveCampaigns } from '../support/campaign-fixtures';
import {
  button,
  labelled,
  waitForCalls,
  waitForSidebarReady,
  waitForText,
} from '../support/sidebar-page';
import { type SidebarSession, useSidebarHarness } from '../support/sidebar-session';

const KEY = 'sk-test-4f1d8e2a9b7c5cdef';
const NOW = '2025-06-18T10:00:00Z';
const IN_RANGE_DAY = '2025-06-16';

const harness = useSidebarHarness({
  acceptedKeys: [KEY],
  campaigns: fiveCampaigns({ [IN_RANGE_DAY]: 1 }),
  now: NOW,
  browserTimeZone: 'Europe/Berlin',
  spreadsheetTimeZone: 'America/Los_Angeles',
});

async function saveKey({ page, server }: SidebarSession): Promise<void> {
  await labelled(page, 'API key').fill(KEY);
  await button(page, 'Save key').click();
  await waitForText(page.locator('#key-state'), /Key saved/);
  await waitForCalls(server, 'listCampaigns', 1);
}

const controls = (page: Page) => ({
  daily: page.getByRole('checkbox', { name: 'Daily trend sheet', exact: true }),
  sheetName: page.getByRole('textbox', { name: 'Daily sheet name', exact: true }),
  metric: page.getByRole('combobox', { name: 'Trend metric', exact: true }),
});

const saved = (page: Page) => waitForText(page.locator('#daily-status'), /^All changes saved\.$/);

test('Daily trend sheet: shown when ticked, saved, checked by the server, written by Refresh now', async () => {
  const s = await harness.open();
  const { page, spreadsheet } = s;
  await saveKey(s);
  const { daily, sheetName, metric } = controls(page);

  expect(await daily.isChecked()).toBe(false);
  expect(await sheetName.isVisible()).toBe(false);
  expect(await metric.isVisible()).toBe(false);
  await daily.check();
  await saved(page);
  expect(await sheetName.isVisible()).toBe(true);
  expect(await sheetName.inputValue()).toBe('Instantly Daily');
  expect(await metric.locator('option').allTextContents()).toEqual(
    TREND_METRICS.map((option) => option.label),
  );
  expect(await metric.inputValue()).toBe('unique_replies');
  await metric.selectOption({ label: 'Reply rate' });
  await saved(page);

  // The report's own sheet is refused, in the section's own alert; a good name clears it.
  await sheetName.fill('instantly analytics');
  const refused = await waitForText(page.locator('#daily-error'), /^Settings not saved/);
  expect(refused).toBe(
    'Settings not saved: The daily sheet must be a different sheet from the report.',
  );
  await sheetName.fill('Trend by day');
  await saved(page);
  await expect(page.locator('#daily-error').textContent()).resolves.toBe('');

  await button(page, 'Refresh now').click();
  await waitForText(page.getByRole('status'), /^Done:/);
  const written = spreadsheet.sheet('Trend by day').snapshot();
  expect(written.values[0].slice(0, 2)).toEqual(['Date', 'Contacted']);
  // Last 30 days, the one day with activity shown as that very day in the spreadsheet's zone.
  const active = written.displayValues.slice(1, 31).filter((row) => row[1] !== '0');
  expect(active.map((row) => row[0])).toEqual([IN_RANGE_DAY]);
  expect(written.charts[0].options).toMatchObject({ title: 'Reply rate per day (all campaigns)' });

  // The settings come back when the sidebar opens again; unticking hides the options again.
  await page.reload();
  await waitForSidebarReady(page);
  expect(await daily.isChecked()).toBe(true);
  expect(await sheetName.inputValue()).toBe('Trend by day');
  expect(await metric.inputValue()).toBe('reply_rate');
  await daily.uncheck();
  await saved(page);
  expect(await sheetName.isVisible()).toBe(false);
  await page.reload();
  await waitForSidebarReady(page);
  expect(await daily.isChecked()).toBe(false);
}, 90_000);

test('the daily controls are reachable by keyboard, each with a visible focus ring', async () => {
  const s = await harness.open();
  const { page } = s;
  await saveKey(s);
  const { daily, sheetName, metric } = controls(page);
  await daily.focus();
  await page.keyboard.press('Space');
  expect(await daily.isChecked()).toBe(true);
  await saved(page);
  for (const expected of [daily, sheetName, metric]) {
    expect(await expected.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await expected.evaluate((element) => getComputedStyle(element).outlineStyle)).not.toBe(
      'none',
    );
    await page.keyboard.press('Tab');
  }
  // Nothing is wider than Google's 300 px sidebar.
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth,
    viewport: document.documentElement.clientWidth,
  }));
  expect(widths.page).toBeLessThanOrEqual(widths.viewport);
}, 60_000);
