import { readFileSync } from 'node:fs';
import { createTestApp, TestApp } from '../helpers/test-app';
import { AUTHORIZATION_MATRIX } from './authorization-matrix';

interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  example?: unknown;
  allOf?: Schema[];
}

const spec = JSON.parse(readFileSync('openapi/openapi.json', 'utf8')) as {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
};

function resolve(schema: Schema): Schema {
  if (schema.$ref) return resolve(spec.components.schemas[schema.$ref.split('/').pop()!]!);
  if (schema.allOf?.length === 1) return resolve(schema.allOf[0]!);
  return schema;
}

/** A value of the right shape, so that one mutated field is the only thing wrong with a body. */
function sample(raw: Schema): unknown {
  const schema = resolve(raw);
  if (schema.enum) return schema.enum[0];
  if (schema.example !== undefined) return schema.example;
  switch (schema.type) {
    case 'string':
      return schema.format === 'uuid'
        ? '00000000-0000-4000-8000-000000000000'
        : schema.format === 'date'
          ? '2024-01-31'
          : schema.format === 'email'
            ? 'someone@example.org'
            : 'x';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [sample(schema.items ?? { type: 'string' })];
    default:
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [name, sample(property)]),
      );
  }
}

const SQL = "'; DROP TABLE users; --";
const SCRIPT = '<script>alert(1)</script>';

function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { nested: value };
  return value;
}

/** Values that must never be accepted for a property of this schema. */
function invalidValues(raw: Schema): { label: string; value: unknown }[] {
  const schema = resolve(raw);
  const values: { label: string; value: unknown }[] = [{ label: 'deep nesting', value: deeplyNested(500) }];
  if (schema.type === 'string') {
    values.push({ label: 'number', value: 12345 }, { label: 'huge string', value: 'x'.repeat(100_000) });
    if (schema.enum || schema.format) {
      values.push({ label: 'SQL fragment', value: SQL }, { label: 'script fragment', value: SCRIPT });
    }
    if (schema.format === 'date') values.push({ label: 'impossible date', value: '2023-02-29' });
  } else if (schema.type === 'array') {
    values.push({ label: 'string', value: SQL }, { label: 'array of wrong items', value: [{ nested: 1 }] });
  } else if (schema.type === 'boolean') {
    values.push({ label: 'string', value: 'yes' });
  } else if (schema.type === 'integer' || schema.type === 'number') {
    values.push({ label: 'string', value: SCRIPT });
  } else {
    values.push({ label: 'string', value: SQL });
  }
  return values;
}

const writes = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.entries(methods)
    // JSON bodies; the NDJSON upload (POST /imports) has its own bad-input tests in test/imports.
    .filter(([, operation]) => operation.requestBody?.content['application/json'])
    .map(([method, operation]) => ({
      key: `${method.toUpperCase()} ${path}`,
      method,
      url: path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000'),
      schema: resolve(operation.requestBody!.content['application/json']!.schema),
    })),
);

function bodiesFor(schema: Schema): { label: string; body: unknown }[] {
  const valid = sample(schema) as Record<string, unknown>;
  const bodies: { label: string; body: unknown }[] = [
    { label: 'array instead of object', body: [valid] },
    { label: 'string instead of object', body: 'hello' },
    { label: 'unknown field', body: { ...valid, unexpectedField: SQL } },
    { label: 'prototype pollution', body: JSON.parse(`{"__proto__": {"admin": true}, "constructor": {"x": 1}}`) },
  ];
  for (const name of schema.required ?? []) {
    const missing = { ...valid };
    delete missing[name];
    bodies.push({ label: `missing ${name}`, body: missing });
  }
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    for (const { label, value } of invalidValues(property)) {
      bodies.push({ label: `${name}: ${label}`, body: { ...valid, [name]: value } });
    }
  }
  return bodies;
}

describe('bad input to every write endpoint', () => {
  let t: TestApp;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp();
    for (const role of ['admin', 'practitioner', 'manager', 'mash', 'social_care_system', 'analyst'] as const) {
      tokens[role] = (await t.user([role])).token;
    }
  });
  let tried = 0;
  afterAll(async () => {
    process.stdout.write(`bad input: ${tried} invalid requests across ${writes.length} write operations\n`);
    await t.close();
  });

  const snapshot = async () =>
    (
      await t.sql.query(
        `SELECT string_agg(table_name || '=' || (xpath('/row/c/text()',
                  query_to_xml(format('SELECT count(*) AS c FROM %I', table_name), false, true, '')))[1]::text, ',')
           AS counts
           FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
      )
    ).rows[0].counts as string;

  it.each(writes)('$key', async ({ key, method, url, schema }) => {
    const gate = AUTHORIZATION_MATRIX[key];
    const role = Array.isArray(gate) ? gate[0]! : 'admin';
    const before = await snapshot();
    const failures: string[] = [];
    const verb = method as 'post' | 'patch' | 'put';
    const send = (body: string | Buffer, label: string) => {
      const agent = t.http();
      return agent[verb](url)
        .set('Authorization', `Bearer ${tokens[role]}`)
        .set('If-Match', '"1"')
        .set('Content-Type', 'application/json')
        .send(body)
        .then((response) => {
          const problem = /application\/problem\+json/.test(String(response.headers['content-type']));
          if (response.status < 400 || response.status >= 500 || !problem) {
            failures.push(`${label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
          }
          if (/QueryFailedError|at .+\.ts:\d+|SELECT |INSERT /.test(response.text)) {
            failures.push(`${label}: leaks internals`);
          }
        });
    };
    const bodies = bodiesFor(schema);
    tried += bodies.length + 2;
    for (const { label, body } of bodies) await send(JSON.stringify(body), label);
    await send(
      Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      'non-UTF-8',
    );
    await send('{"name": "unterminated', 'malformed JSON');
    expect(failures).toEqual([]);
    expect(await snapshot()).toBe(before);
  });
});
