/** Session: who runs the script, and in which zone. */
import { createHash } from 'node:crypto';
import { hasScope, type RuntimeEnv, SCOPES } from './env';

export function createSession(env: RuntimeEnv): GoogleAppsScript.Base.Session {
  const userOf = (email: () => string): GoogleAppsScript.Base.User =>
    ({ getEmail: email }) as GoogleAppsScript.Base.User;
  // Apps Script hides the active user's address from custom functions and from scripts whose
  // declared scopes leave out userinfo.email: getEmail() then returns ''.
  const activeEmail = () =>
    env.executionKind() === 'customFunction' || !hasScope(env, SCOPES.userEmail)
      ? ''
      : env.userEmail;
  const temporaryKey = createHash('sha256')
    .update(`${env.scriptId}:${env.userEmail}`)
    .digest('base64url')
    .slice(0, 43);

  return {
    getActiveUser: () => userOf(activeEmail),
    getEffectiveUser: () => userOf(() => env.userEmail),
    getActiveUserLocale: () => 'en',
    getScriptTimeZone: () => env.scriptTimeZone(),
    getTemporaryActiveUserKey: () => temporaryKey,
    getTimeZone: () => env.scriptTimeZone(),
    getUser: () => userOf(activeEmail),
  };
}
