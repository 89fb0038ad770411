/**
 * Recognition of progress (issue #21): the weekly digest opens with the most improved department
 * and its customers' words, and the owners of the (up to) three most improved departments get a
 * short note. Improvement must be real, not noise:
 *
 * - the department is ranked by the digest: at least its minimum volume of items in this week
 *   and the week before (the digest's own rule, `minVolume`);
 * - its sentiment index rose by at least MIN_RECOGNITION_POINTS points;
 * - and the rise passes a one-sided two-sample z-test at 95 %: each item scores +1 (positive),
 *   −1 (negative) or 0, the sentiment index is 100 × the mean, and
 *   z = (mean₁ − mean₀) / √(var₁/n₁ + var₀/n₀) must reach RECOGNITION_Z (1.645). Fifteen
 *   more points from 20 items a week is luck as often as not; from 400 it is not.
 *
 * Pure: the digest use case reads the verbatims that show it.
 */
import type { DepartmentDigest } from './digest';
import type { Score } from './scores';

/** Fewest sentiment-index points of progress worth a recognition. */
export const MIN_RECOGNITION_POINTS = 5;
/** One-sided 95 % critical value of the standard normal. */
export const RECOGNITION_Z = 1.645;
/** Departments whose owners get a note each week, at most. */
export const RECOGNISED_DEPARTMENTS = 3;
/** Positive verbatims quoted for a department. */
export const RECOGNITION_VERBATIMS = 3;

export interface RecognisedDepartment {
  department: DepartmentDigest;
  /** The test statistic of the rise (Infinity when neither week varies at all). */
  z: number;
}

export interface RecognitionQuote {
  id: string;
  text: string;
  occurredAt: string;
}

/** What the digest opens with: the recognised departments, and the words of the first one's customers. */
export interface DigestRecognition {
  recognised: RecognisedDepartment[];
  /** Positive redacted verbatims of the week of `recognised[0]`, distinct. */
  words: RecognitionQuote[];
}

/** Mean and variance of the item scores (+1 positive, −1 negative, 0 neutral or mixed) of a week. */
function moments(s: Score): { n: number; mean: number; variance: number } {
  const n = s.count;
  if (n === 0) return { n, mean: 0, variance: 0 };
  const mean = (s.positive - s.negative) / n;
  return { n, mean, variance: Math.max(0, (s.positive + s.negative) / n - mean * mean) };
}

/** z of the sentiment index's change from `previous` to `current` (positive when it rose); 0 without items in either week. */
export function improvementZ(current: Score, previous: Score): number {
  const a = moments(current);
  const b = moments(previous);
  if (a.n === 0 || b.n === 0) return 0;
  const diff = a.mean - b.mean;
  const se = Math.sqrt(a.variance / a.n + b.variance / b.n);
  if (se === 0) return diff === 0 ? 0 : diff > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return diff / se;
}

/**
 * The departments whose progress is real, most improved first, at most RECOGNISED_DEPARTMENTS:
 * from the digest's ranking (ranked ones only: enough items in both weeks), at least
 * MIN_RECOGNITION_POINTS of progress and z ≥ RECOGNITION_Z.
 */
export function recognisedDepartments(ranking: readonly DepartmentDigest[]): RecognisedDepartment[] {
  const out: RecognisedDepartment[] = [];
  for (const department of ranking) {
    if (out.length >= RECOGNISED_DEPARTMENTS) break;
    if (department.progress === null || department.progress < MIN_RECOGNITION_POINTS || !department.previous) continue;
    const z = improvementZ(department.current, department.previous);
    if (z >= RECOGNITION_Z) out.push({ department, z });
  }
  return out;
}

/** Claimed before a note goes out: one per department, week and language. */
export function recognitionMarker(weekStart: string, departmentId: string, lang: string): string {
  return `recognition#${weekStart}#${departmentId}#${lang}`;
}
