/**
 * Blob, and the byte arrays of Apps Script: plain arrays of SIGNED bytes (-128..127), as Java's
 * byte[] shows through. Bytes are kept as a Uint8Array inside and converted at the boundary.
 */
import { exception, type Realm, realmArray } from './env';

type Blob = GoogleAppsScript.Base.Blob;
type BlobSource = GoogleAppsScript.Base.BlobSource;

const EXTENSION_TYPES: Record<string, string> = {
  csv: 'text/csv',
  gz: 'application/x-gzip',
  html: 'text/html',
  json: 'application/json',
  pdf: 'application/pdf',
  png: 'image/png',
  txt: 'text/plain',
  zip: 'application/zip',
};

/** Apps Script charset names (Utilities.Charset) and Java ones, to Node/WHATWG labels. */
const CHARSET_LABELS: Record<string, string> = {
  US_ASCII: 'ascii',
  'US-ASCII': 'ascii',
  UTF_8: 'utf-8',
};

/** Signed bytes in the bundle's realm. */
export function toByteArray(realm: Realm, bytes: Uint8Array): number[] {
  return realmArray(realm, new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length));
}

/** Accepts signed (-128..127) or unsigned (0..255) values, as Java's byte cast does. */
export function fromByteArray(values: ArrayLike<number>): Uint8Array {
  return Uint8Array.from(values, (value) => Number(value) & 0xff);
}

function charsetLabel(charset = 'UTF-8'): string {
  return CHARSET_LABELS[charset] ?? charset;
}

export function encodeText(text: string, charset?: string): Uint8Array {
  const label = charsetLabel(charset).toLowerCase();
  if (label === 'utf-8' || label === 'utf8') return new TextEncoder().encode(text);
  if (Buffer.isEncoding(label)) return new Uint8Array(Buffer.from(text, label));
  if (/^(iso-8859-1|latin1|windows-1252)$/.test(label)) {
    return new Uint8Array(Buffer.from(text, 'latin1'));
  }
  throw new Error(`Charset ${charset} is not supported by the local Apps Script runtime`);
}

export function decodeText(bytes: Uint8Array, charset?: string): string {
  return new TextDecoder(charsetLabel(charset)).decode(bytes);
}

/** Bytes of a string or a byte array, the two forms Utilities methods take. */
export function bytesOfData(data: string | ArrayLike<number>, charset?: string): Uint8Array {
  return typeof data === 'string' ? encodeText(data, charset) : fromByteArray(data);
}

const contents = new WeakMap<object, FakeBlob>();

export function isBlobSource(value: unknown): value is BlobSource {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Partial<BlobSource>).getBlob === 'function'
  );
}

/** Bytes of any BlobSource: ours directly, others through getBlob().getBytes(). */
export function bytesOfBlob(source: BlobSource): Uint8Array {
  const blob = source.getBlob();
  return contents.get(blob)?.bytes.slice() ?? fromByteArray(blob.getBytes());
}

class FakeBlob implements Blob {
  constructor(
    private readonly realm: Realm,
    public bytes: Uint8Array,
    private contentType: string | null,
    private name: string | null,
  ) {
    contents.set(this, this);
  }

  copyBlob(): Blob {
    return new FakeBlob(this.realm, this.bytes.slice(), this.contentType, this.name);
  }
  getAs(contentType: string): Blob {
    if (contentType !== this.contentType) {
      throw exception(
        this.realm,
        `Converting from ${this.contentType} to ${contentType} is not supported.`,
      );
    }
    return this.copyBlob();
  }
  getBlob(): Blob {
    return this;
  }
  getAllBlobs(): Blob[] {
    return realmArray(this.realm, [this]);
  }
  getBytes(): number[] {
    return toByteArray(this.realm, this.bytes);
  }
  getContentType(): string | null {
    return this.contentType;
  }
  getDataAsString(charset?: string): string {
    return decodeText(this.bytes, charset);
  }
  getName(): string | null {
    return this.name;
  }
  isGoogleType(): boolean {
    return false;
  }
  setBytes(data: number[]): Blob {
    this.bytes = fromByteArray(data);
    return this;
  }
  setContentType(contentType: string | null): Blob {
    this.contentType = contentType;
    return this;
  }
  setContentTypeFromExtension(): Blob {
    const extension = this.name?.split('.').pop()?.toLowerCase() ?? '';
    const contentType = EXTENSION_TYPES[extension];
    if (!contentType) {
      throw exception(this.realm, `Could not infer content type from the name ${this.name}`);
    }
    this.contentType = contentType;
    return this;
  }
  setDataFromString(text: string, charset?: string): Blob {
    this.bytes = encodeText(String(text), charset);
    return this;
  }
  setName(name: string): Blob {
    this.name = name;
    return this;
  }
}

export function createBlob(
  realm: Realm,
  bytes: Uint8Array,
  contentType: string | null = null,
  name: string | null = null,
): Blob {
  return new FakeBlob(realm, bytes, contentType, name);
}
