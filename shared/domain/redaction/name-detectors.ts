import type { FirstNameGazetteer } from './first-names';
import { scan, type DetectionContext, type Span } from './pattern-scan';
import { HONORIFIC_WORDS, NOT_A_NAME, RELATIVES, STOP_WORDS, VERBS_AFTER_A_NAME } from './word-lists';

// ---------------------------------------------------------------------------------------------
// Names given away by their context (Comprehend finds the others, in English)
// ---------------------------------------------------------------------------------------------

const NAME_TOKEN_RE = /[^\S\n]*((?:\p{Lu}\.[^\S\n]?)?\p{Lu}[\p{L}'-]*)(?![\p{N}_])/uy;

/** Reads 1–3 capitalised name words (with particles) from `from`; null when the first word is not a plausible name. */
export function readPersonName(text: string, from: number): Span | null {
  let pos = from;
  let start = -1;
  let end = -1;
  let steps = 0;
  for (let words = 0; words < 3 && steps < 8; words += 1, steps += 1) {
    NAME_TOKEN_RE.lastIndex = pos;
    const m = NAME_TOKEN_RE.exec(text);
    if (!m) {
      // particles between two capitalised words: "Jean de La Fontaine", "Anne van Dijk"
      const particle = /[^\S\n]+(?:de|du|des|van|von|der|den|di|da|del|le|la|d'|l')(?=[^\S\n]*\p{Lu})/uy;
      particle.lastIndex = pos;
      const p = words > 0 ? particle.exec(text) : null;
      if (!p) break;
      pos = p.index + p[0].length;
      words -= 1;
      continue;
    }
    const word = m[1] ?? '';
    const bare = word.replace(/^\p{Lu}\.\s?/u, '').toLowerCase();
    if (start < 0 && HONORIFIC_WORDS.has(bare)) {
      // "thanks to Mrs. Patel": the name starts after the honorific
      pos = m.index + m[0].length + (text[m.index + m[0].length] === '.' ? 1 : 0);
      words -= 1;
      continue;
    }
    if (NOT_A_NAME.has(bare) || STOP_WORDS.has(bare)) break;
    if (start < 0) start = m.index + (m[0].length - word.length);
    end = m.index + m[0].length;
    pos = end;
  }
  return start < 0 ? null : { start, end };
}

const LOWER_CASE_FIRST_NAME_RE = /[^\S\n]*\n?[^\S\n]*(\p{Ll}[\p{Ll}'-]*\p{Ll})(?![\p{L}\p{N}_])/uy;
const LOWER_CASE_SURNAME_RE = /[^\S\n]+(\p{Ll}[\p{Ll}'-]*\p{Ll})(?![\p{L}\p{N}_])/uy;

/**
 * A first name typed in lower case right after a context ("mon mari julien", "cordialement, sandrine"):
 * only the gazetteer tells it from a word. With `surname`, a lower-case word after it is read as the
 * surname (a sign-off, where the end of the line bounds the name).
 */
function readLowerCaseFirstName(text: string, from: number, firstNames: FirstNameGazetteer | undefined, surname = false): Span | null {
  if (!firstNames) return null;
  LOWER_CASE_FIRST_NAME_RE.lastIndex = from;
  const first = LOWER_CASE_FIRST_NAME_RE.exec(text);
  const word = first?.[1];
  if (!first || !word || !firstNames.has(word) || NOT_A_NAME.has(word) || STOP_WORDS.has(word)) return null;
  const span = { start: first.index + first[0].length - word.length, end: first.index + first[0].length };
  if (!surname) return span;
  LOWER_CASE_SURNAME_RE.lastIndex = span.end;
  const last = LOWER_CASE_SURNAME_RE.exec(text);
  return last?.[1] && !STOP_WORDS.has(last[1]) && !NOT_A_NAME.has(last[1]) ? { start: span.start, end: last.index + last[0].length } : span;
}

/** The name after a context: capitalised words, else a gazetteer first name in lower case. */
function nameAfter(text: string, from: number, context: DetectionContext, surname = false): Span | null {
  return readPersonName(text, from) ?? readLowerCaseFirstName(text, from, context.firstNames, surname);
}

// Titles in capitals too ("MME PETIT", "MR EVANS"), but not "MS" (MS Teams) nor "DR" (DR Martens).
const HONORIFIC_RE =
  /(?<![\p{L}\p{N}_])(?:M\.|Mr\.?|Mrs\.?|Ms\.?|Mme\.?|Mlle\.?|Mmes\.?|MM\.|Monsieur|Madame|Mademoiselle|Dr\.?|Docteur|Professeur|Sir|Miss|MR\.?|MRS\.?|MME\.?|MLLE\.?|MMES\.?|MONSIEUR|MADAME|MADEMOISELLE|DOCTEUR)(?=\s)/gu;
const INTRODUCTION_RE =
  /(?<![\p{L}\p{N}_])(?:je m'appelle|je me nomme|je me pr[ée]nomme|mon nom est|mon nom\s?:|mon pr[ée]nom est|my name is|my name's|i am called|nom (?:du client|de la cliente|de famille|du titulaire)\s?:|nom\s?:|pr[ée]nom\s?:|name\s?:|sign[ée]|signed|titulaire(?: du compte)?\s?:?|account holder\s?:?|au nom de|in the name of)(?:\s?:)?(?=\s)/giu;
/** Staff cited to praise or blame them: redacted by default, kept with `keepStaffNames`. */
const STAFF_INTRODUCTION_RE =
  /(?<![\p{L}\p{N}_])(?:merci à|un grand merci à|bravo à|thanks to|thank you to|shout-?out to|spoke (?:to|with)|talked (?:to|with)|parl[ée] (?:à|avec))(?=\s)/giu;
/** "Je suis Marie Dubois": only with a first and a last name, "je suis Déçu" is not a person. */
const SELF_RE = /(?<![\p{L}\p{N}_])(?:je suis|c'est|i am|i'm|this is)(?=\s)/giu;
const ROLE_RE =
  /(?<![\p{L}\p{N}_])(?:conseill(?:er|ère)|agent|technicien(?:ne)?|livreur|livreuse|vendeu(?:r|se)|op[ée]rat(?:eur|rice)|interlocut(?:eur|rice)|advisor|adviser|representative|technician|driver|courier|engineer|salesman|saleswoman|colleague|coll[èe]gue|delivery guy|guy|postman|facteur|factrice|caissi(?:er|ère)|cashier|g[ée]rant(?:e)?)(?:\s+(?:named|called|nomm[ée]e?|appel[ée]e?|pr[ée]nomm[ée]e?))?(?=\s)/giu;
const SIGN_OFF_RE =
  /(?<![\p{L}\p{N}_])(?:bien cordialement|cordialement|bien à vous|sinc[èe]res salutations|salutations|best regards|kind regards|warm regards|regards|sincerely|yours sincerely|yours faithfully|many thanks|merci d'avance|thanks in advance|thanks again|thank you again|merci encore|merci beaucoup|thanks|thank you|merci|cheers|amicalement|bises|cdlt|best)[\s,.!-]*(?=\s|\p{Lu})/giu;

/** "ma fille Léa", "my wife Sarah", "mon mari, Pierre Martin,": relatives are named after the relation. */
const RELATIVE_RE = new RegExp(
  `(?<![\\p{L}\\p{N}_])(?:ma|mon|my|our|notre)\\s+(?:${RELATIVES})(?:\\s*,)?(?=\\s)`,
  'giu',
);
/** "Bonjour, Sophie Martin ici.", "Hi, James Walker here": a greeting, a name, then "ici" / "here". */
const GREETING_RE = /(?<![\p{L}\p{N}_])(?:bonjour|bonsoir|salut|hello|hi|hey|good (?:morning|afternoon|evening))(?:[^\S\n]+(?:there|all|everyone|à tous))?[^\S\n]*,?(?=[^\S\n])/giu;
const HERE_AFTER_RE = /^[^\S\n]*,?[^\S\n]+(?:ici|here)(?![\p{L}\p{N}_])/iu;
/** "Stéphanie au magasin de Rennes", "Kevin at the store": a first name placed by where the person works. */
const STAFF_PLACE_RE =
  /\s(?:au magasin|du magasin|à l'accueil|de l'accueil|à la boutique|de la boutique|au service|du service|de l'agence|à l'agence|au guichet|at the (?:store|shop|desk|counter|branch|till)|from (?:the )?(?:store|shop|support|customer service)|in (?:the )?(?:store|shop))(?![\p{L}])/gu;
/** The capitalised word right before the place (found first: places are rarer than capitals). */
const WORD_BEFORE_PLACE_RE = /(?<![\p{L}\p{N}_])\p{Lu}[\p{Ll}'-]+$/u;

const isNameWord = (word: string) => !NOT_A_NAME.has(word.toLowerCase()) && !STOP_WORDS.has(word.toLowerCase());

// ---------------------------------------------------------------------------------------------
// Shouted messages: "BONJOUR JE SUIS MARIE DUPONT", "MME BONNET CHRISTINE", "CORDIALEMENT, VINCENT MOREAU"
// ---------------------------------------------------------------------------------------------

/** Letters and no lower-case one: a cue typed in capitals, a name read in capitals. */
const isShouted = (s: string) => /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s);
/** Abbreviated titles stand only before a name, even shouted ("MME PETIT", "MR EVANS"); "MADAME, MONSIEUR" also opens a letter. */
const ABBREVIATED_TITLE_RE = /^(?:M|MM|MR|MRS|MME|MMES|MLLE)\.?$/u;
const WORD_RE = /[^\s,;:!?]+/gu;
const FIRST_WORD_RE = /^[^\s,;:!?]+/u;

/**
 * In capitals every word reads like a name, so capitals say nothing: "JE SUIS TRÈS DÉÇU", "LE
 * CONSEILLER TRÈS AIMABLE", "MON FILS ADORE" read two or three "names" after their context. A name
 * read in capitals is kept only when the gazetteer finds a first name in it, and only as far as the
 * gazetteer explains it: the first name(s) and one surname word after ("MARIE DUPONT"), or the
 * words before ("DUPONT MARIE", surname first as French forms write it). A first name that is also
 * a word ("ROSE", "GRACE", "HOPE") needs its surname. After an abbreviated title, the title is the
 * evidence: its first word is a surname ("MME PETIT"); after a title in full, a word alone is
 * ("BONJOUR MADAME DUPONT,"), but not two that the gazetteer does not know. Without the gazetteer,
 * only these are read.
 */
function shoutedName(text: string, name: Span, firstNames: FirstNameGazetteer | undefined, titled: boolean): Span | null {
  const words: Span[] = [];
  WORD_RE.lastIndex = 0;
  const read = text.slice(name.start, name.end);
  for (let m = WORD_RE.exec(read); m !== null; m = WORD_RE.exec(read)) {
    // "MA FILLE LÉA ADORE…": the verb a name opens ends it, even one the gazetteer also knows as a first name.
    if (words.length > 0 && VERBS_AFTER_A_NAME.has(m[0].toLowerCase())) break;
    words.push({ start: name.start + m.index, end: name.start + m.index + m[0].length });
  }
  const kinds = words.map((w) => firstNames?.kindOf(text.slice(w.start, w.end)));
  const first = kinds.findIndex((k) => k !== undefined);
  const last = kinds.findLastIndex((k) => k !== undefined);
  const next = words[last + 1];
  // "MR EVANS CALLED": the word after a first name is no surname when it is the verb a name opens.
  const end = first === 0 && next && !VERBS_AFTER_A_NAME.has(text.slice(next.start, next.end).toLowerCase()) ? last + 1 : last;
  const lone = first < 0 || (end === first && kinds[first] === 'homonym');
  const from = words[0];
  const to = lone ? (titled ? words[0] : undefined) : words[end];
  return from && to ? { start: from.start, end: to.end } : null;
}

interface ShoutedCue {
  /** A title, a form label or a closing formula: a word alone after it is a surname. */
  title?: boolean;
  /**
   * Capitals after this cue typed in lower case are a surname's, the French way of writing one
   * ("Madame DUPONT", "signé DUPONT", "je m'appelle DUPONT"). After the other cues capitals are
   * more often a shout than a surname: "Je suis TRÈS DÉÇU", "Merci BEAUCOUP", "ma fille ADORE",
   * "le conseiller TRÈS AIMABLE", and the gazetteer decides ("je suis MARIE DUPONT").
   */
  surname?: boolean;
}

/** The name read after `cue`, checked by `shoutedName` when it is in capitals (and so is the cue, unless capitals after it are a surname's). */
function checkShouted(text: string, cue: string, name: Span | null, context: DetectionContext, how: ShoutedCue = {}): Span | null {
  if (!name) return null;
  const read = text.slice(name.start, name.end);
  if (!isShouted(read) || (how.surname && !isShouted(cue))) return name;
  return shoutedName(text, name, context.firstNames, (how.title ?? false) && (ABBREVIATED_TITLE_RE.test(cue.trim()) || !/\s/u.test(read)));
}

/** "Merci", "thanks": a thank-you, not a closing formula, before the word that follows ("Merci BEAUCOUP", "Thanks AGAIN"). */
const THANKS_RE = /merci|thank/iu;

export function detectNames(text: string, context: DetectionContext = {}): Span[] {
  return [
    ...scan(HONORIFIC_RE, text, (m) => checkShouted(text, m[0], readPersonName(text, m.index + m[0].length), context, { title: true, surname: true })),
    // "NOM : DURAND", "SIGNÉ DUPONT": the cue says a name follows, a word alone is a surname.
    ...scan(INTRODUCTION_RE, text, (m) => checkShouted(text, m[0], readPersonName(text, m.index + m[0].length), context, { title: true, surname: true })),
    ...scan(SELF_RE, text, (m) => {
      const name = readPersonName(text, m.index + m[0].length);
      return name && /\p{L}[^\S\n]+\p{Lu}/u.test(text.slice(name.start, name.end)) ? checkShouted(text, m[0], name, context) : null;
    }),
    ...scan(SIGN_OFF_RE, text, (m) => {
      const name = nameAfter(text, m.index + m[0].length, context, true);
      // A sign-off is followed by the name and then the end of the message or of the line.
      return name && /^\s*(?:[.!]\s*)?(?:\n|$)/u.test(text.slice(name.end, name.end + 4)) ? checkShouted(text, m[0], name, context, { title: !THANKS_RE.test(m[0]) }) : null;
    }),
    ...scan(RELATIVE_RE, text, (m) => checkShouted(text, m[0], nameAfter(text, m.index + m[0].length, context), context)),
    ...scan(GREETING_RE, text, (m) => {
      const name = readPersonName(text, m.index + m[0].length);
      return name && HERE_AFTER_RE.test(text.slice(name.end, name.end + 8)) ? checkShouted(text, m[0], name, context) : null;
    }),
  ];
}

/** Names of staff the customer praises or blames; a separate detector so `keepStaffNames` can leave them. */
export function detectStaffNames(text: string, context: DetectionContext = {}): Span[] {
  const after = (m: RegExpExecArray) => checkShouted(text, m[0], nameAfter(text, m.index + m[0].length, context), context);
  return [
    ...scan(STAFF_INTRODUCTION_RE, text, after),
    ...scan(ROLE_RE, text, after),
    // "BONJOUR CAMILLE,": a shouted greeting, then a first name (the gazetteer's), greets the person who answers.
    ...scan(GREETING_RE, text, (m) => {
      if (!isShouted(m[0])) return null;
      const name = after(m);
      const first = name && isShouted(text.slice(name.start, name.end)) ? FIRST_WORD_RE.exec(text.slice(name.start, name.end))?.[0] : undefined;
      return first && context.firstNames?.has(first) ? name : null;
    }),
    ...scan(STAFF_PLACE_RE, text, (m) => {
      const word = WORD_BEFORE_PLACE_RE.exec(text.slice(Math.max(0, m.index - 30), m.index))?.[0];
      return word && isNameWord(word) ? { start: m.index - word.length, end: m.index } : null;
    }),
  ];
}
