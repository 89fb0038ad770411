import { describe, expect, it } from 'vitest';
import { periodHolding, periodPayload, periodsBefore, periodsBetween, periodsEndingAt, storedGranularityOf, storedWindowsOf } from '../../../shared/domain/dashboard/periods';

const PARIS = 'Europe/Paris';
const iso = (d: Date) => d.toISOString();

describe('periodHolding', () => {
  it('cuts a Paris day of 23 hours on the spring change and of 25 on the autumn one', () => {
    const spring = periodHolding(new Date('2026-03-29T12:00:00Z'), 'day', PARIS);
    expect([iso(spring.start), iso(spring.end)]).toEqual(['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
    const autumn = periodHolding(new Date('2026-10-25T12:00:00Z'), 'day', PARIS);
    expect([iso(autumn.start), iso(autumn.end)]).toEqual(['2026-10-24T22:00:00.000Z', '2026-10-25T23:00:00.000Z']);
  });

  it('starts weeks on Monday at local midnight, across a DST change', () => {
    const week = periodHolding(new Date('2026-03-29T21:30:00Z'), 'week', PARIS);
    expect([iso(week.start), iso(week.end)]).toEqual(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z']);
  });

  it('cuts months at local midnight of the 1st, the offset of each end its own', () => {
    const march = periodHolding(new Date('2026-03-15T00:00:00Z'), 'month', PARIS);
    expect([iso(march.start), iso(march.end)]).toEqual(['2026-02-28T23:00:00.000Z', '2026-03-31T22:00:00.000Z']);
    // 23:30 UTC on 31 March is already 1 April in Paris.
    expect(iso(periodHolding(new Date('2026-03-31T22:30:00Z'), 'month', PARIS).start)).toBe('2026-03-31T22:00:00.000Z');
    const december = periodHolding(new Date('2026-12-31T23:30:00Z'), 'month', 'UTC');
    expect([iso(december.start), iso(december.end)]).toEqual(['2026-12-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z']);
  });

  it('gives the contract its first and last millisecond and the previous start', () => {
    expect(periodPayload(periodHolding(new Date('2026-04-10T00:00:00Z'), 'month', PARIS))).toEqual({
      kind: 'month',
      start: '2026-03-31T22:00:00.000Z',
      end: '2026-04-30T21:59:59.999Z',
      previousStart: '2026-02-28T23:00:00.000Z',
      zone: PARIS,
    });
  });
});

describe('storedWindowsOf', () => {
  it('reads a month as its local days: 31 in March, the DST day among them', () => {
    const march = periodHolding(new Date('2026-03-15T00:00:00Z'), 'month', PARIS);
    const days = storedWindowsOf(march);
    expect(days).toHaveLength(31);
    expect(days[0]).toBe('2026-02-28T23:00:00.000Z');
    expect(days).toContain('2026-03-28T23:00:00.000Z');
    expect(days).toContain('2026-03-29T22:00:00.000Z');
    expect(days.at(-1)).toBe('2026-03-30T22:00:00.000Z');
    expect(storedGranularityOf('month')).toBe('day');
  });

  it('reads a day or a week as the one stored window', () => {
    const week = periodHolding(new Date('2026-10-26T10:00:00Z'), 'week', PARIS);
    expect(storedWindowsOf(week)).toEqual(['2026-10-25T23:00:00.000Z']);
    expect(storedGranularityOf('week')).toBe('week');
  });
});

describe('periodsEndingAt, periodsBetween and periodsBefore', () => {
  it('lists the last periods oldest first, each starting where the one before ends', () => {
    const months = periodsEndingAt(new Date('2026-04-02T00:00:00Z'), 'month', PARIS, 8);
    expect(months).toHaveLength(8);
    expect(iso(months[0]!.start)).toBe('2025-08-31T22:00:00.000Z');
    for (let i = 1; i < months.length; i++) expect(months[i]!.start).toEqual(months[i - 1]!.end);
  });

  it('covers a range from the period holding its start to the one holding its end, and refuses too many', () => {
    const weeks = periodsBetween(new Date('2026-03-25T00:00:00Z'), new Date('2026-04-08T00:00:00Z'), 'week', PARIS, 100)!;
    expect(weeks.map((w) => iso(w.start))).toEqual(['2026-03-22T23:00:00.000Z', '2026-03-29T22:00:00.000Z', '2026-04-05T22:00:00.000Z']);
    expect(periodsBetween(new Date('2025-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'), 'day', 'UTC', 100)).toBeNull();
    const before = periodsBefore(weeks[0]!, 3);
    expect(before.map((w) => iso(w.start))).toEqual(['2026-03-01T23:00:00.000Z', '2026-03-08T23:00:00.000Z', '2026-03-15T23:00:00.000Z']);
    expect(before.at(-1)!.end).toEqual(weeks[0]!.start);
  });
});
