/**
 * The sidebar page. Bundled as an IIFE and inlined into Sidebar.html at build time; it talks to
 * the server only through google.script.run. Text that comes from the server (campaign names,
 * statuses, error messages) only ever reaches the page through textContent and DOM nodes.
 */
import type { RefreshOutcome, RefreshStatus } from '../core/refresh';
import type { AutoRefresh } from '../core/schedule';
import type { ChartSeries, RangeChoice, ReportSettings } from '../core/settings';
import type { CampaignOption, FieldOption, SidebarState } from '../core/sidebar-api';

/** The add-on's public surface, so a renamed or retyped server function breaks this build. */
type Server = typeof import('../main');
type ServerCall = keyof Server;

/** Settings are saved this long after the last change, so typing a sheet name is one save. */
const SAVE_DELAY_MS = 700;

/** The page's parts that save settings; each shows its own saving status and errors. */
type Area = 'report' | 'schedule' | 'history';

// ---- google.script.run ------------------------------------------------------------------

/** Calls a server function; resolves with its result, rejects with the error it threw. */
function callServer<Name extends ServerCall>(
  name: Name,
  ...args: Parameters<Server[Name]>
): Promise<ReturnType<Server[Name]>> {
  return new Promise((resolve, reject) => {
    const runner = google.script.run
      .withSuccessHandler((value) => resolve(value as ReturnType<Server[Name]>))
      .withFailureHandler((error) => reject(error));
    const call = runner[name];
    if (typeof call !== 'function') {
      reject(new Error(`The add-on has no server function ${name}.`));
      return;
    }
    call.apply(runner, args);
  });
}

/** A message for a person: no "Exception:" prefixes, and transport failures in plain words. */
function plainError(error: unknown): string {
  const raw =
    error instanceof Error
      ? error.message
      : typeof error === 'object' && error !== null && 'message' in error
        ? String((error as { message: unknown }).message)
        : typeof error === 'string'
          ? error
          : '';
  const text = raw
    .replace(/^(?:\s*(?:Exception|Error|ScriptError|TypeError|UserFacingError):\s*)+/, '')
    .trim();
  if (/NetworkError|Failed to fetch|HTTP 0\b/i.test(text)) {
    return 'Could not reach Google to run the add-on. Check your internet connection, then try again.';
  }
  if (/authori[sz]ation is required|PERMISSION_DENIED/i.test(text)) {
    return 'The add-on needs your permission again. Open the sidebar from the Extensions menu and allow access.';
  }
  if (/maximum execution time/i.test(text)) {
    return 'Google stopped the add-on because it ran too long. Choose fewer campaigns or a shorter date range, then try again.';
  }
  return text || 'Something went wrong. Try again.';
}

// ---- The page's elements -------------------------------------------------------------------

function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`Sidebar.html has no #${id} of the right kind.`);
  return found;
}

const BLOCK = HTMLElement;
const INPUT = HTMLInputElement;
const BUTTON = HTMLButtonElement;

function findElements() {
  return {
    app: byId('app', BLOCK),
    loadStatus: byId('load-status', BLOCK),
    loadError: byId('load-error', BLOCK),
    keyState: byId('key-state', BLOCK),
    keyStateText: byId('key-state-text', BLOCK),
    apiKey: byId('api-key', INPUT),
    saveKey: byId('save-key', BUTTON),
    testConnection: byId('test-connection', BUTTON),
    removeKey: byId('remove-key', BUTTON),
    keyStatus: byId('key-status', BLOCK),
    keyError: byId('key-error', BLOCK),
    sheetName: byId('sheet-name', INPUT),
    dateRange: byId('date-range', HTMLSelectElement),
    customDates: byId('custom-dates', BLOCK),
    startDate: byId('start-date', INPUT),
    endDate: byId('end-date', INPUT),
    campaignsAll: byId('campaigns-all', INPUT),
    campaignsChosen: byId('campaigns-chosen', INPUT),
    campaignPicker: byId('campaign-picker', BLOCK),
    campaignSearch: byId('campaign-search', INPUT),
    loadCampaigns: byId('load-campaigns', BUTTON),
    campaignCount: byId('campaign-count', BLOCK),
    campaignList: byId('campaign-list', HTMLUListElement),
    campaignsError: byId('campaigns-error', BLOCK),
    columnList: byId('column-list', HTMLUListElement),
    includeLeads: byId('include-leads', INPUT),
    settingsStatus: byId('settings-status', BLOCK),
    settingsError: byId('settings-error', BLOCK),
    autoRefresh: byId('auto-refresh', HTMLSelectElement),
    dailyHourField: byId('daily-hour-field', BLOCK),
    dailyHour: byId('daily-hour', HTMLSelectElement),
    dailyHourHint: byId('daily-hour-hint', BLOCK),
    otherEditor: byId('other-editor', BLOCK),
    emailOnFailure: byId('email-on-failure', INPUT),
    scheduleStatus: byId('schedule-status', BLOCK),
    scheduleError: byId('schedule-error', BLOCK),
    keepHistory: byId('keep-history', INPUT),
    historyOptions: byId('history-options', BLOCK),
    historySheet: byId('history-sheet', INPUT),
    chartMetric: byId('chart-metric', HTMLSelectElement),
    chartCampaigns: byId('chart-campaigns', INPUT),
    chartTotal: byId('chart-total', INPUT),
    historyStatus: byId('history-status', BLOCK),
    historyError: byId('history-error', BLOCK),
    refreshNow: byId('refresh-now', BUTTON),
    refreshStatus: byId('refresh-status', BLOCK),
    refreshError: byId('refresh-error', BLOCK),
    lastRefresh: byId('last-refresh', BLOCK),
    lastNone: byId('last-none', BLOCK),
    lastSuccess: byId('last-success', BLOCK),
    lastWhen: byId('last-when', BLOCK),
    lastRows: byId('last-rows', BLOCK),
    lastSheet: byId('last-sheet', BLOCK),
    lastRange: byId('last-range', BLOCK),
    lastTrigger: byId('last-trigger', BLOCK),
    lastFailure: byId('last-failure', BLOCK),
    lastFailureTitle: byId('last-failure-title', BLOCK),
    lastFailureError: byId('last-failure-error', BLOCK),
    lastFailureCount: byId('last-failure-count', BLOCK),
    dropped: byId('dropped', BLOCK),
    droppedList: byId('dropped-list', HTMLUListElement),
  };
}

type Elements = ReturnType<typeof findElements>;

// ---- Formatting ----------------------------------------------------------------------------

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A moment in the person's own time zone: "Today, 3:04 PM", "Nov 24, 3:04 PM". */
function formatTime(iso: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const time = date.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  if (date.toDateString() === now.toDateString()) return `Today, ${time}`;
  const day = date.toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
    year: date.getFullYear() === now.getFullYear() ? undefined : 'numeric',
  });
  return `${day}, ${time}`;
}

function describeRange(range: RefreshOutcome['range']): string {
  const { start, end } = range;
  if (start && end) return start === end ? start : `${start} – ${end}`;
  if (start) return `From ${start}`;
  if (end) return `Up to ${end}`;
  return 'All time';
}

function triggerLabel(trigger: RefreshOutcome['trigger']): string {
  return trigger === 'scheduled' ? 'Scheduled' : 'Manual';
}

/** "07:00": hours are whole, so this needs no locale. */
function hourLabel(hour: number): string {
  return `${String(hour).padStart(2, '0')}:00`;
}

/** A CSS class for a campaign status; the status text itself is shown as text. */
function statusTone(status: string): string {
  const text = status.toLowerCase();
  if (text === 'active') return 'active';
  if (text === 'paused') return 'paused';
  if (/suspended|unhealthy|bounce/.test(text)) return 'problem';
  return 'other';
}

// ---- The page ------------------------------------------------------------------------------

class SidebarPage {
  private keyHint: string | null = null;
  /**
   * The settings the server last accepted. Settings this page has no control for are sent back
   * unchanged, and a schedule the server refuses goes back to these.
   */
  private saved: ReportSettings | undefined;
  /** Whether this person's own trigger runs this spreadsheet's schedule. */
  private scheduledByYou = false;
  private timeZone = '';
  private autoRefreshLabels = new Map<string, string>();
  private fieldOptions: readonly FieldOption[] = [];
  /** The chosen columns, in report order. */
  private fields: string[] = [];
  private campaigns: CampaignOption[] | null = null;
  private readonly chosen = new Set<string>();
  private loaded = false;
  private running = 0;
  private saveTimer: number | undefined;
  /**
   * Bumped by every change, save and refresh, so the answer to an older save cannot overwrite
   * a newer one, nor report as saved a change made while it was on its way.
   */
  private saveGeneration = 0;
  /** Areas with changes the server has not confirmed yet, and the one changed last. */
  private readonly unsaved = new Set<Area>();
  private lastArea: Area = 'report';
  private elapsedTimer: number | undefined;

  constructor(private readonly ui: Elements) {}

  async start(): Promise<void> {
    this.wireEvents();
    try {
      this.applyState(await callServer('getSidebarState'));
      this.loaded = true;
      this.ui.loadStatus.hidden = true;
      this.ui.app.setAttribute('aria-busy', 'false');
      this.updateButtons();
      if (this.keyHint && this.ui.campaignsChosen.checked) void this.loadCampaignList();
    } catch (error) {
      this.ui.loadStatus.hidden = true;
      this.ui.app.setAttribute('aria-busy', 'false');
      this.showError(
        this.ui.loadError,
        `Could not load your settings: ${plainError(error)} Close the sidebar and open it again.`,
      );
    }
  }

  private wireEvents(): void {
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
    ui.loadCampaigns.addEventListener('click', () => void this.loadCampaignList());
    ui.refreshNow.addEventListener('click', () => void this.refresh());

    ui.sheetName.addEventListener('input', () => this.scheduleSave('report'));
    ui.dateRange.addEventListener('change', () => {
      this.syncCustomDates();
      this.scheduleSave('report');
    });
    for (const input of [ui.startDate, ui.endDate]) {
      input.addEventListener('change', () => this.scheduleSave('report'));
    }
    for (const radio of [ui.campaignsAll, ui.campaignsChosen]) {
      radio.addEventListener('change', () => {
        this.syncPicker();
        if (ui.campaignsChosen.checked && this.campaigns === null && this.keyHint) {
          void this.loadCampaignList();
        }
        this.scheduleSave('report');
      });
    }
    ui.campaignSearch.addEventListener('input', () => this.renderCampaigns());
    ui.campaignList.addEventListener('change', (event) => {
      const box = event.target;
      if (!(box instanceof HTMLInputElement)) return;
      if (box.checked) this.chosen.add(box.value);
      else this.chosen.delete(box.value);
      this.renderCampaignCount();
      this.scheduleSave('report');
    });
    ui.columnList.addEventListener('change', (event) => {
      const box = event.target;
      if (!(box instanceof HTMLInputElement)) return;
      this.toggleField(box.value, box.checked);
      this.scheduleSave('report');
    });
    ui.includeLeads.addEventListener('change', () => this.scheduleSave('report'));

    // The schedule is saved at once: it creates or deletes the trigger, and may be refused.
    ui.autoRefresh.addEventListener('change', () => {
      this.syncDailyHour();
      this.saveNow('schedule');
    });
    ui.dailyHour.addEventListener('change', () => this.saveNow('schedule'));
    ui.emailOnFailure.addEventListener('change', () => this.scheduleSave('schedule'));
    ui.keepHistory.addEventListener('change', () => {
      this.syncHistoryOptions();
      this.scheduleSave('history');
    });
    ui.historySheet.addEventListener('input', () => this.scheduleSave('history'));
    for (const control of [ui.chartMetric, ui.chartCampaigns, ui.chartTotal]) {
      control.addEventListener('change', () => this.scheduleSave('history'));
    }
    // Closing the sidebar must not lose a change that is still waiting for its save.
    window.addEventListener('pagehide', () => {
      if (this.saveTimer !== undefined) void this.saveSettings();
    });
  }

  // ---- State in, settings out --------------------------------------------------------------

  private applyState(state: SidebarState): void {
    const ui = this.ui;
    const { settings } = state;
    this.saved = settings;
    this.scheduledByYou = state.scheduledByYou;
    this.timeZone = state.timeZone;
    this.setKeyHint(state.keyHint);
    this.fieldOptions = state.fields;

    ui.dateRange.textContent = '';
    for (const { value, label } of state.dateRanges) ui.dateRange.add(new Option(label, value));
    ui.sheetName.value = settings.sheetName;
    ui.dateRange.value = settings.dateRange;
    ui.startDate.value = settings.startDate;
    ui.endDate.value = settings.endDate;

    this.chosen.clear();
    for (const id of settings.campaignIds) this.chosen.add(id);
    ui.campaignsChosen.checked = this.chosen.size > 0;
    ui.campaignsAll.checked = this.chosen.size === 0;

    const known = new Set(state.fields.map((field) => field.name));
    const saved = settings.fields.filter((name) => known.has(name));
    this.fields = saved.length > 0 ? saved : state.defaultFields.filter((name) => known.has(name));
    ui.includeLeads.checked = settings.includeLeads || settings.fields.includes('leads_count');

    ui.autoRefresh.textContent = '';
    this.autoRefreshLabels.clear();
    for (const { value, label } of state.autoRefreshOptions) {
      ui.autoRefresh.add(new Option(label, value));
      this.autoRefreshLabels.set(value, label);
    }
    ui.dailyHour.textContent = '';
    for (let hour = 0; hour < 24; hour++) {
      ui.dailyHour.add(new Option(hourLabel(hour), String(hour)));
    }
    ui.dailyHourHint.textContent = `In the spreadsheet’s time zone (${state.timeZone}).`;
    this.showSchedule(settings);
    ui.emailOnFailure.checked = settings.emailOnFailure;

    ui.chartMetric.textContent = '';
    for (const { name, label } of state.chartMetrics) ui.chartMetric.add(new Option(label, name));
    ui.keepHistory.checked = settings.keepHistory;
    ui.historySheet.value = settings.historySheetName;
    ui.chartMetric.value = settings.chartMetric;
    ui.chartTotal.checked = settings.chartSeries === 'total';
    ui.chartCampaigns.checked = settings.chartSeries !== 'total';

    this.renderColumns();
    this.renderCampaigns();
    this.renderStatus(state.status);
    this.renderDropped(state.droppedSchedules);
    this.syncCustomDates();
    this.syncPicker();
    this.syncHistoryOptions();
  }

  /** The schedule controls set to these settings' schedule. */
  private showSchedule(settings: ReportSettings): void {
    this.ui.autoRefresh.value = settings.autoRefresh;
    this.ui.dailyHour.value = String(settings.dailyHour);
    this.syncDailyHour();
    this.syncOtherEditor();
  }

  private currentSettings(): ReportSettings {
    const ui = this.ui;
    return {
      ...(this.saved as ReportSettings),
      sheetName: ui.sheetName.value.trim(),
      dateRange: ui.dateRange.value as RangeChoice,
      startDate: ui.startDate.value,
      endDate: ui.endDate.value,
      campaignIds: ui.campaignsChosen.checked ? [...this.chosen] : [],
      fields: [...this.fields],
      includeLeads: ui.includeLeads.checked,
      autoRefresh: ui.autoRefresh.value as AutoRefresh,
      dailyHour: Number(ui.dailyHour.value),
      emailOnFailure: ui.emailOnFailure.checked,
      keepHistory: ui.keepHistory.checked,
      historySheetName: ui.historySheet.value.trim(),
      chartMetric: ui.chartMetric.value,
      chartSeries: (ui.chartTotal.checked ? 'total' : 'campaigns') as ChartSeries,
    };
  }

  /** A newly ticked column goes where it stands in the column list, relative to the others. */
  private toggleField(name: string, on: boolean): void {
    this.fields = this.fields.filter((field) => field !== name);
    if (!on) return;
    const order = (field: string) => this.fieldOptions.findIndex((option) => option.name === field);
    const position = this.fields.findIndex((field) => order(field) > order(name));
    if (position < 0) this.fields.push(name);
    else this.fields.splice(position, 0, name);
  }

  private syncCustomDates(): void {
    this.ui.customDates.hidden = this.ui.dateRange.value !== 'custom';
  }

  private syncPicker(): void {
    this.ui.campaignPicker.hidden = !this.ui.campaignsChosen.checked;
  }

  private syncDailyHour(): void {
    this.ui.dailyHourField.hidden = this.ui.autoRefresh.value !== 'daily';
  }

  private syncHistoryOptions(): void {
    this.ui.historyOptions.hidden = !this.ui.keepHistory.checked;
  }

  /** The saved schedule runs with someone else's account. */
  private syncOtherEditor(): void {
    const on = this.saved !== undefined && this.saved.autoRefresh !== 'off';
    this.ui.otherEditor.hidden = !on || this.scheduledByYou;
  }

  // ---- Saving settings ---------------------------------------------------------------------

  private statusOf(area: Area): HTMLElement {
    const ui = this.ui;
    return { report: ui.settingsStatus, schedule: ui.scheduleStatus, history: ui.historyStatus }[
      area
    ];
  }

  private errorOf(area: Area): HTMLElement {
    const ui = this.ui;
    return { report: ui.settingsError, schedule: ui.scheduleError, history: ui.historyError }[area];
  }

  private markChanged(area: Area): void {
    this.saveGeneration += 1;
    this.unsaved.add(area);
    this.lastArea = area;
    this.statusOf(area).textContent = '';
  }

  private scheduleSave(area: Area): void {
    if (!this.loaded) return;
    window.clearTimeout(this.saveTimer);
    this.markChanged(area);
    this.saveTimer = window.setTimeout(() => void this.saveSettings(), SAVE_DELAY_MS);
  }

  /** Saves every change so far at once, this one included. */
  private saveNow(area: Area): void {
    if (!this.loaded) return;
    this.markChanged(area);
    void this.saveSettings();
  }

  /** Drops a waiting save: Refresh now sends (and saves) the same settings itself. */
  private cancelPendingSave(): void {
    window.clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    this.saveGeneration += 1;
  }

  private async saveSettings(): Promise<void> {
    window.clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    const generation = ++this.saveGeneration;
    const areas = [...this.unsaved];
    const settings = this.currentSettings();
    for (const area of areas) this.statusOf(area).textContent = 'Saving…';
    let problem = '';
    let scheduledByYou = this.scheduledByYou;
    try {
      const result = await callServer('saveReportSettings', settings);
      if (!result.ok) problem = result.message;
      scheduledByYou = result.scheduledByYou;
    } catch (error) {
      problem = plainError(error);
    }
    // Every change bumps the generation: a newer save (or Refresh now) answers for this one.
    if (generation !== this.saveGeneration) return;
    this.unsaved.clear();
    if (!problem) {
      const scheduleChanged = this.scheduleDiffers(settings);
      this.accepted(settings, scheduledByYou);
      for (const area of areas) {
        this.statusOf(area).textContent =
          area === 'schedule' && scheduleChanged
            ? this.scheduleMessage(settings)
            : 'All changes saved.';
        this.clear(this.errorOf(area));
      }
      return;
    }
    for (const area of areas) this.clear(this.statusOf(area));
    if (this.scheduleDiffers(settings)) {
      this.refuseSchedule(problem);
      // The other changes went down with the schedule; they are tried again without it.
      const others: Area[] = areas.filter((area) => area !== 'schedule');
      if (this.currentSettings().emailOnFailure !== this.saved?.emailOnFailure) {
        others.push('schedule');
      }
      for (const area of others) this.scheduleSave(area);
      return;
    }
    const area = areas.includes(this.lastArea) ? this.lastArea : (areas[0] ?? 'report');
    this.showError(this.errorOf(area), `Settings not saved: ${problem}`);
  }

  /** Whether these settings would change the saved schedule (its trigger, its timing). */
  private scheduleDiffers(settings: ReportSettings): boolean {
    const saved = this.saved;
    if (!saved) return false;
    if (settings.autoRefresh !== saved.autoRefresh) return true;
    return settings.autoRefresh === 'daily' && settings.dailyHour !== saved.dailyHour;
  }

  /** The server refused a schedule: the controls go back to the one that still holds. */
  private refuseSchedule(problem: string): void {
    const ui = this.ui;
    if (this.saved) this.showSchedule(this.saved);
    this.clear(ui.scheduleStatus);
    this.showError(ui.scheduleError, `Auto-refresh was not changed: ${problem}`);
  }

  /** The server saved these settings, and with them said whose run serves the schedule. */
  private accepted(settings: ReportSettings, scheduledByYou: boolean): void {
    this.saved = settings;
    this.scheduledByYou = scheduledByYou;
    this.syncOtherEditor();
  }

  private scheduleMessage(settings: ReportSettings): string {
    if (settings.autoRefresh === 'off') return 'Saved: auto-refresh is off.';
    if (settings.autoRefresh === 'daily') {
      const from = hourLabel(settings.dailyHour);
      const to = hourLabel((settings.dailyHour + 1) % 24);
      return `Saved: the report refreshes daily between ${from} and ${to} (${this.timeZone}).`;
    }
    const label = this.autoRefreshLabels.get(settings.autoRefresh) ?? settings.autoRefresh;
    return `Saved: the report refreshes ${label.toLowerCase()}.`;
  }

  // ---- Actions -----------------------------------------------------------------------------

  /** Runs one server action with every button disabled, and the given regions marked busy. */
  private async run<T>(busy: readonly HTMLElement[], work: () => Promise<T>): Promise<T> {
    const trigger = document.activeElement;
    this.running += 1;
    this.updateButtons();
    for (const region of busy) region.setAttribute('aria-busy', 'true');
    try {
      return await work();
    } finally {
      this.running -= 1;
      for (const region of busy) region.setAttribute('aria-busy', 'false');
      this.updateButtons();
      // A disabled button drops keyboard focus; give it back once the button works again.
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (lost && trigger instanceof HTMLButtonElement && !trigger.disabled) trigger.focus();
    }
  }

  private updateButtons(): void {
    const ui = this.ui;
    const idle = this.loaded && this.running === 0;
    ui.saveKey.disabled = !idle;
    ui.testConnection.disabled = !idle || this.keyHint === null;
    ui.removeKey.disabled = !idle || this.keyHint === null;
    ui.loadCampaigns.disabled = !idle;
    ui.refreshNow.disabled = !idle;
  }

  private async saveKey(): Promise<void> {
    const ui = this.ui;
    // The key leaves the page at once: the field is cleared before the server even answers.
    const key = ui.apiKey.value.trim();
    ui.apiKey.value = '';
    this.clear(ui.keyStatus, ui.keyError);
    if (!key) {
      this.showError(ui.keyError, 'Paste your Instantly API key into the API key box first.');
      ui.apiKey.focus();
      return;
    }
    ui.keyStatus.textContent = 'Checking the key with Instantly…';
    const saved = await this.run([ui.keyState], async () => {
      try {
        const result = await callServer('saveApiKeyFromSidebar', key);
        this.setKeyHint(result.keyHint);
        this.clear(ui.keyStatus);
        if (result.ok) ui.keyStatus.textContent = result.message;
        else this.showError(ui.keyError, result.message);
        return result.ok;
      } catch (error) {
        this.clear(ui.keyStatus);
        this.showError(ui.keyError, plainError(error));
        return false;
      }
    });
    if (saved) await this.loadCampaignList();
  }

  private async testConnection(): Promise<void> {
    const ui = this.ui;
    this.clear(ui.keyStatus, ui.keyError);
    ui.keyStatus.textContent = 'Testing the connection…';
    await this.run([ui.keyState], async () => {
      try {
        const result = await callServer('testConnection');
        this.clear(ui.keyStatus);
        if (result.ok) ui.keyStatus.textContent = result.message;
        else this.showError(ui.keyError, result.message);
      } catch (error) {
        this.clear(ui.keyStatus);
        this.showError(ui.keyError, plainError(error));
      }
    });
  }

  private async removeKey(): Promise<void> {
    const ui = this.ui;
    this.clear(ui.keyStatus, ui.keyError);
    await this.run([ui.keyState], async () => {
      try {
        const result = await callServer('removeApiKeyFromSidebar');
        if (result.ok) {
          this.setKeyHint(null);
          ui.keyStatus.textContent = result.message;
        } else {
          this.showError(ui.keyError, result.message);
        }
      } catch (error) {
        this.showError(ui.keyError, plainError(error));
      }
    });
    if (ui.removeKey.disabled && document.activeElement === document.body) ui.apiKey.focus();
  }

  private async loadCampaignList(): Promise<void> {
    const ui = this.ui;
    this.clear(ui.campaignsError);
    ui.campaignCount.textContent = 'Loading campaigns…';
    await this.run([ui.campaignPicker], async () => {
      try {
        this.campaigns = await callServer('listCampaigns');
      } catch (error) {
        this.showError(ui.campaignsError, `Could not load campaigns: ${plainError(error)}`);
      }
      this.renderCampaigns();
    });
  }

  private async refresh(): Promise<void> {
    const ui = this.ui;
    this.clear(ui.refreshStatus, ui.refreshError);
    const settings = this.currentSettings();
    const problem = this.problemBeforeRefresh(settings);
    if (problem) {
      this.showError(ui.refreshError, problem);
      return;
    }
    // Refresh now saves these settings itself; a change made while it runs is saved after it.
    this.cancelPendingSave();
    const generation = this.saveGeneration;
    this.showProgress(ui.refreshStatus, 'Refreshing the report…');
    await this.run([ui.lastRefresh], async () => {
      try {
        const { outcome, status, scheduledByYou } = await callServer('refreshNow', settings);
        this.renderStatus(status);
        // The server accepted these settings (it saved them before refreshing).
        const scheduleChanged = this.scheduleDiffers(settings);
        this.accepted(settings, scheduledByYou);
        if (generation === this.saveGeneration) {
          for (const area of this.unsaved) {
            this.clear(this.errorOf(area));
            this.statusOf(area).textContent =
              area === 'schedule' && scheduleChanged
                ? this.scheduleMessage(settings)
                : 'All changes saved.';
          }
          this.unsaved.clear();
        }
        this.showOutcome(outcome);
      } catch (error) {
        this.clear(ui.refreshStatus);
        const problem = plainError(error);
        this.showError(ui.refreshError, `Refresh failed: ${problem}`);
        // Nothing was saved: a schedule chosen just before is not in force either.
        if (this.scheduleDiffers(settings)) this.refuseSchedule(problem);
      } finally {
        window.clearInterval(this.elapsedTimer);
        ui.refreshStatus.classList.remove('working');
      }
    });
  }

  private problemBeforeRefresh(settings: ReportSettings): string | undefined {
    if (this.ui.campaignsChosen.checked && settings.campaignIds.length === 0) {
      return 'Tick at least one campaign, or choose All campaigns.';
    }
    if (settings.fields.length === 0) return 'Tick at least one column.';
    return undefined;
  }

  private showOutcome(outcome: RefreshOutcome): void {
    const ui = this.ui;
    this.clear(ui.refreshStatus);
    if (outcome.ok) {
      ui.refreshStatus.textContent =
        `Done: ${plural(outcome.rows, 'campaign row', 'campaign rows')} written to ` +
        `“${outcome.sheetName}” (${formatTime(outcome.at)}).`;
    } else {
      this.showError(ui.refreshError, `Refresh failed: ${plainError(outcome.error ?? '')}`);
    }
  }

  // ---- Rendering ---------------------------------------------------------------------------

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
    ui.apiKey.placeholder = hint === null ? 'Paste your API key' : 'Paste a new key';
    this.updateButtons();
  }

  private renderColumns(): void {
    const list = this.ui.columnList;
    list.textContent = '';
    for (const option of this.fieldOptions) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = option.name;
      box.checked = this.fields.includes(option.name);
      const label = document.createElement('label');
      label.className = 'choice';
      label.append(box, option.label);
      const item = document.createElement('li');
      item.append(label);
      list.append(item);
    }
  }

  private renderCampaigns(): void {
    const list = this.ui.campaignList;
    list.textContent = '';
    const query = this.ui.campaignSearch.value.trim().toLowerCase();
    this.matchingCampaigns(query).forEach((campaign, index) => {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.value = campaign.id;
      box.checked = this.chosen.has(campaign.id);
      const statusId = `campaign-status-${index}`;
      box.setAttribute('aria-describedby', statusId);
      const label = document.createElement('label');
      label.className = 'choice';
      label.append(box, campaign.name || '(unnamed campaign)');
      const status = document.createElement('span');
      status.id = statusId;
      status.className = `badge ${statusTone(campaign.status)}`;
      status.textContent = campaign.status || 'Unknown';
      const item = document.createElement('li');
      item.append(label, status);
      list.append(item);
    });
    this.renderCampaignCount();
  }

  private matchingCampaigns(query: string): CampaignOption[] {
    if (!this.campaigns) return [];
    if (!query) return this.campaigns;
    return this.campaigns.filter(
      (campaign) =>
        campaign.name.toLowerCase().includes(query) ||
        campaign.status.toLowerCase() === query ||
        campaign.id.toLowerCase() === query,
    );
  }

  private renderCampaignCount(): void {
    const chosen = `${this.chosen.size} chosen`;
    const query = this.ui.campaignSearch.value.trim();
    let text: string;
    if (this.campaigns === null) {
      text = this.keyHint
        ? 'Press Load campaigns to list your Instantly campaigns.'
        : 'Save an API key, then load your campaigns.';
      if (this.chosen.size > 0) text = `${chosen}. ${text}`;
    } else if (this.campaigns.length === 0) {
      text = 'This Instantly workspace has no campaigns yet.';
    } else if (query) {
      const shown = this.matchingCampaigns(query.toLowerCase()).length;
      text =
        shown === 0
          ? `No campaign matches “${query}”. ${chosen}.`
          : `${shown} of ${plural(this.campaigns.length, 'campaign', 'campaigns')} match · ${chosen}`;
    } else {
      text = `${plural(this.campaigns.length, 'campaign', 'campaigns')} · ${chosen}`;
    }
    this.ui.campaignCount.textContent = text;
  }

  private renderStatus(status: RefreshStatus): void {
    const ui = this.ui;
    const { lastSuccess: success, lastFailure: failure } = status;
    ui.lastNone.hidden = Boolean(success || failure);
    ui.lastSuccess.hidden = !success;
    if (success) {
      ui.lastTrigger.textContent = `${triggerLabel(success.trigger)} refresh`;
      ui.lastWhen.textContent = formatTime(success.at);
      ui.lastRows.textContent = plural(success.rows, 'row', 'rows');
      ui.lastSheet.textContent = success.sheetName;
      ui.lastRange.textContent = describeRange(success.range);
    }
    ui.lastFailure.hidden = !failure;
    if (failure) {
      ui.lastFailureTitle.textContent = `${triggerLabel(failure.trigger)} refresh failed ${formatTime(
        failure.at,
      )}`;
      ui.lastFailureError.textContent = plainError(failure.error ?? '');
      const count = Math.max(status.consecutiveFailures, 1);
      ui.lastFailureCount.textContent = success
        ? `${plural(count, 'failure', 'failures')} in a row since the last successful refresh.`
        : `${plural(count, 'failure', 'failures')} in a row; no refresh has succeeded yet.`;
    }
  }

  /** Scheduled spreadsheets this person's runs gave up on, and why. */
  private renderDropped(dropped: SidebarState['droppedSchedules']): void {
    const ui = this.ui;
    ui.droppedList.textContent = '';
    for (const { spreadsheetName, reason, at } of dropped) {
      const title = document.createElement('strong');
      title.textContent = `Stopped refreshing “${spreadsheetName || 'a spreadsheet'}”:`;
      const why = document.createElement('span');
      why.textContent = plainError(reason);
      const when = document.createElement('span');
      when.className = 'muted';
      when.textContent = formatTime(at);
      const item = document.createElement('li');
      item.className = 'dropped-item';
      item.append(title, why, when);
      ui.droppedList.append(item);
    }
    ui.dropped.hidden = dropped.length === 0;
  }

  /**
   * A spinner, the message, and the seconds so far. Only the message is in the accessibility
   * tree, so the live region announces it once rather than every second.
   */
  private showProgress(target: HTMLElement, message: string): void {
    const spinner = document.createElement('span');
    spinner.className = 'spinner';
    spinner.setAttribute('aria-hidden', 'true');
    const text = document.createElement('span');
    text.className = 'progress-text';
    text.textContent = message;
    const elapsed = document.createElement('span');
    elapsed.className = 'elapsed';
    elapsed.setAttribute('aria-hidden', 'true');
    target.classList.add('working');
    target.textContent = '';
    target.append(spinner, text, elapsed);
    const started = Date.now();
    window.clearInterval(this.elapsedTimer);
    this.elapsedTimer = window.setInterval(() => {
      elapsed.textContent = `${Math.round((Date.now() - started) / 1000)} s`;
    }, 1000);
  }

  private showError(target: HTMLElement, message: string): void {
    target.textContent = message;
  }

  private clear(...targets: HTMLElement[]): void {
    for (const target of targets) target.textContent = '';
  }
}

function main(): void {
  void new SidebarPage(findElements()).start();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', main);
else main();
