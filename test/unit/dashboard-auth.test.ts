import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  apiGatewayClaims,
  clearedSessionCookie,
  createLocalDashboardAuth,
  LOCAL_TOKEN_AUDIENCE,
  LOCAL_TOKEN_LIFETIME_SECONDS,
  localSubjectOf,
  sessionCookie,
  tokenOfRequest,
} from '../../cli/local/dashboard-auth';
import { departmentsOwnedBy, isPagePath, signInUrl } from '../../cli/local/dashboard-sign-in';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';

const ISSUER = 'http://127.0.0.1:8787';
const key = new Uint8Array(32).fill(7);

describe('createLocalDashboardAuth', () => {
  it('issues an ID token whose claims reach the function as API Gateway flattens them', async () => {
    const auth = createLocalDashboardAuth(ISSUER, { key, now: () => new Date('2026-12-02T10:00:00Z') });
    const token = await auth.issue({ email: 'Officer@Example.com', officer: true });
    const verified = await auth.verify(token);
    const iat = Date.parse('2026-12-02T10:00:00Z') / 1000;
    expect(verified?.claims).toEqual({
      sub: localSubjectOf('officer@example.com'),
      email: 'officer@example.com',
      email_verified: 'true',
      'cognito:groups': '[officer]',
      'cognito:username': 'officer@example.com',
      token_use: 'id',
      auth_time: String(iat),
      iss: ISSUER,
      aud: LOCAL_TOKEN_AUDIENCE,
      iat: String(iat),
      exp: String(iat + LOCAL_TOKEN_LIFETIME_SECONDS),
    });
    expect(verified?.expiresAt).toBe(iat + LOCAL_TOKEN_LIFETIME_SECONDS);
  });

  it('gives an owner no group', async () => {
    const auth = createLocalDashboardAuth(ISSUER, { key });
    const verified = await auth.verify(await auth.issue({ email: 'head@example.com', officer: false }));
    expect(verified?.claims['cognito:groups']).toBe('[]');
  });

  it('refuses a token of another run (another key), another stack (issuer), an expired one, and garbage', async () => {
    const now = new Date('2026-12-02T10:00:00Z');
    const auth = createLocalDashboardAuth(ISSUER, { key, now: () => now });
    const token = await auth.issue({ email: 'officer@example.com', officer: true });
    expect(await createLocalDashboardAuth(ISSUER, { key: new Uint8Array(32).fill(8), now: () => now }).verify(token)).toBeUndefined();
    expect(await createLocalDashboardAuth('http://127.0.0.1:9999', { key, now: () => now }).verify(token)).toBeUndefined();
    const later = new Date(now.getTime() + (LOCAL_TOKEN_LIFETIME_SECONDS + 60) * 1000);
    expect(await createLocalDashboardAuth(ISSUER, { key, now: () => later }).verify(token)).toBeUndefined();
    expect(await auth.verify('not.a.token')).toBeUndefined();
    expect(await auth.verify(`${token}x`)).toBeUndefined();
  });

  it('refuses a token signed with the right key but meant for another audience or use', async () => {
    const auth = createLocalDashboardAuth(ISSUER, { key });
    const sign = (claims: Record<string, unknown>, audience: string) =>
      new SignJWT({ email: 'officer@example.com', ...claims }).setProtectedHeader({ alg: 'HS256' }).setSubject('s').setIssuer(ISSUER).setAudience(audience).setIssuedAt().setExpirationTime('1h').sign(key);
    expect(await auth.verify(await sign({ token_use: 'id' }, 'another-app'))).toBeUndefined();
    expect(await auth.verify(await sign({ token_use: 'access' }, LOCAL_TOKEN_AUDIENCE))).toBeUndefined();
    expect(await auth.verify(await sign({ token_use: 'id' }, LOCAL_TOKEN_AUDIENCE))).toBeDefined();
  });

  it('refuses an unsigned token ("alg": "none") carrying the officer group', async () => {
    const auth = createLocalDashboardAuth(ISSUER, { key });
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const forged = `${part({ alg: 'none', typ: 'JWT' })}.${part({ sub: 's', email: 'x@example.com', 'cognito:groups': ['officer'], token_use: 'id', iss: ISSUER, aud: LOCAL_TOKEN_AUDIENCE, iat: 1, exp: 4_000_000_000 })}.`;
    expect(await auth.verify(forged)).toBeUndefined();
  });
});

describe('apiGatewayClaims', () => {
  it('turns every value into a string, arrays as "[a b]"', () => {
    expect(apiGatewayClaims({ 'cognito:groups': ['officer', 'other'], email_verified: true, exp: 12, aud: ['a'], skip: undefined })).toEqual({
      'cognito:groups': '[officer other]',
      email_verified: 'true',
      exp: '12',
      aud: '[a]',
    });
  });
});

describe('tokenOfRequest', () => {
  it('reads a bearer token first, then the session cookie among others', () => {
    expect(tokenOfRequest({ authorization: 'Bearer abc.def.ghi', cookie: 'cv_session=zzz' })).toBe('abc.def.ghi');
    expect(tokenOfRequest({ cookie: 'theme=dark; cv_session=abc.def.ghi; other=1' })).toBe('abc.def.ghi');
    expect(tokenOfRequest({ cookie: 'cv_session_old=abc; cv_session=' })).toBeUndefined();
    expect(tokenOfRequest({ authorization: 'Basic dXNlcjpwYXNz' })).toBeUndefined();
    expect(tokenOfRequest({})).toBeUndefined();
  });
});

describe('session cookie', () => {
  it('is HttpOnly, SameSite, on the whole origin, and clearing it expires it', () => {
    expect(sessionCookie('t', 3600.7)).toBe('cv_session=t; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600');
    expect(clearedSessionCookie()).toMatch(/^cv_session=; Path=\/; HttpOnly; SameSite=Lax; Max-Age=0$/);
  });
});

describe('sign-in links', () => {
  it('only ever redirect to one of the page paths', () => {
    for (const ok of ['/', '/departments/billing', '/interfaces', '/journeys', '/incidents', '/incidents/inc_123', '/departments/after-sales']) expect(isPagePath(ok), ok).toBe(true);
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', '/v1/dashboard/session', '/departments/', '/departments/a/b', '/_local/sign-out', '/incidents/x?y', '']) {
      expect(isPagePath(bad), bad).toBe(false);
    }
    expect(signInUrl('http://127.0.0.1:1234', 'a.b.c', '/departments/billing')).toBe('http://127.0.0.1:1234/_local/sign-in?token=a.b.c&next=%2Fdepartments%2Fbilling');
    expect(signInUrl('http://127.0.0.1:1234', 'a.b.c', '//evil.example')).toBe('http://127.0.0.1:1234/_local/sign-in?token=a.b.c');
  });

  it('name the departments an address owns, whatever its case', () => {
    const config = parseDepartmentsConfig(
      JSON.stringify({
        departments: [
          { id: 'billing', names: { en: 'Billing', fr: 'Facturation' }, owners: ['Head.Billing@example.com'], keywords: { en: ['invoice'], fr: ['facture'] } },
          { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, owners: [{ email: 'ops@example.com', lang: 'en' }, 'head.billing@example.com'], keywords: { en: ['parcel'], fr: ['colis'] } },
          { id: 'digital', names: { en: 'Digital', fr: 'Digital' }, keywords: { en: ['app'], fr: ['appli'] } },
        ],
      }),
    );
    expect(departmentsOwnedBy(config, 'head.billing@EXAMPLE.com')).toEqual(['billing', 'delivery']);
    expect(departmentsOwnedBy(config, 'nobody@example.com')).toEqual([]);
  });
});
