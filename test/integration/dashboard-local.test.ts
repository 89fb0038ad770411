import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalDashboardAuth } from '../../cli/local/dashboard-auth';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { OverviewResponseSchema, SessionResponseSchema } from '../../shared/domain/dashboard/contract';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { ENV } from '../../shared/resources';
import { tempDir } from '../support/http';

// Prepare: a local stack whose billing department is owned by one head, with a built page in a
// temporary dist dir (the real one is dash-web's and may not be built here).
let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let previousDepartments: string | undefined;
const HEAD = 'head.billing@example.com';
const INDEX = '<!doctype html><title>customer-voice</title><div id="app"></div>';

beforeAll(async () => {
  dir = await tempDir('dashboard-local');
  const dist = join(dir.path, 'dist');
  await mkdir(join(dist, 'assets'), { recursive: true });
  await writeFile(join(dist, 'index.html'), INDEX);
  await writeFile(join(dist, 'assets', 'index-Zx12Yw34.js'), 'export {}');
  previousDepartments = process.env[ENV.departments];
  process.env[ENV.departments] = JSON.stringify({
    ...DEFAULT_DEPARTMENTS,
    departments: DEFAULT_DEPARTMENTS.departments.map((d) => (d.id === 'billing' ? { ...d, owners: [HEAD] } : d)),
  });
  stack = await startLocalStack({ dataDir: join(dir.path, 'data'), port: 0, dashboardDir: dist });
});

afterAll(async () => {
  await stack?.stop();
  await dir?.remove();
  if (previousDepartments === undefined) delete process.env[ENV.departments];
  else process.env[ENV.departments] = previousDepartments;
});

/** Follows a sign-in link as a browser would: the cookie it sets, where it sends the browser. */
async function signIn(link: string): Promise<{ status: number; cookie?: string; location: string | null }> {
  const res = await fetch(link, { redirect: 'manual' });
  const setCookie = res.headers.get('set-cookie') ?? '';
  const cookie = /^(cv_session=[^;]+);/.exec(setCookie)?.[1];
  return { status: res.status, cookie, location: res.headers.get('location') };
}

const api = (path: string, headers: Record<string, string> = {}) => fetch(`${stack.info.apiUrl}${path}`, { headers });

describe('the local stack\'s dashboard sign-in', () => {
  it('opens the overview signed in as the officer from stack.json\'s dashboardUrl, and a reload keeps the session', async () => {
    const { status, cookie, location } = await signIn(stack.info.dashboardUrl);
    expect(status).toBe(303);
    expect(location).toBe('/');
    expect(cookie).toBeDefined();

    const session = await api('/v1/dashboard/session', { cookie: cookie! });
    expect(session.status).toBe(200);
    const body = SessionResponseSchema.parse(await session.json());
    expect(body.viewer).toMatchObject({ role: 'officer', email: 'officer@example.com' });
    expect(body.viewer.departments).toEqual(expect.arrayContaining(DEFAULT_DEPARTMENTS.departments.map((d) => d.id)));

    // A reload: the page again, then the API with the same cookie.
    const page = await api('/', { cookie: cookie! });
    expect(await page.text()).toBe(INDEX);
    expect((await api('/v1/dashboard/session', { cookie: cookie! })).status).toBe(200);
    // The empty stack: the page shows how to send feedback.
    const overview = OverviewResponseSchema.parse(await (await api('/v1/dashboard/overview', { cookie: cookie! })).json());
    expect(overview.empty).toBe(true);
  });

  it('accepts the same token as a bearer header, the way the page sends Cognito\'s on AWS', async () => {
    const token = new URL(stack.info.dashboardUrl).searchParams.get('token')!;
    expect((await api('/v1/dashboard/session', { authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('refuses a bad token, another run\'s token and an API key on the dashboard routes, as API Gateway would', async () => {
    const foreign = await createLocalDashboardAuth(stack.info.apiUrl).issue({ email: 'officer@example.com', officer: true });
    const attempts: Record<string, string>[] = [
      {},
      { cookie: 'cv_session=eyJhbGciOiJub25lIn0.e30.' },
      { cookie: `cv_session=${foreign}` },
      { authorization: `Bearer ${foreign}` },
      { 'x-api-key': stack.info.keys.admin },
    ];
    for (const headers of attempts) {
      const res = await api('/v1/dashboard/overview', headers);
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(await res.json()).toEqual({ message: 'Unauthorized' });
    }
    // The stale link: a page saying how to get a new one, no session.
    const stale = await signIn(`${stack.info.apiUrl}/_local/sign-in?token=${foreign}`);
    expect(stale.status).toBe(401);
    expect(stale.cookie).toBeUndefined();
  });

  it('gives a department head a session scoped to the departments they own: billing yes, delivery no', async () => {
    const res = await fetch(`${stack.info.apiUrl}/_local/sign-in-links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': stack.info.keys.admin },
      body: JSON.stringify({ email: HEAD, next: '/departments/billing' }),
    });
    const link = (await res.json()) as { url: string; ownedDepartments: string[] };
    expect(link.ownedDepartments).toEqual(['billing']);
    const { cookie, location } = await signIn(link.url);
    expect(location).toBe('/departments/billing');

    const session = SessionResponseSchema.parse(await (await api('/v1/dashboard/session', { cookie: cookie! })).json());
    expect(session.viewer).toEqual({ role: 'owner', email: HEAD, departments: ['billing'] });
    expect(session.departments.map((d) => d.id)).toEqual(['billing']);
    expect((await api('/v1/dashboard/departments/billing', { cookie: cookie! })).status).toBe(200);
    expect((await api('/v1/dashboard/departments/delivery', { cookie: cookie! })).status).toBe(403);
  });

  it('signs out: the cookie is cleared', async () => {
    const res = await fetch(`${stack.info.apiUrl}/_local/sign-out`, { method: 'POST' });
    expect(res.status).toBe(204);
    expect(res.headers.get('set-cookie')).toMatch(/^cv_session=; .*Max-Age=0/);
  });

  it('serves the page and its config on the API\'s origin, the API keys\' routes untouched', async () => {
    expect(await (await api('/config.json')).json()).toEqual({ auth: 'local', apiBase: '' });
    const asset = await api('/assets/index-Zx12Yw34.js');
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const fallback = await api('/incidents/inc_42');
    expect(await fallback.text()).toBe(INDEX);
    expect(fallback.headers.get('content-security-policy')).toMatch(/frame-ancestors 'none'/);
    expect((await api('/v1/health', { 'x-api-key': stack.info.keys.read })).status).toBe(200);
    expect((await api('/v1/nothing')).headers.get('content-type')).toMatch(/^application\/json/);
  });

  it('gives the functions the page\'s URL for the links in emails', () => {
    expect(process.env[ENV.dashboardUrl]).toBe(stack.info.apiUrl);
  });
});
