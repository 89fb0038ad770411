import { groupSpan, NOT_AFTER_WORD, scan, type Detector } from './pattern-scan';

// ---------------------------------------------------------------------------------------------
// Passport, identity-card and driving-licence numbers, and tax numbers: formats vary by country
// and look like any reference, so only the context says what they are.
// ---------------------------------------------------------------------------------------------

/** Words between the document's name and its number: "n°", "numéro", "number is", ":", "de ma mère"… */
const FILLER =
  "(?:\\s*(?:n°|nº|no\\.?|num(?:[ée]ro)?\\.?|number|nr\\.?|#|:|est|is|was|le|de conduire|(?:de|of) (?:ma|mon|sa|son|my|his|her) [\\p{L}-]+|\\([^)\\n]{1,30}\\)|\\((?=\\s*[A-Za-z0-9]+\\s*\\))))*\\s*";

const DOCUMENT_CONTEXT =
  "passeports?|passports?|carte nationale d'identit[ée]|carte d'identit[ée]|cni|pi[èe]ce d'identit[ée]|identity card|id card|" +
  "national id|permis de conduire|permis|driving licen[cs]e|driver'?s licen[cs]e|driver licen[cs]e|titre de s[ée]jour|residence permit";
/** One block of 6–20 letters and digits, or digit groups; at least two digits (a word or a year is not a number). */
const DOCUMENT_NUMBER = '(?:(?=[A-Za-z0-9]*\\d[A-Za-z0-9]*\\d)[A-Za-z0-9]{6,20}|\\d{2,4}(?: \\d{2,4}){2,5})';
const DOCUMENT_RE = new RegExp(`${NOT_AFTER_WORD}(?:${DOCUMENT_CONTEXT})${FILLER}(${DOCUMENT_NUMBER})(?![\\p{L}\\p{N}_])`, 'gdiu');

export const detectIdentityDocuments: Detector = (text) =>
  scan(DOCUMENT_RE, text, (m) => {
    const value = m[1] ?? '';
    // Document numbers are written in capitals; "passport renewal123" is not one.
    return value === value.toUpperCase() ? groupSpan(m, 1) : null;
  });

/** French tax number (SPI, 13 digits starting 0–3) and UK Unique Taxpayer Reference (10 digits). */
const FR_TAX_CONTEXT =
  "num[ée]ro fiscal|n° fiscal|identifiant fiscal|num[ée]ro d'identification fiscale|num[ée]ro de contribuable|r[ée]f[ée]rence fiscale|spi|nif|tax (?:identification )?number|tax id|tin";
const FR_TAX_RE = new RegExp(`${NOT_AFTER_WORD}(?:${FR_TAX_CONTEXT})${FILLER}([0-3](?: ?\\d){12})(?!\\p{N})`, 'gdiu');
const UK_UTR_RE = new RegExp(`${NOT_AFTER_WORD}(?:utr|unique taxpayer reference)${FILLER}(\\d{5} ?\\d{5})(?!\\p{N})`, 'gdiu');

export const detectTaxIds: Detector = (text) => [
  ...scan(FR_TAX_RE, text, (m) => groupSpan(m, 1)),
  ...scan(UK_UTR_RE, text, (m) => groupSpan(m, 1)),
];
