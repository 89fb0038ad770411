import { mkdir, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2, APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dashboardSite, ensureDashboardBuilt, LOCAL_PAGE_CSP } from '../../cli/local/dashboard-assets';
import { dashboardContentSecurityPolicy } from '../../infra/constructs/dashboard-headers';
import { createLocalDashboardAuth, tokenOfRequest } from '../../cli/local/dashboard-auth';
import { dashboardSignInRoute } from '../../cli/local/dashboard-sign-in';
import { createApiServer } from '../../cli/local/http-server';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { jsonResponse } from '../../shared/http/errors';
import { ROUTES } from '../../shared/resources';
import { tempDir } from '../support/http';

// Prepare: the local server with a handler that echoes the event it got, a built page in a
// temporary dist dir, and this run's sign-in.
let server: Server;
let base: string;
let dir: Awaited<ReturnType<typeof tempDir>>;
const seen: APIGatewayProxyEventV2[] = [];
const auth = createLocalDashboardAuth('http://issuer.test');
const INDEX = '<!doctype html><title>customer-voice</title><script type="module" src="/assets/index-Ab12Cd34.js"></script>';

beforeAll(async () => {
  dir = await tempDir('dash-site');
  await mkdir(join(dir.path, 'assets'));
  await writeFile(join(dir.path, 'index.html'), INDEX);
  await writeFile(join(dir.path, 'assets', 'index-Ab12Cd34.js'), 'console.log("page")');
  await writeFile(join(dir.path, 'assets', 'index-Ab12Cd34.css'), 'body{}');
  await writeFile(join(dir.path, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(join(dir.path, '.secret'), 'no');
  const echo = async (event: APIGatewayProxyEventV2) => {
    seen.push(event);
    return jsonResponse(200, { path: event.rawPath });
  };
  server = createApiServer({ readApi: echo, adminApi: echo, ingestApi: echo }, () => undefined, {
    local: [dashboardSignInRoute({ auth: () => auth, adminKey: () => 'admin-key', departments: () => DEFAULT_DEPARTMENTS })],
    authorizer: async (req) => {
      const token = tokenOfRequest(req.headers);
      return token ? (await auth.verify(token))?.claims : undefined;
    },
    site: dashboardSite({ distDir: dir.path, config: { auth: 'local', apiBase: '' } }),
    routes: [...ROUTES, { method: 'GET', path: '/v1/dashboard/session', fn: 'readApi' }, { method: 'GET', path: '/v1/dashboard/departments/{id}', fn: 'readApi' }],
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((ok) => server.close(() => ok()));
  await dir.remove();
});

describe('the dashboard routes on the local server', () => {
  it('refuse a request without a valid token with API Gateway\'s 401, before any function runs', async () => {
    const before = seen.length;
    const foreign = await createLocalDashboardAuth('http://issuer.test').issue({ email: 'officer@example.com', officer: true });
    const attempts: Record<string, string>[] = [{}, { authorization: 'Bearer nope' }, { cookie: 'cv_session=nope' }, { cookie: `cv_session=${foreign}` }, { 'x-api-key': 'admin-key' }];
    for (const headers of attempts) {
      const res = await fetch(`${base}/v1/dashboard/session`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: 'Unauthorized' });
    }
    expect(seen.length).toBe(before);
  });

  it('hand the function the token\'s claims where API Gateway puts them, from the cookie or a bearer header', async () => {
    const token = await auth.issue({ email: 'head@example.com', officer: false });
    for (const headers of [{ cookie: `theme=dark; cv_session=${token}` }, { authorization: `Bearer ${token}` }] as Record<string, string>[]) {
      const res = await fetch(`${base}/v1/dashboard/departments/billing`, { headers });
      expect(res.status).toBe(200);
      const event = seen.at(-1) as APIGatewayProxyEventV2WithJWTAuthorizer;
      expect(event.routeKey).toBe('GET /v1/dashboard/departments/{id}');
      expect(event.pathParameters).toEqual({ id: 'billing' });
      expect(event.requestContext.authorizer.jwt.scopes).toBeNull();
      expect(event.requestContext.authorizer.jwt.claims).toMatchObject({ email: 'head@example.com', email_verified: 'true', 'cognito:groups': '[]', token_use: 'id', iss: 'http://issuer.test' });
    }
  });

  it('leave the other routes to their API keys: no claims, no 401 from the gateway', async () => {
    const res = await fetch(`${base}/v1/health`);
    expect(res.status).toBe(200);
    expect((seen.at(-1)!.requestContext as { authorizer?: unknown }).authorizer).toBeUndefined();
  });

  it('a sign-in link sets an HttpOnly cookie and redirects to the page path asked for, never elsewhere', async () => {
    const token = await auth.issue({ email: 'officer@example.com', officer: true });
    const res = await fetch(`${base}/_local/sign-in?token=${token}&next=%2Fdepartments%2Fbilling`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/departments/billing');
    expect(res.headers.get('set-cookie')).toMatch(new RegExp(`^cv_session=${token.replace(/\./g, '\\.')}; Path=/; HttpOnly; SameSite=Lax; Max-Age=\\d+$`));
    const elsewhere = await fetch(`${base}/_local/sign-in?token=${token}&next=%2F%2Fevil.example`, { redirect: 'manual' });
    expect(elsewhere.headers.get('location')).toBe('/');
  });

  it('a stale link gets a page saying how to get a new one, and no cookie', async () => {
    const other = createLocalDashboardAuth('http://issuer.test');
    const res = await fetch(`${base}/_local/sign-in?token=${await other.issue({ email: 'officer@example.com', officer: true })}`, { redirect: 'manual' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('set-cookie')).toMatch(/Max-Age=0/);
    expect(await res.text()).toContain('customer-voice users invite');
  });

  it('sign-out clears the cookie; sign-in links need the admin key and a valid address', async () => {
    const out = await fetch(`${base}/_local/sign-out`, { method: 'POST' });
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^cv_session=; .*Max-Age=0/);
    const noKey = await fetch(`${base}/_local/sign-in-links`, { method: 'POST', body: JSON.stringify({ email: 'a@example.com' }) });
    expect(noKey.status).toBe(401);
    const bad = await fetch(`${base}/_local/sign-in-links`, { method: 'POST', headers: { 'x-api-key': 'admin-key' }, body: JSON.stringify({ email: 'not-an-address' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/^email: /);
    const ok = await fetch(`${base}/_local/sign-in-links`, { method: 'POST', headers: { 'x-api-key': 'admin-key' }, body: JSON.stringify({ email: 'Head@Example.com' }) });
    const link = (await ok.json()) as { url: string };
    expect(link).toMatchObject({ email: 'head@example.com', officer: false, ownedDepartments: [] });
    const token = new URL(link.url).searchParams.get('token')!;
    expect((await auth.verify(token))?.claims).toMatchObject({ email: 'head@example.com', 'cognito:groups': '[]' });
  });
});

describe('the page on the same origin', () => {
  it('serves index.html for the page\'s paths, revalidated, with the security headers', async () => {
    for (const path of ['/', '/departments/billing', '/incidents/journey.cancellation-2026-12-02', '/incidents/billing%2Bdelivery-2026-12-02', '/journeys']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(200);
      expect(await res.text()).toBe(INDEX);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
      expect(res.headers.get('content-security-policy')).toMatch(/script-src 'self';/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('serves hashed assets as immutable with their types, other files revalidated', async () => {
    const js = await fetch(`${base}/assets/index-Ab12Cd34.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await js.text()).toBe('console.log("page")');
    expect((await fetch(`${base}/assets/index-Ab12Cd34.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
    const svg = await fetch(`${base}/favicon.svg`);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml');
    expect(svg.headers.get('cache-control')).toBe('no-cache');
  });

  it('says how to sign in at /config.json', async () => {
    const res = await fetch(`${base}/config.json`);
    expect(await res.json()).toEqual({ auth: 'local', apiBase: '' });
    expect(res.headers.get('cache-control')).toBe('no-cache');
  });

  it('falls back to index.html for a browser navigating to an unknown path, not for a script or a missing asset', async () => {
    const nav = await fetch(`${base}/some/old/bookmark`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(await nav.text()).toBe(INDEX);
    const script = await fetch(`${base}/v2/nothing`);
    expect(await script.json()).toEqual({ path: '/v2/nothing' });
    const asset = await fetch(`${base}/assets/gone-12345678.js`);
    expect(asset.status).toBe(404);
    expect(asset.headers.get('content-type')).toMatch(/^text\/plain/);
  });

  it('never serves a file outside the dist dir or a dotfile', async () => {
    for (const path of ['/..%2F..%2Fetc%2Fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/.secret', '/assets/..%2F.secret']) {
      const res = await fetch(`${base}${path}`);
      expect(await res.text(), path).not.toMatch(/root:|^no$/);
    }
  });

  it('leaves the API alone: POSTs and /v1 paths reach the functions', async () => {
    const res = await fetch(`${base}/v1/health`);
    expect(await res.json()).toEqual({ path: '/v1/health' });
  });
});

describe('the local page CSP', () => {
  it('is the distribution\'s without the sign-in domain and upgrade-insecure-requests', () => {
    const directives = (csp: string) => csp.split(';').map((d) => d.trim()).filter(Boolean);
    const aws = directives(dashboardContentSecurityPolicy('https://cv-prod.auth.eu-west-3.amazoncognito.com'))
      .filter((d) => d !== 'upgrade-insecure-requests')
      .map((d) => d.replace(' https://cv-prod.auth.eu-west-3.amazoncognito.com', ''));
    expect(directives(LOCAL_PAGE_CSP).sort()).toEqual(aws.sort());
  });
});

describe('ensureDashboardBuilt', () => {
  it('says there is no page to build in a checkout without a Vite config', async () => {
    const lines: string[] = [];
    expect(await ensureDashboardBuilt({ webDir: join(dir.path, 'no-web'), log: (l) => lines.push(l) })).toBe('no-page');
    expect(lines.join('\n')).toMatch(/vite\.config\.ts/);
  });

  it('builds nothing when dist/index.html is newer than every source', async () => {
    const web = join(dir.path, 'web');
    await mkdir(join(web, 'src'), { recursive: true });
    await writeFile(join(web, 'vite.config.ts'), 'export default {}');
    await writeFile(join(web, 'src', 'main.ts'), '');
    await mkdir(join(web, 'dist'));
    await new Promise((r) => setTimeout(r, 20));
    await writeFile(join(web, 'dist', 'index.html'), INDEX);
    expect(await ensureDashboardBuilt({ webDir: web, log: () => undefined })).toBe('up-to-date');
  });
});
