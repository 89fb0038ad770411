import { foldAccents, matchingLanguages, stemVariants, STEM_LANGUAGES, tokenize, type StemLanguage } from '../stemming';
import { UNASSIGNED, type DepartmentsConfig, type Terms } from './schema';
import { termWords } from './terms';

export interface Attribution {
  id: string;
  reason: string;
}

/** What attribution reads from an item; a FeedbackEnvelope fits as it is. */
export interface AttributableItem {
  text: string;
  subject?: string;
  /** An explicit department from the source (export column, API field): it wins. */
  department?: string;
  /** An explicit journey from the source: it wins for journeys. */
  journey?: string;
  /** "fr", "en", "fr-FR"…; when absent the language is guessed from function words. */
  lang?: string;
  channel?: string;
  source?: { channel?: string; provider?: string };
}

/** Lower case, accents removed, punctuation to spaces: "Réparation!" and "reparation" match alike. */
export function foldForMatching(text: string): string {
  return ` ${foldAccents(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
}

type WordPattern = { kind: 'stem'; stems: ReadonlySet<string> } | { kind: 'exact'; word: string } | { kind: 'prefix'; start: string };

interface CompiledTerm {
  /** Index of the department or journey the term belongs to; -1 for ignored phrases. */
  owner: number;
  term: string;
  words: readonly WordPattern[];
  /** Scratch: the text position this term was last tried at (see `match`). */
  triedAt: number;
}

// Position stamps for `CompiledTerm.triedAt`; matching is synchronous, so one counter serves all.
let tried = 0;

/** Terms of one language, looked up by their first word. */
interface TermIndex {
  byStem: Map<string, CompiledTerm[]>;
  byExact: Map<string, CompiledTerm[]>;
  byPrefix: Map<string, CompiledTerm[]>;
}

type Matcher = Record<StemLanguage, TermIndex>;

const PREFIX_KEY = 3;

function compileTerm(term: string, owner: number, lang: StemLanguage): CompiledTerm {
  const exact = term.startsWith('=');
  return {
    owner,
    term,
    triedAt: -1,
    words: termWords(term).map(({ word, prefix }): WordPattern => {
      if (exact) return { kind: 'exact', word: foldAccents(word) };
      if (prefix) return { kind: 'prefix', start: foldAccents(word) };
      return { kind: 'stem', stems: new Set(stemVariants(word, lang)) };
    }),
  };
}

function pushTo(map: Map<string, CompiledTerm[]>, key: string, term: CompiledTerm): void {
  const list = map.get(key);
  if (list) list.push(term);
  else map.set(key, [term]);
}

function compileMatcher(owners: readonly { keywords: Terms }[], ignore: Terms): Matcher {
  const matcher = {} as Matcher;
  for (const lang of STEM_LANGUAGES) {
    const index: TermIndex = { byStem: new Map(), byExact: new Map(), byPrefix: new Map() };
    const add = (term: string, owner: number) => {
      const compiled = compileTerm(term, owner, lang);
      const first = compiled.words[0];
      if (!first) return;
      if (first.kind === 'exact') pushTo(index.byExact, first.word, compiled);
      else if (first.kind === 'prefix') pushTo(index.byPrefix, first.start.slice(0, PREFIX_KEY), compiled);
      else for (const stem of first.stems) pushTo(index.byStem, stem, compiled);
    };
    owners.forEach((o, i) => new Set(o.keywords[lang]).forEach((t) => add(t, i)));
    new Set(ignore[lang]).forEach((t) => add(t, -1));
    matcher[lang] = index;
  }
  return matcher;
}

interface CompiledConfig {
  departments: Matcher;
  journeys: Matcher;
  departmentByName: Map<string, string>;
  journeyByName: Map<string, string>;
}

function nameKey(name: string): string {
  return foldForMatching(name).trim();
}

function namesIndex(entries: readonly { id: string; names: { en: string; fr: string }; aliases: readonly string[] }[]): Map<string, string> {
  const index = new Map<string, string>();
  for (const e of entries) {
    for (const name of [e.id, e.names.en, e.names.fr, ...e.aliases]) if (!index.has(nameKey(name))) index.set(nameKey(name), e.id);
  }
  return index;
}

// Compiled once per configuration object: stems of every term, indexes of names.
const compiledConfigs = new WeakMap<DepartmentsConfig, CompiledConfig>();

function compiled(config: DepartmentsConfig): CompiledConfig {
  let c = compiledConfigs.get(config);
  if (!c) {
    c = {
      departments: compileMatcher(config.departments, config.ignore),
      journeys: compileMatcher(config.journeys, config.ignore),
      departmentByName: namesIndex(config.departments),
      journeyByName: namesIndex(config.journeys),
    };
    compiledConfigs.set(config, c);
  }
  return c;
}

interface Text {
  words: readonly string[];
  folded: readonly string[];
  langs: readonly StemLanguage[];
  stems: Partial<Record<StemLanguage, readonly (readonly string[])[]>>;
}

function textOf(item: AttributableItem): Text {
  const words = tokenize(item.subject ? `${item.subject} \n ${item.text}` : item.text);
  const folded = words.map(foldAccents);
  return { words, folded, langs: matchingLanguages(folded, item.lang), stems: {} };
}

function stemsIn(text: Text, lang: StemLanguage): readonly (readonly string[])[] {
  return (text.stems[lang] ??= text.words.map((w) => stemVariants(w, lang)));
}

function wordMatches(pattern: WordPattern, folded: string, stems: readonly string[]): boolean {
  switch (pattern.kind) {
    case 'exact':
      return folded === pattern.word;
    case 'prefix':
      return folded.startsWith(pattern.start);
    case 'stem':
      return stems.some((s) => pattern.stems.has(s));
  }
}

interface Match {
  start: number;
  end: number;
  term: CompiledTerm;
}

/**
 * Every term found in the text, then those lying inside a longer match dropped: "mot de passe"
 * is not also "passe", "prise en charge" is not a charge. Returns, per owner, its terms in order.
 */
function match(matcher: Matcher, text: Text): Map<number, string[]> {
  const found: Match[] = [];
  for (const lang of text.langs) {
    const index = matcher[lang];
    const stems = stemsIn(text, lang);
    for (let i = 0; i < text.words.length; i++) {
      tried++;
      const folded = text.folded[i] ?? '';
      const here = stems[i] ?? [];
      const lists = [index.byExact.get(folded), folded.length >= PREFIX_KEY ? index.byPrefix.get(folded.slice(0, PREFIX_KEY)) : undefined];
      for (const s of here) lists.push(index.byStem.get(s));
      for (const term of lists.flatMap((l) => l ?? [])) {
        // A term indexed under both stems of a word must be tried once per position.
        if (term.triedAt === tried) continue;
        term.triedAt = tried;
        const n = term.words.length;
        if (i + n > text.words.length) continue;
        let ok = true;
        for (let k = 0; k < n && ok; k++) ok = wordMatches(term.words[k]!, text.folded[i + k] ?? '', stems[i + k] ?? []);
        if (ok) found.push({ start: i, end: i + n, term });
      }
    }
  }
  const byOwner = new Map<number, string[]>();
  // Synonyms with the same stem ("bill", "billed") match the same words: the first configured one speaks for them.
  const spans = new Set<string>();
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  for (const m of found) {
    if (m.term.owner < 0) continue;
    const inside = found.some((o) => o !== m && o.start <= m.start && m.end <= o.end && o.end - o.start > m.end - m.start);
    const span = `${m.term.owner}:${m.start}:${m.end}`;
    if (inside || spans.has(span)) continue;
    spans.add(span);
    const terms = byOwner.get(m.term.owner);
    if (!terms) byOwner.set(m.term.owner, [m.term.term]);
    else if (!terms.includes(m.term.term)) terms.push(m.term.term);
  }
  return byOwner;
}

/** The configured ids an explicit source field names ("Facturation", "SAV; delivery"), by id, name or alias. */
function hinted(hint: string | undefined, names: Map<string, string>): string[] | undefined {
  if (!hint?.trim()) return undefined;
  const known: string[] = [];
  for (const part of hint.split(/[,;|]/)) {
    const key = nameKey(part);
    const id = names.get(key) ?? (key === UNASSIGNED ? UNASSIGNED : undefined);
    if (id !== undefined && !known.includes(id)) known.push(id);
  }
  return known;
}

function channelDefault(item: AttributableItem, config: DepartmentsConfig): Attribution | undefined {
  const channel = item.channel ?? item.source?.channel;
  if (!channel) return undefined;
  const provider = item.source?.provider;
  for (const key of provider ? [`${channel}/${provider}`, channel] : [channel]) {
    const id = config.channelDefaults[key];
    if (id) return { id, reason: `channel:${key}` };
  }
  return undefined;
}

/**
 * Which departments can act on an item, each with why. A source's explicit department wins
 * (`hint:source`); otherwise configured keywords and phrases, FR and EN, stemmed, whole words,
 * accent- and case-insensitive (`keywords:a|b`); otherwise the departments owning an explicit
 * journey (`journey:<id>`); otherwise the channel's default (`channel:<key>`); otherwise the
 * item is counted under `unassigned` rather than dropped.
 */
export function attributeDepartments(item: AttributableItem, config: DepartmentsConfig): Attribution[] {
  const c = compiled(config);
  const hint = hinted(item.department, c.departmentByName);
  if (hint) {
    if (hint.length > 0) return hint.map((id) => ({ id, reason: 'hint:source' }));
    return [{ id: UNASSIGNED, reason: `hint:unknown-department:${item.department}` }];
  }
  const byOwner = match(c.departments, textOf(item));
  if (byOwner.size > 0) {
    return [...byOwner.keys()]
      .sort((a, b) => a - b)
      .map((i) => ({ id: config.departments[i]!.id, reason: `keywords:${byOwner.get(i)!.join('|')}` }));
  }
  const journey = hinted(item.journey, c.journeyByName)?.[0];
  const owning = journey ? config.departments.filter((d) => d.journeys.includes(journey)) : [];
  if (owning.length > 0) return owning.map((d) => ({ id: d.id, reason: `journey:${journey}` }));
  return [channelDefault(item, config) ?? { id: UNASSIGNED, reason: 'no-match' }];
}

/**
 * Which customer journeys an item is about, each with why: the source's explicit journey wins
 * (`hint:source`); otherwise keywords as for departments. No match is no journey (`[]`): journeys
 * rank pain, they are not a partition of all feedback. An unknown hinted journey is ignored.
 */
export function attributeJourneys(item: Pick<AttributableItem, 'text' | 'subject' | 'journey' | 'lang'>, config: DepartmentsConfig): Attribution[] {
  const c = compiled(config);
  const hint = hinted(item.journey, c.journeyByName)?.filter((id) => id !== UNASSIGNED);
  if (hint && hint.length > 0) return hint.map((id) => ({ id, reason: 'hint:source' }));
  const byOwner = match(c.journeys, textOf(item));
  return [...byOwner.keys()]
    .sort((a, b) => a - b)
    .map((i) => ({ id: config.journeys[i]!.id, reason: `keywords:${byOwner.get(i)!.join('|')}` }));
}
