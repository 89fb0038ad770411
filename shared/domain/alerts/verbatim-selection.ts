/**
 * Which verbatims an incident quotes: a few *distinct* ones. The same complaint pasted twice, or
 * written again with a word changed, says nothing new; nor does a second message from the same
 * customer, so a reader sees how many different people are saying what. Among the candidates, the
 * most negative first, then the most recent.
 */

/** What selection reads of a verbatim (the port's Verbatim and the incident's quotes fit). */
export interface VerbatimCandidate {
  id: string;
  text: string;
  occurredAt: string;
  /** Sentiment label (`negative`, `mixed`, `neutral`, `positive`); unknown ranks as neutral. */
  sentiment?: string;
  /** The customer's hash, when the item has one. */
  customerKey?: string;
}

export const DEFAULT_VERBATIM_COUNT = 3;

/** Token-set (Jaccard) similarity at or above which two texts are the same complaint. */
export const NEAR_DUPLICATE_SIMILARITY = 0.7;
/** Share of the shorter text's words found in the longer one that makes it a copy of it… */
const CONTAINED_SHARE = 0.9;
/** …when the shorter one has at least this many words (two words in common prove nothing). */
const CONTAINED_MIN_WORDS = 5;

const SENTIMENT_RANK: Record<string, number> = { negative: 0, mixed: 1, neutral: 2, positive: 3 };

/** Lower case, accents, punctuation and spacing gone: `Facture FAUSSE !!` and `facture fausse` read alike. */
export function normalisedText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

function wordsOf(text: string): Set<string> {
  return new Set(normalisedText(text).split(' ').filter((w) => w.length > 1));
}

/** |A ∩ B| / |A ∪ B| of the two texts' word sets (words of two letters or more). */
export function tokenSetSimilarity(a: string, b: string): number {
  return jaccard(wordsOf(a), wordsOf(b));
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let common = 0;
  for (const w of a) if (b.has(w)) common++;
  return common / (a.size + b.size - common);
}

interface Prepared {
  normalised: string;
  words: Set<string>;
}

function isNearDuplicate(a: Prepared, b: Prepared): boolean {
  if (a.normalised === b.normalised) return true;
  if (jaccard(a.words, b.words) >= NEAR_DUPLICATE_SIMILARITY) return true;
  const [small, large] = a.words.size <= b.words.size ? [a.words, b.words] : [b.words, a.words];
  if (small.size < CONTAINED_MIN_WORDS) return false;
  let common = 0;
  for (const w of small) if (large.has(w)) common++;
  return common / small.size >= CONTAINED_SHARE;
}

/** Whether two texts say the same thing (equal once normalised, or nearly the same words). */
export function nearDuplicates(a: string, b: string): boolean {
  return isNearDuplicate({ normalised: normalisedText(a), words: wordsOf(a) }, { normalised: normalisedText(b), words: wordsOf(b) });
}

/** Most negative first, then most recent, then by id (the same input always quotes the same). */
export function byNegativityThenRecency(a: VerbatimCandidate, b: VerbatimCandidate): number {
  const rank = (v: VerbatimCandidate) => SENTIMENT_RANK[v.sentiment ?? 'neutral'] ?? SENTIMENT_RANK.neutral!;
  return rank(a) - rank(b) || Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || a.id.localeCompare(b.id);
}

/**
 * Up to `count` verbatims, most negative then most recent first, none a near-duplicate of one
 * already taken and none from a customer already quoted (when the customer is known). Texts
 * without a word are skipped.
 */
export function selectDistinctVerbatims<T extends VerbatimCandidate>(candidates: readonly T[], count = DEFAULT_VERBATIM_COUNT): T[] {
  const taken: { verbatim: T; prepared: Prepared }[] = [];
  const customers = new Set<string>();
  for (const verbatim of [...candidates].sort(byNegativityThenRecency)) {
    if (taken.length >= count) break;
    const prepared = { normalised: normalisedText(verbatim.text), words: wordsOf(verbatim.text) };
    if (prepared.normalised === '') continue;
    if (verbatim.customerKey && customers.has(verbatim.customerKey)) continue;
    if (taken.some((t) => isNearDuplicate(t.prepared, prepared))) continue;
    taken.push({ verbatim, prepared });
    if (verbatim.customerKey) customers.add(verbatim.customerKey);
  }
  return taken.map((t) => t.verbatim);
}
