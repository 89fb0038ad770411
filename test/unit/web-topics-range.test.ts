import { describe, expect, it } from 'vitest';
import { topicsRange } from '../../web/src/view';

const TO = '2026-12-02T12:00:00.000Z';
const daysBefore = (days: number) => new Date(Date.parse(TO) - days * 86_400_000).toISOString();

describe('topicsRange (the department page\'s range as GET /v1/dashboard/topics takes it)', () => {
  it('keeps local days for a range of days the API answers (under 96 days)', () => {
    expect(topicsRange(daysBefore(30), TO, 'day')).toEqual({ from: daysBefore(30), to: TO, granularity: 'day' });
    expect(topicsRange(daysBefore(90), TO, 'day')).toEqual({ from: daysBefore(90), to: TO, granularity: 'day' });
  });

  it('reads weeks for longer ranges and for week or month charts, at most 52 weeks back', () => {
    expect(topicsRange(daysBefore(182), TO, 'day')).toEqual({ from: daysBefore(182), to: TO, granularity: 'week' });
    expect(topicsRange(daysBefore(30), TO, 'month')).toEqual({ from: daysBefore(30), to: TO, granularity: 'week' });
    expect(topicsRange(daysBefore(365), TO, 'week')).toEqual({ from: daysBefore(364), to: TO, granularity: 'week' });
  });
});
