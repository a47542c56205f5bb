/** Steps & variants: whether each refresh writes the step analytics sheet, and its name. */
import type { ReportSettings } from '../../core/settings';
import type { SidebarState } from '../../core/sidebar-api';
import { byId } from '../dom';
import type { Section } from '../section';
import { type SettingsSaver, saveArea } from '../settings-saver';

export class StepsSection implements Section {
  private readonly ui = {
    stepsSheet: byId('steps-sheet', HTMLInputElement),
    options: byId('steps-options', HTMLElement),
    sheetName: byId('steps-sheet-name', HTMLInputElement),
  };

  constructor(saver: SettingsSaver) {
    const area = saveArea('steps-status', 'steps-error');
    this.ui.stepsSheet.addEventListener('change', () => {
      this.syncOptions();
      saver.saveSoon(area);
    });
    this.ui.sheetName.addEventListener('input', () => saver.saveSoon(area));
  }

  show({ settings }: SidebarState): void {
    this.ui.stepsSheet.checked = settings.stepsSheet;
    this.ui.sheetName.value = settings.stepsSheetName;
    this.syncOptions();
  }

  read(): Partial<ReportSettings> {
    return {
      stepsSheet: this.ui.stepsSheet.checked,
      stepsSheetName: this.ui.sheetName.value.trim(),
    };
  }

  private syncOptions(): void {
    this.ui.options.hidden = !this.ui.stepsSheet.checked;
  }
}
