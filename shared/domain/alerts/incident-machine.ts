/**
 * The incident state machine. Pure: the clock comes in as `now`, storage is the caller's (a
 * conditional write on `version`, see `Incident`).
 *
 * - Open once: the first window where a scope breaks opens its incident, named after the scope and
 *   the local day; a later window that breaks again updates the open incident.
 * - Update quietly: new rules and figures are recorded; an `incident-update` email is due only when
 *   the severity rises a level above what was announced, and at most once per `updateHours`
 *   since the incident's last email.
 * - Recover forward only: from a window at or after the one that opened it, when no rule breaks,
 *   every rule that can judge is back past its threshold by the hysteresis margin, and at least
 *   one of its own rules besides the volume could judge, for `windowsToRecover` distinct windows
 *   (the evaluator pools the days since the incident when one day is too thin).
 * - A resolved incident is a person's decision: it is not reopened the same day.
 */
import type { RuleAssessment } from './findings';
import { incidentIdOf, scopeKeyOf, severityRank, type Incident, type IncidentPolicy, type IncidentRule, type IncidentVerbatim, type Recipient, type Severity } from './incident';
import { isOwnRule, type Observation } from './incident-grouping';
import { severityOf } from './severity';
import { isBackToNormal } from './state';

export type IncidentAction = 'open' | 'update' | 'recover' | 'none';

export interface IncidentTransition {
  incident: Incident | undefined;
  action: IncidentAction;
  /** False when nothing worth a write changed. */
  persist: boolean;
}

export interface IncidentContext {
  now: Date;
  zone: string;
  /** YYYY-MM-DD of the observed window in the zone. */
  localDay: string;
  policy: IncidentPolicy;
}

/** What the rules of an open incident say in a window where nothing of it breaks. */
export type RecoveryVerdict = 'back-to-normal' | 'not-yet' | 'cannot-judge';

/**
 * Whether every rule of `incident` is back to normal in this window: `find` gives the window's
 * assessment behind a rule (undefined when it was not assessed).
 */
export function recoveryVerdict(incident: Pick<Incident, 'rules' | 'scope'>, find: (rule: IncidentRule) => RuleAssessment | undefined, hysteresis: number): RecoveryVerdict {
  // Evidence comes from the incident's own rules: a quiet hotspot or related department says
  // nothing of the department itself, and a quiet volume alone says little (three items on a
  // calm morning are a normal volume) unless the incident is nothing but a volume spike.
  const own = incident.rules.filter((r) => isOwnRule(incident.scope, r));
  const onlyVolume = own.every((r) => r.kind === 'volume-spike');
  let judged = 0;
  for (const rule of incident.rules) {
    const a = find(rule);
    if (!a || a.status === 'insufficient-data' || a.value === null) continue;
    if (!isBackToNormal(a, hysteresis)) return 'not-yet';
    if (own.includes(rule) && (onlyVolume || rule.kind !== 'volume-spike')) judged++;
  }
  return judged > 0 ? 'back-to-normal' : 'cannot-judge';
}

/** The severity of the rules that break on the incident's own scope now (pairs and related departments only inform). */
export function currentSeverity(incident: Pick<Incident, 'scope' | 'rules'>): Severity | null {
  const own = incident.rules.filter((r) => r.firing && isOwnRule(incident.scope, r));
  const counted = own.length ? own : incident.rules.filter((r) => r.firing);
  return counted.length ? severityOf(counted) : null;
}

function mergeRules(previous: readonly IncidentRule[], broken: readonly IncidentRule[], window: string): IncidentRule[] {
  const out = previous.map((r) => {
    const now = broken.find((b) => b.rule === r.rule);
    if (now) return { ...now, firstSeenAt: r.firstSeenAt };
    // Quiet in this window (at or after the one it broke in): no longer firing; its figures stay.
    return r.window <= window ? { ...r, firing: false } : r;
  });
  for (const b of broken) if (!previous.some((r) => r.rule === b.rule)) out.push(b);
  return out;
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])];
const maxSeverity = (a: Severity, b: Severity | null): Severity => (b !== null && severityRank(b) > severityRank(a) ? b : a);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function opened(obs: Observation, ctx: IncidentContext, verbatims: readonly IncidentVerbatim[], previous?: Incident): Incident {
  const at = ctx.now.toISOString();
  const base: Incident = {
    id: incidentIdOf(obs.scope, ctx.localDay),
    scope: obs.scope,
    zone: ctx.zone,
    window: obs.window,
    severity: 'minor',
    status: 'open',
    openedAt: at,
    updatedAt: at,
    recoveredAt: null,
    rules: [...obs.broken],
    related: [...obs.related],
    verbatims: [...verbatims],
    lateDataAt: null,
    recoveryWindows: 0,
    recoveryLastWindow: null,
    notifiedSeverity: null,
    lastUpdateEmailAt: null,
    pending: ['incident'],
    pendingSince: at,
    sent: previous?.sent ?? [],
    deferred: previous?.deferred ?? [],
    acknowledged: null,
    assignee: null,
    resolved: null,
    migratedFrom: null,
    version: previous ? previous.version + 1 : 1,
  };
  return { ...base, severity: currentSeverity(base) ?? 'minor' };
}

/**
 * One window's observation of a scope (`obs`, undefined when nothing of the scope breaks in it)
 * applied to its incident (`prev`: the open incident of the scope, else the one of the same id).
 * `window` is the ISO start of the observed local day.
 */
export function nextIncident(
  prev: Incident | undefined,
  window: string,
  obs: Observation | undefined,
  verdict: RecoveryVerdict,
  verbatims: readonly IncidentVerbatim[],
  ctx: IncidentContext,
): IncidentTransition {
  const none = { incident: prev, action: 'none' as const, persist: false };
  const breaks = !!obs && obs.broken.length > 0;
  if (!prev || prev.status !== 'open') {
    if (!breaks) return none;
    const id = incidentIdOf(obs.scope, ctx.localDay);
    if (prev && prev.id === id) {
      // The same scope and day again: a resolved one stays resolved; a recovered one reopens.
      if (prev.status === 'resolved' || obs.window < prev.window) return none;
      return { incident: opened(obs, ctx, verbatims, prev), action: 'open', persist: true };
    }
    return { incident: opened(obs, ctx, verbatims), action: 'open', persist: true };
  }
  if (obs && scopeKeyOf(obs.scope) !== scopeKeyOf(prev.scope)) throw new RangeError(`incident ${prev.id} given an observation of ${scopeKeyOf(obs.scope)}`);
  // Forward only: a window before the one that opened the incident neither updates nor closes it.
  if (window < prev.window) return none;

  const at = ctx.now.toISOString();
  let next: Incident = { ...prev };
  if (breaks) {
    next.rules = mergeRules(prev.rules, obs.broken, obs.window);
    next.related = union(prev.related, obs.related);
    if (verbatims.length) next.verbatims = [...verbatims];
    next.severity = maxSeverity(prev.severity, currentSeverity(next));
    next.recoveryWindows = 0;
    next.recoveryLastWindow = null;
  } else if (verdict === 'back-to-normal') {
    next.rules = prev.rules.map((r) => (r.window <= window ? { ...r, firing: false } : r));
    const windows = prev.recoveryLastWindow === window ? prev.recoveryWindows : prev.recoveryWindows + 1;
    next.recoveryWindows = windows;
    next.recoveryLastWindow = window;
    if (windows >= Math.max(1, ctx.policy.windowsToRecover)) {
      next = { ...next, status: 'recovered', recoveredAt: at, pending: [...prev.pending.filter((p) => p !== 'incident-update'), 'recovery'] };
    }
  } else if (verdict === 'not-yet' && (prev.recoveryWindows !== 0 || prev.recoveryLastWindow !== null)) {
    next.recoveryWindows = 0;
    next.recoveryLastWindow = null;
  }

  if (next.status === 'open' && dueForUpdate(next, ctx)) next.pending = [...next.pending, 'incident-update'];
  if (next.pending.length && !prev.pending.length) next.pendingSince = at;
  const { updatedAt: _u, version: _v, ...before } = prev;
  const { updatedAt: _u2, version: _v2, ...after } = next;
  if (same(before, after)) return none;
  const action: IncidentAction = next.status === 'recovered' ? 'recover' : 'update';
  return { incident: { ...next, updatedAt: at, version: prev.version + 1 }, action, persist: true };
}

/** An update email is due: severity above what was announced, none pending, throttle elapsed. */
function dueForUpdate(i: Incident, ctx: IncidentContext): boolean {
  if (i.notifiedSeverity === null || i.pending.length > 0) return false;
  if (severityRank(i.severity) <= severityRank(i.notifiedSeverity)) return false;
  const last = i.lastUpdateEmailAt ? Date.parse(i.lastUpdateEmailAt) : Number.NEGATIVE_INFINITY;
  return ctx.now.getTime() - last >= ctx.policy.updateHours * 3_600_000;
}

/**
 * After the emails of one pending kind went out (or were deferred by the budget): the kind is no
 * longer pending, the history records them, and an incident or update email sets what was
 * announced (severity, time) for the next update's throttle.
 */
export function recordNotified(
  i: Incident,
  kind: Incident['pending'][number],
  sent: readonly string[],
  deferred: readonly Pick<Recipient, 'address' | 'lang'>[],
  now: Date,
): Incident {
  const at = now.toISOString();
  const announces = kind !== 'recovery';
  return {
    ...i,
    pending: i.pending.filter((p) => p !== kind),
    pendingSince: i.pending.some((p) => p !== kind) ? (i.pendingSince ?? null) : null,
    sent: [...i.sent, ...sent.map((recipient) => ({ recipient, kind, severity: i.severity, at }))],
    deferred: [...i.deferred, ...(kind === 'recovery' ? [] : deferred.map((r) => ({ recipient: r.address, lang: r.lang, kind, at, summarizedAt: null })))],
    notifiedSeverity: announces ? i.severity : i.notifiedSeverity,
    lastUpdateEmailAt: announces ? at : i.lastUpdateEmailAt,
    lateDataAt: announces ? null : i.lateDataAt,
    version: i.version + 1,
  };
}
