/** UrlFetchApp as the core's Transport. */
import type { HttpRequest, HttpResponse, Transport } from '../core/api-client';

function lowerCaseHeaders(headers: object): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    result[name.toLowerCase()] = Array.isArray(value) ? String(value[0]) : String(value);
  }
  return result;
}

export const urlFetchTransport: Transport = (request: HttpRequest): HttpResponse => {
  // Status codes are handled by the core, so no HTTP status may throw here.
  const response = UrlFetchApp.fetch(request.url, {
    method: 'get',
    headers: request.headers,
    muteHttpExceptions: true,
    followRedirects: false,
  });
  return {
    status: response.getResponseCode(),
    headers: lowerCaseHeaders(response.getAllHeaders()),
    body: response.getContentText(),
  };
};
