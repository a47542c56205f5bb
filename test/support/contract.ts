/** The built add-on against Prism, and what Prism's validator says of the requests it made. */
import { createRuntime } from '../../dev/runtime';
import type { FetchRecord } from '../../dev/runtime/url-fetch';
import { DIST, KEY_PROPERTY } from './addon';
import { type PrismMock, startPrism } from './prism';

export const CONTRACT_KEY = 'contract-test-key-0123456789';

/** A spreadsheet with a key, whose add-on sends every request to Prism. */
export function addonAgainst(prism: PrismMock) {
  const runtime = createRuntime({
    distDir: DIST,
    now: '2026-11-26T12:00:00Z',
    scriptProperties: { INSTANTLY_API_BASE_URL: prism.url },
  });
  const spreadsheet = runtime.createSpreadsheet({ name: 'Contract', timeZone: 'Europe/Berlin' });
  runtime.documentProperties(spreadsheet.getId()).setProperty(KEY_PROPERTY, CONTRACT_KEY);
  return { runtime, spreadsheet };
}

/** Sends the requests again and collects what Prism's validator says about each. */
export function prismVerdicts(prism: PrismMock, fetches: readonly FetchRecord[]) {
  return Promise.all(
    fetches.map(async ({ url, headers }) => {
      const response = await fetch(url, { headers });
      return {
        url: url.replace(prism.url, ''),
        status: response.status,
        violations: response.headers.get('sl-violations'),
      };
    }),
  );
}

/** Contract tests run against Prism's examples and against its generated (-d) responses. */
export const PRISM_MODES = [
  ['examples', false],
  ['generated responses (-d)', true],
] as const;

/** One Prism for the enclosing describe block; the returned function gives it once started. */
export function usePrism(dynamic: boolean): () => PrismMock {
  let prism: PrismMock | undefined;
  beforeAll(async () => {
    prism = await startPrism({ dynamic });
  });
  afterAll(() => prism?.stop());
  return () => {
    if (!prism) throw new Error('Prism starts in beforeAll');
    return prism;
  };
}
