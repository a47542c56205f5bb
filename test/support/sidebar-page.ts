/** Finding the sidebar's controls, and waiting for the page and its server. */
import type { Locator, Page } from 'playwright-core';
import type { SidebarServer } from '../../dev/preview/sidebar-server';

/** How long a step may take the page and the add-on behind it. */
const STEP_TIMEOUT_MS = 20_000;

export const button = (page: Page, name: string) => page.getByRole('button', { name, exact: true });
export const labelled = (page: Page, name: string) => page.getByLabel(name, { exact: true });

/** Waits until the locator's text matches; returns that text. */
export async function waitForText(
  locator: Locator,
  pattern: RegExp,
  timeout = STEP_TIMEOUT_MS,
): Promise<string> {
  await locator.filter({ hasText: pattern }).first().waitFor({ timeout });
  return (await locator.filter({ hasText: pattern }).first().textContent()) ?? '';
}

/** getSidebarState has answered and the page has taken it in. */
export async function waitForSidebarReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => document.getElementById('app')?.getAttribute('aria-busy') === 'false',
  );
}

export const callCount = (server: SidebarServer, name: string) =>
  server.calls.filter((call) => call.name === name).length;

/** Waits until the page's server has answered `count` calls of `name` in all. */
export async function waitForCalls(server: SidebarServer, name: string, count = 1): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (callCount(server, name) < count) {
    if (Date.now() > deadline) throw new Error(`The page did not call ${name} ${count} time(s)`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
