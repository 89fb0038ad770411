import { describe, expect, it } from 'vitest';
import { nextDailySummaryTime } from '../../cli/local/lambda-events';

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
