/** The add-on menu, and the dialogs and toasts its items answer with. */
import type { RefreshOutcome } from '../core/refresh';
import { addMenu, type MenuItem, promptForText, showAlert, showToast } from '../services/ui';

export { openSidebar } from '../services/ui';

/** Each item calls the public function of main.ts named here. */
const MENU_ITEMS: readonly MenuItem[] = [
  ['Open sidebar', 'openSidebarFromMenu'],
  ['Refresh now', 'refreshNowFromMenu'],
  ['Set API key…', 'setApiKeyFromMenu'],
  ['Remove API key', 'removeApiKeyFromMenu'],
];

const KEY_DIALOG_TITLE = 'Instantly API key';

export function addAddonMenu(): void {
  addMenu(MENU_ITEMS);
}

/** The pasted key, or undefined when the person cancels. */
export function askForApiKey(): string | undefined {
  return promptForText(
    KEY_DIALOG_TITLE,
    'Paste an Instantly API v2 key (Instantly › Settings › Integrations › API keys). ' +
      'It is checked with one request, then stored for this spreadsheet only.',
  );
}

export function showKeyMessage(message: string): void {
  showAlert(KEY_DIALOG_TITLE, message);
}

/** Success is a toast; an error, or a workspace that failed while the others were written, an alert. */
export function announceRefresh(outcome: RefreshOutcome): void {
  const failed = outcome.failedWorkspaces ?? [];
  if (outcome.ok && failed.length > 0) {
    showAlert(
      'Instantly Analytics: refreshed, except some workspaces',
      `Wrote ${outcome.rows} campaign row(s) to "${outcome.sheetName}". ` +
        `Not refreshed (their previous rows were kept): ` +
        failed.map(({ name, error }) => `${name}: ${error}`).join(' '),
    );
  } else if (outcome.ok) {
    showToast(
      `Wrote ${outcome.rows} campaign row(s) to "${outcome.sheetName}".`,
      'Instantly Analytics',
    );
  } else {
    showAlert('Instantly Analytics: refresh failed', outcome.error ?? 'Unknown error.');
  }
}
