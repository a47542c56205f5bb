/**
 * The sidebar's controls for several Instantly workspaces in a real browser, with the harness of
 * sidebar.test.ts: the connected workspaces listed by name and masked key, each with its Remove
 * button; Another workspace's API key with Add workspace; the report's workspaces; and Last
 * refresh naming a workspace that failed while the others were written.
 */
import { CAMPAIGN_STATUS, createWorkspace } from '../../dev/standin/workspace';
import { campaign } from '../support/campaign-fixtures';
import { button, labelled, waitForSidebarReady, waitForText } from '../support/sidebar-page';
import { reopenSidebar, useSidebarHarness } from '../support/sidebar-session';

const NOW = '2025-06-18T10:00:00Z';
const DAY = '2025-06-16';
const ACME_KEY = 'acme-key-00000000a001';
const GLOBEX_KEY = 'globex-key-000000b001';
const INITECH_KEY = 'initech-key-00000c001';

const WORKSPACES = [
  createWorkspace({
    name: 'Acme Outbound',
    apiKeys: [ACME_KEY],
    campaigns: [campaign('Acme intro', CAMPAIGN_STATUS.active, 1, { [DAY]: 1 })],
  }),
  createWorkspace({
    name: 'Globex Sales',
    apiKeys: [GLOBEX_KEY],
    campaigns: [
      campaign('Globex intro', CAMPAIGN_STATUS.active, 2, { [DAY]: 1 }),
      campaign('Globex follow-up', CAMPAIGN_STATUS.paused, 3, { [DAY]: 1 }),
    ],
  }),
  createWorkspace({
    name: 'Initech',
    apiKeys: [INITECH_KEY],
    paidPlan: false,
    campaigns: [campaign('Initech intro', CAMPAIGN_STATUS.active, 4, { [DAY]: 1 })],
  }),
];

const harness = useSidebarHarness({
  acceptedKeys: [ACME_KEY],
  campaigns: [],
  now: NOW,
  browserTimeZone: 'Europe/Berlin',
});

test('adding, choosing, refreshing and removing workspaces', async () => {
  const session = await harness.open();
  await harness.standin.setWorkspaces(WORKSPACES);
  await reopenSidebar(session);
  const { page, spreadsheet } = session;
  const another = labelled(page, "Another workspace's API key");
  const reportWorkspaces = page.getByRole('group', { name: 'Workspaces' });

  // The first key, as before: saved, and shown by its workspace's name and last 4 characters.
  expect(await another.isVisible()).toBe(false);
  await labelled(page, 'API key').fill(ACME_KEY);
  await button(page, 'Save key').click();
  await waitForText(page.locator('#key-state'), /Key saved: ••••a001 \(Acme Outbound\)/);
  await button(page, 'Remove Acme Outbound').waitFor();
  expect(await reportWorkspaces.isVisible()).toBe(false);

  // Another workspace's key, added with the keyboard.
  await another.fill(GLOBEX_KEY);
  await another.press('Enter');
  await waitForText(page.locator('#key-state'), /2 workspaces connected\./);
  await waitForText(page.getByRole('status').first(), /Key saved: connected "Globex Sales"/);
  expect(await another.inputValue()).toBe('');
  await button(page, 'Remove Globex Sales').waitFor();
  const list = page.getByRole('list', { name: 'Connected workspaces' });
  expect(await list.textContent()).toContain('••••b001');

  // The report's workspaces: all by default; one alone has no Workspace column.
  await reportWorkspaces.waitFor();
  const acme = reportWorkspaces.getByRole('checkbox', { name: 'Acme Outbound' });
  const globex = reportWorkspaces.getByRole('checkbox', { name: 'Globex Sales' });
  expect([await acme.isChecked(), await globex.isChecked()]).toEqual([true, true]);
  await acme.uncheck();
  await waitForText(page.locator('#settings-status'), /^All changes saved\.$/);
  await button(page, 'Refresh now').click();
  await waitForText(page.locator('#refresh-status'), /^Done: 2 campaign rows written/);
  expect(spreadsheet.sheet('Instantly Analytics').snapshot().values[0][0]).toBe('Campaign');
  await acme.check();
  await waitForText(page.locator('#settings-status'), /^All changes saved\.$/);
  await button(page, 'Refresh now').click();
  await waitForText(page.locator('#refresh-status'), /^Done: 3 campaign rows written/);
  expect(spreadsheet.sheet('Instantly Analytics').snapshot().values[0][0]).toBe('Workspace');

  // A workspace without a paid plan: saved, and named by Last refresh when it fails.
  await another.fill(INITECH_KEY);
  await button(page, 'Add workspace').click();
  await waitForText(page.locator('#key-state'), /3 workspaces connected\./);
  await button(page, 'Refresh now').click();
  await waitForText(
    page.locator('#refresh-status'),
    /Not refreshed, previous rows kept: Workspace ••••c001/,
  );
  await waitForText(page.locator('#last-partial'), /Workspace ••••c001:.*no active paid plan/);

  // Remove <name> removes that workspace only.
  await button(page, 'Remove Workspace ••••c001').click();
  await waitForText(page.locator('#key-state'), /2 workspaces connected\./);
  await waitForText(page.getByRole('status').first(), /Removed "Workspace ••••c001"/);
  expect(await button(page, 'Remove Workspace ••••c001').count()).toBe(0);

  // No key ever reaches the page, typed fields included.
  const text = await page.evaluate(
    () =>
      document.documentElement.outerHTML +
      Array.from(document.querySelectorAll('input'), (input) => input.value).join('\n'),
  );
  for (const key of [ACME_KEY, GLOBEX_KEY, INITECH_KEY]) expect(text).not.toContain(key);

  // Opened again, the page shows the same workspaces.
  await page.reload();
  await waitForSidebarReady(page);
  await button(page, 'Remove Acme Outbound').waitFor();
  await button(page, 'Remove Globex Sales').waitFor();
}, 90_000);
