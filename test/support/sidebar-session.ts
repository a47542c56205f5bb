/**
 * The built dist/Sidebar.html in Chromium, one person's session at a time: a fresh spreadsheet in
 * its own Apps Script runtime, a page server bridging google.script.run to that runtime, and a
 * browser tab that cannot reach anything but this machine. The runtime talks to the Instantly
 * stand-in, a separate process because the runtime's UrlFetchApp blocks this thread.
 */
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { type SidebarServer, startSidebarServer } from '../../dev/preview/sidebar-server';
import { type AppsScriptRuntime, createRuntime, type FakeSpreadsheet } from '../../dev/runtime';
import { type StandinClient, startStandinProcess } from '../../dev/standin/process';
import type { StandinCampaign } from '../../dev/standin/workspace';
import { DIST, requireBuild } from './addon';
import { type LocalOnlyPage, launchChromium, newLocalOnlyPage } from './chromium';
import { waitForSidebarReady } from './sidebar-page';

const SIDEBAR_HTML = path.join(DIST, 'Sidebar.html');
/** Google's sidebar is 300 px wide. */
const SIDEBAR_VIEWPORT = { width: 300, height: 900 };
/** The page's clock runs this far after the runtime's, so its "Today" is the runtime's today. */
const PAGE_CLOCK_LEAD_MS = 60_000;

export interface SidebarSession extends LocalOnlyPage {
  runtime: AppsScriptRuntime;
  spreadsheet: FakeSpreadsheet;
  server: SidebarServer;
}

export interface SidebarHarnessOptions {
  /** API keys the stand-in accepts. */
  acceptedKeys: string[];
  /** The campaigns a session's stand-in serves unless `open` is given others. */
  campaigns: StandinCampaign[];
  /** Where the runtime's virtual clock starts. */
  now: string;
  /** The person's browser's zone. */
  browserTimeZone: string;
  /** The spreadsheet's zone; the runtime's default when left out. */
  spreadsheetTimeZone?: string;
}

export interface SidebarHarness {
  /** The stand-in, started in beforeAll. */
  readonly standin: StandinClient;
  /** Resets the stand-in to `campaigns` and opens the sidebar over a fresh spreadsheet. */
  open(campaigns?: StandinCampaign[]): Promise<SidebarSession>;
}

/**
 * For a test file: starts the stand-in and Chromium once, and after each test closes the sidebar
 * it opened and fails the test if the page threw.
 */
export function useSidebarHarness(options: SidebarHarnessOptions): SidebarHarness {
  let standin: StandinClient;
  let browser: Browser;
  let session: SidebarSession | undefined;

  beforeAll(async () => {
    requireBuild();
    [standin, browser] = await Promise.all([
      startStandinProcess(options.acceptedKeys.flatMap((key) => ['--key', key])),
      launchChromium(),
    ]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), standin?.stop()]);
  });

  afterEach(async () => {
    if (!session) return;
    const { context, server, pageErrors } = session;
    session = undefined;
    await context.close();
    await server.close();
    expect(pageErrors).toEqual([]);
  });

  return {
    get standin() {
      return standin;
    },
    async open(campaigns = options.campaigns) {
      await standin.reset();
      await standin.setCampaigns(campaigns);
      session = await openSidebar(standin.url, browser, options);
      return session;
    },
  };
}

async function openSidebar(
  standinUrl: string,
  browser: Browser,
  { now, browserTimeZone, spreadsheetTimeZone }: SidebarHarnessOptions,
): Promise<SidebarSession> {
  const runtime = createRuntime({
    distDir: DIST,
    now,
    scriptProperties: { INSTANTLY_API_BASE_URL: standinUrl },
  });
  const spreadsheet = runtime.createSpreadsheet({
    name: 'Campaign report',
    timeZone: spreadsheetTimeZone,
  });
  const server = await startSidebarServer({
    htmlFile: SIDEBAR_HTML,
    call: (name, args) => runtime.callFromClient(name, ...args),
  });
  const tab = await newLocalOnlyPage(browser, {
    viewport: SIDEBAR_VIEWPORT,
    locale: 'en-US',
    timezoneId: browserTimeZone,
  });
  const session = { runtime, spreadsheet, server, ...tab };
  await followRuntimeClock(session);
  await session.page.goto(server.url);
  await waitForSidebarReady(session.page);
  return session;
}

/** Opens the sidebar again, as a person does after a while: its clock just after the runtime's. */
export async function reopenSidebar(session: SidebarSession): Promise<void> {
  await followRuntimeClock(session);
  await session.page.reload();
  await waitForSidebarReady(session.page);
}

async function followRuntimeClock({ context, runtime }: SidebarSession): Promise<void> {
  await context.clock.setFixedTime(new Date(runtime.clock.now() + PAGE_CLOCK_LEAD_MS));
}
