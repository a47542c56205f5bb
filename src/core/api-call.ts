/** One GET of Instantly's API: where it goes and how its 200 body is read. */

export interface ApiCall<T> {
  readonly path: string;
  /** Query parameters in order; a name may repeat (`ids`). */
  readonly params: readonly (readonly [name: string, value: string])[];
  /** Validates a 200 body; throws MalformedResponseError when it is not what the API documents. */
  parse(body: string): T;
}

export function callUrl(baseUrl: string, call: ApiCall<unknown>): string {
  const root = baseUrl.replace(/\/+$/, '') + call.path;
  const query = call.params.map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  return query.length > 0 ? `${root}?${query.join('&')}` : root;
}

/** The date parameters every analytics endpoint takes; blank ends are left out. */
export function dateParams(range: {
  readonly start?: string;
  readonly end?: string;
}): [string, string][] {
  const params: [string, string][] = [];
  if (range.start) params.push(['start_date', range.start]);
  if (range.end) params.push(['end_date', range.end]);
  return params;
}
