import { readFileSync } from 'node:fs';
import type { Response } from 'supertest';
import { setupTestApp } from '../helpers/setup';
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
  nullable?: boolean;
}

interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  schema?: { example?: unknown };
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: Schema }> };
}

const spec = JSON.parse(readFileSync('openapi/openapi.json', 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
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

/**
 * The path with every parameter filled in with a well-formed value that names no record: its
 * example for a parameter that has one (a year), else a UUID, so the refusal is the body's or the
 * query's, not the path's.
 */
function pathWithIds(path: string, operation: Operation): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const parameter = (operation.parameters ?? []).find((p) => p.in === 'path' && p.name === name);
    const example = parameter?.schema?.example;
    return example === undefined ? '00000000-0000-4000-8000-000000000000' : String(example);
  });
}

const writes = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.entries(methods)
    // JSON bodies; the NDJSON upload (POST /imports) has its own bad-input tests in test/imports.
    .filter(([, operation]) => operation.requestBody?.content['application/json'])
    .map(([method, operation]) => ({
      key: `${method.toUpperCase()} ${path}`,
      method,
      url: pathWithIds(path, operation),
      schema: resolve(operation.requestBody!.content['application/json']!.schema),
      idempotencyKeyRequired: (operation.parameters ?? []).some(
        (parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key' && parameter.required,
      ),
    })),
);

/** Every query parameter of every operation, whatever its method. */
const queryParameters = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.entries(methods).flatMap(([method, operation]) =>
    (operation.parameters ?? [])
      .filter((parameter) => parameter.in === 'query')
      .map((parameter) => ({
        key: `${method.toUpperCase()} ${path}`,
        method,
        url: pathWithIds(path, operation),
        name: parameter.name,
      })),
  ),
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

/** Every field of a body, nested objects and items of arrays of objects included, with its path. */
function fieldsOf(schema: Schema, path: string[] = []): { path: string[]; schema: Schema }[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, raw]) => {
    const property = resolve(raw);
    const here = [...path, name];
    const items = property.type === 'array' && property.items ? resolve(property.items) : undefined;
    return [
      { path: here, schema: property },
      ...(property.properties ? fieldsOf(property, here) : []),
      ...(items?.properties ? fieldsOf(items, [...here, '0']) : []),
    ];
  });
}

function withValueAt(body: unknown, path: string[], value: unknown): unknown {
  const copy = structuredClone(body) as Record<string, unknown>;
  let parent = copy;
  for (const step of path.slice(0, -1)) {
    parent[step] ??= step === '0' ? [] : {};
    parent = parent[step] as Record<string, unknown>;
  }
  parent[path[path.length - 1]!] = value;
  return copy;
}

const NUL = 'Ok\u0000afor';
const LONE_SURROGATE = 'Ok\ud800afor';

/**
 * For every field: null (unless the schema says nullable), U+0000 in a string, a lone surrogate.
 * Each must be a 400 whose `errors` name that field (or the object holding it), whatever else is
 * wrong with the sample body: validation runs before anything reaches a service.
 */
function fieldMutationsFor(schema: Schema): { label: string; body: unknown; field: string }[] {
  const valid = sample(schema);
  return fieldsOf(schema).flatMap(({ path, schema: property }) => {
    const field = path.join('.');
    return [
      ...(property.nullable ? [] : [{ label: `${field}: null`, body: withValueAt(valid, path, null), field }]),
      { label: `${field}: U+0000`, body: withValueAt(valid, path, NUL), field },
      { label: `${field}: lone surrogate`, body: withValueAt(valid, path, LONE_SURROGATE), field },
    ];
  });
}

const NESTED_ARRAYS = '['.repeat(1500) + ']'.repeat(1500);

describe('bad input to every write endpoint', () => {
  const tokens: Record<string, string> = {};

  const { t } = setupTestApp({});
  beforeAll(async () => {
    for (const role of [
      'admin',
      'practitioner',
      'manager',
      'mash',
      'social_care_system',
      'analyst',
      'auditor',
    ] as const) {
      tokens[role] = (await t.user([role])).token;
    }
  });
  let tried = 0;
  let keys = 0;
  afterAll(async () => {
    process.stdout.write(
      `bad input: ${tried} invalid requests across ${writes.length} write operations ` +
        `and ${queryParameters.length} query parameters\n`,
    );
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

  const tokenFor = (key: string) => {
    const gate = AUTHORIZATION_MATRIX[key];
    return tokens[Array.isArray(gate) ? gate[0]! : 'admin']!;
  };

  /** What every refusal must look like; `expect` narrows it to one status and a named field. */
  function check(
    response: Response,
    label: string,
    failures: string[],
    expected?: { status: number; field?: string },
  ): void {
    const problem = /application\/problem\+json/.test(String(response.headers['content-type']));
    const fields = ((response.body as { errors?: { field: string }[] }).errors ?? []).map((error) => error.field);
    const wrong =
      response.status < 400 ||
      response.status >= 500 ||
      !problem ||
      (expected && response.status !== expected.status) ||
      (expected?.field !== undefined &&
        !fields.some((field) => expected.field === field || expected.field!.startsWith(`${field}.`)));
    if (wrong) failures.push(`${label}: ${response.status} ${JSON.stringify(response.body).slice(0, 200)}`);
    if (/QueryFailedError|at .+\.ts:\d+|SELECT |INSERT /.test(response.text))
      failures.push(`${label}: leaks internals`);
  }

  /** A few requests at a time: one app, and a runtime the CI can afford. */
  async function inBatches<T>(items: T[], run: (item: T) => Promise<void>, size = 8): Promise<void> {
    for (let start = 0; start < items.length; start += size) {
      await Promise.all(items.slice(start, start + size).map(run));
    }
  }

  it.each(writes)('$key', async ({ key, method, url, schema, idempotencyKeyRequired }) => {
    const before = await snapshot();
    const failures: string[] = [];
    const verb = method as 'post' | 'patch' | 'put';
    const send = (
      body: string | Buffer,
      label: string,
      expected?: { status: number; field?: string },
      headers: Record<string, string> = {},
    ) => {
      const agent = t.http();
      let request = agent[verb](url)
        .set('Authorization', `Bearer ${tokenFor(key)}`)
        .set('If-Match', '"1"')
        .set('Content-Type', 'application/json');
      if (idempotencyKeyRequired) request = request.set('Idempotency-Key', `bad-input-${++keys}`);
      for (const [name, value] of Object.entries(headers)) request = request.set(name, value);
      return request.send(body).then((response) => check(response, label, failures, expected));
    };
    const bodies = bodiesFor(schema);
    const mutations = fieldMutationsFor(schema);
    const valid = sample(schema) as Record<string, unknown>;
    const firstField = Object.keys(valid)[0] ?? 'field';
    const whole: { label: string; body: string; expected: { status: number }; headers?: Record<string, string> }[] = [
      { label: 'arrays nested 1,500 deep as the body', body: NESTED_ARRAYS, expected: { status: 400 } },
      {
        label: `${firstField}: arrays nested 1,500 deep`,
        body: JSON.stringify({ ...valid, [firstField]: '<nested>' }).replace('"<nested>"', NESTED_ARRAYS),
        expected: { status: 400 },
      },
      ...['gzip', 'br'].map((encoding) => ({
        label: `Content-Encoding: ${encoding} with a plain body`,
        body: JSON.stringify(valid),
        expected: { status: 415 },
        headers: { 'Content-Encoding': encoding },
      })),
    ];
    tried += bodies.length + mutations.length + whole.length + 2;
    await inBatches(bodies, ({ label, body }) => send(JSON.stringify(body), label));
    await inBatches(mutations, ({ label, body, field }) => send(JSON.stringify(body), label, { status: 400, field }));
    await inBatches(whole, ({ label, body, expected, headers }) => send(body, label, expected, headers));
    await send(
      Buffer.from([0x7b, 0x22, 0x6e, 0x61, 0x6d, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]),
      'non-UTF-8',
    );
    await send('{"name": "unterminated', 'malformed JSON');
    expect(failures).toEqual([]);
    expect(await snapshot()).toBe(before);
  });

  it('every query parameter of every operation refuses U+0000 and a surrogate encoded as UTF-8', async () => {
    const before = await snapshot();
    const failures: string[] = [];
    const requests = queryParameters.flatMap((parameter) =>
      ['Ok%00afor', 'Ok%ED%A0%80afor'].map((value) => ({ ...parameter, value })),
    );
    tried += requests.length;
    await inBatches(requests, async ({ key, method, url, name, value }) => {
      const agent = t.http();
      const response = await agent[method as 'get' | 'post'](`${url}?${name}=${value}`).set(
        'Authorization',
        `Bearer ${tokenFor(key)}`,
      );
      check(response, `${key} ?${name}=${value}`, failures, { status: 400, field: name });
    });
    expect(failures).toEqual([]);
    expect(await snapshot()).toBe(before);
  });
});
