/**
 * The per-(rule, scope) alert state of versions before incidents: its stored shape, which the
 * upgrade (alert-state-upgrade.ts) reads, and `isBackToNormal`, the hysteresis test incidents
 * recover with. Its state machine (`nextAlertState`) no longer runs in the pipeline; it stays
 * until no deployment has alert states left. Pure: the clock comes in as `now`.
 */
import { EPSILON } from './assessment';
import type { Finding, RuleAssessment } from './findings';
import type { Names } from './names';
import type { AlertRuleKind } from './rules';
import type { Granularity, Scope } from '../scores';

export interface AlertPolicy {
  /** After a recovery, a firing rule stays silent this long before it may open again. */
  cooldownMinutes: number;
  /**
   * h in (0, 1]: to recover, the metric must come back past the threshold by a margin, not just
   * under it. Counts and shares (negative share, volume, hotspot negatives) recover at
   * threshold × h; the sentiment drop when the drop is ≤ h × the drop that fires; bounded scores
   * (1 − h) × a quarter of their range past the threshold (h = 0.8: NPS +10, CSAT +5 points,
   * CES −0.3).
   */
  recoveryHysteresis: number;
  /** Consecutive distinct windows back to normal before the alert recovers. */
  windowsToRecover: number;
}

export const DEFAULT_ALERT_POLICY: AlertPolicy = { cooldownMinutes: 360, recoveryHysteresis: 0.8, windowsToRecover: 1 };

/** The figures that opened an alert, kept for the alert history and the recovery email. */
export interface AlertTrigger {
  window: string;
  value: number;
  threshold: number;
  volume: number;
  baselineMean: number | null;
  message: Names;
}

/**
 * The stored state of one (rule, scope) alert. Plain JSON with nulls, no undefined.
 *
 * Storage contract: `key` is the item key; `version` is the optimistic lock. `nextAlertState`
 * returns `version = prev.version + 1` (1 for a new alert); the adapter writes with
 * `ConditionExpression: attribute_not_exists(pk)` when `version === 1`, else `version = :prev`
 * where `:prev = version − 1`. A failed condition means another evaluation got there first:
 * re-read and run `nextAlertState` again, and send nothing for the lost write, so concurrent
 * evaluations send one email. `pendingNotification` is set with the transition and cleared by
 * `markNotified` (another conditional write) after the send, so a crash between write and send
 * leaves a visible debt instead of a lost email.
 */
export interface AlertState {
  key: string;
  ruleId: string;
  kind: AlertRuleKind;
  scope: Scope;
  granularity: Granularity;
  zone: string;
  status: 'open' | 'recovered';
  /** 1 for the first opening of this key, +1 at each re-open: `${key}#${occurrence}` names one alert. */
  occurrence: number;
  openedAt: string;
  recoveredAt: string | null;
  trigger: AlertTrigger;
  lastValue: number | null;
  lastWindow: string;
  lastEvaluatedAt: string;
  /** Consecutive distinct windows back to normal while open (reset by any window that is not). */
  recoveryWindows: number;
  recoveryLastWindow: string | null;
  pendingNotification: 'open' | 'recover' | null;
  notifiedAt: string | null;
  version: number;
}

export type AlertAction = 'open' | 'recover' | 'none' | 'suppressed-by-cooldown';

export interface AlertTransition {
  /** Undefined only when there was no state and nothing fired: nothing to store. */
  state: AlertState | undefined;
  action: AlertAction;
  /** False when the write only refreshes lastValue/lastEvaluatedAt: the adapter may skip it. */
  persist: boolean;
}

/** `${key}#${occurrence}`: the id of one opening, for email headers and the history. */
export function alertIdOf(state: Pick<AlertState, 'key' | 'occurrence'>): string {
  return `${state.key}#${state.occurrence}`;
}

/** True when the assessed value is back past the threshold by the hysteresis margin. */
export function isBackToNormal(a: RuleAssessment, hysteresis: number): boolean {
  if (a.status === 'insufficient-data' || a.value === null) return false;
  if (a.status === 'firing') return false;
  const h = hysteresis;
  const v = a.value;
  switch (a.rule.kind) {
    case 'negative-share':
    case 'volume-spike':
      return v <= a.threshold * h + EPSILON;
    case 'emerging-negative-topic':
      // No negative topic's statistic is still near its threshold.
      return v <= a.threshold * h + EPSILON;
    case 'interface-hotspot':
      // Quiet because the baseline already holds the hotspot is not back to normal: the count decides.
      return v <= a.threshold * h + EPSILON;
    case 'sentiment-drop': {
      const mean = a.baseline.mean;
      if (mean === null) return false;
      return mean - v <= (mean - a.threshold) * h + EPSILON;
    }
    case 'nps-below':
      return v >= a.threshold + (1 - h) * 50 - EPSILON;
    case 'csat-below':
      return v >= a.threshold + (1 - h) * 25 - EPSILON;
    case 'ces-above':
      return v <= a.threshold - (1 - h) * 1.5 + EPSILON;
  }
}

function triggerOf(f: Finding): AlertTrigger {
  return { window: f.window, value: f.value, threshold: f.threshold, volume: f.volume, baselineMean: f.baseline.mean, message: f.message };
}

/**
 * One evaluation of one (rule, scope): open once while firing, stay open (no duplicate) until the
 * value is back to normal (hysteresis) for `windowsToRecover` distinct windows, then recover;
 * after a recovery a firing rule is suppressed for `cooldownMinutes`, then opens a new alert.
 * Data too thin to judge never opens nor recovers anything.
 */
export function nextAlertState(prev: AlertState | undefined, assessment: RuleAssessment, now: Date, policy: AlertPolicy = DEFAULT_ALERT_POLICY): AlertTransition {
  const at = now.toISOString();
  const finding = assessment.status === 'firing' ? assessment.finding : undefined;
  const open = (occurrence: number, version: number, f: Finding): AlertTransition => ({
    action: 'open',
    persist: true,
    state: {
      key: assessment.key,
      ruleId: assessment.rule.id,
      kind: assessment.rule.kind,
      scope: assessment.scope,
      granularity: assessment.granularity,
      zone: assessment.zone,
      status: 'open',
      occurrence,
      openedAt: at,
      recoveredAt: null,
      trigger: triggerOf(f),
      lastValue: f.value,
      lastWindow: f.window,
      lastEvaluatedAt: at,
      recoveryWindows: 0,
      recoveryLastWindow: null,
      pendingNotification: 'open',
      notifiedAt: null,
      version,
    },
  });

  if (!prev) return finding ? open(1, 1, finding) : { state: undefined, action: 'none', persist: false };
  if (prev.key !== assessment.key) throw new RangeError(`alert state ${prev.key} given an assessment of ${assessment.key}`);

  const refreshed: AlertState = {
    ...prev,
    lastValue: assessment.value ?? prev.lastValue,
    lastWindow: assessment.window,
    lastEvaluatedAt: at,
    version: prev.version + 1,
  };

  if (prev.status === 'recovered') {
    if (!finding) return { state: refreshed, action: 'none', persist: false };
    const since = prev.recoveredAt ? now.getTime() - Date.parse(prev.recoveredAt) : Number.POSITIVE_INFINITY;
    if (since < policy.cooldownMinutes * 60_000) return { state: refreshed, action: 'suppressed-by-cooldown', persist: false };
    return open(prev.occurrence + 1, prev.version + 1, finding);
  }

  // Open.
  if (assessment.status === 'insufficient-data') return { state: refreshed, action: 'none', persist: false };
  if (!isBackToNormal(assessment, policy.recoveryHysteresis)) {
    const reset = prev.recoveryWindows !== 0 || prev.recoveryLastWindow !== null;
    return { state: { ...refreshed, recoveryWindows: 0, recoveryLastWindow: null }, action: 'none', persist: reset };
  }
  const windows = prev.recoveryLastWindow === assessment.window ? prev.recoveryWindows : prev.recoveryWindows + 1;
  if (windows >= Math.max(1, policy.windowsToRecover)) {
    return {
      action: 'recover',
      persist: true,
      state: { ...refreshed, status: 'recovered', recoveredAt: at, recoveryWindows: windows, recoveryLastWindow: assessment.window, pendingNotification: 'recover', notifiedAt: null },
    };
  }
  return { state: { ...refreshed, recoveryWindows: windows, recoveryLastWindow: assessment.window }, action: 'none', persist: windows !== prev.recoveryWindows };
}

/** After the email went out: clear the pending notification (same conditional write on version). */
export function markNotified(state: AlertState, now: Date): AlertState {
  return { ...state, pendingNotification: null, notifiedAt: now.toISOString(), version: state.version + 1 };
}
