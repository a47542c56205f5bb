/**
 * Utilities: dates in any zone, blobs, gzip, base64 and digests over signed byte arrays, and
 * sleep on the virtual clock (and, when asked, for real).
 */
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { bytesOfBlob, bytesOfData, createBlob, isBlobSource, toByteArray } from './blob';
import { formatJavaDate, PatternError, parseJavaDate, UnparseableDateError } from './date-format';
import {
  copyIntoRealm,
  enumOf,
  exception,
  invalidArgument,
  isDate,
  type RuntimeEnv,
  realmArray,
  timeOf,
} from './env';
import { isKnownTimeZone } from './time-zone';

type Utilities = GoogleAppsScript.Utilities.Utilities;
type ByteInput = string | number[];

/** Apps Script's ceiling for one Utilities.sleep. */
export const MAX_SLEEP_MS = 300_000;

const DIGEST_ALGORITHMS: Record<string, string> = {
  MD2: 'md2',
  MD5: 'md5',
  SHA_1: 'sha1',
  SHA_256: 'sha256',
  SHA_384: 'sha384',
  SHA_512: 'sha512',
};
const MAC_ALGORITHMS: Record<string, string> = {
  HMAC_MD5: 'md5',
  HMAC_SHA_1: 'sha1',
  HMAC_SHA_256: 'sha256',
  HMAC_SHA_384: 'sha384',
  HMAC_SHA_512: 'sha512',
};

/** sprintf-style formatting, as Utilities.formatString and Logger.log(format, ...) do it. */
export function formatString(template: string, ...args: unknown[]): string {
  let next = 0;
  return String(template).replace(
    /%([-+ 0#]*)(\d+)?(?:\.(\d+))?([sdifeExXoc%])/g,
    (match, flags: string, width?: string, precision?: string, conversion?: string) => {
      if (conversion === '%') return '%';
      if (next >= args.length) return match;
      const text = convert(conversion ?? 's', args[next++], flags, precision);
      return padTo(text, Number(width ?? 0), flags);
    },
  );
}

function convert(conversion: string, value: unknown, flags: string, precision?: string): string {
  const number = Number(value);
  const signed = (text: string) => (flags.includes('+') && number >= 0 ? `+${text}` : text);
  switch (conversion) {
    case 'd':
    case 'i':
      return signed(String(Math.trunc(number)));
    case 'f':
      return signed(number.toFixed(Number(precision ?? 6)));
    case 'e':
    case 'E': {
      const text = signed(number.toExponential(Number(precision ?? 6)));
      return conversion === 'E' ? text.toUpperCase() : text;
    }
    case 'x':
      return Math.trunc(number).toString(16);
    case 'X':
      return Math.trunc(number).toString(16).toUpperCase();
    case 'o':
      return Math.trunc(number).toString(8);
    case 'c':
      return typeof value === 'number' ? String.fromCharCode(value) : String(value).charAt(0);
    default: {
      const text =
        typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
      return precision === undefined ? text : text.slice(0, Number(precision));
    }
  }
}

function padTo(text: string, width: number, flags: string): string {
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && /^[+-]?\d/.test(text)) {
    const sign = /^[+-]/.test(text) ? text[0] : '';
    return sign + text.slice(sign.length).padStart(width - sign.length, '0');
  }
  return text.padStart(width);
}

function base64WebSafe(base64: string): string {
  return base64.replace(/\+/g, '-').replace(/\//g, '_');
}

/** RFC 4180 CSV: quoted fields may hold delimiters, newlines and doubled quotes. */
export function parseCsv(csv: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < csv.length; index++) {
    const char = csv[index];
    if (quoted) {
      if (char === '"' && csv[index + 1] === '"') field += csv[index++];
      else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && csv[index + 1] === '\n') index++;
      rows.push([...row, field]);
      row = [];
      field = '';
    } else field += char;
  }
  if (field !== '' || row.length > 0) rows.push([...row, field]);
  return rows;
}

/** Nothing in src/ signs with RSA or zips. */
type UnfakedMethods =
  | 'computeRsaSha1Signature'
  | 'computeRsaSha256Signature'
  | 'computeRsaSignature'
  | 'zip'
  | 'unzip';

/** Blocks this thread (the bundle is synchronous, as in Apps Script). */
function waitForReal(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function createUtilities(
  env: RuntimeEnv,
  { realSleep }: { realSleep: boolean } = { realSleep: false },
): Utilities {
  const { realm } = env;
  /** Enum parameters (charsets, algorithms) arrive as the enum's name. */
  const bytes = (data: ByteInput, charset?: unknown) =>
    bytesOfData(data, charset === undefined ? undefined : String(charset));
  const byteArray = (data: Uint8Array) => toByteArray(realm, data);

  const digest = (algorithm: unknown, value: ByteInput, charset?: unknown) => {
    const name = DIGEST_ALGORITHMS[String(algorithm)];
    if (!name) throw invalidArgument(realm, 'algorithm');
    return byteArray(createHash(name).update(bytes(value, charset)).digest());
  };
  const hmac = (algorithm: unknown, value: ByteInput, key: ByteInput, charset?: unknown) => {
    const name = MAC_ALGORITHMS[String(algorithm)];
    if (!name) throw invalidArgument(realm, 'algorithm');
    return byteArray(createHmac(name, bytes(key, charset)).update(bytes(value, charset)).digest());
  };
  const blobBytes = (blob: GoogleAppsScript.Base.BlobSource) => {
    if (!isBlobSource(blob)) throw invalidArgument(realm, 'blob');
    return bytesOfBlob(blob);
  };

  const utilities: Omit<Utilities, UnfakedMethods> = {
    Charset: enumOf('US_ASCII', 'UTF_8') as unknown as Utilities['Charset'],
    DigestAlgorithm: enumOf(
      ...Object.keys(DIGEST_ALGORITHMS),
    ) as unknown as Utilities['DigestAlgorithm'],
    MacAlgorithm: enumOf(...Object.keys(MAC_ALGORITHMS)) as unknown as Utilities['MacAlgorithm'],
    RsaAlgorithm: enumOf('RSA_SHA_1', 'RSA_SHA_256') as unknown as Utilities['RsaAlgorithm'],

    formatDate(date: Date, timeZone: string, format: string) {
      if (!isDate(date)) throw invalidArgument(realm, 'date');
      if (typeof timeZone !== 'string' || !isKnownTimeZone(timeZone)) {
        throw invalidArgument(realm, 'timeZone');
      }
      try {
        return formatJavaDate(timeOf(date), timeZone, String(format));
      } catch (error) {
        if (error instanceof PatternError) throw exception(realm, `Invalid argument: ${format}`);
        throw error;
      }
    },
    parseDate(date: string, timeZone: string, format: string) {
      if (typeof date !== 'string') throw invalidArgument(realm, 'date');
      if (typeof timeZone !== 'string' || !isKnownTimeZone(timeZone)) {
        throw invalidArgument(realm, 'timeZone');
      }
      try {
        return new realm.Date(parseJavaDate(date, timeZone, String(format)));
      } catch (error) {
        if (error instanceof PatternError) throw exception(realm, `Invalid argument: ${format}`);
        if (error instanceof UnparseableDateError) throw exception(realm, error.message);
        throw error;
      }
    },
    formatString,
    jsonParse: (json: string) => copyIntoRealm(realm, JSON.parse(json)),
    jsonStringify: (value: unknown) => JSON.stringify(value),
    getUuid: () => randomUUID(),
    sleep(milliseconds: number) {
      const ms = Number(milliseconds);
      if (!(ms >= 0) || ms > MAX_SLEEP_MS) throw invalidArgument(realm, 'milliseconds');
      if (realSleep) waitForReal(ms);
      env.clock.advance(ms);
    },
    parseCsv: (csv: string, delimiter?: string) =>
      realmArray(
        realm,
        parseCsv(String(csv), delimiter).map((row) => realmArray(realm, row)),
      ),

    newBlob(data: ByteInput, contentType?: string, name?: string) {
      const type = contentType ?? (typeof data === 'string' ? 'text/plain' : null);
      return createBlob(realm, bytes(data), type, name ?? null);
    },
    gzip(blob: GoogleAppsScript.Base.BlobSource, name?: string) {
      const zipped = new Uint8Array(gzipSync(blobBytes(blob)));
      const fallbackName = blob.getBlob().getName();
      return createBlob(
        realm,
        zipped,
        'application/x-gzip',
        name ?? (fallbackName ? `${fallbackName}.gz` : null),
      );
    },
    ungzip(blob: GoogleAppsScript.Base.BlobSource) {
      try {
        const name = blob.getBlob().getName()?.replace(/\.gz$/, '') ?? null;
        return createBlob(realm, new Uint8Array(gunzipSync(blobBytes(blob))), null, name);
      } catch {
        throw exception(realm, 'Could not decompress gzip.');
      }
    },

    base64Encode: (data: ByteInput, charset?: unknown) =>
      Buffer.from(bytes(data, charset)).toString('base64'),
    base64EncodeWebSafe: (data: ByteInput, charset?: unknown) =>
      base64WebSafe(Buffer.from(bytes(data, charset)).toString('base64')),
    base64Decode: (encoded: string) => byteArray(Buffer.from(String(encoded), 'base64')),
    base64DecodeWebSafe: (encoded: string) => byteArray(Buffer.from(String(encoded), 'base64url')),

    computeDigest: digest,
    computeHmacSha256Signature: (value: ByteInput, key: ByteInput, charset?: unknown) =>
      hmac('HMAC_SHA_256', value, key, charset),
    computeHmacSignature: hmac,
  };
  // The global's guard (index.ts) refuses the methods left out, naming them.
  return utilities as Utilities;
}
