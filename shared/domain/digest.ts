/**
 * The weekly digest: where each department stands, who PROGRESSED most, which few journeys carry
 * most of the pain, which interfaces between departments hurt, and the week's incidents, each
 * once with its state. Pure: the digest function reads the week and the week before from the
 * aggregates, and the incidents from their store, and passes them in.
 */
import type { Actor, Incident, IncidentScope, IncidentStatus, Severity } from './alerts/incident';
import type { Names } from './alerts/names';
import type { AlertRuleKind } from './alerts/rules';
import type { DepartmentObjectives } from './objectives/department-objectives';
import type { FixCheck } from './objectives/fix-check';
import type { DigestRecognition } from './recognition';
import { nextWindow, UTC, type Score } from './scores';
import type { DepartmentWhatIsNew } from './topics/what-is-new';

export interface DigestScopeInput {
  id: string;
  /** Display names; default the id. */
  names?: Names;
  current: Score;
  /** The previous week; absent or null when there is none. */
  previous?: Score | null;
  /** Departments only: fewest items, in each of the two weeks, to be ranked (default options.minVolume). */
  minVolume?: number;
}

/** An incident as the digest lists it: its state when the digest is built, and what people did about it. */
export interface DigestIncident {
  id: string;
  scope: IncidentScope;
  status: IncidentStatus;
  severity: Severity;
  /** The local-day window that opened it, and its zone. */
  window: string;
  zone: string;
  openedAt: string;
  recoveredAt: string | null;
  /** Its broken rules' sentences, the furthest past their threshold first. */
  rules: { rule: string; kind: AlertRuleKind; message: Names }[];
  acknowledged: Actor | null;
  assignee: string | null;
  resolved: (Actor & { note: string }) | null;
  /** Emails the daily budget held back for it (they went out in the 18:00 summaries). */
  deferred: number;
}

export interface DigestOptions {
  /** Default minimum items per week for a department to be ranked. Default 20. */
  minVolume: number;
  /** Cumulative share of negative items the "vital few" journeys must reach. Default 0.8. */
  paretoShare: number;
  /** Journeys listed (the Pareto cut is computed over all of them). Default 10. */
  topJourneys: number;
  /** Interface pairs listed. Default 5. */
  topHotspots: number;
}

export const DEFAULT_DIGEST_OPTIONS: DigestOptions = { minVolume: 20, paretoShare: 0.8, topJourneys: 10, topHotspots: 5 };

export interface DigestInput {
  /** Start of the digest week (any instant in it is truncated by the caller; ISO or Date). */
  weekStart: string | Date;
  /** Zone the weeks are cut in. Default UTC. */
  zone?: string;
  departments: readonly DigestScopeInput[];
  journeys?: readonly DigestScopeInput[];
  pairs?: readonly DigestScopeInput[];
  /** Incidents from the store (any; the week's are picked, each once). */
  incidents?: readonly Incident[];
  options?: Partial<DigestOptions>;
}

export type ScoreChange = Record<'count' | 'sentimentIndex' | 'negativeShare' | 'nps' | 'csat' | 'ces', number | null>;

export interface DepartmentDigest {
  id: string;
  names: Names;
  current: Score;
  previous: Score | null;
  change: ScoreChange;
  /**
   * Change of the sentiment index vs the previous week, in points, to one decimal (a tenth of a
   * point is noise): the ranking key. Null when the department is not ranked.
   */
  progress: number | null;
  /** 1 = most improved; equal (progress, NPS change) share a rank (1, 2, 2, 4). Null when not ranked. */
  rank: number | null;
  minVolume: number;
  /** Why it is not ranked: too few items this week and/or the previous one. */
  notEnough: { thisWeek: boolean; previousWeek: boolean } | null;
}

export interface JourneyDigest {
  id: string;
  names: Names;
  negative: number;
  count: number;
  /** Share of all journeys' negative items this week (an item on two journeys counts in both). */
  share: number;
  cumulativeShare: number;
  /** Among the few journeys that together reach `paretoShare` of the negative items. */
  vitalFew: boolean;
  previousNegative: number | null;
  negativeChange: number | null;
}

export interface HotspotDigest {
  id: string;
  names: Names;
  negative: number;
  count: number;
  previousNegative: number | null;
  negativeChange: number | null;
  /** No negative item between these two departments the week before. */
  isNew: boolean;
}

export interface Digest {
  week: { start: string; end: string; zone: string };
  /** Every department in input order. */
  departments: DepartmentDigest[];
  /** Ranked departments, most improved first. */
  ranking: DepartmentDigest[];
  /** Departments with too little feedback to rank, in input order. */
  notEnoughFeedback: DepartmentDigest[];
  journeys: {
    rows: JourneyDigest[];
    totalNegative: number;
    /** Journeys with at least one negative item. */
    withNegative: number;
    /** How many journeys form the vital few, and the share of negative items they carry. */
    vitalFewCount: number;
    vitalFewShare: number;
  };
  hotspots: HotspotDigest[];
  /** Incidents opened before the week's end and open at its end or closed after its start, each once, oldest first. */
  incidents: DigestIncident[];
  /** The week's emerging topics per department (absent when topic summaries are not read). */
  whatIsNew?: DepartmentWhatIsNew[];
  options: DigestOptions;
  /** Departments with targets: gap and trajectory as of the week's end (filled by the digest use case). */
  objectives?: DepartmentObjectives[];
  /** Incidents whose 14 days after closing ended this week: did the fix work? (filled by the digest use case). */
  fixChecks?: FixCheck[];
  /** What the email opens with: the departments whose progress is real, and customers' words (set by the digest use case). */
  recognition?: DigestRecognition;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;
const delta = (a: number | null | undefined, b: number | null | undefined, digits = 4): number | null =>
  a === null || a === undefined || b === null || b === undefined ? null : round(a - b, digits);

/** Each figure's change from `previous` to `current` (null when either lacks it). */
export function changeOf(current: Score, previous: Score | null): ScoreChange {
  return {
    count: previous ? current.count - previous.count : null,
    sentimentIndex: delta(current.sentimentIndex, previous?.sentimentIndex, 2),
    negativeShare: delta(current.negativeShare, previous?.negativeShare),
    nps: delta(current.nps, previous?.nps, 2),
    csat: delta(current.csat, previous?.csat, 2),
    ces: delta(current.ces, previous?.ces, 2),
  };
}

const namesOf = (s: DigestScopeInput): Names => s.names ?? { en: s.id, fr: s.id };

/** Higher first, nulls last. */
function compareDesc(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

function departmentDigest(d: DigestScopeInput, options: DigestOptions): DepartmentDigest {
  const previous = d.previous ?? null;
  const minVolume = d.minVolume ?? options.minVolume;
  const thisWeek = d.current.count < minVolume || d.current.sentimentIndex === null;
  const previousWeek = !previous || previous.count < minVolume || previous.sentimentIndex === null;
  const change = changeOf(d.current, previous);
  const ranked = !thisWeek && !previousWeek && change.sentimentIndex !== null;
  return {
    id: d.id,
    names: namesOf(d),
    current: d.current,
    previous,
    change,
    progress: ranked ? round(change.sentimentIndex!, 1) : null,
    rank: null,
    minVolume,
    notEnough: ranked ? null : { thisWeek, previousWeek },
  };
}

/** Progress first, NPS change as tie-breaker, then id so the order is stable. */
function rankDepartments(rows: DepartmentDigest[]): DepartmentDigest[] {
  const sorted = [...rows].sort((a, b) => compareDesc(a.progress, b.progress) || compareDesc(a.change.nps, b.change.nps) || a.id.localeCompare(b.id));
  sorted.forEach((row, i) => {
    const before = sorted[i - 1];
    row.rank = before && before.progress === row.progress && before.change.nps === row.change.nps ? before.rank : i + 1;
  });
  return sorted;
}

/** The journeys sorted by negative items, and the vital few: the shortest head reaching `paretoShare`. */
export function paretoJourneys(journeys: readonly DigestScopeInput[], paretoShare: number): { rows: JourneyDigest[]; totalNegative: number; vitalFewCount: number; vitalFewShare: number } {
  const withNegative = journeys.filter((j) => j.current.negative > 0).sort((a, b) => b.current.negative - a.current.negative || a.id.localeCompare(b.id));
  const total = withNegative.reduce((s, j) => s + j.current.negative, 0);
  let cumulative = 0;
  let vitalFewCount = 0;
  let vitalFewShare = 0;
  const rows = withNegative.map((j): JourneyDigest => {
    const reachedBefore = total > 0 && cumulative / total >= paretoShare - 1e-9;
    cumulative += j.current.negative;
    const share = j.current.negative / total;
    if (!reachedBefore) {
      vitalFewCount++;
      vitalFewShare = cumulative / total;
    }
    const previousNegative = j.previous ? j.previous.negative : null;
    return {
      id: j.id,
      names: namesOf(j),
      negative: j.current.negative,
      count: j.current.count,
      share: round(share, 4),
      cumulativeShare: round(cumulative / total, 4),
      vitalFew: !reachedBefore,
      previousNegative,
      negativeChange: previousNegative === null ? null : j.current.negative - previousNegative,
    };
  });
  return { rows, totalNegative: total, vitalFewCount, vitalFewShare: round(vitalFewShare, 4) };
}

export function buildDigest(input: DigestInput): Digest {
  const options: DigestOptions = { ...DEFAULT_DIGEST_OPTIONS, ...input.options };
  const zone = input.zone ?? UTC;
  const start = new Date(input.weekStart);
  if (Number.isNaN(start.getTime())) throw new RangeError(`digest weekStart is not a date: ${String(input.weekStart)}`);
  const end = nextWindow(start, 'week', zone);

  const departments = input.departments.map((d) => departmentDigest(d, options));
  const ranking = rankDepartments(departments.filter((d) => d.notEnough === null));
  const notEnoughFeedback = departments.filter((d) => d.notEnough !== null);

  const pareto = paretoJourneys(input.journeys ?? [], options.paretoShare);

  const hotspots = (input.pairs ?? [])
    .filter((p) => p.current.negative > 0)
    .sort((a, b) => b.current.negative - a.current.negative || a.id.localeCompare(b.id))
    .slice(0, options.topHotspots)
    .map((p): HotspotDigest => {
      const previousNegative = p.previous ? p.previous.negative : null;
      return {
        id: p.id,
        names: namesOf(p),
        negative: p.current.negative,
        count: p.current.count,
        previousNegative,
        negativeChange: previousNegative === null ? null : p.current.negative - previousNegative,
        isNew: !previousNegative,
      };
    });

  const startIso = start.toISOString();
  const endIso = end.toISOString();
  const incidents = incidentsOfWeek(input.incidents ?? [], startIso, endIso);

  return {
    week: { start: startIso, end: endIso, zone },
    departments,
    ranking,
    notEnoughFeedback,
    journeys: {
      rows: pareto.rows.slice(0, options.topJourneys),
      totalNegative: pareto.totalNegative,
      withNegative: pareto.rows.length,
      vitalFewCount: pareto.vitalFewCount,
      vitalFewShare: pareto.vitalFewShare,
    },
    hotspots,
    incidents,
    options,
  };
}

/**
 * The incidents of the week [start, end): opened before its end, and still open, or recovered or
 * resolved at or after its start. Each id once (its latest version, should a store answer twice).
 */
export function incidentsOfWeek(incidents: readonly Incident[], startIso: string, endIso: string): DigestIncident[] {
  const latest = new Map<string, Incident>();
  for (const i of incidents) if ((latest.get(i.id)?.version ?? 0) < i.version) latest.set(i.id, i);
  const closedSince = (i: Incident) => [i.recoveredAt, i.resolved?.at].some((at) => at !== null && at !== undefined && at >= startIso);
  return [...latest.values()]
    .filter((i) => i.openedAt < endIso && (i.status === 'open' || closedSince(i)))
    .sort((a, b) => a.openedAt.localeCompare(b.openedAt) || a.id.localeCompare(b.id))
    .map((i) => ({
      id: i.id,
      scope: i.scope,
      status: i.status,
      severity: i.severity,
      window: i.window,
      zone: i.zone,
      openedAt: i.openedAt,
      recoveredAt: i.recoveredAt,
      rules: [...i.rules].sort((a, b) => b.excess - a.excess || a.rule.localeCompare(b.rule)).map((r) => ({ rule: r.rule, kind: r.kind, message: r.message })),
      acknowledged: i.acknowledged,
      assignee: i.assignee?.owner ?? null,
      resolved: i.resolved,
      deferred: i.deferred.length,
    }));
}
