import { describe, expect, it } from 'vitest';
import { assessRules } from '../../shared/domain/alerts/assessment';
import type { RuleAssessment } from '../../shared/domain/alerts/findings';
import { DEFAULT_INCIDENT_POLICY, type Incident } from '../../shared/domain/alerts/incident';
import { groupIntoObservations, type Observation } from '../../shared/domain/alerts/incident-grouping';
import { nextIncident, recordNotified, recoveryVerdict, type IncidentContext } from '../../shared/domain/alerts/incident-machine';
import { defaultRulesFor } from '../../shared/domain/alerts/rules';
import { excessOf, severityOf } from '../../shared/domain/alerts/severity';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { scoreOf, emptyCounters, type Scope } from '../../shared/domain/scores';

const ZONE = 'Europe/Paris';
const DAY = '2026-12-01T23:00:00.000Z'; // 2 December, Paris
const NEXT_DAY = '2026-12-02T23:00:00.000Z';
const PREVIOUS_DAY = '2026-11-30T23:00:00.000Z';
const ctx = (now: string, localDay = '2026-12-02'): IncidentContext => ({ now: new Date(now), zone: ZONE, localDay, policy: DEFAULT_INCIDENT_POLICY });

/** Assessments of one scope's day: `negative` of `count` items against a calm 14-day baseline. */
function assessed(scope: Scope, count: number, negative: number, window = DAY): RuleAssessment[] {
  const calm = scoreOf({ ...emptyCounters(), count: 10, positive: 8, negative: 1, neutral: 1 });
  const current = scoreOf({ ...emptyCounters(), count, negative, positive: count - negative });
  return assessRules({ scope, granularity: 'day', zone: ZONE, window, current, baseline: Array(14).fill(calm) }, defaultRulesFor(scope, 'day', DEFAULT_DEPARTMENTS));
}

function observe(assessments: { scope: Scope; assessments: RuleAssessment[] }[], open: string[] = [], carried: [string, string][] = [], window = DAY): Observation[] {
  return groupIntoObservations({ window, assessments, config: DEFAULT_DEPARTMENTS, carriedBy: new Map(carried), openScopeKeys: new Set(open), now: new Date('2026-12-02T10:00:00Z') });
}

const dept = (id: string): Scope => ({ kind: 'dept', id });

describe('severity', () => {
  it('measures how far past its threshold a rule is, in units of the rule', () => {
    expect(excessOf({ kind: 'negative-share', value: 0.7, threshold: 0.35 })).toBe(1);
    expect(excessOf({ kind: 'nps-below', value: -25, threshold: 0 })).toBe(0.5);
    expect(excessOf({ kind: 'ces-above', value: 5.5, threshold: 5 })).toBe(0.333);
    expect(excessOf({ kind: 'sentiment-drop', value: 40, threshold: 30 })).toBe(0);
  });

  it('levels: minor, major from two rules or half a scale, critical from three or a full scale', () => {
    expect(severityOf([{ excess: 0.2 }])).toBe('minor');
    expect(severityOf([{ excess: 0.5 }])).toBe('major');
    expect(severityOf([{ excess: 0.1 }, { excess: 0.1 }])).toBe('major');
    expect(severityOf([{ excess: 1 }])).toBe('critical');
    expect(severityOf([{ excess: 0 }, { excess: 0 }, { excess: 0 }])).toBe('critical');
  });
});

describe('grouping a window into incidents', () => {
  it('folds a department journey into the department without repeating its rules', () => {
    const obs = observe([
      { scope: dept('billing'), assessments: assessed(dept('billing'), 40, 30) },
      { scope: { kind: 'journey', id: 'billing' }, assessments: assessed({ kind: 'journey', id: 'billing' }, 40, 30) },
    ]);
    expect(obs).toHaveLength(1);
    expect(obs[0]!.scope).toEqual({ department: 'billing' });
    expect(obs[0]!.broken.filter((r) => r.kind === 'negative-share').map((r) => r.rule)).toEqual(['negative-share']);
  });

  it('a journey owned by several departments goes to one of them; one no department owns is the officer\'s', () => {
    const order: Scope = { kind: 'journey', id: 'order' };
    const cancellation: Scope = { kind: 'journey', id: 'cancellation' };
    const obs = observe([
      { scope: order, assessments: assessed(order, 40, 30) },
      { scope: cancellation, assessments: assessed(cancellation, 40, 30) },
    ]);
    expect(obs.map((o) => o.scope)).toEqual([{ department: 'sales' }, { journey: 'cancellation' }]);
    expect(obs[0]!.related).toEqual(['delivery', 'digital']);
    expect(obs[0]!.broken[0]!.rule).toBe('negative-share@journey:order');
  });

  it('a hotspot pair joins its breaking department, and is an incident of its own only alone', () => {
    const pair: Scope = { kind: 'pair', id: 'billing+delivery' };
    const withBilling = observe([
      { scope: dept('billing'), assessments: assessed(dept('billing'), 40, 30) },
      { scope: pair, assessments: assessed(pair, 12, 12) },
    ]);
    expect(withBilling.map((o) => o.scope)).toEqual([{ department: 'billing' }]);
    expect(withBilling[0]!.related).toEqual(['delivery']);
    expect(withBilling[0]!.broken.map((r) => r.rule)).toContain('interface-hotspot@pair:billing+delivery');

    const alone = observe([{ scope: pair, assessments: assessed(pair, 12, 12) }]);
    expect(alone.map((o) => o.scope)).toEqual([{ pair: ['billing', 'delivery'] }]);
    // An open billing incident takes it in, rather than a new pair incident.
    expect(observe([{ scope: pair, assessments: assessed(pair, 12, 12) }], ['billing']).map((o) => o.scope)).toEqual([{ department: 'billing' }]);
  });

  it('a carried department\'s journey goes with it into its carrier\'s incident', () => {
    const delivery: Scope = { kind: 'journey', id: 'delivery' };
    const obs = observe(
      [
        { scope: dept('billing'), assessments: assessed(dept('billing'), 60, 60) },
        { scope: delivery, assessments: assessed(delivery, 25, 20) },
      ],
      [],
      [['delivery', 'billing']],
    );
    expect(obs.map((o) => o.scope)).toEqual([{ department: 'billing' }]);
    expect(obs[0]!.related).toEqual(['delivery']);
    expect(obs[0]!.broken.some((r) => r.rule === 'negative-share@journey:delivery')).toBe(true);
  });

  it('a carried department\'s rules go into its carrier\'s incident', () => {
    const obs = observe(
      [
        { scope: dept('billing'), assessments: assessed(dept('billing'), 60, 60) },
        { scope: dept('delivery'), assessments: assessed(dept('delivery'), 25, 20) },
      ],
      [],
      [['delivery', 'billing']],
    );
    expect(obs.map((o) => o.scope)).toEqual([{ department: 'billing' }]);
    expect(obs[0]!.related).toEqual(['delivery']);
    expect(obs[0]!.broken.some((r) => r.rule === 'negative-share@dept:delivery')).toBe(true);
  });
});

describe('the incident state machine', () => {
  const billing = () => observe([{ scope: dept('billing'), assessments: assessed(dept('billing'), 40, 30) }])[0]!;
  const openOne = (): Incident => nextIncident(undefined, DAY, billing(), 'cannot-judge', [], ctx('2026-12-02T10:00:00Z')).incident!;

  it('opens once, named after the scope and the local day, with an incident email pending', () => {
    const t = nextIncident(undefined, DAY, billing(), 'cannot-judge', [], ctx('2026-12-02T10:00:00Z'));
    expect(t).toMatchObject({ action: 'open', persist: true, incident: { id: 'billing-2026-12-02', status: 'open', pending: ['incident'], version: 1, window: DAY } });
    const again = nextIncident(recordNotified(t.incident!, 'incident', ['cco@example.com'], [], new Date('2026-12-02T10:00:01Z')), DAY, billing(), 'cannot-judge', [], ctx('2026-12-02T10:05:00Z'));
    expect(again.incident!.pending).toEqual([]);
  });

  it('never judges a window older than the one that opened it', () => {
    const incident = recordNotified(openOne(), 'incident', ['cco@example.com'], [], new Date('2026-12-02T10:00:01Z'));
    expect(nextIncident(incident, PREVIOUS_DAY, undefined, 'back-to-normal', [], ctx('2026-12-02T11:00:00Z'))).toMatchObject({ action: 'none', persist: false });
    expect(nextIncident(incident, NEXT_DAY, undefined, 'back-to-normal', [], ctx('2026-12-03T11:00:00Z', '2026-12-03'))).toMatchObject({
      action: 'recover',
      incident: { status: 'recovered', pending: ['recovery'], recoveredAt: '2026-12-03T11:00:00.000Z' },
    });
  });

  it('recovery needs every rule that can judge back past the hysteresis margin, and one at least', () => {
    const incident = openOne();
    const quiet = assessed(dept('billing'), 20, 2);
    const find = (kind: string, list: RuleAssessment[]) => list.find((a) => a.rule.kind === kind);
    expect(recoveryVerdict(incident, (r) => find(r.kind, quiet), 0.8)).toBe('back-to-normal');
    // 6 of 20 negative: under the 35 % threshold, but not under 28 % (hysteresis).
    expect(recoveryVerdict(incident, (r) => find(r.kind, assessed(dept('billing'), 20, 6)), 0.8)).toBe('not-yet');
    expect(recoveryVerdict(incident, (r) => find(r.kind, assessed(dept('billing'), 3, 0)), 0.8)).toBe('cannot-judge');
  });

  it('a resolved incident is not reopened the same day; a recovered one is', () => {
    const resolved: Incident = { ...openOne(), status: 'resolved', pending: [], resolved: { by: 'admin', at: '2026-12-02T12:00:00Z', note: 'refund run fixed' } };
    expect(nextIncident(resolved, DAY, billing(), 'cannot-judge', [], ctx('2026-12-02T13:00:00Z')).action).toBe('none');
    const recovered: Incident = { ...openOne(), status: 'recovered', pending: [], recoveredAt: '2026-12-02T12:00:00Z', version: 4 };
    expect(nextIncident(recovered, DAY, billing(), 'cannot-judge', [], ctx('2026-12-02T13:00:00Z'))).toMatchObject({ action: 'open', incident: { status: 'open', version: 5, id: 'billing-2026-12-02' } });
  });

  it('records what went out and what the budget held back', () => {
    const after = recordNotified(openOne(), 'incident', ['cco@example.com'], [{ address: 'owner@example.com', lang: 'fr' }], new Date('2026-12-02T10:00:01Z'));
    expect(after).toMatchObject({
      pending: [],
      notifiedSeverity: after.severity,
      lastUpdateEmailAt: '2026-12-02T10:00:01.000Z',
      sent: [{ recipient: 'cco@example.com', kind: 'incident' }],
      deferred: [{ recipient: 'owner@example.com', lang: 'fr', kind: 'incident', summarizedAt: null }],
      version: 2,
    });
  });
});
