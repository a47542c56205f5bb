/**
 * The server functions the page calls, each a promise over google.script.run. Their types come
 * from src/main.ts (the add-on's public surface), so a renamed or retyped server function breaks
 * the sidebar's build.
 */
import type { ReportSettings } from '../core/settings';

type Server = typeof import('../main');
type ServerFunction = keyof Server;

/** Calls a server function; resolves with its result, rejects with the error it threw. */
function call<Name extends ServerFunction>(
  name: Name,
  ...args: Parameters<Server[Name]>
): Promise<ReturnType<Server[Name]>> {
  return new Promise((resolve, reject) => {
    const runner = google.script.run
      .withSuccessHandler((value) => resolve(value as ReturnType<Server[Name]>))
      .withFailureHandler((error) => reject(error));
    const run = runner[name];
    if (typeof run !== 'function') {
      reject(new Error(`The add-on has no server function ${name}.`));
      return;
    }
    run.apply(runner, args);
  });
}

export function getSidebarState() {
  return call('getSidebarState');
}

export function saveApiKeyFromSidebar(key: string) {
  return call('saveApiKeyFromSidebar', key);
}

export function removeWorkspaceFromSidebar(workspaceId: string) {
  return call('removeWorkspaceFromSidebar', workspaceId);
}

export function removeApiKeyFromSidebar() {
  return call('removeApiKeyFromSidebar');
}

export function testConnection() {
  return call('testConnection');
}

export function listCampaigns() {
  return call('listCampaigns');
}

export function saveReportSettings(settings: ReportSettings) {
  return call('saveReportSettings', settings);
}

/** Saves these settings, then refreshes the report with them. */
export function refreshNow(settings: ReportSettings) {
  return call('refreshNow', settings);
}
