/**
 * Chromium for the browser tests: Debian's own build (the tests never download a browser), and
 * pages that cannot reach anything but this machine.
 */
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
/** No sandbox or GPU in a container, and none of Chromium's own traffic (updates, sync, QUIC). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** The host names that mean this machine. */
export const THIS_MACHINE = ['127.0.0.1', 'localhost'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/** A tab in its own context, with what it tried and failed to do. */
export interface LocalOnlyPage {
  context: BrowserContext;
  page: Page;
  /** Requests the page tried to make to other hosts; each was aborted. */
  blocked: string[];
  /** Errors the page's scripts threw. */
  pageErrors: string[];
}

/** A new tab whose requests to anything but `localHosts` are aborted and recorded. */
export async function newLocalOnlyPage(
  browser: Browser,
  options: BrowserContextOptions,
  localHosts: readonly string[] = THIS_MACHINE,
): Promise<LocalOnlyPage> {
  const context = await browser.newContext(options);
  const blocked: string[] = [];
  const pageErrors: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (localHosts.includes(url.hostname)) return route.continue();
    blocked.push(url.href);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { context, page, blocked, pageErrors };
}
