/**
 * Closing the attribution gap (issue #20, part 5): from the top topics of the items no department
 * claims, propose per department the keywords to add, each placed by evidence (keyword-evidence.ts)
 * and each with the unassigned items it would capture, counted by the real attribution on their
 * redacted text with the patched configuration, and redacted examples. The result is a patch the
 * user reviews, applies, and dry-runs with `customer-voice classify --config`.
 */
import { attributeDepartments } from '../domain/departments/attribution';
import { applyKeywordsPatch, type KeywordsPatch } from '../domain/departments/keywords-patch';
import { DepartmentsConfigSchema, UNASSIGNED, type DepartmentsConfig } from '../domain/departments/schema';
import { termProblem } from '../domain/departments/terms';
import { InvalidRequestError } from '../domain/failures';
import type { ItemTopic, TopicGranularity, TopicKey } from '../domain/topics/contract';
import { describeEvidence, guaranteed, mergeWindows, MIN_SUPPORT, placeKeyword, type DepartmentEvidence } from '../domain/topics/keyword-evidence';
import type { FeedbackStore, Verbatim } from '../ports/stores';
import type { TopicSummaryReader } from '../ports/topics';

export interface SuggestKeywordsDeps {
  topics: TopicSummaryReader;
  /** The unassigned items themselves (redacted), for the capture counts and the examples. */
  items: Pick<FeedbackStore, 'verbatims'>;
  config: DepartmentsConfig;
  /** Topics of a stored text when its row has none (items stored before topics were). */
  topicsOf?: (text: string, lang: string) => ItemTopic[];
}

export interface SuggestKeywordsRequest {
  from: Date;
  to: Date;
  /** Unassigned topics looked at, heaviest first. */
  candidates?: number;
  /** Unassigned items read (newest first) to count captures and pick examples. */
  maxItems?: number;
  /** Items of each department read (newest first): the evidence of where a keyword belongs. */
  maxDepartmentItems?: number;
  examples?: number;
}

export type Lang = 'fr' | 'en';

export interface KeywordProposal {
  department: string;
  lang: Lang;
  keyword: string;
  topic: TopicKey;
  /** Unassigned items read that the keyword would attribute to the department. */
  captures: number;
  /** Of those, the ones no proposal ranked above already captures. */
  newlyCaptured: number;
  evidence: DepartmentEvidence;
  runnerUp?: DepartmentEvidence;
  why: string;
  examples: { id: string; text: string; occurredAt: string }[];
}

export interface UnplacedTopic {
  topic: TopicKey;
  phrase: string;
  /** Occurrences among the unassigned items (guaranteed part of the summaries). */
  count: number;
  reason: string;
}

export interface SuggestKeywordsReport {
  from: string;
  to: string;
  granularity: TopicGranularity;
  /** Unassigned items in the range (exact, from the summaries). */
  unassignedItems: number;
  /** Unassigned items read; those left unassigned once the patch is applied. */
  examined: number;
  examinedAfterPatch: number;
  proposals: KeywordProposal[];
  unplaced: UnplacedTopic[];
  patch: KeywordsPatch;
}

const DAY_MS = 86_400_000;
const WINDOW_MS: Record<TopicGranularity, number> = { day: DAY_MS, week: 7 * DAY_MS };
/** More than a daylight-saving shift, less than any zone's offset from the next cell's start. */
const CELL_MARGIN_MS = 90 * 60_000;
const DEFAULT_CANDIDATES = 40;
const DEFAULT_MAX_ITEMS = 5_000;
const DEFAULT_EXAMPLES = 3;
const DEFAULT_MAX_DEPARTMENT_ITEMS = 500;

/** Day cells up to a month, week cells beyond: as precise as the range needs, as few reads as it allows. */
const granularityFor = (from: Date, to: Date): TopicGranularity => (to.getTime() - from.getTime() <= 31 * DAY_MS ? 'day' : 'week');

/** Keywords can only capture items that nothing explicit (a source's department) put under unassigned. */
const capturable = (v: Verbatim) => !v.departments.some((d) => d.reason.startsWith('hint:'));

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The phrase as the text writes it: with the rest of a hyphenated word it begins ("rendez" →
 * "rendez-vous"), which the extractor splits and a keyword must keep together to stay precise.
 */
function asWritten(phrase: string, text: string): string {
  const found = new RegExp(`(?:^|[^\\p{L}])${escaped(phrase)}((?:-\\p{L}+)+)`, 'u').exec(text);
  return found ? `${phrase}${found[1]}` : phrase;
}

/** The surface phrase each language writes a topic with, most frequent first. */
function surfaces(key: TopicKey, items: readonly { verbatim: Verbatim; topics: ItemTopic[] }[]): Map<Lang, string> {
  const tally = new Map<Lang, Map<string, number>>();
  for (const { verbatim, topics } of items) {
    const lang = verbatim.lang.slice(0, 2) as Lang;
    if (lang !== 'fr' && lang !== 'en') continue;
    for (const t of topics) {
      if (t.key !== key) continue;
      const phrase = asWritten(t.phrase.toLocaleLowerCase(lang), verbatim.text.toLocaleLowerCase(lang));
      const byPhrase = tally.get(lang) ?? new Map<string, number>();
      byPhrase.set(phrase, (byPhrase.get(phrase) ?? 0) + 1);
      tally.set(lang, byPhrase);
    }
  }
  const out = new Map<Lang, string>();
  for (const [lang, byPhrase] of tally) out.set(lang, [...byPhrase].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]);
  return out;
}

/** A configuration whose one department has only this term (and the real one's ignored phrases): what the term alone matches. */
function probeFor(config: DepartmentsConfig, lang: Lang, term: string): DepartmentsConfig {
  const names = { en: PROBE, fr: PROBE };
  return DepartmentsConfigSchema.parse({ departments: [{ id: PROBE, names, keywords: { [lang]: [term] } }], journeys: [], ignore: config.ignore });
}
const PROBE = 'probe';
const matchedBy = (probe: DepartmentsConfig, items: readonly Verbatim[]) =>
  items.filter((v) => attributeDepartments({ text: v.text, lang: v.lang }, probe).some((a) => a.id === PROBE));

export async function suggestKeywords(deps: SuggestKeywordsDeps, request: SuggestKeywordsRequest): Promise<SuggestKeywordsReport> {
  const { from, to } = request;
  const { config } = deps;
  if (!(from.getTime() < to.getTime())) throw new InvalidRequestError('invalid_range', '--from must be before --to.');
  const granularity = granularityFor(from, to);
  // The cell holding `from` counts whole: its start lies up to a window before (a local midnight
  // is not `from`'s UTC one); the margin keeps out the cell that ends at `from`.
  const cellsFrom = new Date(from.getTime() - WINDOW_MS[granularity] + CELL_MARGIN_MS);
  const unassigned = mergeWindows(await deps.topics.windows({ kind: 'unassigned' }, granularity, cellsFrom, to));
  const read = (await deps.items.verbatims(UNASSIGNED, from, to, request.maxItems ?? DEFAULT_MAX_ITEMS)).filter(capturable);
  const withTopics = read.map((verbatim) => ({ verbatim, topics: verbatim.topics ?? deps.topicsOf?.(verbatim.text, verbatim.lang) ?? [] }));
  // Each department's latest items: the evidence of where a keyword belongs (keyword-evidence.ts).
  const samples = await Promise.all(
    config.departments.map(async (d) => ({ id: d.id, items: await deps.items.verbatims(d.id, from, to, request.maxDepartmentItems ?? DEFAULT_MAX_DEPARTMENT_ITEMS) })),
  );
  const configured = (lang: Lang, keyword: string) => config.departments.some((d) => d.keywords[lang].some((k) => k.toLocaleLowerCase(lang) === keyword));

  const heaviest = [...unassigned.topics.values()]
    .filter((e) => guaranteed(e) >= MIN_SUPPORT)
    .sort((a, b) => guaranteed(b) - guaranteed(a) || a.key.localeCompare(b.key))
    .slice(0, request.candidates ?? DEFAULT_CANDIDATES);

  const unplaced: UnplacedTopic[] = [];
  const candidates: Omit<KeywordProposal, 'newlyCaptured' | 'examples'>[] = [];
  const capturedIds = new Map<string, Verbatim[]>();
  for (const entry of heaviest) {
    const count = guaranteed(entry);
    const phrases = surfaces(entry.key, withTopics);
    if (phrases.size === 0) unplaced.push({ topic: entry.key, phrase: entry.phrase, count, reason: 'none of the unassigned items read carries it' });
    for (const [lang, keyword] of phrases) {
      if (termProblem(keyword) || configured(lang, keyword)) continue;
      const probe = probeFor(config, lang, keyword);
      const captured = matchedBy(probe, read);
      if (captured.length < MIN_SUPPORT) continue;
      const placement = placeKeyword(
        samples.map((d) => {
          const inLang = d.items.filter((v) => v.lang.slice(0, 2) === lang);
          return { id: d.id, items: inLang.length, count: matchedBy(probe, inLang).length };
        }),
      );
      if (!placement.placed) {
        unplaced.push({ topic: entry.key, phrase: keyword, count, reason: `(${lang}) ${placement.reason}` });
        continue;
      }
      const department = placement.evidence.department;
      capturedIds.set(`${department}|${lang}|${keyword}`, captured);
      candidates.push({
        department,
        lang,
        keyword,
        topic: entry.key,
        captures: captured.length,
        evidence: placement.evidence,
        ...(placement.runnerUp ? { runnerUp: placement.runnerUp } : {}),
        why: `"${keyword}" (${lang}) ${describeEvidence(placement.evidence, lang)}; it would attribute ${captured.length} of the ${read.length} unassigned items read to ${department}.`,
      });
    }
  }
  // Most useful first; at equal use, the longer (more precise) keyword. A keyword whose items the
  // ones above already take adds nothing: it is left out.
  candidates.sort((a, b) => b.captures - a.captures || b.keyword.split(' ').length - a.keyword.split(' ').length || b.evidence.g2 - a.evidence.g2 || a.keyword.localeCompare(b.keyword));
  const taken = new Set<string>();
  const proposals: KeywordProposal[] = [];
  for (const c of candidates) {
    const captured = capturedIds.get(`${c.department}|${c.lang}|${c.keyword}`)!;
    const fresh = captured.filter((v) => !taken.has(v.id));
    if (fresh.length < MIN_SUPPORT) continue;
    fresh.forEach((v) => taken.add(v.id));
    const examples = captured.slice(0, request.examples ?? DEFAULT_EXAMPLES).map((v) => ({ id: v.id, text: v.text, occurredAt: v.occurredAt }));
    proposals.push({ ...c, newlyCaptured: fresh.length, examples });
  }

  const patch: KeywordsPatch = { departments: [] };
  for (const p of proposals) {
    let entry = patch.departments.find((d) => d.id === p.department);
    if (!entry) patch.departments.push((entry = { id: p.department, keywords: { fr: [], en: [] } }));
    entry.keywords[p.lang].push(p.keyword);
  }
  const patched = applyKeywordsPatch(config, patch);
  const examinedAfterPatch = read.filter((v) => attributeDepartments({ text: v.text, lang: v.lang }, patched).every((a) => a.id === UNASSIGNED)).length;
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    granularity,
    unassignedItems: unassigned.items,
    examined: read.length,
    examinedAfterPatch,
    proposals,
    unplaced,
    patch,
  };
}
