import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assessDepartmentObjectives, trajectoryWeeks, weekSeries } from '../../shared/domain/objectives/department-objectives';
import { METRIC_SCALES, OBJECTIVE_METRICS, type ObjectiveMetric, type Target } from '../../shared/domain/objectives/target';
import { assessObjective, leastSquaresSlope, MIN_FIT_WEEKS, OBJECTIVE_STATUSES, TRAJECTORY_WEEKS, type WeekCounters } from '../../shared/domain/objectives/trajectory';
import { InvalidStackConfigError, parseStackConfig } from '../../infra/config';
import { DepartmentsConfigSchema, InvalidDepartmentsConfigError, parseDepartmentsConfig } from '../../shared/domain/departments/schema';
import { emptyCounters, scoreOf, type Counters } from '../../shared/domain/scores';

const ZONE = 'Europe/Paris';
/** Monday 2026-11-30 00:00 in Paris: the digest of the week of 23 November assesses as of it. */
const AS_OF = new Date('2026-11-29T23:00:00.000Z');
const WEEKS = trajectoryWeeks(AS_OF, ZONE);

/** Counters of `n` answers whose metric value is `value` (exact for each metric's counters). */
function countersFor(metric: ObjectiveMetric, value: number, n = 100): Counters {
  const c = emptyCounters();
  c.count = n;
  switch (metric) {
    case 'nps': {
      c.npsCount = n;
      // value = (promoters − detractors) / n × 100
      const net = Math.round((value / 100) * n);
      c.promoters = Math.max(0, net);
      c.detractors = Math.max(0, -net);
      break;
    }
    case 'csat':
      c.csatCount = n;
      c.csatSatisfied = Math.round((value / 100) * n);
      break;
    case 'ces':
      c.cesCount = n;
      c.cesSum = value * n;
      break;
    case 'sentimentIndex': {
      const net = Math.round((value / 100) * n);
      c.positive = Math.max(0, net);
      c.negative = Math.max(0, -net);
      c.neutral = n - c.positive - c.negative;
      break;
    }
    case 'negativeShare':
      c.negative = Math.round(value * n);
      c.neutral = n - c.negative;
      break;
  }
  return c;
}

const series = (metric: ObjectiveMetric, values: (number | null)[], n = 100): WeekCounters[] =>
  values.map((v, i) => ({ week: WEEKS[i]!, counters: v === null ? emptyCounters() : countersFor(metric, v, n) }));

const assess = (target: Target, values: (number | null)[], minVolume = 20, asOf = AS_OF) =>
  assessObjective({ target, weeks: series(target.metric, values), minVolume, asOf, zone: ZONE });

describe('objective targets in the departments configuration', () => {
  const withTargets = (targets: unknown) =>
    JSON.stringify({ departments: [{ id: 'billing', names: { en: 'Billing', fr: 'Facturation' }, targets }] });

  it('reads targets per department, none by default', () => {
    const config = parseDepartmentsConfig(withTargets([{ metric: 'nps', value: 30, by: '2027-06-30' }, { metric: 'ces', value: 3.2, by: '2027-03-31' }]));
    expect(config.departments[0]!.targets).toEqual([
      { metric: 'nps', value: 30, by: '2027-06-30' },
      { metric: 'ces', value: 3.2, by: '2027-03-31' },
    ]);
    const none = DepartmentsConfigSchema.parse({ departments: [{ id: 'sales', names: { en: 'Sales', fr: 'Ventes' } }] });
    expect(none.departments[0]!.targets).toEqual([]);
  });

  it('are read from the CDK context too: a bad one stops synth, naming it', () => {
    const context = (targets: unknown) => (key: string) => (key === 'departments' ? withTargets(targets) : undefined);
    // The context keeps the validated JSON text, compiled into the bundles and parsed again there.
    const kept = parseStackConfig(context([{ metric: 'csat', value: 80, by: '2027-01-31' }])).departments!;
    expect(parseDepartmentsConfig(kept).departments[0]!.targets).toEqual([{ metric: 'csat', value: 80, by: '2027-01-31' }]);
    expect(() => parseStackConfig(context([{ metric: 'csat', value: 180, by: '2027-01-31' }]))).toThrow(InvalidStackConfigError);
    expect(() => parseStackConfig(context([{ metric: 'csat', value: 180, by: '2027-01-31' }]))).toThrow(/csat targets are between 0 and 100 .*got 180\n +→ at departments\.departments\[0\]\.targets\[0\]\.value/);
  });

  it.each([
    [[{ metric: 'nps', value: 120, by: '2027-06-30' }], /departments\[0\]\.targets\[0\]\.value: nps targets are between -100 and 100.*got 120/],
    [[{ metric: 'negativeShare', value: 20, by: '2027-06-30' }], /negativeShare targets are between 0 and 1.*got 20/],
    [[{ metric: 'ces', value: 0.5, by: '2027-06-30' }], /ces targets are between 1 and 7/],
    [[{ metric: 'csat', value: 4.2, by: '2027-06-30' }, { metric: 'csat', value: 101, by: '2027-07-31' }], /targets\[1\]\.value: csat targets are between 0 and 100/],
    [[{ metric: 'effort', value: 3, by: '2027-06-30' }], /targets\[0\]\.metric: metric is one of nps, csat, ces, sentimentIndex, negativeShare/],
    [[{ metric: 'nps', value: 30, by: '2027-02-30' }], /targets\[0\]\.by: by is a calendar date, YYYY-MM-DD/],
    [[{ metric: 'nps', value: 30, by: '30/06/2027' }], /by is a calendar date/],
    [[{ metric: 'nps', value: 30 }], /targets\[0\]\.by/],
    [[{ metric: 'nps', value: 30, by: '2027-06-30', owner: 'x' }], /owner/],
    [[{ metric: 'nps', value: 30, by: '2027-06-30' }, { metric: 'nps', value: 40, by: '2027-06-30' }], /two nps targets for 2027-06-30; keep one/],
  ])('refuses %j with a message that says what to fix', (targets, message) => {
    expect(() => parseDepartmentsConfig(withTargets(targets))).toThrow(InvalidDepartmentsConfigError);
    expect(() => parseDepartmentsConfig(withTargets(targets))).toThrow(message);
  });
});

describe('leastSquaresSlope', () => {
  it('is the slope of a line through exact points, null without two distinct x', () => {
    expect(leastSquaresSlope([0, 1, 2, 3].map((x) => ({ x, y: 5 - 2 * x })))).toBeCloseTo(-2, 10);
    expect(leastSquaresSlope([{ x: 1, y: 3 }])).toBeNull();
    expect(leastSquaresSlope([{ x: 1, y: 3 }, { x: 1, y: 5 }])).toBeNull();
  });
});

describe('assessObjective', () => {
  it('says "reached in about N weeks" and on-track when the pace gets there before the date', () => {
    // NPS rising 2 points a week from 10 to 24; target 30 by the end of March: 3 weeks to go.
    const a = assess({ metric: 'nps', value: 30, by: '2027-03-31' }, [10, 12, 14, 16, 18, 20, 22, 24]);
    expect(a).toMatchObject({ status: 'on-track', current: 24, gap: 6, slopePerWeek: 2, weeksUsed: 8, weeksThin: 0, weeksToReach: 3, offTrack: false });
    expect(a.reachedAround).toBe('2026-12-21');
  });

  it('is off-track when the pace reaches the target only after its date', () => {
    const a = assess({ metric: 'nps', value: 30, by: '2026-12-10' }, [10, 12, 14, 16, 18, 20, 22, 24]);
    expect(a).toMatchObject({ status: 'off-track', weeksToReach: 3, reachedAround: '2026-12-21', offTrack: true });
  });

  it('says moving away when the values go the wrong way, flat when they do not move', () => {
    expect(assess({ metric: 'nps', value: 30, by: '2027-03-31' }, [24, 22, 20, 18, 16, 14, 12, 10])).toMatchObject({ status: 'moving-away', slopePerWeek: -2, offTrack: true, weeksToReach: null });
    expect(assess({ metric: 'nps', value: 30, by: '2027-03-31' }, [10, 10, 10, 10, 10, 10, 10, 10])).toMatchObject({ status: 'flat', slopePerWeek: 0, offTrack: true });
  });

  it('reads CES and negative share with lower as better', () => {
    // Effort falling 0.1 a week from 4.5 to 3.8, target 3.5: three weeks to go, on track.
    const ces = assess({ metric: 'ces', value: 3.5, by: '2027-03-31' }, [4.5, 4.4, 4.3, 4.2, 4.1, 4.0, 3.9, 3.8]);
    expect(ces).toMatchObject({ status: 'on-track', gap: 0.3, weeksToReach: 3 });
    expect(ces.slopePerWeek).toBeCloseTo(-0.1, 6);
    // Rising effort moves away from a lower target.
    expect(assess({ metric: 'ces', value: 3.5, by: '2027-03-31' }, [3.8, 3.9, 4.0, 4.1, 4.2, 4.3, 4.4, 4.5]).status).toBe('moving-away');
    // Negative share already under its target: reached, whatever the slope.
    expect(assess({ metric: 'negativeShare', value: 0.2, by: '2027-03-31' }, [0.1, 0.12, 0.14, 0.15, 0.16, 0.17, 0.18, 0.19])).toMatchObject({ status: 'reached', gap: -0.01, offTrack: false });
  });

  it('leaves weeks with too few answers out of the fit and says so', () => {
    // Two thin weeks (5 answers) with absurd values would turn the line around if counted.
    const weeks = series('nps', [10, 12, 14, 16, 18, 20, null, null]);
    weeks[6] = { week: WEEKS[6]!, counters: countersFor('nps', -100, 5) };
    const a = assessObjective({ target: { metric: 'nps', value: 30, by: '2027-03-31' }, weeks, minVolume: 20, asOf: AS_OF, zone: ZONE });
    expect(a).toMatchObject({ weeksUsed: 6, weeksThin: 2, current: 20, currentWeek: WEEKS[5], slopePerWeek: 2, status: 'on-track' });
    // From the end of week 6 of 8: (30 − 20) / 2 = 5 weeks after it, 3 from the digest's week end.
    expect(a.weeksToReach).toBe(3);
  });

  it('says not enough data with fewer than MIN_FIT_WEEKS usable weeks, and with none', () => {
    const few = assess({ metric: 'nps', value: 30, by: '2027-03-31' }, [null, null, null, null, null, 12, 14, 16].map((v, i) => (i < 8 - (MIN_FIT_WEEKS - 1) ? null : v)));
    expect(few).toMatchObject({ status: 'not-enough-data', current: 16, gap: 14, slopePerWeek: null, offTrack: false });
    expect(assess({ metric: 'csat', value: 80, by: '2027-03-31' }, Array(8).fill(null))).toMatchObject({ status: 'not-enough-data', current: null, gap: null });
  });

  it('says missed once the date has passed unreached, reached even after it', () => {
    expect(assess({ metric: 'sentimentIndex', value: 30, by: '2026-11-15' }, [10, 12, 14, 16, 18, 20, 22, 24])).toMatchObject({ status: 'missed', offTrack: true });
    expect(assess({ metric: 'sentimentIndex', value: 20, by: '2026-11-15' }, [10, 12, 14, 16, 18, 20, 22, 24])).toMatchObject({ status: 'reached', offTrack: false });
  });

  const metric = fc.constantFrom(...OBJECTIVE_METRICS);
  const valuesOn = (m: ObjectiveMetric) => fc.double({ min: METRIC_SCALES[m].min, max: METRIC_SCALES[m].max, noNaN: true });

  it('never answers NaN or Infinity, whatever the weeks (property)', () => {
    fc.assert(
      fc.property(
        metric.chain((m) =>
          fc.record({
            m: fc.constant(m),
            target: valuesOn(m),
            weeks: fc.array(fc.option(fc.record({ v: valuesOn(m), n: fc.integer({ min: 0, max: 500 }) }), { nil: null }), { minLength: TRAJECTORY_WEEKS, maxLength: TRAJECTORY_WEEKS }),
            by: fc.date({ min: new Date('2025-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }),
          }),
        ),
        ({ m, target, weeks, by }) => {
          const a = assessObjective({
            target: { metric: m, value: target, by: by.toISOString().slice(0, 10) },
            weeks: weeks.map((w, i) => ({ week: WEEKS[i]!, counters: w ? countersFor(m, w.v, w.n) : emptyCounters() })),
            minVolume: 20,
            asOf: AS_OF,
            zone: ZONE,
          });
          expect(OBJECTIVE_STATUSES).toContain(a.status);
          for (const n of [a.current, a.gap, a.slopePerWeek, a.weeksToReach]) if (n !== null) expect(Number.isFinite(n)).toBe(true);
          expect(a.weeksUsed + a.weeksThin).toBe(TRAJECTORY_WEEKS);
          if (a.weeksToReach !== null) expect(a.weeksToReach).toBeGreaterThanOrEqual(1);
          // The gap and the status never disagree: nothing left to cover is reached, and only that.
          expect(a.status === 'reached').toBe(a.gap !== null && a.gap <= 0);
        },
      ),
    );
  });

  it('follows the sign of the weekly change and the metric’s direction (property)', () => {
    fc.assert(
      fc.property(metric, fc.double({ min: 0.05, max: 0.9, noNaN: true }), fc.boolean(), (m, fraction, rising) => {
        // A line across `fraction` of the scale over 8 weeks, well inside the scale, target beyond its end.
        const { min, max, better } = METRIC_SCALES[m];
        const span = (max - min) * fraction * 0.5;
        const start = min + (max - min) * 0.25;
        const values = Array.from({ length: 8 }, (_, i) => start + (rising ? (span * i) / 7 : span - (span * i) / 7));
        const a = assessObjective({ target: { metric: m, value: better === 'up' ? max : min, by: '2040-01-01' }, weeks: series(m, values, 1000), minVolume: 20, asOf: AS_OF, zone: ZONE });
        expect(Math.sign(a.slopePerWeek!)).toBe(rising ? 1 : -1);
        const improving = rising === (better === 'up');
        expect(a.status).toBe(improving ? 'on-track' : 'moving-away');
        expect(a.offTrack).toBe(!improving);
      }),
    );
  });
});

describe('assessDepartmentObjectives', () => {
  it('reads the eight complete weeks before the week holding asOf and flags a department with one objective off-track', () => {
    expect(WEEKS).toHaveLength(8);
    expect(WEEKS.at(-1)).toBe('2026-11-22T23:00:00.000Z');
    expect(WEEKS[0]).toBe('2026-10-04T22:00:00.000Z');
    const rows = [{ window: WEEKS[7]!, counters: countersFor('nps', 20) }];
    const weeks = weekSeries(WEEKS, rows);
    expect(weeks.slice(0, 7).every((w) => w.counters.count === 0)).toBe(true);
    expect(scoreOf(weeks[7]!.counters).nps).toBe(20);

    const climbing = series('nps', [10, 12, 14, 16, 18, 20, 22, 24]);
    const d = assessDepartmentObjectives(
      { id: 'billing', names: { en: 'Billing', fr: 'Facturation' }, minVolume: 20, targets: [{ metric: 'nps', value: 30, by: '2027-03-31' }, { metric: 'nps', value: 60, by: '2026-12-31' }] },
      climbing,
      AS_OF,
      ZONE,
    );
    expect(d.objectives.map((o) => o.status)).toEqual(['on-track', 'off-track']);
    expect(d.offTrack).toBe(true);
  });
});
