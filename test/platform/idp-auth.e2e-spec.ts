import { generateKeyPairSync, KeyObject } from 'node:crypto';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sign } from 'jsonwebtoken';
import { setupTestApp } from '../helpers/setup';
import { TEST_JWT_SECRET } from '../helpers/test-app';

const ISSUER = 'https://login.partnership.test/';
const AUDIENCE = 'early-help-api';
const KID = 'key-1';

describe('IdP mode: RS256 tokens verified against a JWKS', () => {
  let jwks: Server;
  let privateKey: KeyObject;

  beforeAll(async () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    privateKey = pair.privateKey;
    const jwk = { ...pair.publicKey.export({ format: 'jwk' }), kid: KID, use: 'sig', alg: 'RS256' };
    jwks = createServer((_, response) => {
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  });
  afterAll(() => jwks.close());
  // The JWKS server's beforeAll, declared before, has started it when the app boots.
  const { t } = setupTestApp({}, () => ({
    AUTH_MODE: 'idp',
    JWT_JWKS_URI: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/jwks.json`,
    JWT_ISSUER: ISSUER,
    JWT_AUDIENCE: AUDIENCE,
  }));

  const idpToken = (subject: string, overrides: { issuer?: string; audience?: string; kid?: string } = {}) =>
    sign({}, privateKey, {
      algorithm: 'RS256',
      keyid: overrides.kid ?? KID,
      subject,
      issuer: overrides.issuer ?? ISSUER,
      audience: overrides.audience ?? AUDIENCE,
      expiresIn: 300,
    });

  it('accepts a token from the IdP for a known user', async () => {
    const user = await t.user(['practitioner']);
    const me = await t
      .http()
      .get('/users/me')
      .set('Authorization', `Bearer ${idpToken(user.id)}`)
      .expect(200);
    expect(me.body.id).toBe(user.id);
  });

  it('refuses the wrong issuer or audience, an unknown key, and an HS256 token', async () => {
    const user = await t.user(['practitioner']);
    const refused = [
      idpToken(user.id, { issuer: 'https://elsewhere.test/' }),
      idpToken(user.id, { audience: 'another-api' }),
      idpToken(user.id, { kid: 'unknown-key' }),
      sign({}, TEST_JWT_SECRET, {
        algorithm: 'HS256',
        subject: user.id,
        expiresIn: 300,
        issuer: ISSUER,
        audience: AUDIENCE,
      }),
    ];
    for (const token of refused) {
      await t.http().get('/users/me').set('Authorization', `Bearer ${token}`).expect(401);
    }
  });
});
