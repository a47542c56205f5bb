/** Refresh: the Refresh now button, its progress, and its outcome. */
import type { RefreshOutcome } from '../../core/refresh';
import type { ActionRunner } from '../action-runner';
import { byId, clear } from '../dom';
import { plainError } from '../error-text';
import { refreshDoneText } from '../format';
import type { Section } from '../section';
import { refreshNow } from '../server-bridge';
import type { SettingsSaver } from '../settings-saver';
import type { LastRefreshSection } from './last-refresh';

export class RefreshSection implements Section {
  private readonly ui = {
    refreshNow: byId('refresh-now', HTMLButtonElement),
    status: byId('refresh-status', HTMLElement),
    error: byId('refresh-error', HTMLElement),
  };
  private elapsedTimer: number | undefined;

  /** `refreshBlocker` says what the other sections lack for a refresh, if anything. */
  constructor(
    private readonly actions: ActionRunner,
    private readonly saver: SettingsSaver,
    private readonly lastRefresh: LastRefreshSection,
    private readonly refreshBlocker: () => string | undefined,
  ) {
    this.ui.refreshNow.addEventListener('click', () => void this.refresh());
  }

  enableButtons(idle: boolean): void {
    this.ui.refreshNow.disabled = !idle;
  }

  private async refresh(): Promise<void> {
    const ui = this.ui;
    clear(ui.status, ui.error);
    const settings = this.saver.current();
    const problem = this.refreshBlocker();
    if (problem) {
      ui.error.textContent = problem;
      return;
    }
    // Refresh now saves these settings itself; a change made while it runs is saved after it.
    const token = this.saver.startRefresh();
    this.showProgress('Refreshing the report…');
    await this.actions.run([this.lastRefresh.region], async () => {
      try {
        const { outcome, status, scheduledByYou } = await refreshNow(settings);
        this.lastRefresh.showStatus(status);
        // The server accepted these settings (it saved them before refreshing).
        this.saver.refreshed(settings, scheduledByYou, token);
        this.showOutcome(outcome);
      } catch (error) {
        clear(ui.status);
        const problem = plainError(error);
        ui.error.textContent = `Refresh failed: ${problem}`;
        this.saver.refreshFailed(settings, problem);
      } finally {
        window.clearInterval(this.elapsedTimer);
        ui.status.classList.remove('working');
      }
    });
  }

  private showOutcome(outcome: RefreshOutcome): void {
    clear(this.ui.status);
    if (outcome.ok) this.ui.status.textContent = refreshDoneText(outcome);
    else this.ui.error.textContent = `Refresh failed: ${plainError(outcome.error ?? '')}`;
  }

  /**
   * A spinner, the message, and the seconds so far. Only the message is in the accessibility
   * tree, so the live region announces it once rather than every second.
   */
  private showProgress(message: string): void {
    const target = this.ui.status;
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
}
