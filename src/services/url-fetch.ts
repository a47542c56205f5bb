/** UrlFetchApp as the core's Transport. */
import type { BatchTransport, HttpRequest, HttpResponse, Transport } from '../core/api-client';

function lowerCaseHeaders(headers: object): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name.toLowerCase()] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return result;
}

function asResponse(response: GoogleAppsScript.URL_Fetch.HTTPResponse): HttpResponse {
  return {
    status: response.getResponseCode(),
    headers: lowerCaseHeaders(response.getAllHeaders()),
    body: response.getContentText(),
  };
}

// Status codes are handled by the core, so no HTTP status may throw here.
const GET = { method: 'get', muteHttpExceptions: true, followRedirects: false } as const;

export const urlFetchTransport: Transport = (request: HttpRequest): HttpResponse =>
  asResponse(UrlFetchApp.fetch(request.url, { ...GET, headers: request.headers }));

/** UrlFetchApp.fetchAll sends the requests side by side; the core keeps batches within limits. */
export const urlFetchBatchTransport: BatchTransport = (requests) =>
  UrlFetchApp.fetchAll(
    requests.map((request) => ({ ...GET, url: request.url, headers: request.headers })),
  ).map(asResponse);
