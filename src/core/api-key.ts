/** Checks a new API key with one cheap request before it is saved. */
import { type ClientOptions, fetchAnalytics } from './api-client';
import { UserFacingError } from './errors';

export interface KeyCheck {
  readonly save: boolean;
  readonly message: string;
}

export function checkApiKey(client: ClientOptions, today: string): KeyCheck {
  try {
    const campaigns = fetchAnalytics(
      { range: { start: today, end: today }, includeLeads: false },
      client,
    );
    return { save: true, message: `Key saved. Instantly lists ${campaigns.length} campaign(s).` };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (/no active paid plan/.test(message)) {
      return { save: true, message: `Key saved, but: ${message}` };
    }
    if (error instanceof UserFacingError) {
      return { save: false, message: `The key was not saved. ${message}` };
    }
    throw error;
  }
}
