import { scan, whole, type Detector, type Span } from './pattern-scan';
import { COMMON_TLDS, NOT_A_LOCAL_PART, STOP_WORDS, WEBMAIL } from './word-lists';

// ---------------------------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------------------------

const EMAIL_LABEL = '[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,61}[\\p{L}\\p{N}])?';
const EMAIL_AT_BRACKETED = '\\s*[(\\[{<]\\s*(?:at|arobase|arobas)\\s*[)\\]}>]\\s*';
const EMAIL_AT_WORD = '\\s+(?:at|arobase|arobas)\\s+';
const EMAIL_DOT = '(?:\\.|\\s*[(\\[{<]\\s*(?:dot|point)\\s*[)\\]}>]\\s*|\\s+(?:dot|point)\\s+)';
const EMAIL_RE = new RegExp(
  `(?<![\\p{L}\\p{N}_%+'.-])[\\p{L}\\p{N}_%+'-]+(?:\\.[\\p{L}\\p{N}_%+'-]+)*` +
    `(?:\\s*@\\s*|${EMAIL_AT_BRACKETED}|${EMAIL_AT_WORD})` +
    `(?:${EMAIL_LABEL}${EMAIL_DOT})+\\p{L}{2,24}(?![\\p{L}\\p{N}_-])`,
  'giu',
);
const AT_BRACKETED_RE = new RegExp(EMAIL_AT_BRACKETED, 'iu');
const AT_WORD_SPLIT = new RegExp(EMAIL_AT_WORD, 'iu');
const DOT_SPLIT = new RegExp(EMAIL_DOT, 'iu');

function acceptEmail(m: RegExpExecArray): Span | null {
  const value = m[0];
  if (value.includes('@') || AT_BRACKETED_RE.test(value)) return whole(m);
  // Bare "at": prose is full of "at <something>.com"; demand an address-looking local part or a webmail domain.
  const [local = '', domain = ''] = value.split(AT_WORD_SPLIT);
  const labels = domain.split(DOT_SPLIT).map((l) => l.toLowerCase());
  const tld = labels[labels.length - 1] ?? '';
  const lowerLocal = local.toLowerCase();
  const looksLikeAddress =
    /[._+\d-]/.test(local) || (WEBMAIL.has(labels[0] ?? '') && !NOT_A_LOCAL_PART.has(lowerLocal) && !STOP_WORDS.has(lowerLocal));
  return COMMON_TLDS.has(tld) && looksLikeAddress ? whole(m) : null;
}

export const detectEmails: Detector = (text) => scan(EMAIL_RE, text, acceptEmail);

// ---------------------------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------------------------

/** Not glued to a word, a '+', or a number with a decimal/date separator ("1.06…", "12/06…"). */
const PHONE_START = '(?<![\\p{L}\\p{N}_+]|\\p{N}[.,/-])';
const PHONE_END = '(?!\\p{N}|[.,/-]\\p{N})';
const CURRENCY_AFTER = '(?!\\s?(?:€|\\$|£|eur\\b|euros?\\b|usd\\b|gbp\\b|dollars?\\b|livres?\\b|pounds?\\b))';

const PHONE_PATTERNS: readonly { re: RegExp; valid?: (value: string) => boolean }[] = [
  // France, international: +33 6 12 34 56 78, 0033 (0)6…, +33612345678, (+33) 1 23 45 67 89, +33 06… (the 0 kept by mistake)
  { re: new RegExp(`${PHONE_START}(?:\\((?:\\+|00)\\s?33\\)|(?:\\+|00)\\s?33)[\\s.-]?(?:\\(0\\)\\s?|0)?[1-9](?:[\\s.-]?\\d){8}${PHONE_END}`, 'gu') },
  // France, national: 06 12 34 56 78, 06.12.34.56.78, 06/12/34/56/78, 0612345678 — one separator style throughout, so
  // "01.12.2026 10" (a date and a time) is not a number.
  { re: new RegExp(`${PHONE_START}0[1-9]([ ./-]?)\\d{2}(?:\\1\\d{2}){3}${PHONE_END}${CURRENCY_AFTER}`, 'gu') },
  // UK, international: +44 7700 900123, +44 (0)20 7946 0958
  { re: new RegExp(`${PHONE_START}(?:\\((?:\\+|00)\\s?44\\)|(?:\\+|00)\\s?44)[\\s.-]?(?:\\(0\\)\\s?)?[1-9](?:[\\s.-]?\\d){8,9}${PHONE_END}`, 'gu') },
  // UK, national: 07700 900123, 020 7946 0958, 0161 496 0000 (11 digits, 01/02/03/07/08)
  {
    re: new RegExp(`${PHONE_START}0[1-9]\\d{1,4}[ .-]?\\d{3,4}[ .-]?\\d{3,4}${PHONE_END}`, 'gu'),
    valid: (v) => /^0[12378]\d{9}$/.test(v.replace(/\D/g, '')),
  },
  // North America: (415) 555-0123, 415-555-0123, 415.555.0123, +1 415 555 0123, 1-800-555-0199
  {
    re: new RegExp(
      `${PHONE_START}(?:(?:\\+|00)\\s?1[\\s.-]?|1[\\s.-])?(?:\\(\\s?[2-9]\\d{2}\\s?\\)\\s?|[2-9]\\d{2}[\\s.-])[2-9]\\d{2}[\\s.-]\\d{4}${PHONE_END}${CURRENCY_AFTER}`,
      'giu',
    ),
  },
  // Any other country in E.164 form, spaced or not: +49 30 1234567, +32 470 12 34 56, 0041 79 123 45 67
  {
    re: new RegExp(`${PHONE_START}(?:\\((?:\\+|00)[1-9]\\d{0,2}\\)|(?:\\+|00)[1-9]\\d{0,2})(?:[\\s.-]?(?:\\(0\\)[\\s.-]?)?(?:\\(\\d{1,5}\\)|\\d{1,5})){1,6}${PHONE_END}`, 'gu'),
    valid: (v) => {
      const digits = v.replace(/\(0\)/, '').replace(/\D/g, '');
      const national = v.trimStart().replace(/^\(/, '').startsWith('00') ? digits.slice(2) : digits;
      const separated = /[\s.()-]/.test(v.trim());
      return national.length >= 8 && national.length <= 15 && (separated || !v.trimStart().startsWith('00') || national.length >= 10);
    },
  },
];

export const detectPhones: Detector = (text) =>
  PHONE_PATTERNS.flatMap(({ re, valid }) => scan(re, text, (m) => (valid && !valid(m[0]) ? null : whole(m))));