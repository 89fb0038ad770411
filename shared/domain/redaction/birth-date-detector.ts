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

export const detectBirthDates: Detector = (text) => scan(BIRTH_DATE_RE, text, (m) => groupSpan(m, 1));
