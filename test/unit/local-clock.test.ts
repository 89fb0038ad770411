import { afterEach, describe, expect, it } from 'vitest';
import { functionClock } from '../../functions/commons/clock';
import { installLocalClock, LocalClock } from '../../cli/local/clock';
import { clockRoute, LOCAL_CLOCK_PATH } from '../../cli/local/clock-route';
import { scheduleOnClock } from '../../cli/local/clock-schedule';
import { nextDigestTime } from '../../cli/local/lambda-events';

let uninstall: (() => void) | undefined;
afterEach(() => uninstall?.());

describe('functionClock', () => {
  it('is the system time unless the local stack installed its clock, and again once it is removed', async () => {
    // Prepare
    const clock = new LocalClock();
    await clock.set(new Date('2026-11-17T09:00:00Z'));

    // Act / Assess
    expect(Math.abs(functionClock().getTime() - Date.now())).toBeLessThan(5_000);
    uninstall = installLocalClock(clock);
    expect(functionClock().toISOString()).toBe('2026-11-17T09:00:00.000Z');
    uninstall();
    expect(functionClock().getUTCFullYear()).toBe(new Date().getUTCFullYear());
    expect(Math.abs(functionClock().getTime() - Date.now())).toBeLessThan(5_000);
  });
});

describe('scheduleOnClock', () => {
  it('runs every Monday digest the clock passes, in order, before set() resolves; none when it moves back', async () => {
    // Prepare
    const clock = new LocalClock();
    await clock.set(new Date('2026-11-01T12:00:00Z'));
    const runs: string[] = [];
    const schedule = scheduleOnClock(clock, nextDigestTime, async (due) => void runs.push(due.toISOString()), (e) => { throw e; });

    // Act
    await clock.set(new Date('2026-11-20T12:00:00Z'));
    const afterForward = [...runs];
    await clock.set(new Date('2026-11-03T12:00:00Z'));
    await clock.set(new Date('2026-11-09T05:59:00Z'));
    const afterBack = [...runs];
    await clock.set(new Date('2026-11-09T06:00:00Z'));
    await schedule.stop();

    // Assess
    expect(afterForward).toEqual(['2026-11-02T06:00:00.000Z', '2026-11-09T06:00:00.000Z', '2026-11-16T06:00:00.000Z']);
    expect(afterBack).toEqual(afterForward);
    expect(runs.at(-1)).toBe('2026-11-09T06:00:00.000Z');
    expect(runs).toHaveLength(4);
  });
});

describe('clockRoute', () => {
  const request = (method: string, key?: string) => ({ method, headers: key ? { 'x-api-key': key } : {} }) as unknown as import('node:http').IncomingMessage;
  const json = (body: unknown) => Buffer.from(JSON.stringify(body));

  it('sets, reads and releases the clock with the admin key; refuses without it or with a bad date', async () => {
    // Prepare
    const clock = new LocalClock();
    const route = clockRoute(clock, () => 'admin-key');

    // Act
    const foreign = await route(request('GET'), '/v1/feedback', Buffer.alloc(0));
    const anonymous = await route(request('PUT'), LOCAL_CLOCK_PATH, json({ now: '2026-11-17T09:00:00Z' }));
    const badDate = await route(request('PUT', 'admin-key'), LOCAL_CLOCK_PATH, json({ now: '17/11/2026' }));
    const set = await route(request('PUT', 'admin-key'), LOCAL_CLOCK_PATH, json({ now: '2026-11-17T10:00:00+01:00' }));
    const read = await route(request('GET', 'admin-key'), LOCAL_CLOCK_PATH, Buffer.alloc(0));
    const released = await route(request('DELETE', 'admin-key'), LOCAL_CLOCK_PATH, Buffer.alloc(0));

    // Assess
    expect(foreign).toBeUndefined();
    expect(anonymous?.statusCode).toBe(401);
    expect(badDate?.statusCode).toBe(400);
    expect(JSON.parse(badDate!.body).error.message).toContain('ISO 8601');
    expect(JSON.parse(set!.body)).toEqual({ now: '2026-11-17T09:00:00.000Z', mode: 'set' });
    expect(JSON.parse(read!.body).now).toBe('2026-11-17T09:00:00.000Z');
    expect(JSON.parse(released!.body).mode).toBe('system');
    expect(clock.isSet).toBe(false);
  });
});
