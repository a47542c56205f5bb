/** Last refresh: the latest success and failure, and the schedules this person's runs gave up. */
import type { RefreshStatus } from '../../core/refresh';
import type { SidebarState } from '../../core/sidebar-api';
import { byId } from '../dom';
import { plainError } from '../error-text';
import { failuresInARowText, formatTime, plural, refreshedDates, triggerLabel } from '../format';
import type { Section } from '../section';

export class LastRefreshSection implements Section {
  /** Marked busy while a refresh runs. */
  readonly region = byId('last-refresh', HTMLElement);
  private readonly ui = {
    none: byId('last-none', HTMLElement),
    success: byId('last-success', HTMLElement),
    when: byId('last-when', HTMLElement),
    rows: byId('last-rows', HTMLElement),
    sheet: byId('last-sheet', HTMLElement),
    dates: byId('last-range', HTMLElement),
    trigger: byId('last-trigger', HTMLElement),
    failure: byId('last-failure', HTMLElement),
    failureTitle: byId('last-failure-title', HTMLElement),
    failureError: byId('last-failure-error', HTMLElement),
    failureCount: byId('last-failure-count', HTMLElement),
    partial: byId('last-partial', HTMLElement),
    partialList: byId('last-partial-list', HTMLUListElement),
    dropped: byId('dropped', HTMLElement),
    droppedList: byId('dropped-list', HTMLUListElement),
  };

  show(state: SidebarState): void {
    this.showStatus(state.status);
    this.showDropped(state.droppedSchedules);
  }

  showStatus(status: RefreshStatus): void {
    const ui = this.ui;
    const { lastSuccess: success, lastFailure: failure } = status;
    ui.none.hidden = Boolean(success || failure);
    ui.success.hidden = !success;
    if (success) {
      ui.trigger.textContent = `${triggerLabel(success.trigger)} refresh`;
      ui.when.textContent = formatTime(success.at);
      ui.rows.textContent = plural(success.rows, 'row', 'rows');
      ui.sheet.textContent = success.sheetName;
      ui.dates.textContent = refreshedDates(success.range);
    }
    this.showFailedWorkspaces(success?.failedWorkspaces ?? []);
    ui.failure.hidden = !failure;
    if (failure) {
      ui.failureTitle.textContent = `${triggerLabel(failure.trigger)} refresh failed ${formatTime(
        failure.at,
      )}`;
      ui.failureError.textContent = plainError(failure.error ?? '');
      ui.failureCount.textContent = failuresInARowText(
        status.consecutiveFailures,
        Boolean(success),
      );
    }
  }

  /** Workspaces the last successful refresh could not read, and why. */
  private showFailedWorkspaces(failed: readonly { name: string; error: string }[]): void {
    const ui = this.ui;
    ui.partialList.textContent = '';
    for (const { name, error } of failed) {
      const title = document.createElement('strong');
      title.textContent = `${name}:`;
      const item = document.createElement('li');
      item.append(title, ` ${plainError(error)}`);
      ui.partialList.append(item);
    }
    ui.partial.hidden = failed.length === 0;
  }

  /** Scheduled spreadsheets this person's runs gave up on, and why. */
  private showDropped(dropped: SidebarState['droppedSchedules']): void {
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
}
