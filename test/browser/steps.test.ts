/**
 * The sidebar's Steps & variants section and the outcome columns in a real browser, with the
 * harness of sidebar.test.ts: the built dist/Sidebar.html in Chromium, google.script.run bridged
 * to the built add-on in the local Apps Script runtime, which talks to the Instantly stand-in.
 */
import type { Page } from 'playwright-core';
import { CAMPAIGN_STATUS, createCampaign } from '../../dev/standin/workspace';
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

/** Two campaigns with outcomes in the report's range (last 30 days). */
const CAMPAIGNS = [1, 2].map((n) =>
  createCampaign({
    name: `Outbound ${n}`,
    status: CAMPAIGN_STATUS.active,
    day: IN_RANGE_DAY,
    totals: {
      contacted_count: 50 * n,
      emails_sent_count: 120 * n,
      reply_count_unique: 6 * n,
      total_interested: 5 * n,
      total_meeting_booked: 2 * n,
      total_closed: n,
    },
  }),
);

const harness = useSidebarHarness({
  acceptedKeys: [KEY],
  campaigns: CAMPAIGNS,
  now: NOW,
  browserTimeZone: 'Europe/Berlin',
});

async function saveKey({ page, server }: SidebarSession): Promise<void> {
  await labelled(page, 'API key').fill(KEY);
  await button(page, 'Save key').click();
  await waitForText(page.locator('#key-state'), /Key saved/);
  await waitForCalls(server, 'listCampaigns', 1);
}

const stepsBox = (page: Page) =>
  page.getByRole('checkbox', { name: 'Step analytics sheet', exact: true });
const stepsName = (page: Page) =>
  page.getByRole('textbox', { name: 'Steps sheet name', exact: true });

test('Step analytics sheet: ticked by keyboard, named, refused when it is the report, written by Refresh now', async () => {
  const session = await harness.open();
  const { page, spreadsheet } = session;
  await saveKey(session);

  const box = stepsBox(page);
  expect(await box.isChecked()).toBe(false);
  expect(await stepsName(page).isVisible()).toBe(false);
  await box.focus();
  await page.keyboard.press('Space');
  expect(await box.isChecked()).toBe(true);
  expect(await stepsName(page).inputValue()).toBe('Instantly Steps');
  await waitForText(page.locator('#steps-status'), /^All changes saved\.$/);

  // The report's own sheet is refused, in the section's own alert.
  await stepsName(page).fill('Instantly Analytics');
  expect(await waitForText(page.locator('#steps-error'), /^Settings not saved/)).toBe(
    'Settings not saved: The steps sheet must be a different sheet from the report.',
  );
  await stepsName(page).fill('Steps by variant');
  await waitForText(page.locator('#steps-status'), /^All changes saved\.$/);
  expect(await page.locator('#steps-error').textContent()).toBe('');

  await button(page, 'Refresh now').click();
  await waitForText(page.getByRole('status'), /^Done: 2 campaign rows/);
  const steps = spreadsheet.sheet('Steps by variant').snapshot();
  expect(steps.values[0].slice(0, 3)).toEqual(['Step', 'Variant', 'Sent']);
  expect(steps.charts.map((chart) => chart.type)).toEqual(['BAR']);

  // The settings come back when the sidebar opens again.
  await page.reload();
  await waitForSidebarReady(page);
  expect(await stepsBox(page).isChecked()).toBe(true);
  expect(await stepsName(page).inputValue()).toBe('Steps by variant');

  // Unticked, the name is hidden and the setting saved.
  await stepsBox(page).uncheck();
  expect(await stepsName(page).isVisible()).toBe(false);
  await waitForText(page.locator('#steps-status'), /^All changes saved\.$/);
}, 90_000);

test('the column list offers the outcomes; ticked, the report shows them', async () => {
  const session = await harness.open();
  const { page, spreadsheet } = session;
  await saveKey(session);
  const columns = page.getByRole('list', { name: 'Column list' });
  for (const label of [
    'Interested',
    'Meetings booked',
    'Meetings completed',
    'Closed',
    'Interested rate',
    'Meeting booked rate',
    'Closed rate',
  ]) {
    expect(await columns.getByRole('checkbox', { name: label, exact: true }).isChecked()).toBe(
      false,
    );
  }
  await columns.getByRole('checkbox', { name: 'Interested', exact: true }).check();
  await columns.getByRole('checkbox', { name: 'Closed rate', exact: true }).check();
  await waitForText(page.locator('#settings-status'), /^All changes saved\.$/);

  await button(page, 'Refresh now').click();
  await waitForText(page.getByRole('status'), /^Done: 2 campaign rows/);
  const report = spreadsheet.sheet('Instantly Analytics').snapshot();
  const header = report.values[0];
  const interested = header.indexOf('Interested');
  const closedRate = header.indexOf('Closed rate');
  expect([interested, closedRate].every((column) => column >= 0)).toBe(true);
  const rows = report.values.slice(1).filter((row) => row[0] !== '');
  const byName = Object.fromEntries(
    rows.map((row) => [row[0], [row[interested], row[closedRate]]]),
  );
  expect(byName).toEqual({ 'Outbound 1': [5, 1 / 50], 'Outbound 2': [10, 2 / 100] });
}, 90_000);
