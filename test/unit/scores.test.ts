import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addCounters,
  aggregateCellsFor,
  interfacePairsOf,
  previousWindow,
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

describe('windowStart in a time zone', () => {
  const PARIS = 'Europe/Paris';

  it('starts a Paris day at local midnight, 23:00 UTC in winter and 22:00 UTC in summer', () => {
    expect(windowStart(new Date('2026-01-15T10:00:00Z'), 'day', PARIS).toISOString()).toBe('2026-01-14T23:00:00.000Z');
    expect(windowStart(new Date('2026-07-15T10:00:00Z'), 'day', PARIS).toISOString()).toBe('2026-07-14T22:00:00.000Z');
    // 23:30 UTC on 14 Jan is already 15 Jan in Paris.
    expect(windowStart(new Date('2026-01-14T23:30:00Z'), 'day', PARIS).toISOString()).toBe('2026-01-14T23:00:00.000Z');
  });

  it('makes the spring-forward day 23 hours long and the fall-back day 25', () => {
    const spring = windowStart(new Date('2026-03-29T12:00:00Z'), 'day', PARIS);
    expect(nextWindow(spring, 'day', PARIS).getTime() - spring.getTime()).toBe(23 * 3_600_000);
    const autumn = windowStart(new Date('2026-10-25T12:00:00Z'), 'day', PARIS);
    expect(nextWindow(autumn, 'day', PARIS).getTime() - autumn.getTime()).toBe(25 * 3_600_000);
    expect(previousWindow(nextWindow(autumn, 'day', PARIS), 'day', PARIS).toISOString()).toBe(autumn.toISOString());
  });

  it('puts the items either side of the 02:00→03:00 jump in the right local hours and week', () => {
    const before = windowStart(new Date('2026-03-29T00:59:00Z'), 'hour', PARIS); // 01:59 CET
    const after = windowStart(new Date('2026-03-29T01:00:00Z'), 'hour', PARIS); // 03:00 CEST
    expect(before.toISOString()).toBe('2026-03-29T00:00:00.000Z');
    expect(after.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(nextWindow(before, 'hour', PARIS).toISOString()).toBe(after.toISOString());
    // Sunday 29 March belongs to the week that started on Monday 23 March, Paris midnight (CET).
    expect(windowStart(new Date('2026-03-29T21:00:00Z'), 'week', PARIS).toISOString()).toBe('2026-03-22T23:00:00.000Z');
  });

  it('tiles time without gaps or overlaps across a year, in Paris and UTC', () => {
    for (const zone of [PARIS, 'UTC']) {
      for (const g of GRANULARITIES) {
        // From local midnight on 1 January 2026 to local midnight on 1 January 2027.
        let w = windowStart(new Date('2026-01-01T12:00:00Z'), 'day', zone);
        w = windowStart(w, g, zone);
        const end = windowStart(new Date('2027-01-01T12:00:00Z'), 'day', zone);
        let steps = 0;
        while (w < end && steps < 10_000) {
          const next = nextWindow(w, g, zone);
          expect(next.getTime()).toBeGreaterThan(w.getTime());
          expect(windowStart(new Date(next.getTime() - 1), g, zone).toISOString()).toBe(w.toISOString());
          w = next;
          steps++;
        }
        if (g === 'day') expect(steps).toBe(365);
        if (g === 'hour') expect(steps).toBe(365 * 24);
      }
    }
  }, 30_000);
});

describe('aggregateCellsFor', () => {
  it('counts an item in each department, journey and interface pair, in UTC and the local zone', () => {
    const cells = aggregateCellsFor(
      {
        occurredAt: '2026-11-24T23:15:00Z',
        departments: [{ id: 'billing' }, { id: 'delivery' }, { id: 'billing' }],
        journeys: [{ id: 'order' }],
      },
      ['Europe/Paris'],
    );
    // 4 scopes (2 departments, 1 journey, 1 pair) × (3 UTC + 2 Paris) series, and the attributed
    // items' day in UTC and Paris: the item once, for distinct totals.
    expect(cells).toHaveLength(22);
    expect(cells.filter((c) => c.series.startsWith('ALL#'))).toEqual([
      { series: 'ALL#attributed#day#UTC', window: '2026-11-24T00:00:00.000Z' },
      { series: 'ALL#attributed#day#Europe/Paris', window: '2026-11-24T23:00:00.000Z' },
    ]);
    expect(cells).toContainEqual({ series: 'DEPT#billing#hour#UTC', window: '2026-11-24T23:00:00.000Z' });
    expect(cells).toContainEqual({ series: 'DEPT#delivery#day#UTC', window: '2026-11-24T00:00:00.000Z' });
    // 00:15 on the 25th in Paris: the local day differs from the UTC day.
    expect(cells).toContainEqual({ series: 'DEPT#delivery#day#Europe/Paris', window: '2026-11-24T23:00:00.000Z' });
    expect(cells).toContainEqual({ series: 'PAIR#billing+delivery#week#UTC', window: '2026-11-23T00:00:00.000Z' });
    expect(cells).toContainEqual({ series: 'JOURNEY#order#week#Europe/Paris', window: '2026-11-22T23:00:00.000Z' });
  });

  it('leaves an item attributed to unassigned alone out of the attributed items', () => {
    const cells = aggregateCellsFor({ occurredAt: '2026-11-24T10:00:00Z', departments: [{ id: 'unassigned' }] }, ['Europe/Paris']);
    expect(cells).toHaveLength(5);
    expect(cells.some((c) => c.series.startsWith('ALL#'))).toBe(false);
  });
});

describe('interfacePairsOf', () => {
  it('pairs every two departments once, sorted, leaving out unassigned', () => {
    expect(interfacePairsOf(['delivery', 'billing', 'contact-centre', 'unassigned', 'billing'])).toEqual([
      'billing+contact-centre',
      'billing+delivery',
      'contact-centre+delivery',
    ]);
    expect(interfacePairsOf(['billing'])).toEqual([]);
  });
});
