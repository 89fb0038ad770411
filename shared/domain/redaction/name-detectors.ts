import type { FirstNameGazetteer } from './first-names';
import { scan, type DetectionContext, type Span } from './pattern-scan';
import { HONORIFIC_WORDS, NOT_A_NAME, RELATIVES, STOP_WORDS } from './word-lists';

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

const HONORIFIC_RE = /(?<![\p{L}\p{N}_])(?:M\.|Mr\.?|Mrs\.?|Ms\.?|Mme\.?|Mlle\.?|Mmes\.?|MM\.|Monsieur|Madame|Mademoiselle|Dr\.?|Docteur|Professeur|Sir|Miss)(?=\s)/gu;
const INTRODUCTION_RE =
  /(?<![\p{L}\p{N}_])(?:je m'appelle|je me nomme|je me pr[ée]nomme|mon nom est|mon nom\s?:|mon pr[ée]nom est|my name is|my name's|i am called|nom\s?:|pr[ée]nom\s?:|name\s?:|sign[ée]|signed|titulaire(?: du compte)?\s?:?|account holder\s?:?|au nom de|in the name of)(?:\s?:)?(?=\s)/giu;
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

export function detectNames(text: string, context: DetectionContext = {}): Span[] {
  const after = (m: RegExpExecArray) => readPersonName(text, m.index + m[0].length);
  return [
    ...scan(HONORIFIC_RE, text, after),
    ...scan(INTRODUCTION_RE, text, after),
    ...scan(SELF_RE, text, (m) => {
      const name = after(m);
      return name && /\p{L}[^\S\n]+\p{Lu}/u.test(text.slice(name.start, name.end)) ? name : null;
    }),
    ...scan(SIGN_OFF_RE, text, (m) => {
      const name = nameAfter(text, m.index + m[0].length, context, true);
      // A sign-off is followed by the name and then the end of the message or of the line.
      return name && /^\s*(?:[.!]\s*)?(?:\n|$)/u.test(text.slice(name.end, name.end + 4)) ? name : null;
    }),
    ...scan(RELATIVE_RE, text, (m) => nameAfter(text, m.index + m[0].length, context)),
    ...scan(GREETING_RE, text, (m) => {
      const name = after(m);
      return name && HERE_AFTER_RE.test(text.slice(name.end, name.end + 8)) ? name : null;
    }),
  ];
}

/** Names of staff the customer praises or blames; a separate detector so `keepStaffNames` can leave them. */
export function detectStaffNames(text: string, context: DetectionContext = {}): Span[] {
  const after = (m: RegExpExecArray) => nameAfter(text, m.index + m[0].length, context);
  return [
    ...scan(STAFF_INTRODUCTION_RE, text, after),
    ...scan(ROLE_RE, text, after),
    ...scan(STAFF_PLACE_RE, text, (m) => {
      const word = WORD_BEFORE_PLACE_RE.exec(text.slice(Math.max(0, m.index - 30), m.index))?.[0];
      return word && isNameWord(word) ? { start: m.index - word.length, end: m.index } : null;
    }),
  ];
}
