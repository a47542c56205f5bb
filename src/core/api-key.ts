/** Checks a new API key with one request, which also names the workspace it belongs to. */
import { type ClientOptions, callApi } from './api-client';
import { UserFacingError } from './errors';
import { currentWorkspaceCall, type Workspace } from './workspaces';

/** What the check found: the key's workspace; or a key to save without one; or a refusal. */
export type KeyCheck =
  | { readonly save: true; readonly workspace: Workspace }
  | { readonly save: true; readonly workspace: undefined; readonly message: string }
  | { readonly save: false; readonly message: string };

export function checkApiKey(client: ClientOptions): KeyCheck {
  try {
    return { save: true, workspace: callApi(currentWorkspaceCall, client) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Instantly knows the key but serves no data without a paid plan: keep it for later.
    if (/no active paid plan/.test(message)) {
      return { save: true, workspace: undefined, message: `Key saved, but: ${message}` };
    }
    if (error instanceof UserFacingError) {
      return { save: false, message: `The key was not saved. ${message}` };
    }
    throw error;
  }
}
