import { readFileSync } from 'node:fs';
import { generateKeyPairSync } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { ROLES } from '../../src/platform/auth/auth-user';
import { setupTestApp } from '../helpers/setup';
import { TEST_JWT_SECRET } from '../helpers/test-app';
import { AUTHORIZATION_MATRIX } from './authorization-matrix';

const spec = JSON.parse(readFileSync('openapi/openapi.json', 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};
const operations = Object.entries(spec.paths).flatMap(([path, methods]) =>
  Object.keys(methods).map((method) => ({
    method: method.toUpperCase(),
    path,
    key: `${method.toUpperCase()} ${path}`,
  })),
);
const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

describe('authorization matrix (every operation in the spec × every caller)', () => {
  const tokens: Record<string, string> = {};

  const { t } = setupTestApp({});
  beforeAll(async () => {
    for (const role of ROLES) tokens[role] = (await t.user([role])).token;
    const disabled = await t.user(['admin']);
    await t.sql.query('UPDATE users SET disabled = true WHERE id = $1', [disabled.id]);
    const deleted = await t.user(['admin']);
    await t.sql.query('DELETE FROM users WHERE id = $1', [deleted.id]);
    const adminId = (await t.user(['admin'])).id;
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const claims = Buffer.from(JSON.stringify({ sub: adminId, exp: Math.floor(Date.now() / 1000) + 600 })).toString(
      'base64url',
    );
    tokens['(expired)'] = t.token(adminId, { expiresIn: -10 });
    tokens['(wrong signature)'] = sign({}, `${TEST_JWT_SECRET}-other`, { subject: adminId, expiresIn: 600 });
    tokens['(alg none)'] = `${header}.${claims}.`;
    tokens['(RS256 in local mode)'] = sign({}, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, {
      algorithm: 'RS256',
      subject: adminId,
      expiresIn: 600,
    });
    tokens['(disabled user)'] = disabled.token;
    tokens['(deleted user)'] = deleted.token;
  });
  let tried = 0;
  afterAll(async () => {
    process.stdout.write(`authorization: ${tried} calls across ${operations.length} operations\n`);
  });

  it('has an entry for every operation, and no entry for an operation that is gone', () => {
    expect(operations.map((operation) => operation.key).sort()).toEqual(Object.keys(AUTHORIZATION_MATRIX).sort());
  });

  it.each(operations)('$key', async ({ method, path, key }) => {
    const gate = AUTHORIZATION_MATRIX[key];
    const url = path.replace(/\{[^}]+\}/g, PLACEHOLDER_ID);
    const call = (token?: string) => {
      const request = t.http()[method.toLowerCase() as 'get'](url).set('If-Match', '"1"');
      if (token) request.set('Authorization', `Bearer ${token}`);
      return method === 'GET' ? request : request.send({});
    };
    const outcomes: Record<string, number> = {};
    for (const caller of [undefined, ...Object.keys(tokens)]) {
      outcomes[caller ?? '(no token)'] = (await call(caller && tokens[caller])).status;
      tried++;
    }
    const expected: Record<string, string> = {};
    const actual: Record<string, string> = {};
    for (const [caller, status] of Object.entries(outcomes)) {
      const isRole = (ROLES as readonly string[]).includes(caller);
      const admitted = gate === 'public' || (isRole && (gate === 'signed-in' || (gate as string[]).includes(caller)));
      const unauthenticated = !isRole && gate !== 'public';
      expected[caller] = unauthenticated ? '401' : admitted ? 'admitted' : '403';
      actual[caller] = status === 401 || status === 403 ? String(status) : status >= 500 ? `${status}!` : 'admitted';
    }
    expect(actual).toEqual(expected);
  });
});
