/**
 * Connection: the connected workspaces (each by name and at most its key's last 4 characters),
 * saving a key, adding another workspace's, testing them and removing one or all.
 */
import type { ActionResult, SidebarState, WorkspaceOption } from '../../core/sidebar-api';
import type { ActionRunner } from '../action-runner';
import { byId, clear } from '../dom';
import { plainError } from '../error-text';
import { keyPlaceholder } from '../format';
import type { Section } from '../section';
import {
  removeApiKeyFromSidebar,
  removeWorkspaceFromSidebar,
  saveApiKeyFromSidebar,
  testConnection,
} from '../server-bridge';

export class ConnectionSection implements Section {
  private readonly ui = {
    keyState: byId('key-state', HTMLElement),
    keyStateText: byId('key-state-text', HTMLElement),
    apiKey: byId('api-key', HTMLInputElement),
    saveKey: byId('save-key', HTMLButtonElement),
    workspaceList: byId('workspace-list', HTMLUListElement),
    another: byId('another-workspace', HTMLElement),
    anotherKey: byId('another-key', HTMLInputElement),
    addWorkspace: byId('add-workspace', HTMLButtonElement),
    testConnection: byId('test-connection', HTMLButtonElement),
    removeKey: byId('remove-key', HTMLButtonElement),
    keyStatus: byId('key-status', HTMLElement),
    keyError: byId('key-error', HTMLElement),
  };
  private workspaces: readonly WorkspaceOption[] = [];
  private removeButtons: HTMLButtonElement[] = [];

  /**
   * `keySaved` runs once Instantly accepted a new key (the campaign list can load then);
   * `changed` whenever the connected workspaces change.
   */
  constructor(
    private readonly actions: ActionRunner,
    private readonly keySaved: () => Promise<void>,
    private readonly changed: (workspaces: readonly WorkspaceOption[]) => void = () => {},
  ) {
    const ui = this.ui;
    this.submitOnEnter(ui.apiKey, ui.saveKey);
    this.submitOnEnter(ui.anotherKey, ui.addWorkspace);
    ui.saveKey.addEventListener('click', () => void this.saveKey(ui.apiKey));
    ui.addWorkspace.addEventListener('click', () => void this.saveKey(ui.anotherKey));
    ui.testConnection.addEventListener('click', () => void this.testConnection());
    ui.removeKey.addEventListener('click', () => void this.removeKey());
  }

  get hasKey(): boolean {
    return this.workspaces.length > 0;
  }

  show(state: SidebarState): void {
    this.setWorkspaces(state.workspaces);
  }

  enableButtons(idle: boolean): void {
    this.ui.saveKey.disabled = !idle;
    this.ui.addWorkspace.disabled = !idle;
    this.ui.testConnection.disabled = !idle || !this.hasKey;
    this.ui.removeKey.disabled = !idle || !this.hasKey;
    for (const button of this.removeButtons) button.disabled = !idle;
  }

  private submitOnEnter(input: HTMLInputElement, button: HTMLButtonElement): void {
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !button.disabled) {
        event.preventDefault();
        button.click();
      }
    });
  }

  private async saveKey(input: HTMLInputElement): Promise<void> {
    const ui = this.ui;
    // The key leaves the page at once: the field is cleared before the server even answers.
    const key = input.value.trim();
    input.value = '';
    clear(ui.keyStatus, ui.keyError);
    if (!key) {
      ui.keyError.textContent = `Paste an Instantly API key into the ${input === ui.apiKey ? 'API key' : "Another workspace's API key"} box first.`;
      input.focus();
      return;
    }
    ui.keyStatus.textContent = 'Checking the key with Instantly…';
    const saved = await this.actions.run([ui.keyState], async () => {
      try {
        const result = await saveApiKeyFromSidebar(key);
        this.setWorkspaces(result.workspaces);
        this.say(result);
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
        this.say(await testConnection());
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
        if (result.ok) this.setWorkspaces([]);
        this.say(result);
      } catch (error) {
        ui.keyError.textContent = plainError(error);
      }
    });
    if (ui.removeKey.disabled && document.activeElement === document.body) ui.apiKey.focus();
  }

  private async removeWorkspace(workspace: WorkspaceOption): Promise<void> {
    const ui = this.ui;
    clear(ui.keyStatus, ui.keyError);
    await this.actions.run([ui.keyState], async () => {
      try {
        const result = await removeWorkspaceFromSidebar(workspace.id);
        this.setWorkspaces(result.workspaces);
        this.say(result);
      } catch (error) {
        ui.keyError.textContent = plainError(error);
      }
    });
    if (document.activeElement === document.body) ui.apiKey.focus();
  }

  private say(result: ActionResult): void {
    clear(this.ui.keyStatus, this.ui.keyError);
    if (result.ok) this.ui.keyStatus.textContent = result.message;
    else this.ui.keyError.textContent = result.message;
  }

  private setWorkspaces(workspaces: readonly WorkspaceOption[]): void {
    const ui = this.ui;
    this.workspaces = workspaces;
    ui.keyState.classList.toggle('saved', workspaces.length > 0);
    ui.keyStateText.textContent = '';
    const [first] = workspaces;
    if (!first) {
      ui.keyStateText.textContent = 'No API key saved for this spreadsheet.';
    } else if (workspaces.length === 1) {
      const code = document.createElement('code');
      code.textContent = first.keyHint;
      ui.keyStateText.append('Key saved: ', code, ` (${first.name})`);
    } else {
      ui.keyStateText.textContent = `${workspaces.length} workspaces connected.`;
    }
    this.renderList();
    ui.another.hidden = workspaces.length === 0;
    ui.apiKey.placeholder = keyPlaceholder(first?.keyHint ?? null);
    this.enableButtons(this.actions.idle);
    this.changed(workspaces);
  }

  private renderList(): void {
    const list = this.ui.workspaceList;
    list.textContent = '';
    this.removeButtons = this.workspaces.map((workspace) => {
      const name = document.createElement('span');
      name.className = 'workspace-name';
      name.textContent = workspace.name;
      const hint = document.createElement('code');
      hint.textContent = workspace.keyHint;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.className = 'small';
      remove.textContent = `Remove ${workspace.name}`;
      remove.addEventListener('click', () => void this.removeWorkspace(workspace));
      const item = document.createElement('li');
      item.append(name, hint, remove);
      list.append(item);
      return remove;
    });
    list.hidden = this.workspaces.length === 0;
  }
}
