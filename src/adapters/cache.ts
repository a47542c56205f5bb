/** CacheService and Utilities' gzip as the core's cache and compressor. */
import type { KeyValueCache, TextCompressor } from '../core/response-cache';

export function documentCache(): KeyValueCache | undefined {
  return CacheService.getDocumentCache() ?? undefined;
}

export const gzipBase64: TextCompressor = {
  compress: (text) => Utilities.base64Encode(Utilities.gzip(Utilities.newBlob(text)).getBytes()),
  decompress: (packed) =>
    Utilities.ungzip(
      Utilities.newBlob(Utilities.base64Decode(packed), 'application/x-gzip'),
    ).getDataAsString(),
};
