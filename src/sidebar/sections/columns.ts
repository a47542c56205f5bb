/** Columns: which fields the report has, in the list's order, and whether it counts leads. */
import type { ReportSettings } from '../../core/settings';
import type { FieldOption, SidebarState } from '../../core/sidebar-api';
import { chosenColumns, withColumn } from '../column-order';
import { byId, checkboxItem } from '../dom';
import type { Section } from '../section';
import type { SaveArea, SettingsSaver } from '../settings-saver';

export class ColumnsSection implements Section {
  private readonly ui = {
    list: byId('column-list', HTMLUListElement),
    includeLeads: byId('include-leads', HTMLInputElement),
  };
  private options: readonly FieldOption[] = [];
  /** The chosen columns, in report order. */
  private columns: string[] = [];

  constructor(saver: SettingsSaver, area: SaveArea) {
    this.ui.list.addEventListener('change', (event) => {
      const box = event.target;
      if (!(box instanceof HTMLInputElement)) return;
      this.columns = withColumn(this.columns, this.options, box.value, box.checked);
      saver.saveSoon(area);
    });
    this.ui.includeLeads.addEventListener('change', () => saver.saveSoon(area));
  }

  show({ settings, fields, defaultFields }: SidebarState): void {
    this.options = fields;
    this.columns = chosenColumns(settings.fields, fields, defaultFields);
    // The leads count is not in the column list: saved as a column, it shows as this box.
    this.ui.includeLeads.checked = settings.includeLeads || settings.fields.includes('leads_count');
    this.renderList();
  }

  read(): Partial<ReportSettings> {
    return { fields: [...this.columns], includeLeads: this.ui.includeLeads.checked };
  }

  problemBeforeRefresh(): string | undefined {
    return this.columns.length === 0 ? 'Tick at least one column.' : undefined;
  }

  private renderList(): void {
    const list = this.ui.list;
    list.textContent = '';
    for (const option of this.options) {
      const { item } = checkboxItem(option.name, option.label, this.columns.includes(option.name));
      list.append(item);
    }
  }
}
