/**
 * Names the first-name gazetteer finds without an introducing phrase. Capitalisation carries the
 * rest: a first name of the list written with a capital and followed by a capitalised surname is a
 * person ("Réclamation de Sophie Martin", "Sophie MARTIN, cliente depuis 2015"); a first name of the
 * list standing alone inside a sentence is almost always someone the customer dealt with ("j'ai eu
 * Mélanie au téléphone", "I was served by Gemma", "Bonjour Camille,"), so it is a staff name, which
 * `keepStaffNames` leaves in clear. A lone first name opening a sentence counts only before a verb
 * ("Aurélie a tout réglé", "Kevin was rude"): sentence openings are where ordinary words take capitals.
 *
 * What keeps precision: the gazetteer holds no stop word, month, city or brand, and marks the first
 * names that are also common words ("Claire", "Mark", "Rose": homonyms), which count only with a
 * surname and away from a sentence opening (`scripts/build-first-names.ts`). A first name right
 * after a place word, an article or another capitalised word is part of a place or a thing
 * ("avenue Victor Hugo", "the Lily dress", "Roissy Charles de Gaulle"); a place, organisation or
 * colour word in the surname's seat makes it no person ("Victor Station", "Ruby Red"); brands named
 * after people ("Marks and Spencer", "Ted Baker") are no one.
 *
 * A surname in capitals before a first name is a person too, as French forms and signatures write
 * it ("Réclamation de CHEVALIER Thomas"), unless the capitals are a brand ("IKEA Billy"). Words all
 * in capitals are not scanned here: in a shouted message every word has its capital, so a first
 * name there counts only after a context (name-detectors.ts, `shoutedName`).
 */
import { readPersonName } from './name-detectors';
import { scan, whole, type DetectionContext, type Span } from './pattern-scan';
import {
  BRANDS_NAMED_AFTER_PEOPLE,
  GREETING_AND_SIGN_OFF_WORDS,
  HONORIFIC_WORDS,
  NOT_A_NAME,
  NOT_A_SURNAME,
  PLACE_WORDS_BEFORE_A_NAME,
  STOP_WORDS,
  VERBS_AFTER_A_NAME,
  WORDS_BEFORE_A_THING,
} from './word-lists';

/** A capitalised word, hyphenated parts included ("Jean-Luc", "Marie-Hélène"); not inside a hyphenated or longer word. */
const CAPITALISED_WORD_RE = /(?<![\p{L}\p{N}_-])\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)*(?![\p{L}\p{N}_-])/gu;
const WORD_BEFORE_RE = /([\p{L}.]+)[^\S\n]*$/u;
const CAPITALISED_BEFORE_RE = /(?<![\p{L}\p{N}_'-])\p{Lu}[\p{L}'-]*[^\S\n]$/u;
const BRAND_RE = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${BRANDS_NAMED_AFTER_PEOPLE})(?![\\p{L}\\p{N}_])`, 'gu');
const WORD_AFTER_RE = /^[^\S\n]+([\p{L}']+)/u;
const LAST_WORD_RE = /[^\S\n]([\p{L}'-]+)$/u;
/** A word in capitals right before `index` ("CHEVALIER Thomas"), and the word before it, if any. */
const CAPITALS_BEFORE_RE = /\p{Lu}\p{Lu}[^\S\n]{1,2}$/u;
const SHOUTED_WORD_BEFORE_RE = /(?:([\p{L}']+)[^\S\n]+)?(?<![\p{L}\p{N}_'-])(\p{Lu}[\p{Lu}'-]*\p{Lu})[^\S\n]+$/du;

/**
 * The surname a first name follows, French administrative style ("Réclamation de CHEVALIER Thomas",
 * "signée GARNIER Élodie"): a word in capitals before it, of three letters or more ("OK Marie", "TV
 * Samsung"), that is no stop word, title, brand or place word, and not after an article ("le SAV Julie").
 * Where it starts; `thing` when the capitals are a brand naming a product ("IKEA Billy").
 */
function surnameBefore(text: string, index: number): number | 'thing' | undefined {
  // Most first names follow a word in lower case: two capitals and a space tell them apart cheaply.
  if (!CAPITALS_BEFORE_RE.test(text.slice(Math.max(0, index - 4), index))) return undefined;
  const from = Math.max(0, index - 48);
  const before = SHOUTED_WORD_BEFORE_RE.exec(text.slice(from, index));
  const word = before?.[2];
  const at = before?.indices?.[2]?.[0];
  if (!before || word === undefined || at === undefined) return undefined;
  const folded = lower(word);
  if (NOT_A_NAME.has(folded)) return GREETING_AND_SIGN_OFF_WORDS.has(folded) ? undefined : 'thing';
  const article = before[1] !== undefined && WORDS_BEFORE_A_THING.has(lower(before[1]));
  if (word.length < 3 || article || STOP_WORDS.has(folded) || HONORIFIC_WORDS.has(folded) || NOT_A_SURNAME.has(folded) || PLACE_WORDS_BEFORE_A_NAME.has(folded)) return undefined;
  return from + at;
}

/** True when only spaces, opening quotes or brackets separate `index` from the start of the text, a line or a sentence. */
function opensSentence(text: string, index: number): boolean {
  for (let i = index - 1; i >= 0; i -= 1) {
    const c = text[i] ?? '';
    if (c === ' ' || c === '\t' || c === '"' || c === '«' || c === '“') continue;
    return c === '\n' || c === '.' || c === '!' || c === '?' || c === ':' || c === '-' || c === '•' || c === '*';
  }
  return true;
}

const lower = (word: string) => word.toLowerCase();

/**
 * True when the word before `index` makes the name a place or a thing: a place word ("avenue",
 * "aéroport"), an article ("the Lily dress"), or a capitalised word that opens no sentence (the
 * name is part of a longer proper noun: "Roissy Charles de Gaulle", "Paris Gare du Nord").
 */
function namesAPlaceOrThing(text: string, index: number): boolean {
  const before = text.slice(Math.max(0, index - 24), index);
  const word = WORD_BEFORE_RE.exec(before)?.[1];
  if (word === undefined) return false;
  const folded = lower(word).replace(/\.$/, '');
  if (PLACE_WORDS_BEFORE_A_NAME.has(folded) || WORDS_BEFORE_A_THING.has(folded)) return true;
  const capitalised = CAPITALISED_BEFORE_RE.exec(before);
  return capitalised !== null && !opensSentence(text, index - capitalised[0].length) && !NOT_A_NAME.has(folded);
}

interface GazetteerMatches {
  /** First name + surname: the customer, a relative, anyone. */
  people: Span[];
  /** A first name alone inside a sentence: the staff member a customer cites. */
  staff: Span[];
}

// Both detectors read the same matches: the last text's are kept so that it is scanned once.
let lastScan: { text: string; firstNames: DetectionContext['firstNames']; matches: GazetteerMatches } | undefined;

function findGazetteerNames(text: string, context: DetectionContext): GazetteerMatches {
  if (lastScan && lastScan.text === text && lastScan.firstNames === context.firstNames) return lastScan.matches;
  const matches = scanGazetteerNames(text, context);
  lastScan = { text, firstNames: context.firstNames, matches };
  return matches;
}

function scanGazetteerNames(text: string, context: DetectionContext): GazetteerMatches {
  const people: Span[] = [];
  const staff: Span[] = [];
  const firstNames = context.firstNames;
  if (!firstNames) return { people, staff };
  let brands: Span[] | undefined;
  let covered = -1;
  CAPITALISED_WORD_RE.lastIndex = 0;
  for (let m = CAPITALISED_WORD_RE.exec(text); m !== null; m = CAPITALISED_WORD_RE.exec(text)) {
    const word = m[0];
    const at = m.index;
    if (at < covered) continue;
    const kind = firstNames.kindOf(word);
    if (kind === undefined) continue;
    const plain = kind === 'name';
    // A homonym ("Claire", "Mark", "Rose") is a name only with a surname, and not where any word takes a capital.
    const initial = opensSentence(text, at);
    if ((!plain && initial) || NOT_A_NAME.has(lower(word))) continue;
    brands ??= scan(BRAND_RE, text, whole);
    if (brands.some((b) => b.start <= at && at < b.end)) continue;
    const end = m.index + word.length;
    const surnameAt = surnameBefore(text, at);
    if (surnameAt === 'thing') continue;
    if (surnameAt !== undefined && plain) {
      // Surname first, then the first name and any name after it: "MARTIN Jean Pierre".
      const personEnd = Math.max(end, readPersonName(text, at)?.end ?? end);
      people.push({ start: surnameAt, end: personEnd });
      covered = personEnd;
      continue;
    }
    if (namesAPlaceOrThing(text, m.index)) continue;
    const name = readPersonName(text, m.index);
    const surname = name && name.end > end ? LAST_WORD_RE.exec(text.slice(end, name.end))?.[1] : undefined;
    if (name && surname) {
      // "Stéphane BLANC": a surname in capitals is the French way of writing one, whatever the word.
      const written = surname !== surname.toUpperCase();
      if ((written && NOT_A_SURNAME.has(lower(surname))) || /^(?:saint|sainte|st|ste)-/iu.test(surname)) continue;
      people.push(name);
      covered = name.end;
      continue;
    }
    if (!plain) continue;
    const next = WORD_AFTER_RE.exec(text.slice(end, end + 24))?.[1];
    if (initial && !(next && VERBS_AFTER_A_NAME.has(lower(next)))) continue;
    staff.push({ start: m.index, end });
  }
  return { people, staff };
}

/** "Sophie Martin", "Réclamation de Sophie Martin": a gazetteer first name and a capitalised surname. */
export function detectGazetteerNames(text: string, context: DetectionContext = {}): Span[] {
  return findGazetteerNames(text, context).people;
}

/** "j'ai eu Mélanie au téléphone": a gazetteer first name alone in a sentence, a staff name. */
export function detectGazetteerStaffNames(text: string, context: DetectionContext = {}): Span[] {
  return findGazetteerNames(text, context).staff;
}
