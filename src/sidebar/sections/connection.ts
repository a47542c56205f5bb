/** Connection: the saved key's hint, and saving, testing and removing the API key. */
import type { SidebarState } from '../../core/sidebar-api';
import type { ActionRunner } from '../action-runner';
import { byId, clear } from '../dom';
import { plainError } from '../error-text';
import { keyPlaceholder } from '../format';
import type { Section } from '../section';
import { removeApiKeyFromSidebar, saveApiKeyFromSidebar, testConnection } from '../server-bridge';

export class ConnectionSection implements Section {
  private readonly ui = {
    keyState: byId('key-state', HTMLElement),
    keyStateText: byId('key-state-text', HTMLElement),
    apiKey: byId('api-key', HTMLInputElement),
    saveKey: byId('save-key', HTMLButtonElement),
    testConnection: byId('test-connection', HTMLButtonElement),
    removeKey: byId('remove-key', HTMLButtonElement),
    keyStatus: byId('key-status', HTMLElement),
    keyError: byId('key-error', HTMLElement),
  };
  private keyHint: string | null = null;

  /** `keySaved` runs once Instantly accepted a new key (the campaign list can load then). */
  constructor(
    private readonly actions: ActionRunner,
    private readonly keySaved: () => Promise<void>,
  ) {
    const ui = this.ui;
    ui.saveKey.addEventListener('click', () => void this.saveKey());
    ui.apiKey.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !ui.saveKey.disabled) {
        event.preventDefault();
        void this.saveKey();
      }
    });
    ui.testConnection.addEventListener('click', () => void this.testConnection());
    ui.removeKey.addEventListener('click', () => void this.removeKey());
  }

  get hasKey(): boolean {
    return this.keyHint !== null;
  }

  show(state: SidebarState): void {
    this.setKeyHint(state.keyHint);
  }

  enableButtons(idle: boolean): void {
    this.ui.saveKey.disabled = !idle;
    this.ui.testConnection.disabled = !idle || !this.hasKey;
    this.ui.removeKey.disabled = !idle || !this.hasKey;
  }

  private async saveKey(): Promise<void> {
    const ui = this.ui;
    // The key leaves the page at once: the field is cleared before the server even answers.
    const key = ui.apiKey.value.trim();
    ui.apiKey.value = '';
    clear(ui.keyStatus, ui.keyError);
    if (!key) {
      ui.keyError.textContent = 'Paste your Instantly API key into the API key box first.';
      ui.apiKey.focus();
      return;
    }
    ui.keyStatus.textContent = 'Checking the key with Instantly…';
    const saved = await this.actions.run([ui.keyState], async () => {
      try {
        const result = await saveApiKeyFromSidebar(key);
        this.setKeyHint(result.keyHint);
        clear(ui.keyStatus);
        if (result.ok) ui.keyStatus.textContent = result.message;
        else ui.keyError.textContent = result.message;
        return result.ok;
      } catch (error) {
        clear(ui.keyStatus);
        ui.keyError.textContent = plainError(error);
        return false;
      }
    });
    if (saved) await this.keySaved();
  }

  private async testConnection(): Promise<void> {
    const ui = this.ui;
    clear(ui.keyStatus, ui.keyError);
    ui.keyStatus.textContent = 'Testing the connection…';
    await this.actions.run([ui.keyState], async () => {
      try {
        const result = await testConnection();
        clear(ui.keyStatus);
        if (result.ok) ui.keyStatus.textContent = result.message;
        else ui.keyError.textContent = result.message;
      } catch (error) {
        clear(ui.keyStatus);
        ui.keyError.textContent = plainError(error);
      }
    });
  }

  private async removeKey(): Promise<void> {
    const ui = this.ui;
    clear(ui.keyStatus, ui.keyError);
    await this.actions.run([ui.keyState], async () => {
      try {
        const result = await removeApiKeyFromSidebar();
        if (result.ok) {
          this.setKeyHint(null);
          ui.keyStatus.textContent = result.message;
        } else {
          ui.keyError.textContent = result.message;
        }
      } catch (error) {
        ui.keyError.textContent = plainError(error);
      }
    });
    if (ui.removeKey.disabled && document.activeElement === document.body) ui.apiKey.focus();
  }

  private setKeyHint(hint: string | null): void {
    const ui = this.ui;
    this.keyHint = hint;
    ui.keyState.classList.toggle('saved', hint !== null);
    ui.keyStateText.textContent = '';
    if (hint === null) {
      ui.keyStateText.textContent = 'No API key saved for this spreadsheet.';
    } else {
      const code = document.createElement('code');
      code.textContent = hint;
      ui.keyStateText.append('Key saved: ', code);
    }
    ui.apiKey.placeholder = keyPlaceholder(hint);
    this.enableButtons(this.actions.idle);
  }
}
