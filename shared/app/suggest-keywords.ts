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
import { describeEvidence, guaranteed, mergeWindows, MIN_SUPPORT, placeTopic, type DepartmentEvidence, type MergedTopics } from '../domain/topics/keyword-evidence';
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
  /** Items of a department read (newest first) to check a keyword matches its own items in that language. */
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
  /** The department's own items of that language read, and how many the keyword matches. */
  departmentItemsRead: number;
  departmentMatches: number;
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
const DEFAULT_MAX_DEPARTMENT_ITEMS = 1_000;

/** Day cells up to a month, week cells beyond: as precise as the range needs, as few reads as it allows. */
const granularityFor = (from: Date, to: Date): TopicGranularity => (to.getTime() - from.getTime() <= 31 * DAY_MS ? 'day' : 'week');

/** Keywords can only capture items that nothing explicit (a source's department) put under unassigned. */
const capturable = (v: Verbatim) => !v.departments.some((d) => d.reason.startsWith('hint:'));

/** The surface phrase each language writes a topic with, most frequent first. */
function surfaces(key: TopicKey, items: readonly { verbatim: Verbatim; topics: ItemTopic[] }[]): Map<Lang, string> {
  const tally = new Map<Lang, Map<string, number>>();
  for (const { verbatim, topics } of items) {
    const lang = verbatim.lang.slice(0, 2) as Lang;
    if (lang !== 'fr' && lang !== 'en') continue;
    for (const t of topics) {
      if (t.key !== key) continue;
      const phrase = t.phrase.toLocaleLowerCase(lang);
      const byPhrase = tally.get(lang) ?? new Map<string, number>();
      byPhrase.set(phrase, (byPhrase.get(phrase) ?? 0) + 1);
      tally.set(lang, byPhrase);
    }
  }
  const out = new Map<Lang, string>();
  for (const [lang, byPhrase] of tally) out.set(lang, [...byPhrase].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0]);
  return out;
}

/** The items one term would attribute to one department, with the configuration's ignored phrases. */
function capturedBy(config: DepartmentsConfig, department: string, lang: Lang, term: string, items: readonly Verbatim[]): Verbatim[] {
  const names = config.departments.find((d) => d.id === department)!.names;
  const single = DepartmentsConfigSchema.parse({ departments: [{ id: department, names, keywords: { [lang]: [term] } }], journeys: [], ignore: config.ignore });
  return items.filter((v) => attributeDepartments({ text: v.text, lang: v.lang }, single).some((a) => a.id === department));
}

export async function suggestKeywords(deps: SuggestKeywordsDeps, request: SuggestKeywordsRequest): Promise<SuggestKeywordsReport> {
  const { from, to } = request;
  const { config } = deps;
  if (!(from.getTime() < to.getTime())) throw new InvalidRequestError('invalid_range', '--from must be before --to.');
  const granularity = granularityFor(from, to);
  // The cell holding `from` counts whole: its start lies up to a window before (a local midnight
  // is not `from`'s UTC one); the margin keeps out the cell that ends at `from`.
  const cellsFrom = new Date(from.getTime() - WINDOW_MS[granularity] + CELL_MARGIN_MS);
  const unassigned = mergeWindows(await deps.topics.windows({ kind: 'unassigned' }, granularity, cellsFrom, to));
  const departments: { id: string; merged: MergedTopics }[] = await Promise.all(
    config.departments.map(async (d) => ({ id: d.id, merged: mergeWindows(await deps.topics.windows({ kind: 'dept', id: d.id }, granularity, cellsFrom, to)) })),
  );
  const read = (await deps.items.verbatims(UNASSIGNED, from, to, request.maxItems ?? DEFAULT_MAX_ITEMS)).filter(capturable);
  const withTopics = read.map((verbatim) => ({ verbatim, topics: verbatim.topics ?? deps.topicsOf?.(verbatim.text, verbatim.lang) ?? [] }));

  const heaviest = [...unassigned.topics.values()]
    .filter((e) => guaranteed(e) >= MIN_SUPPORT)
    .sort((a, b) => guaranteed(b) - guaranteed(a) || a.key.localeCompare(b.key))
    .slice(0, request.candidates ?? DEFAULT_CANDIDATES);

  // Topic keys are stems shared by both languages (EN "signal", FR "signaler"): a keyword must also
  // match the department's own items of its language, or it would route something else entirely.
  const departmentItems = new Map<string, Promise<Verbatim[]>>();
  const ownItems = (department: string, lang: Lang) => {
    if (!departmentItems.has(department)) departmentItems.set(department, deps.items.verbatims(department, from, to, request.maxDepartmentItems ?? DEFAULT_MAX_DEPARTMENT_ITEMS));
    return departmentItems.get(department)!.then((items) => items.filter((v) => v.lang.slice(0, 2) === lang));
  };

  const unplaced: UnplacedTopic[] = [];
  const candidates: Omit<KeywordProposal, 'newlyCaptured' | 'examples'>[] = [];
  const capturedIds = new Map<string, Verbatim[]>();
  for (const entry of heaviest) {
    const placement = placeTopic(entry.key, departments);
    const count = guaranteed(entry);
    if (!placement.placed) {
      unplaced.push({ topic: entry.key, phrase: entry.phrase, count, reason: placement.reason });
      continue;
    }
    const department = config.departments.find((d) => d.id === placement.evidence.department)!;
    const phrases = surfaces(entry.key, withTopics);
    if (phrases.size === 0) {
      unplaced.push({ topic: entry.key, phrase: entry.phrase, count, reason: 'none of the unassigned items read carries it' });
      continue;
    }
    for (const [lang, keyword] of phrases) {
      if (termProblem(keyword) || department.keywords[lang].some((k) => k.toLocaleLowerCase(lang) === keyword)) continue;
      const captured = capturedBy(config, department.id, lang, keyword, read);
      if (captured.length < MIN_SUPPORT) continue;
      const own = await ownItems(department.id, lang);
      const departmentMatches = capturedBy(config, department.id, lang, keyword, own).length;
      if (departmentMatches < MIN_SUPPORT) {
        unplaced.push({ topic: entry.key, phrase: keyword, count, reason: `"${keyword}" (${lang}) matches ${departmentMatches} of the ${own.length} ${lang} ${department.id} items read: the evidence is another language's word` });
        continue;
      }
      capturedIds.set(`${department.id}|${lang}|${keyword}`, captured);
      candidates.push({
        department: department.id,
        lang,
        keyword,
        topic: entry.key,
        captures: captured.length,
        departmentItemsRead: own.length,
        departmentMatches,
        evidence: placement.evidence,
        ...(placement.runnerUp ? { runnerUp: placement.runnerUp } : {}),
        why: `"${keyword}" (${lang}): the topic is ${describeEvidence(placement.evidence)}; the keyword matches ${departmentMatches} of the ${own.length} latest ${lang} ${department.id} items and would attribute ${captured.length} of the ${read.length} unassigned items read to ${department.id}.`,
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
