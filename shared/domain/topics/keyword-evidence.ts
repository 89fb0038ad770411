/**
 * Which department a topic of unassigned items belongs to, on evidence (issue #20, part 5): the
 * topic's share among each department's own items against its share among all the others',
 * from the departments' topic summaries. Pure and deterministic.
 *
 * The test is Dunning's log-likelihood ratio G² on the 2×2 table (topic / not topic × this
 * department / the others), one-sided (the department's share must be the higher), chi-square
 * with one degree of freedom: G² ≥ 10.83 is p < 0.001. The department's count is the summaries'
 * guaranteed part (count − error) and the other departments' the most they may hold (count, or the
 * window's floor where the summary dropped the topic), so an approximate summary can only weaken
 * the evidence, never invent it.
 * Significance alone is not enough on large departments, so the share must also be at least
 * MIN_LIFT times the others', and at least MIN_SUPPORT items must carry it.
 */
import type { TopicEntry, TopicKey, TopicWindow } from './contract';

export const G2_THRESHOLD = 10.83;
export const MIN_LIFT = 3;
export const MIN_SUPPORT = 3;

/** A scope's windows folded into one tally: the exact item count and, per topic, summed counts and errors. */
export interface MergedTopics {
  items: number;
  negativeItems: number;
  topics: Map<TopicKey, TopicEntry>;
  windows: readonly TopicWindow[];
}

/** The most a topic absent from a window's summary can have occurred there: its floor, else (evicted entries) its lightest count. */
function absentBound(w: TopicWindow): number {
  if (w.floor !== undefined) return w.floor;
  return w.entries.some((e) => e.error > 0) && w.entries.length > 0 ? Math.min(...w.entries.map((e) => e.count)) : 0;
}

/** The most a topic can have occurred in a scope: its count where its summary holds it, the absent bound where not. */
export function upperCount(merged: MergedTopics, key: TopicKey): number {
  return merged.windows.reduce((sum, w) => sum + (w.entries.find((e) => e.key === key)?.count ?? absentBound(w)), 0);
}

export function mergeWindows(windows: readonly TopicWindow[]): MergedTopics {
  const merged: MergedTopics = { items: 0, negativeItems: 0, topics: new Map(), windows };
  for (const w of windows) {
    merged.items += w.items;
    merged.negativeItems += w.negativeItems;
    for (const e of w.entries) {
      const seen = merged.topics.get(e.key);
      if (seen) {
        seen.count += e.count;
        seen.error += e.error;
        seen.negative += e.negative;
      } else merged.topics.set(e.key, { ...e });
    }
  }
  return merged;
}

/** Occurrences a summary is sure of: count − error, never below zero. */
export const guaranteed = (e: Pick<TopicEntry, 'count' | 'error'> | undefined): number => (e ? Math.max(0, e.count - e.error) : 0);

const xlogx = (x: number) => (x > 0 ? x * Math.log(x) : 0);

/** Dunning's G² for k1 of n1 against k2 of n2 (0 when either side is empty). */
export function logLikelihoodRatio(k1: number, n1: number, k2: number, n2: number): number {
  if (n1 <= 0 || n2 <= 0) return 0;
  const k = k1 + k2;
  const n = n1 + n2;
  const g2 = 2 * (xlogx(k1) + xlogx(n1 - k1) + xlogx(k2) + xlogx(n2 - k2) - xlogx(k) - xlogx(n - k) - xlogx(n1) - xlogx(n2) + xlogx(n));
  return Math.max(0, g2);
}

export interface DepartmentEvidence {
  department: string;
  /** Items of the department carrying the topic (guaranteed), and the department's items. */
  count: number;
  items: number;
  share: number;
  /** The same over every other department together, at most (upper bounds of the summaries). */
  restCount: number;
  restItems: number;
  restShare: number;
  /** share / restShare (Infinity when no other department's items carry it). */
  lift: number;
  g2: number;
}

export type Placement =
  | { placed: true; evidence: DepartmentEvidence; runnerUp?: DepartmentEvidence }
  | { placed: false; reason: string; best?: DepartmentEvidence };

const pct = (x: number) => `${(x * 100).toFixed(x < 0.001 ? 3 : 1)} %`;

/** Why a placement is what it is, in a sentence a person reviews. */
export function describeEvidence(e: DepartmentEvidence): string {
  const lift = Number.isFinite(e.lift) ? `${e.lift.toFixed(1)}×` : 'only there';
  return `in ${e.count} of ${e.items} ${e.department} items (${pct(e.share)}) against at most ${e.restCount} of ${e.restItems} in the other departments (${pct(e.restShare)}): ${lift}, G² ${e.g2.toFixed(1)} (threshold ${G2_THRESHOLD}, p < 0.001)`;
}

/**
 * The department whose own items carry the topic significantly more than the others', or why none.
 * `departments` are each department's merged summaries over the same range.
 */
export function placeTopic(key: TopicKey, departments: readonly { id: string; merged: MergedTopics }[]): Placement {
  // The department's side counts what its summaries are sure of, the others' side the most they
  // may hold: a topic evicted from the other departments' summaries is not taken for absent there.
  const counts = departments.map((d) => ({ id: d.id, count: guaranteed(d.merged.topics.get(key)), upper: upperCount(d.merged, key), items: d.merged.items }));
  const totalUpper = counts.reduce((s, d) => s + d.upper, 0);
  const totalItems = counts.reduce((s, d) => s + d.items, 0);
  const candidates: DepartmentEvidence[] = counts
    .filter((d) => d.items > 0)
    .map((d) => {
      const restCount = totalUpper - d.upper;
      const restItems = totalItems - d.items;
      const share = d.count / d.items;
      const restShare = restItems > 0 ? restCount / restItems : 0;
      const higher = share > restShare;
      return {
        department: d.id,
        count: d.count,
        items: d.items,
        share,
        restCount,
        restItems,
        restShare,
        lift: restShare > 0 ? share / restShare : share > 0 ? Infinity : 0,
        g2: higher ? logLikelihoodRatio(d.count, d.items, restCount, restItems) : 0,
      };
    })
    .sort((a, b) => b.g2 - a.g2 || b.count - a.count || a.department.localeCompare(b.department));
  const [best, runnerUp] = candidates;
  if (!best || counts.every((d) => d.count === 0)) return { placed: false, reason: 'no department’s own items carry it' };
  if (best.count < MIN_SUPPORT) return { placed: false, reason: `too rare in the departments’ items (at most ${best.count}, need ${MIN_SUPPORT})`, best };
  if (best.g2 < G2_THRESHOLD) return { placed: false, reason: `spread over the departments: no share stands out (best ${best.department}, G² ${best.g2.toFixed(1)} < ${G2_THRESHOLD})`, best };
  if (best.lift < MIN_LIFT) return { placed: false, reason: `common to several departments (best ${best.department} only ${best.lift.toFixed(1)}× the others, need ${MIN_LIFT}×)`, best };
  return { placed: true, evidence: best, ...(runnerUp && runnerUp.g2 > 0 ? { runnerUp } : {}) };
}
