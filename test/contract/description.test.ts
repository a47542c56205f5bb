/**
 * The repository's own OpenAPI description must agree with the shared contract it was written
 * from. It may be stricter (date formats, non-negative counts, required fields, no extra fields)
 * but never different. Prism, mocking it, must accept valid requests and flag invalid ones in
 * `sl-violations`; as a proxy to the stand-in, it must find nothing wrong with the stand-in's
 * answers on any v2 endpoint.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import {
  ANALYTICS_PATH,
  CAMPAIGNS_PATH,
  DAILY_PATH,
  OVERVIEW_PATH,
  STEPS_PATH,
  type Standin,
  startStandin,
  WORKSPACE_PATH,
} from '../../dev/standin/server';
import {
  CAMPAIGN_STATUS,
  createSampleWorkspace,
  createWorkspace,
} from '../../dev/standin/workspace';
import { CONTRACT_FILE, type PrismMock, startPrism } from '../support/prism';

/** The shared file of that name in the nearest ancestor's shared/api, if any. */
function sharedFile(name: string): string | undefined {
  // Present inside the workspace (above the repository or its worktree); a standalone clone skips
  // the comparison.
  for (let dir = path.resolve(__dirname, '../..'); dir !== path.dirname(dir); ) {
    dir = path.dirname(dir);
    const file = path.join(dir, 'shared/api', name);
    if (existsSync(file)) return file;
  }
  return undefined;
}

const SHARED_FILE = sharedFile('instantly-analytics-v2.openapi.yaml');
const V2_PATHS = [
  ANALYTICS_PATH,
  DAILY_PATH,
  STEPS_PATH,
  OVERVIEW_PATH,
  CAMPAIGNS_PATH,
  WORKSPACE_PATH,
];

interface Schema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: Schema;
}

interface Operation {
  parameters?: Parameter[];
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

/**
 * What a schema requires of data, without prose or examples; `loose` leaves out the required
 * lists, which the own description may lengthen.
 */
function shape(doc: Description, schema: Schema, loose = false): object {
  const { type, format, enum: values, items, properties, required } = resolve(doc, schema);
  const entries = Object.entries({
    type,
    format,
    enum: values,
    required: loose ? undefined : required,
    items: items && shape(doc, items, loose),
    properties:
      properties &&
      Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, shape(doc, v, loose)])),
  });
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
}

function operation(doc: Description, route: string): Operation {
  return doc.paths[route].get;
}

function responseSchema(doc: Description, code: string, route: string): Schema {
  return resolve(doc, operation(doc, route).responses[code].content['application/json'].schema);
}

/** The object a 200 response holds, or holds an array of. */
function successObject(doc: Description, route: string): Schema {
  const schema = responseSchema(doc, '200', route);
  return schema.type === 'array' ? resolve(doc, schema.items ?? {}) : schema;
}

/** Each parameter reduced to its name, placement and type (formats are checked apart). */
function parameterSignatures(doc: Description, route: string) {
  return (operation(doc, route).parameters ?? []).map((parameter) => ({
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

function parameterSchemas(doc: Description, route: string): Record<string, Schema> {
  return Object.fromEntries(
    (operation(doc, route).parameters ?? []).map((p) => [p.name, p.schema]),
  );
}

const describeWhenShared = SHARED_FILE ? describe : describe.skip;

describeWhenShared('own OpenAPI description agrees with the shared contract', () => {
  let own: Description;
  let shared: Description;
  beforeAll(() => {
    // Loaded in beforeAll, which a skipped block never runs.
    own = load(CONTRACT_FILE);
    shared = load(SHARED_FILE as string);
  });

  it('describes the same endpoints, server and bearer security', () => {
    expect(Object.keys(own.paths).sort()).toEqual(Object.keys(shared.paths).sort());
    expect(Object.keys(shared.paths).sort()).toEqual([...V2_PATHS].sort());
    expect(own.servers).toEqual(shared.servers);
    expect(own.security).toEqual(shared.security);
    expect(own.components.securitySchemes).toEqual(shared.components.securitySchemes);
  });

  describe.each(V2_PATHS)('%s', (route) => {
    it('has the same query parameters, keeping every format', () => {
      expect(parameterSignatures(own, route)).toEqual(parameterSignatures(shared, route));
      expect(declaredFormats(parameterSchemas(own, route))).toEqual(
        expect.arrayContaining(declaredFormats(parameterSchemas(shared, route))),
      );
    });

    it('has the same response codes and error bodies', () => {
      const codes = Object.keys(operation(shared, route).responses).sort();
      expect(Object.keys(operation(own, route).responses).sort()).toEqual(codes);
      for (const code of codes.filter((c) => c !== '200')) {
        expect(shape(own, responseSchema(own, code, route))).toEqual(
          shape(shared, responseSchema(shared, code, route)),
        );
      }
    });

    it('describes the 200 body with the same properties and types, requiring at least as much', () => {
      expect(shape(own, responseSchema(own, '200', route), true)).toEqual(
        shape(shared, responseSchema(shared, '200', route), true),
      );
      expect(successObject(own, route).required ?? []).toEqual(
        expect.arrayContaining(successObject(shared, route).required ?? []),
      );
    });
  });
});

describe('stand-in answers, checked by a Prism proxy against the own description', () => {
  const campaigns = createSampleWorkspace({ endDate: '2025-06-30', campaignCount: 8 });
  const [sent, draft] = [
    campaigns.find((c) => c.status === CAMPAIGN_STATUS.active),
    campaigns.find((c) => c.status === CAMPAIGN_STATUS.draft),
  ];
  const unpaid = createWorkspace({ name: 'Unpaid', apiKeys: ['unpaid-key'], paidPlan: false });
  const range = 'start_date=2025-01-01&end_date=2025-06-30';
  let standin: Standin;
  let prism: PrismMock;

  beforeAll(async () => {
    standin = await startStandin({
      workspaces: [createWorkspace({ apiKeys: ['test-key'], campaigns }), unpaid],
    });
    prism = await startPrism({ upstream: standin.url });
  });
  afterEach(() => standin.reset());
  afterAll(async () => {
    await prism.stop();
    await standin.close();
  });

  /** Status and violations of a request through the proxy. */
  async function exchange(route: string, query = '', key = 'test-key') {
    const response = await fetch(`${prism.url}${route}${query && `?${query}`}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    const body = await response.text();
    const violations = JSON.parse(response.headers.get('sl-violations') ?? '[]');
    return { status: response.status, violations, body };
  }

  it.each([
    [ANALYTICS_PATH, range],
    [ANALYTICS_PATH, `ids=${sent?.id}&ids=${draft?.id}&exclude_total_leads_count=true`],
    [DAILY_PATH, range],
    [DAILY_PATH, `campaign_id=${sent?.id}&${range}&campaign_status=1`],
    [STEPS_PATH, range],
    [STEPS_PATH, `campaign_id=${sent?.id}&include_opportunities_count=true`],
    [OVERVIEW_PATH, ''],
    [OVERVIEW_PATH, `id=${sent?.id}&ids=${draft?.id}&${range}&expand_crm_events=true`],
    [CAMPAIGNS_PATH, ''],
    [CAMPAIGNS_PATH, `limit=3&starting_after=${campaigns[2].id}`],
    [CAMPAIGNS_PATH, `starting_after=${campaigns[campaigns.length - 1].id}`],
    [WORKSPACE_PATH, ''],
  ])('%s?%s: 200 as described', async (route, query) => {
    const { status, violations, body } = await exchange(route, query);
    expect([status, violations]).toEqual([200, []]);
    expect(body.length).toBeGreaterThan(2);
  });

  it.each(V2_PATHS)('%s: 401, 402, 429 and 404 bodies as described', async (route) => {
    const refused = await exchange(route, '', 'unknown-key');
    expect([refused.status, refused.violations]).toEqual([401, []]);
    const unpaidAnswer = await exchange(route, '', 'unpaid-key');
    expect([unpaidAnswer.status, unpaidAnswer.violations]).toEqual([402, []]);
    standin.setConfig({ rateLimit: { perSecond: 0, perMinute: 0 } });
    const limited = await exchange(route);
    expect([limited.status, limited.violations]).toEqual([429, []]);
  });

  it.each([
    [ANALYTICS_PATH, 'ids=00000000-0000-4000-8000-000000000000'],
    [DAILY_PATH, 'campaign_id=00000000-0000-4000-8000-000000000000'],
    [STEPS_PATH, 'campaign_id=00000000-0000-4000-8000-000000000000'],
    [OVERVIEW_PATH, 'id=00000000-0000-4000-8000-000000000000'],
  ])('%s?%s: 404 as described', async (route, query) => {
    const { status, violations } = await exchange(route, query);
    expect([status, violations]).toEqual([404, []]);
  });

  it('flags an answer that breaks the description', async () => {
    standin.queueFault({ body: '[{"date": 5}]' });
    const { violations } = await exchange(DAILY_PATH);
    expect(violations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ location: ['response', 'body', '0', 'date'] }),
        expect.objectContaining({ message: expect.stringContaining("required property 'sent'") }),
      ]),
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
