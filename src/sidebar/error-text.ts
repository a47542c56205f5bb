/** Errors in words for a person, whatever shape google.script.run or the server gave them. */

/** A message for a person: no "Exception:" prefixes, and transport failures in plain words. */
export function plainError(error: unknown): string {
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
