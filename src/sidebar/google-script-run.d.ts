/**
 * The part of Apps Script's client-side API (google.script.run) the sidebar uses. Apps Script
 * defines `google` in every HtmlService page; a server function is called by its name on a
 * runner, and its result or error arrives in the handlers.
 */
declare namespace google.script {
  interface Runner {
    withSuccessHandler(handler: (value: unknown, userObject?: unknown) => void): Runner;
    withFailureHandler(handler: (error: Error, userObject?: unknown) => void): Runner;
    withUserObject(userObject: unknown): Runner;
    /** Every exported function of src/main.ts; they return nothing here, only via the handlers. */
    [functionName: string]: unknown;
  }

  const run: Runner;
}
