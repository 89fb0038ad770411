import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../cli/local/net';
import { reapDevProcesses, startDev, type DevProcess } from '../support/dev-process';
import { tempDir } from '../support/http';

const running: DevProcess[] = [];
let dir: Awaited<ReturnType<typeof tempDir>> | undefined;

afterAll(async () => {
  reapDevProcesses(running, dir?.path);
  await dir?.remove();
});

async function cookieOf(link: string): Promise<string | undefined> {
  const res = await fetch(link, { redirect: 'manual' });
  return /^(cv_session=[^;]+);/.exec(res.headers.get('set-cookie') ?? '')?.[1];
}

describe('npm start\'s dashboard link', () => {
  it('is printed at start; after a restart on the same port the old link and cookie no longer work, the new link does', async () => {
    dir = await tempDir('dashboard-restart');
    const port = await freePort();
    const first = await startDev(dir.path, 90_000, port);
    running.push(first);
    expect(first.output()).toContain(`dashboard (signed in as the officer until the next restart): ${first.info.dashboardUrl}`);
    const oldCookie = await cookieOf(first.info.dashboardUrl);
    expect((await fetch(`${first.info.apiUrl}/v1/dashboard/session`, { headers: { cookie: oldCookie! } })).status).toBe(200);

    first.child.kill('SIGTERM');
    await first.exited;
    const second = await startDev(dir.path, 90_000, port);
    running.push(second);

    // Same origin, same data and keys; a new signing key.
    expect(second.info.apiUrl).toBe(first.info.apiUrl);
    expect(second.info.keys).toEqual(first.info.keys);
    expect(second.info.dashboardUrl).not.toBe(first.info.dashboardUrl);
    expect((await fetch(`${second.info.apiUrl}/v1/dashboard/session`, { headers: { cookie: oldCookie! } })).status).toBe(401);
    const stale = await fetch(first.info.dashboardUrl, { redirect: 'manual' });
    expect(stale.status).toBe(401);
    expect(await stale.text()).toContain('npm start');
    const newCookie = await cookieOf(second.info.dashboardUrl);
    expect((await fetch(`${second.info.apiUrl}/v1/dashboard/session`, { headers: { cookie: newCookie! } })).status).toBe(200);
  });
});
