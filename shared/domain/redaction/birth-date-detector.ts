import { groupSpan, NOT_AFTER_WORD, NOT_BEFORE_WORD, scan, type Detector } from './pattern-scan';

// ---------------------------------------------------------------------------------------------
// Dates of birth: a date is only a birth date when its context says so ("né le", "DOB")
// ---------------------------------------------------------------------------------------------

const BIRTH_CONTEXT =
  "n[ée](?:e|\\(e\\))?s?(?:\\s+à\\s+\\p{Lu}[\\p{L}'-]*)?\\s+le|date de naissance|ddn|date of birth|d\\.o\\.b\\.?|dob|birth ?date|born(?:\\s+on)?";
const FR_MONTHS = 'janvier|f[ée]vrier|mars|avril|mai|juin|juillet|ao[uû]t|septembre|octobre|novembre|d[ée]cembre';
const EN_MONTHS =
  'january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec';
const DATE = [
  '\\d{1,2}[/.-]\\d{1,2}[/.-](?:\\d{4}|\\d{2})',
  '\\d{4}[/.-]\\d{1,2}[/.-]\\d{1,2}',
  `(?:1er|\\d{1,2})\\s+(?:${FR_MONTHS})\\s+\\d{4}`,
  `\\d{1,2}(?:st|nd|rd|th)?\\s+(?:of\\s+)?(?:${EN_MONTHS})\\.?,?\\s+\\d{4}`,
  `(?:${EN_MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}`,
].join('|');
const BIRTH_DATE_RE = new RegExp(
  `${NOT_AFTER_WORD}(?:${BIRTH_CONTEXT})(?:\\s*[:=-])?\\s*(?:(?:est|is|was|on|le|the)\\s+)*(${DATE})(?!\\p{N})${NOT_BEFORE_WORD}`,
  'gdiu',
);

// The elliptical second date: "né le 3 mars 1980 et ma fille le 5 juin 2012", "born on 7 May 1969,
// my wife on 2 June 1971", the first one's place of birth between them ("à Nantes"). Only a relative (or "moi"/"me") can stand for the omitted "born": "et
// ma commande le 5 juin" is a delivery date, not a birth date.
const KIN =
  "fille|fils|femme|mari|[ée]pou(?:se|x)|conjointe?|compagne?|compagnon|enfants?|fr[èe]re|s(?:œ|oe)ur|p[èe]re|m[èe]re|b[ée]b[ée]|fianc[ée]e?|petite?-(?:fille|fils)|" +
  'daughter|son|wife|husband|partner|spouse|child|kid|brother|sister|father|mother|baby|fianc[ée]e?|grand(?:son|daughter)';
const RELATIVE = `(?:(?:ma|mon|mes|notre|nos|sa|son|ses|leurs?|my|our|his|her|their)\\s+(?:${KIN})(?:\\s+(?!(?:le|on|the|est|is|was)\\s)\\p{Lu}[\\p{L}'-]*|\\s+0[A-Z_]+0)?|moi|me|myself)`;
const NEXT_BIRTH_DATE_RE = new RegExp(
  `(?:\\s+(?:à|in|at)\\s+\\p{Lu}[\\p{L}'-]*)?\\s*(?:,\\s*(?:et|and)?|et|and)\\s+${RELATIVE}\\s*,?\\s+(?:(?:le|on|the)\\s+)?(${DATE})(?!\\p{N})${NOT_BEFORE_WORD}`,
  'ydiu',
);

/** A birth date in context, then each date that follows it for a relative with "born" left out. */
export const detectBirthDates: Detector = (text) =>
  scan(BIRTH_DATE_RE, text, (m) => {
    const first = groupSpan(m, 1);
    if (!first) return null;
    const spans = [first];
    for (NEXT_BIRTH_DATE_RE.lastIndex = first.end; ; ) {
      const next = NEXT_BIRTH_DATE_RE.exec(text);
      const span = next && groupSpan(next, 1);
      if (!span) break;
      spans.push(span);
      NEXT_BIRTH_DATE_RE.lastIndex = span.end;
    }
    return spans;
  });
