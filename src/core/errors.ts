/**
 * An error whose message is meant for the person using the add-on: it says what went wrong
 * and what to do about it. Anything else that escapes is a bug.
 */
export class UserFacingError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserFacingError';
  }
}

/** Removes every occurrence of a secret from text that may reach a person or a log. */
export function redact(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

/** Removes every occurrence of each secret (every connected workspace's key). */
export function redactAll(text: string, secrets: readonly string[]): string {
  return secrets.reduce((safe, secret) => redact(safe, secret), text);
}
