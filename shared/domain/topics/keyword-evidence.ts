/**
 * Which department a keyword proposed from unassigned items belongs to, on evidence (issue #20,
 * part 5): how often it matches each department's own items of its language against all the other
 * departments' items. Pure and deterministic.
 *
 * The counts are exact matches of the keyword (the real attribution) in samples of each
 * department's latest items, not the topic summaries: a summary of a few dozen entries per cell
 * drops the mid-frequency topics this is about, and its bound for a dropped topic (the cell's
 * floor) is too loose to tell a department's word from everybody's. Stems are shared by both
 * languages (EN "signal", FR "signaler"), so only the keyword's language is counted.
 *
 * The test is Dunning's log-likelihood ratio G² on the 2×2 table (matches / not × this department
 * / the others), one-sided (the department's share must be the higher), chi-square with one degree
 * of freedom: G² ≥ 10.83 is p < 0.001. Significance alone is not enough on large samples, so the
 * share must also be at least MIN_LIFT times the others', with at least MIN_SUPPORT matches.
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
}

export function mergeWindows(windows: readonly TopicWindow[]): MergedTopics {
  const merged: MergedTopics = { items: 0, negativeItems: 0, topics: new Map() };
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
  /** Sampled items of the department the keyword matches, and the department's sampled items. */
  count: number;
  items: number;
  share: number;
  /** The same over every other department together. */
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
export function describeEvidence(e: DepartmentEvidence, lang: string): string {
  const lift = Number.isFinite(e.lift) ? `${e.lift.toFixed(1)}×` : 'only there';
  return `matches ${e.count} of the ${e.items} latest ${lang} ${e.department} items read (${pct(e.share)}) against ${e.restCount} of ${e.restItems} of the other departments (${pct(e.restShare)}): ${lift}, G² ${e.g2.toFixed(1)} (threshold ${G2_THRESHOLD}, p < 0.001)`;
}

/** A keyword's matches among one department's sampled items of the keyword's language. */
export interface DepartmentSample {
  id: string;
  items: number;
  count: number;
}

/** The department whose own items the keyword matches significantly more than the others', or why none. */
export function placeKeyword(samples: readonly DepartmentSample[]): Placement {
  const totalCount = samples.reduce((s, d) => s + d.count, 0);
  const totalItems = samples.reduce((s, d) => s + d.items, 0);
  const candidates: DepartmentEvidence[] = samples
    .filter((d) => d.items > 0)
    .map((d) => {
      const restCount = totalCount - d.count;
      const restItems = totalItems - d.items;
      const share = d.count / d.items;
      const restShare = restItems > 0 ? restCount / restItems : 0;
      return {
        department: d.id,
        count: d.count,
        items: d.items,
        share,
        restCount,
        restItems,
        restShare,
        lift: restShare > 0 ? share / restShare : share > 0 ? Infinity : 0,
        g2: share > restShare ? logLikelihoodRatio(d.count, d.items, restCount, restItems) : 0,
      };
    })
    .sort((a, b) => b.g2 - a.g2 || b.count - a.count || a.department.localeCompare(b.department));
  const [best, runnerUp] = candidates;
  if (!best || totalCount === 0) return { placed: false, reason: 'no department’s own items carry it' };
  if (best.restItems === 0) return { placed: false, reason: `only ${best.department} has items in this language: nothing to compare with`, best };
  if (best.count < MIN_SUPPORT) return { placed: false, reason: `too rare in the departments’ items (at most ${best.count}, need ${MIN_SUPPORT})`, best };
  if (best.g2 < G2_THRESHOLD) return { placed: false, reason: `spread over the departments: no share stands out (best ${best.department}, G² ${best.g2.toFixed(1)} < ${G2_THRESHOLD})`, best };
  if (best.lift < MIN_LIFT) return { placed: false, reason: `common to several departments (best ${best.department} only ${best.lift.toFixed(1)}× the others, need ${MIN_LIFT}×)`, best };
  return { placed: true, evidence: best, ...(runnerUp && runnerUp.g2 > 0 ? { runnerUp } : {}) };
}
