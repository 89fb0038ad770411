import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCounters,
  aggregateKeysFor,
  countersOf,
  emptyCounters,
  nextWindow,
  scoreOf,
  windowStart,
  GRANULARITIES,
} from '../../shared/domain/scores';

describe('windowStart', () => {
  it('truncates to the UTC hour, day and ISO week (Monday)', () => {
    // Prepare: a Sunday evening, the last day of an ISO week.
    const at = new Date('2026-11-29T21:45:12.345Z');
    // Act / Assess
    expect(windowStart(at, 'hour').toISOString()).toBe('2026-11-29T21:00:00.000Z');
    expect(windowStart(at, 'day').toISOString()).toBe('2026-11-29T00:00:00.000Z');
    expect(windowStart(at, 'week').toISOString()).toBe('2026-11-23T00:00:00.000Z');
    expect(windowStart(new Date('2026-11-23T00:00:00Z'), 'week').toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('always returns a start ≤ the instant, within one window of it', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.constantFrom(...GRANULARITIES), (at, g) => {
        const start = windowStart(at, g);
        expect(start.getTime()).toBeLessThanOrEqual(at.getTime());
        expect(nextWindow(start, g).getTime()).toBeGreaterThan(at.getTime());
        expect(windowStart(start, g).getTime()).toBe(start.getTime());
      }),
    );
  });
});

describe('countersOf / scoreOf', () => {
  it('computes NPS as % promoters − % detractors, CSAT as % 4–5 and CES as a mean', () => {
    // Prepare: 2 promoters (9, 10), 1 passive (8), 1 detractor (3); CSAT 5, 2; CES 2, 5.
    const items = [
      countersOf({ sentiment: 'positive', ratings: { nps: 9, csat: 5, ces: 2 } }),
      countersOf({ sentiment: 'positive', ratings: { nps: 10 } }),
      countersOf({ sentiment: 'neutral', ratings: { nps: 8, csat: 2, ces: 5 } }),
      countersOf({ sentiment: 'negative', ratings: { nps: 3 } }),
      countersOf({ sentiment: 'mixed' }),
    ];
    // Act
    const score = scoreOf(items.reduce(addCounters, emptyCounters()));
    // Assess
    expect(score).toEqual({
      count: 5,
      positive: 2,
      neutral: 1,
      negative: 1,
      mixed: 1,
      sentimentIndex: 20,
      negativeShare: 0.2,
      nps: 25,
      csat: 50,
      ces: 3.5,
    });
  });

  it('reports null, not zero, for a metric with no data', () => {
    const score = scoreOf(countersOf({ sentiment: 'neutral' }));
    expect(score.nps).toBeNull();
    expect(score.csat).toBeNull();
    expect(score.ces).toBeNull();
    expect(scoreOf(emptyCounters()).sentimentIndex).toBeNull();
  });

  it('treats NPS 7–8 as passive: neither promoter nor detractor', () => {
    const c = countersOf({ sentiment: 'neutral', ratings: { nps: 7 } });
    expect([c.npsCount, c.promoters, c.detractors]).toEqual([1, 0, 0]);
    expect(countersOf({ sentiment: 'neutral', ratings: { nps: 6 } }).detractors).toBe(1);
  });
});

describe('aggregateKeysFor', () => {
  it('gives one row per department × granularity, once per department', () => {
    const keys = aggregateKeysFor({
      occurredAt: '2026-11-24T10:15:00Z',
      departments: [{ id: 'billing' }, { id: 'delivery' }, { id: 'billing' }],
    });
    expect(keys).toHaveLength(6);
    expect(keys).toContainEqual({ pk: 'DEPT#billing#hour', sk: '2026-11-24T10:00:00.000Z' });
    expect(keys).toContainEqual({ pk: 'DEPT#delivery#week', sk: '2026-11-23T00:00:00.000Z' });
  });
});
