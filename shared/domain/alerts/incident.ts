/**
 * Incidents: the unit the officer is told about. Every rule that breaks for a department (or,
 * alone, for an interface pair) in the same local day belongs to ONE incident, which is opened
 * once, updated while it lasts, recovers once (only from windows at or after the one that opened
 * it) and may be acknowledged, assigned and resolved by a person. Pure types and functions: the
 * clock comes in as `now`, storage through `IncidentStore` (ports/incidents.ts).
 */
import { windowStart, type Scope } from '../scores';
import type { EmergingTopicFinding } from './findings';
import type { EmergingTopic } from '../topics/contract';
import type { Names } from './names';
import type { AlertRuleKind } from './rules';
import type { Lang } from './wording';

/**
 * What an incident is about: a department, an interface pair that breaks on its own, or a journey
 * no department owns (the officer's alone).
 */
export type IncidentScope = { department: string } | { pair: [string, string] } | { journey: string };

/**
 * Severity levels, from the broken rules (see `severityOf`):
 * - `minor`: one rule broken, less than half its threshold's scale past it;
 * - `major`: two rules broken, or one at least half a scale past its threshold;
 * - `critical`: three or more rules broken, or one a full scale (or more) past its threshold.
 */
export const SEVERITIES = ['minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INCIDENT_STATUSES = ['open', 'recovered', 'resolved'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** One broken rule of an incident, with the figures of the latest window that judged it. */
export interface IncidentRule {
  /** `negative-share`, or `negative-share@journey:billing` when a department's journey broke it. */
  rule: string;
  kind: AlertRuleKind;
  /** Where it was measured: the department itself, one of its journeys, or a pair it belongs to. */
  source: { kind: 'dept' | 'journey' | 'pair'; id: string };
  value: number;
  threshold: number;
  /** The baseline's mean of the rule's metric (null when the baseline has none). */
  baseline: number | null;
  /** Items (or answers, for rating rules) behind the value. */
  volume: number;
  /** ISO start of the local-day window these figures come from. */
  window: string;
  /** Still past its threshold at the latest evaluation. */
  firing: boolean;
  /** 0 at the threshold, 1 a full scale past it (see `excessOf`). */
  excess: number;
  /** The finding's sentence, in both languages. */
  message: Names;
  /** Emerging negative topic only: its topics, their test and redacted examples (absent on other rules). */
  topics?: EmergingTopicFinding[];
  firstSeenAt: string;
  lastSeenAt: string;
}

/** A representative customer quote (stored redacted). */
export interface IncidentVerbatim {
  id: string;
  text: string;
  occurredAt: string;
}

/** An email that the daily budget held back; the 18:00 summary (and the digest) carry it. */
export interface DeferredNotice {
  recipient: string;
  /** The recipient's language when the email was held back: the summary is written in it. */
  lang: Lang;
  kind: 'incident' | 'incident-update';
  at: string;
  /** Set when the daily summary that included it went out. */
  summarizedAt: string | null;
}

/** What was sent, to whom, when: the incident's notification history. */
export interface SentNotice {
  recipient: string;
  kind: 'incident' | 'incident-update' | 'recovery';
  severity: Severity;
  at: string;
}

export interface Actor {
  by: string;
  at: string;
}

/**
 * The stored incident. Plain JSON, nulls rather than undefined.
 *
 * Storage contract (as alert states before it): `version` is the optimistic lock; a store write
 * of version 1 requires the item to be absent, version n requires the stored version n − 1. A
 * lost write re-reads and decides again and sends nothing, so concurrent evaluations send one
 * email. `pending` lists the notifications decided with the transition and not yet sent; a crash
 * between the write and the send leaves them visible instead of lost.
 */
export interface Incident {
  /** `billing-2026-12-02`, `billing+delivery-2026-12-02`: scope and the local day it opened. */
  id: string;
  scope: IncidentScope;
  /** The configured time zone of the local day. */
  zone: string;
  /** ISO start of the local-day window that opened it: recovery is judged at or after it. */
  window: string;
  severity: Severity;
  status: IncidentStatus;
  openedAt: string;
  updatedAt: string;
  recoveredAt: string | null;
  rules: IncidentRule[];
  /** Other departments whose items are part of this incident (pairs folded in). */
  related: string[];
  verbatims: IncidentVerbatim[];
  /** Late data changed the figures of a window of this incident (said in the next email). */
  lateDataAt: string | null;
  /** Consecutive distinct windows back to normal (hysteresis), and the last one counted. */
  recoveryWindows: number;
  recoveryLastWindow: string | null;
  /** Highest severity an email announced (null: nothing sent yet). */
  notifiedSeverity: Severity | null;
  /** Last incident-update email, for `alertUpdateHours`. */
  lastUpdateEmailAt: string | null;
  pending: ('incident' | 'incident-update' | 'recovery')[];
  /** When `pending` last went from empty to not (absent on incidents from before it was kept). */
  pendingSince?: string | null;
  sent: SentNotice[];
  deferred: DeferredNotice[];
  acknowledged: Actor | null;
  assignee: { owner: string; by: string; at: string } | null;
  resolved: (Actor & { note: string }) | null;
  /** Migrated from a pre-incident alert state (nothing was sent at upgrade). */
  migratedFrom: string | null;
  version: number;
}

/** A recipient of incident emails and the language they read. */
export interface Recipient {
  address: string;
  lang: Lang;
  role: 'officer' | 'owner';
}

/** `alertUpdateHours` and `alertDailyBudget`, and the recovery hysteresis. */
export interface IncidentPolicy {
  /** At most one incident-update email per incident per this many hours. */
  updateHours: number;
  /** Incident and update emails per recipient per local day (recoveries do not count). */
  dailyBudget: number;
  /** As AlertPolicy.recoveryHysteresis. */
  recoveryHysteresis: number;
  /** Consecutive distinct windows back to normal before an incident recovers. */
  windowsToRecover: number;
}

export const DEFAULT_INCIDENT_POLICY: IncidentPolicy = { updateHours: 6, dailyBudget: 5, recoveryHysteresis: 0.8, windowsToRecover: 1 };

/**
 * An emerging topic as `GET /v1/alerts` shows it, on an `emerging-negative-topic` rule: what the
 * incident email says of it (phrase, test, the department's items since `since` that carry it,
 * share against the baseline's) and its redacted examples.
 */
export type IncidentTopicView = Omit<EmergingTopic, 'scope'> & { examples: IncidentVerbatim[] };

/** The public contract of `GET /v1/alerts`. */
export interface IncidentView {
  id: string;
  scope: IncidentScope;
  window: string;
  severity: Severity;
  status: IncidentStatus;
  openedAt: string;
  updatedAt: string;
  recoveredAt?: string;
  /** `topics` only on an emerging-negative-topic rule, strongest first. */
  rules: { rule: string; value: number; threshold: number; baseline: number | null; volume: number; topics?: IncidentTopicView[] }[];
  verbatims: IncidentVerbatim[];
  acknowledged?: Actor;
  assignee?: string;
  resolved?: Actor & { note: string };
  /** Emails the daily budget held back for the 18:00 summary. */
  deferred?: { recipient: string; kind: DeferredNotice['kind']; at: string; summarizedAt?: string }[];
}

/** `billing`, `billing+delivery`, `journey.cancellation`: one open incident at most per key. */
export function scopeKeyOf(scope: IncidentScope): string {
  if ('department' in scope) return scope.department;
  if ('pair' in scope) return `${scope.pair[0]}+${scope.pair[1]}`;
  return `journey.${scope.journey}`;
}

/** The departments an incident concerns: its department, or both of its pair (none for a journey). */
export function departmentsOf(scope: IncidentScope): string[] {
  if ('department' in scope) return [scope.department];
  if ('pair' in scope) return [...scope.pair];
  return [];
}

/** The aggregate scope whose series an incident scope reads: `dept`, `pair` (`a+b`) or `journey`. */
export function aggregateScopeOf(scope: IncidentScope): Scope {
  if ('department' in scope) return { kind: 'dept', id: scope.department };
  if ('pair' in scope) return { kind: 'pair', id: `${scope.pair[0]}+${scope.pair[1]}` };
  return { kind: 'journey', id: scope.journey };
}

/** `billing-2026-12-02`: the scope and the local day (YYYY-MM-DD) of the opening window. */
export function incidentIdOf(scope: IncidentScope, localDay: string): string {
  return `${scopeKeyOf(scope)}-${localDay}`;
}

/** `2026-12-02`: the local day (YYYY-MM-DD) of an instant in `zone`, as incident ids and budgets name days. */
export function localDayOf(at: string | Date, zone: string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
}

/** ISO start of the local day that holds `at`: the day window incidents are judged on. */
export function localDayStart(at: Date, zone: string): string {
  return windowStart(at, 'day', zone).toISOString();
}

export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/** Field by field, so that what the stored finding gains later is not published by accident. */
function topicView(t: EmergingTopicFinding): IncidentTopicView {
  return {
    key: t.key,
    phrase: t.phrase,
    reason: t.reason,
    window: t.window,
    ...(t.since ? { since: t.since } : {}),
    test: t.test,
    statistic: t.statistic,
    threshold: t.threshold,
    support: t.support,
    items: t.items,
    share: t.share,
    baselineShare: t.baselineShare,
    negativeShare: t.negativeShare,
    examples: t.examples.map((e) => ({ id: e.id, text: e.text, occurredAt: e.occurredAt })),
  };
}

/** The public view of a stored incident (what `GET /v1/alerts` answers). */
export function incidentView(i: Incident): IncidentView {
  return {
    id: i.id,
    scope: i.scope,
    window: i.window,
    severity: i.severity,
    status: i.status,
    openedAt: i.openedAt,
    updatedAt: i.updatedAt,
    ...(i.recoveredAt ? { recoveredAt: i.recoveredAt } : {}),
    rules: i.rules.map((r) => ({
      rule: r.rule,
      value: r.value,
      threshold: r.threshold,
      baseline: r.baseline,
      volume: r.volume,
      ...(r.topics?.length ? { topics: r.topics.map(topicView) } : {}),
    })),
    verbatims: i.verbatims,
    ...(i.acknowledged ? { acknowledged: i.acknowledged } : {}),
    ...(i.assignee ? { assignee: i.assignee.owner } : {}),
    ...(i.resolved ? { resolved: i.resolved } : {}),
    ...(i.deferred.length
      ? { deferred: i.deferred.map((d) => ({ recipient: d.recipient, kind: d.kind, at: d.at, ...(d.summarizedAt ? { summarizedAt: d.summarizedAt } : {}) })) }
      : {}),
  };
}
