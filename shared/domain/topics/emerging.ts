/**
 * Emerging topics: which topics of a scope rise significantly against their trailing baseline, or
 * appear with enough support, in the latest window of a series. Pure and deterministic: the same
 * windows always flag the same topics with the same figures.
 *
 * The test. For a topic, a recent span (the last r windows, r = 1…maxSpan) is compared with the
 * `baselineWindows` windows before that span. With X the topic's items in the span out of n, and Y
 * out of N in the baseline, "the topic is as frequent as before" means X and Y are Poisson with
 * rates proportional to n and N; given X + Y the span's part is binomial(X + Y, n / (n + N)). The
 * p-value is the exact upper tail P(K ≥ X) of that binomial (the conditional test of two Poisson
 * rates): exact at small counts, no continuity correction needed, and it accounts for a short or
 * thin baseline by itself (the span's weight n / (n + N) grows, so the same X means less). A
 * topic the baseline never had (Y = 0) gets p = (n / (n + N))^X: how unlikely it is that all its
 * items fall in the span by chance.
 *
 * The statistic is −log10 p; a topic is flagged when it reaches `threshold` (default 7, p ≤ 10⁻⁷)
 * with at least `minSupport` guaranteed items in the span (default 8), and, for a topic the
 * baseline had, a share at least `minRatio` (default 2) times its baseline share, so a huge
 * department does not flag a topic going from 10 % to 10.5 %. The threshold is that strict
 * because a department-week runs 7 days × maxSpan × (topics in its summaries) tests: with 300
 * topics, 15,000 a week, so p ≤ 10⁻⁷ bounds the expected false flags of a stable department-week
 * near 0.0015 (Bonferroni) with room for real text being burstier than a binomial (at 10⁻⁶ a
 * synthetic stable stream of 300 Zipf topics showed 0.03–0.06 flags per department-week, one
 * burst flagged on consecutive days). For a topic the baseline never had, p = π^X: at 100
 * items a day against 28 days of baseline, 8 items over three days give p ≈ 10⁻⁸, so the minimum
 * support, not the threshold, sets when a new theme is flagged (at its eighth to thirteenth item
 * in test/unit/topics-emerging.test.ts, before the fifteenth the issue asks for).
 *
 * Counts are approximate (TopicEntry.error bounds the over-count): the span counts only the
 * guaranteed part (count − error) and the baseline the upper bound (count; for a topic absent
 * from a window, the window's floor, or without one, when the summary has evicted topics, the
 * smallest count it holds), so approximation
 * can only hide a flag, never make one.
 */
import type { EmergingTopic, TopicEntry, TopicKey, TopicScope, TopicWindow } from './contract';

export interface EmergingOptions {
  /** Windows before the span the topic is compared with. Day series: 28 (four weeks, weekly cycle included); week series: 8. */
  baselineWindows: number;
  /** Longest recent span tested, in windows (day series: 14, so a theme of two items a day is judged on all of them; week series: 1). */
  maxSpan: number;
  /** Fewer baseline windows with items than this and nothing is flagged (a series too young to know its normal). */
  minBaselineWindows: number;
  /** −log10 of the largest p-value that flags. */
  threshold: number;
  /** Fewest guaranteed items carrying the topic in the span. */
  minSupport: number;
  /** A topic the baseline had must at least multiply its share by this. */
  minRatio: number;
  /** The summaries' capacity, when known: a window holding that many entries may have evicted topics. */
  capacity?: number;
}

export const EMERGING_DEFAULTS: Record<'day' | 'week', EmergingOptions> = {
  day: { baselineWindows: 28, maxSpan: 14, minBaselineWindows: 7, threshold: 7, minSupport: 8, minRatio: 2 },
  week: { baselineWindows: 8, maxSpan: 1, minBaselineWindows: 4, threshold: 7, minSupport: 8, minRatio: 2 },
};

/** The name EmergingTopic.test carries: the exact conditional test of two Poisson rates. */
export const EMERGING_TEST = 'conditional-binomial';

const LN10 = Math.log(10);

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9: relative error under 1e-13, ample for a −log10 p). */
function lnGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * −log10 P(K ≥ k) for K ~ binomial(trials, p): summed from k upwards in log space, each term from
 * the previous one, until the terms no longer count. 0 when k ≤ 0.
 */
export function binomialUpperTailLog10(k: number, trials: number, p: number): number {
  if (k <= 0) return 0;
  if (k > trials || p <= 0) return Number.POSITIVE_INFINITY;
  if (p >= 1) return 0;
  const lnP = Math.log(p);
  const lnQ = Math.log1p(-p);
  let lnTerm = lnGamma(trials + 1) - lnGamma(k + 1) - lnGamma(trials - k + 1) + k * lnP + (trials - k) * lnQ;
  const lnFirst = lnTerm;
  // Σ term_j / term_k, accumulated relative to the first term so nothing underflows.
  let relative = 1;
  for (let j = k; j < trials; j++) {
    lnTerm += Math.log((trials - j) / (j + 1)) + lnP - lnQ;
    const r = Math.exp(lnTerm - lnFirst);
    relative += r;
    if (r < relative * 1e-15 && j > trials * p) break;
  }
  const lnTail = Math.min(0, lnFirst + Math.log(relative));
  return -lnTail / LN10;
}

/** A topic's figures over a run of windows: guaranteed and upper-bound counts, negatives. */
interface Tally {
  guaranteed: number;
  upper: number;
  negative: number;
  count: number;
  phrase: string;
}

function evictedIn(w: TopicWindow, capacity: number | undefined): boolean {
  return w.entries.some((e) => e.error > 0) || (capacity !== undefined && w.entries.length >= capacity);
}

/** The most a topic absent from a window's summary can have had in it. */
function absentBound(w: TopicWindow, capacity: number | undefined): number {
  if (w.floor !== undefined) return w.floor;
  if (!evictedIn(w, capacity) || w.entries.length === 0) return 0;
  return Math.min(...w.entries.map((e) => e.count));
}

type Indexed = TopicWindow & { byKey: Map<TopicKey, TopicEntry>; absent: number };

function indexed(w: TopicWindow, capacity: number | undefined): Indexed {
  return { ...w, byKey: new Map(w.entries.map((e) => [e.key, e])), absent: absentBound(w, capacity) };
}

function tallyOf(key: TopicKey, windows: readonly Indexed[]): Tally {
  const t: Tally = { guaranteed: 0, upper: 0, negative: 0, count: 0, phrase: '' };
  for (const w of windows) {
    const e = w.byKey.get(key);
    if (e) {
      t.guaranteed += Math.max(0, e.count - e.error);
      t.upper += e.count;
      t.negative += e.negative;
      t.count += e.count;
      t.phrase = e.phrase;
    } else {
      t.upper += w.absent;
    }
  }
  return t;
}

const itemsOf = (windows: readonly TopicWindow[]) => windows.reduce((s, w) => s + w.items, 0);
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** One topic's test on one span: its figures, flagged or not. */
export interface TopicTest {
  key: TopicKey;
  phrase: string;
  reason: 'rise' | 'new';
  statistic: number;
  support: number;
  items: number;
  share: number;
  baselineShare: number;
  negativeShare: number;
  /** Windows in the span, and its first window. */
  span: number;
  since: string;
  flagged: boolean;
}

/**
 * Every topic of the latest window's span, tested: for each topic, the span length with the
 * highest statistic (ties: the shorter span). The assessment of a rule needs the quiet ones too.
 */
export function testTopics(windows: readonly TopicWindow[], options: EmergingOptions): TopicTest[] {
  if (windows.length === 0) return [];
  const series = windows.slice(-(options.maxSpan + options.baselineWindows)).map((w) => indexed(w, options.capacity));
  const keys = new Set<TopicKey>();
  for (const w of series.slice(-options.maxSpan)) for (const e of w.entries) keys.add(e.key);
  const best = new Map<TopicKey, TopicTest>();
  for (let span = 1; span <= Math.min(options.maxSpan, series.length); span++) {
    const recent = series.slice(series.length - span);
    const baseline = series.slice(Math.max(0, series.length - span - options.baselineWindows), series.length - span);
    if (baseline.filter((w) => w.items > 0).length < options.minBaselineWindows) continue;
    const n = itemsOf(recent);
    const N = itemsOf(baseline);
    if (n === 0 || N === 0) continue;
    for (const key of keys) {
      const r = tallyOf(key, recent);
      if (r.count === 0) continue;
      const b = tallyOf(key, baseline);
      const x = r.guaranteed;
      const statistic = round(x > 0 ? binomialUpperTailLog10(x, x + b.upper, n / (n + N)) : 0, 2);
      const share = x / n;
      const baselineShare = b.upper / N;
      const reason = b.upper === 0 ? 'new' : 'rise';
      const flagged =
        statistic >= options.threshold && x >= options.minSupport && (reason === 'new' || share >= options.minRatio * baselineShare);
      const test: TopicTest = {
        key,
        phrase: r.phrase,
        reason,
        statistic: Number.isFinite(statistic) ? statistic : 999,
        support: x,
        items: n,
        share: round(share, 4),
        baselineShare: round(baselineShare, 4),
        negativeShare: r.count ? round(Math.min(1, r.negative / r.count), 4) : 0,
        span,
        since: recent[0]!.window,
        flagged,
      };
      const prev = best.get(key);
      // A flag beats no flag; then the larger statistic; then the shorter span (kept first).
      if (!prev || (test.flagged && !prev.flagged) || (test.flagged === prev.flagged && test.statistic > prev.statistic)) best.set(key, test);
    }
  }
  return [...best.values()].sort((a, b) => b.statistic - a.statistic || a.key.localeCompare(b.key));
}

const wordsOf = (key: TopicKey) => new Set(key.split(' '));
const nested = (a: Set<string>, b: Set<string>) => [...a].every((w) => b.has(w)) || [...b].every((w) => a.has(w));

/**
 * One flag per theme: "appli", "appli plant" and "appli plant paiement" rising together are one
 * thing. Topics whose words nest (one key's words all in the other's) form a group; the group
 * shows its longest phrase among those with at least half the group's best support (ties: the
 * higher statistic), which a person reads best.
 */
export function collapseNested(tests: readonly TopicTest[]): TopicTest[] {
  const groups: TopicTest[][] = [];
  for (const t of [...tests].sort((a, b) => b.statistic - a.statistic || a.key.localeCompare(b.key))) {
    const words = wordsOf(t.key);
    const group = groups.find((g) => g.some((o) => nested(words, wordsOf(o.key))));
    if (group) group.push(t);
    else groups.push([t]);
  }
  return groups.map((g) => {
    const top = Math.max(...g.map((t) => t.support));
    const readable = g.filter((t) => t.support * 2 >= top);
    return readable.sort((a, b) => wordsOf(b.key).size - wordsOf(a.key).size || b.statistic - a.statistic || a.key.localeCompare(b.key))[0]!;
  });
}

/** The flag of a test, in the contract's shape. */
export function emergingOf(t: TopicTest, scope: TopicScope, window: string, options: EmergingOptions): EmergingTopic {
  return {
    key: t.key,
    phrase: t.phrase,
    scope,
    window,
    since: t.since,
    reason: t.reason,
    test: EMERGING_TEST,
    statistic: t.statistic,
    threshold: options.threshold,
    support: t.support,
    items: t.items,
    share: t.share,
    baselineShare: t.baselineShare,
    negativeShare: t.negativeShare,
  };
}

/**
 * The topics emerging in the last window of `series` (one window per period, oldest first, empty
 * periods present with `items: 0`: see `denseSeries`), strongest first, one per theme.
 */
export function detectEmerging(series: readonly TopicWindow[], scope: TopicScope, options: EmergingOptions): EmergingTopic[] {
  const last = series.at(-1);
  if (!last) return [];
  const flagged = testTopics(series, options).filter((t) => t.flagged);
  return collapseNested(flagged).map((t) => emergingOf(t, scope, last.window, options));
}

/** The windows a reader returned, one per start in `starts` (oldest first), absent ones empty. */
export function denseSeries(windows: readonly TopicWindow[], starts: readonly string[]): TopicWindow[] {
  const byStart = new Map(windows.map((w) => [new Date(w.window).toISOString(), w]));
  return starts.map((s) => byStart.get(new Date(s).toISOString()) ?? { window: new Date(s).toISOString(), items: 0, negativeItems: 0, entries: [] });
}
