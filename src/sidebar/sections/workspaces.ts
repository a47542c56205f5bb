/**
 * The report's workspaces: all connected ones (the default) or some, ticked in a list that is
 * hidden while only one workspace is connected.
 */
import type { ReportSettings } from '../../core/settings';
import type { SidebarState, WorkspaceOption } from '../../core/sidebar-api';
import { byId, checkboxItem } from '../dom';
import type { Section } from '../section';
import type { SaveArea, SettingsSaver } from '../settings-saver';

export class WorkspacesSection implements Section {
  private readonly ui = {
    fieldset: byId('report-workspaces', HTMLFieldSetElement),
    list: byId('report-workspace-list', HTMLUListElement),
  };
  private workspaces: readonly WorkspaceOption[] = [];
  /** The ids ticked; empty means every workspace, as saved. */
  private chosen: ReadonlySet<string> = new Set();

  constructor(
    private readonly saver: SettingsSaver,
    private readonly area: SaveArea,
  ) {}

  show({ settings, workspaces }: SidebarState): void {
    this.chosen = new Set(settings.workspaceIds);
    this.setWorkspaces(workspaces);
  }

  /** The connection section added or removed a workspace. */
  setWorkspaces(workspaces: readonly WorkspaceOption[]): void {
    this.workspaces = workspaces;
    const ids = new Set(workspaces.map((workspace) => workspace.id));
    this.chosen = new Set([...this.chosen].filter((id) => ids.has(id)));
    this.render();
  }

  read(): Partial<ReportSettings> {
    const ticked = this.boxes().filter((box) => box.checked);
    // Every workspace ticked is saved as "all", so a workspace added later is included too.
    const all = ticked.length === this.workspaces.length;
    return { workspaceIds: all ? [] : ticked.map((box) => box.value) };
  }

  problemBeforeRefresh(): string | undefined {
    if (this.workspaces.length < 2) return undefined;
    return this.boxes().some((box) => box.checked)
      ? undefined
      : 'Tick at least one workspace for the report.';
  }

  private boxes(): HTMLInputElement[] {
    return Array.from(this.ui.list.querySelectorAll<HTMLInputElement>('input[type="checkbox"]'));
  }

  private render(): void {
    const { list, fieldset } = this.ui;
    list.textContent = '';
    for (const workspace of this.workspaces) {
      const { item, box } = checkboxItem(
        workspace.id,
        workspace.name,
        this.chosen.size === 0 || this.chosen.has(workspace.id),
      );
      box.addEventListener('change', () => {
        // Every box ticked is "all": a workspace connected later is then ticked too.
        this.chosen = new Set(this.read().workspaceIds);
        this.saver.saveSoon(this.area);
      });
      list.append(item);
    }
    fieldset.hidden = this.workspaces.length < 2;
  }
}
