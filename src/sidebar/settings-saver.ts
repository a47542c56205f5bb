/**
 * Saves the page's settings, after a short pause or at once, each area of the page showing its
 * own saving status and errors. The server may
 * refuse a new schedule; then the schedule goes back to the saved one and the rest is saved again.
 */
import type { ReportSettings } from '../core/settings';
import { byId, clear } from './dom';
import { plainError } from './error-text';
import { scheduleDiffers } from './schedule-text';
import type { Section } from './section';
import { saveReportSettings } from './server-bridge';

/** Settings are saved this long after the last change, so typing a sheet name is one save. */
const SAVE_DELAY_MS = 700;

/** A part of the page whose changes are saved together, with its own status and error lines. */
export interface SaveArea {
  readonly status: HTMLElement;
  readonly error: HTMLElement;
  /** The status once the server saved `settings` over `before`; "All changes saved." if none. */
  savedMessage?(settings: ReportSettings, before: ReportSettings | undefined): string | undefined;
}

export function saveArea(statusId: string, errorId: string): SaveArea {
  return { status: byId(statusId, HTMLElement), error: byId(errorId, HTMLElement) };
}

/** The section holding the schedule, which the server may refuse. */
export interface ScheduleControls {
  readonly area: SaveArea;
  /** Puts the saved schedule back, says why; true if the area still has other changes to save. */
  refuse(problem: string): boolean;
  /** The server saved settings and said whether this person's trigger runs the schedule. */
  accepted(scheduledByYou: boolean): void;
}

export class SettingsSaver {
  /**
   * The settings the server last accepted. Settings this page has no control for are sent back
   * unchanged, and a schedule the server refuses goes back to these.
   */
  private accepted: ReportSettings | undefined;
  private sections: readonly Section[] = [];
  private schedule: ScheduleControls | undefined;
  private listening = false;
  private timer: number | undefined;
  /**
   * Bumped by every change, save and refresh, so the answer to an older save cannot overwrite
   * a newer one, nor report as saved a change made while it was on its way.
   */
  private generation = 0;
  /** Areas with changes the server has not confirmed yet, and the one changed last. */
  private readonly unsaved = new Set<SaveArea>();
  private lastArea: SaveArea | undefined;

  /** The sections whose controls make up the settings, once they all exist. */
  attach(sections: readonly Section[], schedule: ScheduleControls): void {
    this.sections = sections;
    this.schedule = schedule;
  }

  get saved(): ReportSettings | undefined {
    return this.accepted;
  }

  /** The settings the page opened with; changes are saved from now on. */
  start(settings: ReportSettings): void {
    this.accepted = settings;
    this.listening = true;
  }

  /** The saved settings with every section's controls over them. */
  current(): ReportSettings {
    let settings = this.accepted as ReportSettings;
    for (const section of this.sections) settings = { ...settings, ...section.read?.() };
    return settings;
  }

  /** Saves after a short pause, together with whatever else changes meanwhile. */
  saveSoon(area: SaveArea): void {
    if (!this.listening) return;
    window.clearTimeout(this.timer);
    this.markChanged(area);
    this.timer = window.setTimeout(() => void this.save(), SAVE_DELAY_MS);
  }

  /** Saves every change so far at once, this one included. */
  saveNow(area: SaveArea): void {
    if (!this.listening) return;
    this.markChanged(area);
    void this.save();
  }

  /** Closing the sidebar must not lose a change that is still waiting for its save. */
  saveWaitingChange(): void {
    if (this.timer !== undefined) void this.save();
  }

  /**
   * Refresh now sends (and the server saves) the same settings itself, so a waiting save is
   * dropped. Returns the token to give `refreshed`.
   */
  startRefresh(): number {
    window.clearTimeout(this.timer);
    this.timer = undefined;
    this.generation += 1;
    return this.generation;
  }

  /** The server saved the settings it refreshed with; later changes still wait for their save. */
  refreshed(settings: ReportSettings, scheduledByYou: boolean, token: number): void {
    const before = this.accepted;
    this.accept(settings, scheduledByYou);
    if (token !== this.generation) return;
    for (const area of this.unsaved) {
      clear(area.error);
      area.status.textContent = savedMessage(area, settings, before);
    }
    this.unsaved.clear();
  }

  /** Nothing was saved: a schedule chosen just before the refresh is not in force either. */
  refreshFailed(settings: ReportSettings, problem: string): void {
    if (scheduleDiffers(this.accepted, settings)) this.schedule?.refuse(problem);
  }

  private markChanged(area: SaveArea): void {
    this.generation += 1;
    this.unsaved.add(area);
    this.lastArea = area;
    area.status.textContent = '';
  }

  private async save(): Promise<void> {
    window.clearTimeout(this.timer);
    this.timer = undefined;
    this.generation += 1;
    const generation = this.generation;
    const areas = [...this.unsaved];
    const settings = this.current();
    for (const area of areas) area.status.textContent = 'Saving…';
    let problem = '';
    let scheduledByYou = false;
    try {
      const result = await saveReportSettings(settings);
      if (!result.ok) problem = result.message;
      scheduledByYou = result.scheduledByYou;
    } catch (error) {
      problem = plainError(error);
    }
    // Every change bumps the generation: a newer save (or Refresh now) answers for this one.
    if (generation !== this.generation) return;
    this.unsaved.clear();
    if (problem) this.notSaved(areas, settings, problem);
    else this.confirm(areas, settings, scheduledByYou);
  }

  private confirm(areas: readonly SaveArea[], settings: ReportSettings, scheduledByYou: boolean) {
    const before = this.accepted;
    this.accept(settings, scheduledByYou);
    for (const area of areas) {
      area.status.textContent = savedMessage(area, settings, before);
      clear(area.error);
    }
  }

  private notSaved(areas: readonly SaveArea[], settings: ReportSettings, problem: string): void {
    for (const area of areas) clear(area.status);
    const schedule = this.schedule;
    if (schedule && scheduleDiffers(this.accepted, settings)) {
      // The other changes went down with the schedule; they are tried again without it.
      const retry = areas.filter((area) => area !== schedule.area);
      if (schedule.refuse(problem)) retry.push(schedule.area);
      for (const area of retry) this.saveSoon(area);
      return;
    }
    const last = this.lastArea;
    const area = last && areas.includes(last) ? last : areas[0];
    if (area) area.error.textContent = `Settings not saved: ${problem}`;
  }

  /** The server saved these settings, and with them said whose run serves the schedule. */
  private accept(settings: ReportSettings, scheduledByYou: boolean): void {
    this.accepted = settings;
    this.schedule?.accepted(scheduledByYou);
  }
}

function savedMessage(
  area: SaveArea,
  settings: ReportSettings,
  before: ReportSettings | undefined,
): string {
  return area.savedMessage?.(settings, before) ?? 'All changes saved.';
}
