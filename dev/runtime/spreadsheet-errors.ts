/** Errors of the Spreadsheet fakes, in Sheets' words; the proxy remakes them in the bundle's realm. */
import { exception } from './env';
import { HOST_REALM } from './ui';

export function sheetsException(message: string): Error {
  return exception(HOST_REALM, message);
}

/** What Sheets says when arguments have the wrong types, e.g. `(number,Object)`. */
export function signatureMismatch(args: unknown[], method: string): Error {
  const types = args.map((arg) => {
    if (arg === null || arg === undefined) return 'null';
    if (Array.isArray(arg)) return 'Object[]';
    return typeof arg === 'object' ? 'Object' : typeof arg;
  });
  return sheetsException(
    `The parameters (${types.join(',')}) don't match the method signature for SpreadsheetApp.${method}.`,
  );
}
