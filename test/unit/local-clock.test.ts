import { afterEach, describe, expect, it } from 'vitest';
import { functionClock } from '../../functions/commons/clock';
import { installLocalClock, LocalClock } from '../../cli/local/clock';
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
