/**
 * From every rule assessment of one local-day window to the incidents they belong to. Pure.
 *
 * - A department's own broken rules make its observation.
 * - A department that breaks only because of items it shares with a department that breaks on its
 *   own is *carried*: its rules join that department's observation (the caller decides which,
 *   from the counters: see `carriedBy`), and it is listed as related.
 * - A journey's rules fold into the department that owns it (the first owner that breaks, else the
 *   first owner in the configuration; a carried owner's carrier in its place); a rule the
 *   department already breaks for the same kind is not repeated. A journey no department owns is an observation of its own (the officer's).
 * - An interface pair's hotspot joins the observations of its departments that break (or have an
 *   open incident, or are carried by one that does), naming its departments as related; only a
 *   pair that breaks alone, its departments judged and quiet (or the day over), is an observation
 *   of its own.
 */
import type { DepartmentsConfig } from '../departments/schema';
import type { Scope } from '../scores';
import type { RuleAssessment } from './findings';
import { scopeKeyOf, type IncidentRule, type IncidentScope } from './incident';
import { excessOf } from './severity';

/** What one window says about one incident scope: its broken rules now, and who else is involved. */
export interface Observation {
  scope: IncidentScope;
  /** ISO start of the local-day window. */
  window: string;
  broken: IncidentRule[];
  related: string[];
}

/** The key that finds, in any window, the assessment behind an incident rule. */
export function sourceKey(source: IncidentRule['source'], kind: string): string {
  return `${source.kind}:${source.id}/${kind}`;
}

/** `negative-share` for the scope's own rules, `negative-share@journey:billing` for the others. */
export function ruleName(scope: IncidentScope, source: IncidentRule['source'], kind: string): string {
  const own = ('department' in scope && source.kind === 'dept' && source.id === scope.department) || ('journey' in scope && source.kind === 'journey');
  return own || ('pair' in scope && source.kind === 'pair') ? kind : `${kind}@${source.kind}:${source.id}`;
}

/** True for rules measured on the incident's own scope (they make its severity). */
export function isOwnRule(scope: IncidentScope, rule: Pick<IncidentRule, 'source'>): boolean {
  if ('department' in scope) return (rule.source.kind === 'dept' && rule.source.id === scope.department) || rule.source.kind === 'journey';
  if ('pair' in scope) return rule.source.kind === 'pair';
  return rule.source.kind === 'journey' && rule.source.id === scope.journey;
}

function toRule(scope: IncidentScope, a: RuleAssessment, at: string): IncidentRule {
  const f = a.finding!;
  const source = { kind: a.scope.kind, id: a.scope.id };
  return {
    rule: ruleName(scope, source, f.kind),
    kind: f.kind,
    source,
    value: f.value,
    threshold: f.threshold,
    baseline: f.baseline.mean,
    volume: f.volume,
    window: f.window,
    firing: true,
    excess: excessOf(f),
    message: f.message,
    ...(f.topics ? { topics: f.topics } : {}),
    firstSeenAt: at,
    lastSeenAt: at,
  };
}

export interface GroupingInput {
  window: string;
  /** Every scope's assessments of this window (departments, journeys, pairs). */
  assessments: readonly { scope: Scope; assessments: readonly RuleAssessment[] }[];
  config: DepartmentsConfig;
  /** Departments that break only through items shared with another: carried → carrier. */
  carriedBy: ReadonlyMap<string, string>;
  /** Scope keys with an open incident (a pair folds into them rather than opening its own). */
  openScopeKeys: ReadonlySet<string>;
  /**
   * Departments that cannot judge yet (too few items so far in a day still running): a hotspot of
   * theirs waits rather than open a pair incident that the department's own may soon contain.
   */
  notYetJudged?: ReadonlySet<string>;
  now: Date;
}

/** The observations of one window, one per incident scope that has broken rules. */
export function groupIntoObservations(input: GroupingInput): Observation[] {
  const at = input.now.toISOString();
  const byKey = new Map<string, Observation>();
  const observation = (scope: IncidentScope): Observation => {
    const key = scopeKeyOf(scope);
    let o = byKey.get(key);
    if (!o) byKey.set(key, (o = { scope, window: input.window, broken: [], related: [] }));
    return o;
  };
  const firing = (kind: Scope['kind']) =>
    input.assessments.filter((s) => s.scope.kind === kind).map((s) => ({ scope: s.scope, firing: s.assessments.filter((a) => a.status === 'firing' && a.finding) }));
  const addRelated = (o: Observation, dept: string) => {
    if (!('department' in o.scope && o.scope.department === dept) && !o.related.includes(dept)) o.related.push(dept);
  };

  // Departments: own rules, or carried into their carrier's observation.
  for (const { scope, firing: rules } of firing('dept')) {
    if (rules.length === 0) continue;
    const carrier = input.carriedBy.get(scope.id);
    const target = observation({ department: carrier ?? scope.id });
    for (const a of rules) target.broken.push(toRule(target.scope, a, at));
    if (carrier) addRelated(target, scope.id);
  }
  const breaking = (dept: string) => byKey.has(dept) || input.openScopeKeys.has(dept);

  // Journeys: into an owner, without repeating what the owner already breaks.
  for (const { scope, firing: rules } of firing('journey')) {
    if (rules.length === 0) continue;
    const owners = input.config.departments.filter((d) => d.journeys.includes(scope.id)).map((d) => d.id);
    // An owner carried by another department (its items there are that one's incident) hands the
    // journey on to its carrier.
    const hosts = owners.map((d) => input.carriedBy.get(d) ?? d);
    const owner = hosts.find(breaking) ?? hosts[0];
    const target = observation(owner ? { department: owner } : { journey: scope.id });
    for (const a of rules) {
      // The department's own rule of the same kind already says it (its journey is its items).
      const repeated = owners.includes(owner ?? '') && target.broken.some((r) => r.kind === a.rule.kind && r.source.kind === 'dept' && r.source.id === owner);
      if (!repeated) target.broken.push(toRule(target.scope, a, at));
    }
    for (const other of new Set([...owners, ...hosts])) if (other !== owner) addRelated(target, other);
  }

  // Pairs: inside their departments' incidents; alone only when neither department breaks.
  for (const { scope, firing: rules } of firing('pair')) {
    if (rules.length === 0) continue;
    const [a = '', b = ''] = scope.id.split('+');
    // A department carried by another (it breaks only through items shared with it) is hosted there.
    const hosts = [...new Set([a, b].map((d) => (breaking(d) ? d : input.carriedBy.get(d))).filter((d): d is string => !!d && breaking(d)))];
    if (hosts.length === 0 && (input.notYetJudged?.has(a) || input.notYetJudged?.has(b))) continue;
    const targets = hosts.length ? hosts.map((d) => observation({ department: d })) : [observation({ pair: [a, b] })];
    for (const target of targets) {
      for (const rule of rules) target.broken.push(toRule(target.scope, rule, at));
      for (const d of [a, b]) addRelated(target, d);
    }
  }
  return [...byKey.values()];
}
