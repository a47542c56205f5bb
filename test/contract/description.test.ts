/**
 * The repository's own OpenAPI description must agree with the shared contract it was written
 * from. It may be stricter (status enum, date formats, non-negative counts) but never different.
 * Prism, mocking it, must accept valid requests and flag invalid ones in `sl-violations`.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ANALYTICS_PATH } from '../../dev/standin/server';
import { CONTRACT_FILE, type PrismMock, startPrism } from '../support/prism';

// Only present inside the workspace; a standalone clone skips the comparison.
const SHARED_FILE = path.resolve(
  __dirname,
  '../../../shared/api/instantly-campaign-analytics.openapi.yaml',
);
const ERROR_CODES = ['400', '401', '402', '404', '429'];

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  'x-enumDescriptions'?: Record<string, string>;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: Schema;
}

interface Operation {
  parameters: Parameter[];
  responses: Record<string, { content: Record<string, { schema: Schema }> }>;
}

interface Description {
  servers: { url: string }[];
  security: Record<string, string[]>[];
  paths: Record<string, Record<string, Operation>>;
  components: { securitySchemes: Record<string, unknown>; schemas?: Record<string, Schema> };
}

function load(file: string): Description {
  return parseYaml(readFileSync(file, 'utf8')) as Description;
}

/** Follows a local `#/components/schemas/Name` reference. */
function resolve(doc: Description, schema: Schema): Schema {
  if (!schema.$ref) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = doc.components.schemas?.[name];
  if (!target) throw new Error(`Unresolved ${schema.$ref}`);
  return target;
}

/** What a schema requires of data, without prose or examples. */
function shape(doc: Description, schema: Schema): object {
  const { type, format, enum: values, items, properties, required } = resolve(doc, schema);
  const entries = Object.entries({
    type,
    format,
    enum: values,
    required,
    items: items && shape(doc, items),
    properties:
      properties &&
      Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, shape(doc, v)])),
  });
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

function analyticsOperation(doc: Description): Operation {
  return doc.paths[ANALYTICS_PATH].get;
}

function responseSchema(doc: Description, code: string): Schema {
  return resolve(doc, analyticsOperation(doc).responses[code].content['application/json'].schema);
}

function analyticsItem(doc: Description): Schema {
  return resolve(doc, responseSchema(doc, '200').items ?? {});
}

/** Each parameter reduced to its name, placement and type (formats are checked apart). */
function parameterSignatures(doc: Description) {
  return analyticsOperation(doc).parameters.map((parameter) => ({
    name: parameter.name,
    in: parameter.in,
    required: parameter.required ?? false,
    type: parameter.schema.type,
    itemType: parameter.schema.items?.type,
  }));
}

/** The formats declared, as 'name: format' ('name[]: format' for array items). */
function declaredFormats(schemas: Record<string, Schema>): string[] {
  return Object.entries(schemas)
    .flatMap(([name, schema]) => [
      schema.format && `${name}: ${schema.format}`,
      schema.items?.format && `${name}[]: ${schema.items.format}`,
    ])
    .filter((entry): entry is string => Boolean(entry));
}

function parameterSchemas(doc: Description): Record<string, Schema> {
  return Object.fromEntries(analyticsOperation(doc).parameters.map((p) => [p.name, p.schema]));
}

const describeWhenShared = existsSync(SHARED_FILE) ? describe : describe.skip;

describeWhenShared('own OpenAPI description agrees with the shared contract', () => {
  let own: Description;
  let shared: Description;
  // Loaded in beforeAll, which a skipped block never runs.
  beforeAll(() => {
    own = load(CONTRACT_FILE);
    shared = load(SHARED_FILE);
  });

  it('has the same server and bearer security', () => {
    expect(own.servers.map((server) => server.url)).toEqual(
      shared.servers.map((server) => server.url),
    );
    expect(own.security).toEqual(shared.security);
    expect(own.components.securitySchemes).toEqual(shared.components.securitySchemes);
  });

  it('has the same query parameters, placement and types', () => {
    expect(parameterSignatures(own)).toEqual(parameterSignatures(shared));
  });

  it('keeps every parameter format the shared file declares', () => {
    const ownFormats = declaredFormats(parameterSchemas(own));
    expect(ownFormats).toEqual(expect.arrayContaining(declaredFormats(parameterSchemas(shared))));
  });

  it('has the same response codes', () => {
    expect(Object.keys(analyticsOperation(own).responses).sort()).toEqual(
      Object.keys(analyticsOperation(shared).responses).sort(),
    );
  });

  it('describes the 200 items with the same properties, types and required list', () => {
    const typesOf = (item: Schema) =>
      Object.fromEntries(Object.entries(item.properties ?? {}).map(([k, v]) => [k, v.type]));
    const ownItem = analyticsItem(own);
    const sharedItem = analyticsItem(shared);
    expect(responseSchema(own, '200').type).toBe('array');
    expect(typesOf(ownItem)).toEqual(typesOf(sharedItem));
    expect([...(ownItem.required ?? [])].sort()).toEqual([...(sharedItem.required ?? [])].sort());
    expect(declaredFormats(ownItem.properties ?? {})).toEqual(
      expect.arrayContaining(declaredFormats(sharedItem.properties ?? {})),
    );
  });

  it('enumerates exactly the documented campaign statuses', () => {
    const documented = Object.keys(
      analyticsItem(shared).properties?.campaign_status['x-enumDescriptions'] ?? {},
    ).map(Number);
    const enumerated = analyticsItem(own).properties?.campaign_status.enum;
    expect(new Set(enumerated)).toEqual(new Set(documented));
  });

  it.each(ERROR_CODES)('has the same %s body schema', (code) => {
    expect(shape(own, responseSchema(own, code))).toEqual(
      shape(shared, responseSchema(shared, code)),
    );
  });
});

describe('Prism mock of the own description', () => {
  let prism: PrismMock;
  beforeAll(async () => {
    prism = await startPrism({ dynamic: false });
  });
  afterAll(() => prism.stop());

  const request = (query: string, authorization = 'Bearer any-key') =>
    fetch(`${prism.url}${ANALYTICS_PATH}${query}`, { headers: { authorization } });

  it('answers a valid request with the example and no violations', async () => {
    const ids =
      '?ids=019e18e2-a525-762d-b9c9-04b5925c9ef6&ids=019e18e2-a525-762d-b9c9-04b5925c9ef7';
    const response = await request(`${ids}&start_date=2024-01-01&exclude_total_leads_count=true`);
    expect(response.status).toBe(200);
    expect(response.headers.get('sl-violations')).toBeNull();
    expect(await response.json()).toEqual([
      expect.objectContaining({ campaign_status: 1, leads_count: 1500 }),
    ]);
  });

  it.each([
    ['?ids=not-a-uuid', 'ids'],
    ['?ids=019e18e2-a525-762d-b9c9-04b5925c9ef6,019e18e2-a525-762d-b9c9-04b5925c9ef7', 'ids'],
    ['?start_date=2024-02-30', 'start_date'],
    ['?exclude_total_leads_count=1', 'exclude_total_leads_count'],
  ])('answers %s with 400 and a violation of the parameter', async (query, parameter) => {
    const response = await request(query);
    expect(response.status).toBe(400);
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]');
    expect(violations).toEqual([
      expect.objectContaining({ location: expect.arrayContaining(['query', parameter]) }),
    ]);
  });

  it('answers a non-bearer Authorization with 401', async () => {
    const response = await request('', 'Basic abc');
    expect(response.status).toBe(401);
    expect(response.headers.get('sl-violations')).toContain('Invalid security scheme used');
  });
});
