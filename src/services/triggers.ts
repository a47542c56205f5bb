/** The one time-driven trigger that runs every scheduled refresh of this user. */
import { UserFacingError } from '../core/errors';

export const SCHEDULED_HANDLER = 'runScheduledRefreshes';

function ourTriggers(): GoogleAppsScript.Script.Trigger[] {
  return ScriptApp.getProjectTriggers().filter(
    (trigger) => trigger.getHandlerFunction() === SCHEDULED_HANDLER,
  );
}

/**
 * Leaves exactly one hourly trigger when something is scheduled and none otherwise. Triggers
 * with other handlers were not made by this add-on's schedule and are never touched.
 */
export function syncScheduleTrigger(wanted: boolean): void {
  const existing = ourTriggers();
  const keep = wanted ? existing.slice(0, 1) : [];
  for (const trigger of existing.slice(keep.length)) ScriptApp.deleteTrigger(trigger);
  if (wanted && keep.length === 0) createHourlyTrigger();
}

function createHourlyTrigger(): void {
  try {
    ScriptApp.newTrigger(SCHEDULED_HANDLER).timeBased().everyHours(1).create();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!/too many triggers/i.test(message)) throw error;
    throw new UserFacingError(
      'Google allows 20 triggers per user for each add-on or script, and yours are all in use. ' +
        'Delete a trigger you no longer need (script.google.com › Triggers), then turn Auto-refresh on again.',
    );
  }
}
