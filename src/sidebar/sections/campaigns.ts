/** Campaigns: all of them, or those ticked in a searchable list loaded from Instantly. */
import type { ReportSettings } from '../../core/settings';
import type { CampaignOption, SidebarState } from '../../core/sidebar-api';
import type { ActionRunner } from '../action-runner';
import { campaignCountText, matchingCampaigns, statusTone } from '../campaign-filter';
import { byId, clear } from '../dom';
import { plainError } from '../error-text';
import type { Section } from '../section';
import { listCampaigns } from '../server-bridge';
import type { SaveArea, SettingsSaver } from '../settings-saver';

export class CampaignsSection implements Section {
  private readonly ui = {
    all: byId('campaigns-all', HTMLInputElement),
    chosen: byId('campaigns-chosen', HTMLInputElement),
    picker: byId('campaign-picker', HTMLElement),
    search: byId('campaign-search', HTMLInputElement),
    load: byId('load-campaigns', HTMLButtonElement),
    count: byId('campaign-count', HTMLElement),
    list: byId('campaign-list', HTMLUListElement),
    error: byId('campaigns-error', HTMLElement),
  };
  /** Null until loaded from Instantly. */
  private campaigns: CampaignOption[] | null = null;
  private readonly chosen = new Set<string>();

  constructor(
    private readonly actions: ActionRunner,
    saver: SettingsSaver,
    area: SaveArea,
    private readonly connection: { readonly hasKey: boolean },
  ) {
    const ui = this.ui;
    for (const radio of [ui.all, ui.chosen]) {
      radio.addEventListener('change', () => {
        this.syncPicker();
        if (this.choosing && this.campaigns === null && connection.hasKey) void this.load();
        saver.saveSoon(area);
      });
    }
    ui.search.addEventListener('input', () => this.renderList());
    ui.list.addEventListener('change', (event) => {
      const box = event.target;
      if (!(box instanceof HTMLInputElement)) return;
      if (box.checked) this.chosen.add(box.value);
      else this.chosen.delete(box.value);
      this.renderCount();
      saver.saveSoon(area);
    });
    ui.load.addEventListener('click', () => void this.load());
  }

  /** Whether the report is limited to ticked campaigns. */
  get choosing(): boolean {
    return this.ui.chosen.checked;
  }

  show({ settings }: SidebarState): void {
    this.chosen.clear();
    for (const id of settings.campaignIds) this.chosen.add(id);
    this.ui.chosen.checked = this.chosen.size > 0;
    this.ui.all.checked = this.chosen.size === 0;
    this.renderList();
    this.syncPicker();
  }

  read(): Partial<ReportSettings> {
    return { campaignIds: this.choosing ? [...this.chosen] : [] };
  }

  problemBeforeRefresh(): string | undefined {
    if (this.choosing && this.chosen.size === 0) {
      return 'Tick at least one campaign, or choose All campaigns.';
    }
    return undefined;
  }

  enableButtons(idle: boolean): void {
    this.ui.load.disabled = !idle;
  }

  async load(): Promise<void> {
    const ui = this.ui;
    clear(ui.error);
    ui.count.textContent = 'Loading campaigns…';
    await this.actions.run([ui.picker], async () => {
      try {
        this.campaigns = await listCampaigns();
      } catch (error) {
        ui.error.textContent = `Could not load campaigns: ${plainError(error)}`;
      }
      this.renderList();
    });
  }

  private syncPicker(): void {
    this.ui.picker.hidden = !this.choosing;
  }

  private renderList(): void {
    const list = this.ui.list;
    list.textContent = '';
    matchingCampaigns(this.campaigns ?? [], this.ui.search.value).forEach((campaign, index) => {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = campaign.id;
      box.checked = this.chosen.has(campaign.id);
      const statusId = `campaign-status-${index}`;
      box.setAttribute('aria-describedby', statusId);
      const label = document.createElement('label');
      label.className = 'choice';
      const name = campaign.name || '(unnamed campaign)';
      label.append(box, campaign.workspace ? `${name} (${campaign.workspace})` : name);
      const status = document.createElement('span');
      status.id = statusId;
      status.className = `badge ${statusTone(campaign.status)}`;
      status.textContent = campaign.status || 'Unknown';
      const item = document.createElement('li');
      item.append(label, status);
      list.append(item);
    });
    this.renderCount();
  }

  private renderCount(): void {
    this.ui.count.textContent = campaignCountText({
      campaigns: this.campaigns,
      chosen: this.chosen.size,
      search: this.ui.search.value,
      keySaved: this.connection.hasKey,
    });
  }
}
