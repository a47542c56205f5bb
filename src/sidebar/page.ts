/**
 * The sidebar page: bundled as an IIFE and inlined into Sidebar.html at build time. Each part of
 * the page is a section in sections/; this file makes them, ties together the ones that depend
 * on each other, and shows the state the server sends. The page talks to the server only through
 * server-bridge.ts, and text from the server (campaign names, statuses, error messages) only ever
 * reaches the page through textContent and DOM nodes.
 */
import { ActionRunner } from './action-runner';
import { byId } from './dom';
import { plainError } from './error-text';
import type { Section } from './section';
import { AutoRefreshSection } from './sections/auto-refresh';
import { CampaignsSection } from './sections/campaigns';
import { ColumnsSection } from './sections/columns';
import { ConnectionSection } from './sections/connection';
import { DailyTrendSection } from './sections/daily-trend';
import { HistorySection } from './sections/history';
import { LastRefreshSection } from './sections/last-refresh';
import { RefreshSection } from './sections/refresh';
import { ReportSection } from './sections/report';
import { StepsSection } from './sections/steps';
import { WorkspacesSection } from './sections/workspaces';
import { getSidebarState } from './server-bridge';
import { SettingsSaver, saveArea } from './settings-saver';

async function openPage(): Promise<void> {
  const app = byId('app', HTMLElement);
  const loadStatus = byId('load-status', HTMLElement);
  const loadError = byId('load-error', HTMLElement);

  const actions = new ActionRunner();
  const saver = new SettingsSaver();
  // Report, campaigns and columns share one saving status, under the Report heading.
  const reportArea = saveArea('settings-status', 'settings-error');
  const workspaces = new WorkspacesSection(saver, reportArea);
  const connection = new ConnectionSection(
    actions,
    (): Promise<void> => campaigns.load(),
    (connected) => workspaces.setWorkspaces(connected),
  );
  const campaigns = new CampaignsSection(actions, saver, reportArea, connection);
  const autoRefresh = new AutoRefreshSection(saver);
  const lastRefresh = new LastRefreshSection();
  // In page order: the first problem before a refresh is the one shown.
  const sections: Section[] = [
    connection,
    new ReportSection(saver, reportArea),
    workspaces,
    campaigns,
    new ColumnsSection(saver, reportArea),
    autoRefresh,
    new HistorySection(saver),
    new DailyTrendSection(saver),
    new StepsSection(saver),
    lastRefresh,
  ];
  sections.push(
    new RefreshSection(actions, saver, lastRefresh, () =>
      sections.map((section) => section.problemBeforeRefresh?.()).find(Boolean),
    ),
  );
  saver.attach(sections, autoRefresh);
  actions.onIdleChange((idle) => {
    for (const section of sections) section.enableButtons?.(idle);
  });
  window.addEventListener('pagehide', () => saver.saveWaitingChange());

  try {
    const state = await getSidebarState();
    saver.start(state.settings);
    for (const section of sections) section.show?.(state);
    loadStatus.hidden = true;
    app.setAttribute('aria-busy', 'false');
    actions.ready();
    if (connection.hasKey && campaigns.choosing) void campaigns.load();
  } catch (error) {
    loadStatus.hidden = true;
    app.setAttribute('aria-busy', 'false');
    loadError.textContent = `Could not load your settings: ${plainError(error)} Close the sidebar and open it again.`;
  }
}

if (document.readyState === 'loading')
  document.addEventListener('DOMContentLoaded', () => void openPage());
else void openPage();
