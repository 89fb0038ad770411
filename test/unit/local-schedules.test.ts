import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextDailySummaryTime } from '../../cli/local/lambda-events';
import { startScheduledTask } from '../../cli/local/periodic-task';

describe('nextDailySummaryTime', () => {
  it.each([
    // Paris in winter (UTC+1) and in summer (UTC+2).
    ['2026-12-02T10:00:00Z', 'Europe/Paris', '2026-12-02T17:00:00.000Z'],
    ['2026-06-15T10:00:00Z', 'Europe/Paris', '2026-06-15T16:00:00.000Z'],
    // At 18:00 sharp the day's summary is due now, so the next one is tomorrow's.
    ['2026-12-02T17:00:00Z', 'Europe/Paris', '2026-12-03T17:00:00.000Z'],
    // The nights the clocks change: 18:00 is still 18:00 on the wall.
    ['2026-03-29T00:30:00Z', 'Europe/Paris', '2026-03-29T16:00:00.000Z'],
    ['2026-10-25T00:30:00Z', 'Europe/Paris', '2026-10-25T17:00:00.000Z'],
    // West of UTC, 18:00 local is the next UTC day.
    ['2026-12-02T23:30:00Z', 'America/New_York', '2026-12-03T23:00:00.000Z'],
    ['2026-12-02T22:30:00Z', 'America/New_York', '2026-12-02T23:00:00.000Z'],
    ['2026-12-02T10:00:00Z', 'UTC', '2026-12-02T18:00:00.000Z'],
  ])('after %s in %s: %s', (now, zone, expected) => {
    expect(nextDailySummaryTime(new Date(now), zone).toISOString()).toBe(expected);
  });
});

describe('startScheduledTask', () => {
  afterEach(() => vi.useRealTimers());

  it('runs at each due instant with that instant, re-arming after each run, and never after stop', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-02T16:59:00Z') });
    const runs: string[] = [];
    const next = (now: Date) => new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000 + 3_600_000);
    const task = startScheduledTask(next, async (due) => void runs.push(due.toISOString()), () => undefined);

    await vi.advanceTimersByTimeAsync(60_000);
    expect(runs).toEqual(['2026-12-02T17:00:00.000Z']);
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(runs).toEqual(['2026-12-02T17:00:00.000Z', '2026-12-02T18:00:00.000Z']);

    task.stop();
    await vi.advanceTimersByTimeAsync(3 * 3_600_000);
    expect(runs).toHaveLength(2);
  });

  it('reports a failed run and keeps the schedule', async () => {
    vi.useFakeTimers({ now: new Date('2026-12-02T16:59:00Z') });
    const errors: unknown[] = [];
    let calls = 0;
    const task = startScheduledTask(
      (now) => new Date(now.getTime() + 60_000),
      async () => {
        calls++;
        throw new Error('SES down');
      },
      (e) => errors.push(e),
    );
    await vi.advanceTimersByTimeAsync(120_000);
    task.stop();
    expect(calls).toBe(2);
    expect(errors.map((e) => (e as Error).message)).toEqual(['SES down', 'SES down']);
  });
});
