import { scan, type Span } from './pattern-scan';
import { HONORIFIC_WORDS, NOT_A_NAME, STOP_WORDS } from './word-lists';

// ---------------------------------------------------------------------------------------------
// Names given away by their context (Comprehend finds the others, in English)
// ---------------------------------------------------------------------------------------------

const NAME_TOKEN_RE = /[^\S\n]*((?:\p{Lu}\.[^\S\n]?)?\p{Lu}[\p{L}'-]*)(?![\p{N}_])/uy;

/** Reads 1–3 capitalised name words (with particles) from `from`; null when the first word is not a plausible name. */
function readPersonName(text: string, from: number): Span | null {
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

const HONORIFIC_RE = /(?<![\p{L}\p{N}_])(?:M\.|Mr\.?|Mrs\.?|Ms\.?|Mme\.?|Mlle\.?|Mmes\.?|MM\.|Monsieur|Madame|Mademoiselle|Dr\.?|Docteur|Professeur|Sir|Miss)(?=\s)/gu;
const INTRODUCTION_RE =
  /(?<![\p{L}\p{N}_])(?:je m'appelle|je me nomme|je me pr[ée]nomme|mon nom est|mon nom\s?:|mon pr[ée]nom est|my name is|my name's|i am called|nom\s?:|pr[ée]nom\s?:|name\s?:|sign[ée]|signed|titulaire(?: du compte)?\s?:?|account holder\s?:?|merci à|un grand merci à|bravo à|thanks to|thank you to|shout-?out to|spoke (?:to|with)|talked (?:to|with)|parl[ée] (?:à|avec))(?=\s)/giu;
/** "Je suis Marie Dubois": only with a first and a last name, "je suis Déçu" is not a person. */
const SELF_RE = /(?<![\p{L}\p{N}_])(?:je suis|c'est|i am|i'm|this is)(?=\s)/giu;
const ROLE_RE =
  /(?<![\p{L}\p{N}_])(?:conseill(?:er|ère)|agent|technicien(?:ne)?|livreur|livreuse|vendeu(?:r|se)|op[ée]rat(?:eur|rice)|interlocut(?:eur|rice)|advisor|adviser|representative|technician|driver|courier|engineer|salesman|saleswoman|colleague|coll[èe]gue)(?:\s+(?:named|called|nomm[ée]e?|appel[ée]e?|pr[ée]nomm[ée]e?))?(?=\s)/giu;
const SIGN_OFF_RE =
  /(?<![\p{L}\p{N}_])(?:bien cordialement|cordialement|bien à vous|sinc[èe]res salutations|salutations|best regards|kind regards|warm regards|regards|sincerely|yours sincerely|yours faithfully|many thanks|merci d'avance|thanks in advance)[\s,.!-]*(?=\s|\p{Lu})/giu;

export function detectNames(text: string): Span[] {
  const after = (m: RegExpExecArray) => readPersonName(text, m.index + m[0].length);
  return [
    ...scan(HONORIFIC_RE, text, after),
    ...scan(INTRODUCTION_RE, text, after),
    ...scan(SELF_RE, text, (m) => {
      const name = after(m);
      return name && /\p{L}[^\S\n]+\p{Lu}/u.test(text.slice(name.start, name.end)) ? name : null;
    }),
    ...scan(ROLE_RE, text, after),
    ...scan(SIGN_OFF_RE, text, (m) => {
      const name = after(m);
      // A sign-off is followed by the name and then the end of the message or of the line.
      return name && /^\s*(?:[.!]\s*)?(?:\n|$)/u.test(text.slice(name.end, name.end + 4)) ? name : null;
    }),
  ];
}
