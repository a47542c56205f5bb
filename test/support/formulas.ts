/** Any of the add-on's custom functions, run as Sheets runs them, and the requests they made. */
import type { LoggedRequest } from '../../dev/standin/server';
import type { Addon } from './addon';

/** INSTANTLY_STEPS's default columns, as a person reads them. */
export const STEP_DEFAULT_HEADER = [
  'Step',
  'Variant',
  'Sent',
  'Unique opens',
  'Open rate',
  'Unique replies',
  'Reply rate',
  'Unique link clicks',
  'Click rate',
];

export type FormulaName = 'INSTANTLY_ANALYTICS' | 'INSTANTLY_STEPS' | 'INSTANTLY_OVERVIEW';

export function formula(addon: Addon, name: FormulaName, ...args: unknown[]): unknown[][] {
  return addon.runtime.callAsCustomFunction(name, ...args) as unknown[][];
}

/** The formula's error message; fails the test when it does not throw. */
export function formulaFailure(addon: Addon, name: FormulaName, ...args: unknown[]): string {
  try {
    addon.runtime.callAsCustomFunction(name, ...args);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`${name} did not fail`);
}

/** The logged requests to one endpoint, e.g. '/api/v2/campaigns/analytics/steps'. */
export function requestsTo(requests: readonly LoggedRequest[], path: string): LoggedRequest[] {
  return requests.filter((request) => request.path === path);
}

/** The bundle's own fetch log: requests of one endpoint, and the virtual time each was sent. */
export function fetchTimes(addon: Addon, path: string): number[] {
  return addon.runtime.fetches
    .filter((fetch) => new URL(fetch.url).pathname === path)
    .map((fetch) => fetch.at);
}
