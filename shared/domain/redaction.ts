/**
 * PII redaction for French and English customer text, before anything is stored, logged or
 * emailed. Pure TypeScript, no AWS: `redactPii` finds e-mail addresses, phone numbers, IBANs,
 * payment cards, French social security numbers (NIR), postal addresses, postcodes and the names
 * a context gives away (honorifics, "je m'appelle", sign-offs), and replaces each with a typed
 * placeholder (`[EMAIL]`, `[PHONE]`…) so the sentiment of the sentence still reads.
 *
 * Design choices, and why:
 * - Hand-written patterns plus checksums (IBAN mod-97, Luhn, NIR key) instead of libphonenumber-js
 *   and ibantools: the processor bundle has ~260 KB left of its 1 MB budget, and the formats we
 *   must recognise (FR/UK/US/E.164) fit in a few KB. Checksums keep precision high on the numbers
 *   that are everywhere in customer messages (orders, amounts, dates, tracking numbers).
 * - Matching runs on a normalised view of the text (zero-width and bidi marks dropped, exotic
 *   spaces, dashes, apostrophes, full-width and Arabic-Indic digits folded) so that a zero-width
 *   space inside an address cannot defeat redaction; offsets are mapped back to the ORIGINAL text,
 *   and the replaced span covers any invisible characters inside it.
 * - Obfuscated e-mails are redacted: `jean(at)mail(dot)fr`, `jean [at] mail.fr`, `jean @ mail.fr`,
 *   `jean arobase mail point fr`. The bare English word form (`jean.dupont at gmail dot com`) is
 *   accepted only when it looks like an address (the local part has a dot/digit/underscore, or the
 *   domain is a webmail provider) and ends in a common TLD, so "I was at amazon.com" is left alone.
 * - Order, contract, invoice and tracking numbers are recognised and KEPT by default (they are what
 *   an officer needs to follow up); they also shield their digits from the phone patterns.
 *   `keepOrderNumbers: false` redacts them as `[ORDER]`. Checksum-validated types (e-mail, IBAN,
 *   card, NIR) win over an order reference, so "référence FR76…" is still redacted.
 * - Overlaps are resolved by priority (validated types first, heuristics last), then length.
 * - Entities carry type and offsets only, never the value: they can be logged.
 */

export const PII_TYPES = ['EMAIL', 'PHONE', 'IBAN', 'CARD', 'NIR', 'ADDRESS', 'POSTCODE', 'NAME', 'ORDER'] as const;
export type BuiltInPiiType = (typeof PII_TYPES)[number];
/** A built-in type, or the type of a custom pattern (`[A-Z][A-Z0-9_]*`). */
export type PiiType = BuiltInPiiType | (string & {});

/** Every type redacted by default. ORDER is governed by `keepOrderNumbers`. */
export const DEFAULT_PII_TYPES: readonly BuiltInPiiType[] = ['EMAIL', 'PHONE', 'IBAN', 'CARD', 'NIR', 'ADDRESS', 'POSTCODE', 'NAME'];

export interface PiiEntity {
  type: PiiType;
  /** UTF-16 offsets into the original text, end exclusive. */
  start: number;
  end: number;
}

export interface RedactionResult {
  text: string;
  /** Redacted spans, sorted by start, never overlapping. */
  entities: PiiEntity[];
}

export interface CustomPiiPattern {
  /** Placeholder name: `[A-Z][A-Z0-9_]{0,31}`, e.g. CUSTOMER_ID gives `[CUSTOMER_ID]`. */
  type: string;
  pattern: RegExp;
  /** Extra check on the matched value (a checksum, a prefix list…). */
  validate?: (value: string) => boolean;
  /** Overlap priority; default 85 (below e-mail/IBAN/card/NIR, above order numbers and phones). */
  priority?: number;
}

export interface RedactionOptions {
  /** Types to redact. Default DEFAULT_PII_TYPES. */
  types?: readonly PiiType[];
  /** Keep order/contract/invoice/tracking references as they are. Default true. */
  keepOrderNumbers?: boolean;
  customPatterns?: readonly CustomPiiPattern[];
  /**
   * Entities found by another detector (e.g. Comprehend), in original-text offsets. They are
   * merged with the pattern results; where they overlap a higher-priority span they are trimmed.
   */
  extraEntities?: readonly PiiEntity[];
}

/** Redacts one text; the same call serves the pipeline and `customer-voice redact`. */
export interface PiiRedactor {
  redact(text: string, lang?: string): Promise<RedactionResult>;
}

export class InvalidRedactionOptionsError extends Error {
  override readonly name = 'InvalidRedactionOptionsError';
}

export function placeholderFor(type: PiiType): string {
  return `[${type}]`;
}

// ---------------------------------------------------------------------------------------------
// Normalised matching view
// ---------------------------------------------------------------------------------------------

interface MatchingView {
  text: string;
  /** toOriginal[i] = index in the original text of view character i. */
  toOriginal: number[];
}

function isInvisible(code: number): boolean {
  return (
    code === 0x00ad || // soft hyphen
    code === 0x034f ||
    code === 0x061c || // Arabic letter mark
    code === 0x180e ||
    (code >= 0x200b && code <= 0x200f) || // zero-width space/joiners, LRM, RLM
    (code >= 0x202a && code <= 0x202e) || // bidi embeddings and overrides
    (code >= 0x2060 && code <= 0x2064) ||
    (code >= 0x2066 && code <= 0x206f) || // bidi isolates
    code === 0xfeff ||
    (code >= 0xfe00 && code <= 0xfe0f) // variation selectors
  );
}

function foldChar(code: number, char: string): string {
  if (code < 0x80) return char;
  if (code === 0x00a0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x202f || code === 0x205f || code === 0x3000) return ' ';
  if ((code >= 0x2010 && code <= 0x2015) || code === 0x2212 || code === 0xfe58 || code === 0xfe63) return '-';
  if (code === 0x2018 || code === 0x2019 || code === 0x02bc || code === 0x2032) return "'";
  if (code === 0xfe6b) return '@';
  if (code >= 0xff01 && code <= 0xff5e) return String.fromCharCode(code - 0xfee0); // full-width ASCII
  if (code >= 0x0660 && code <= 0x0669) return String.fromCharCode(code - 0x0660 + 48); // Arabic-Indic digits
  if (code >= 0x06f0 && code <= 0x06f9) return String.fromCharCode(code - 0x06f0 + 48);
  return char;
}

function matchingView(original: string): MatchingView {
  const parts: string[] = [];
  const toOriginal: number[] = [];
  for (let i = 0; i < original.length; i += 1) {
    const code = original.charCodeAt(i);
    if (isInvisible(code)) continue;
    parts.push(foldChar(code, original[i] ?? ''));
    toOriginal.push(i);
  }
  return { text: parts.join(''), toOriginal };
}

// ---------------------------------------------------------------------------------------------
// Checksums
// ---------------------------------------------------------------------------------------------

/** IBAN length per country (SWIFT IBAN registry). */
const IBAN_LENGTHS: ReadonlyMap<string, number> = new Map(
  (
    'AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 ' +
    'EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 IQ23 IS26 ' +
    'IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 MR27 MT31 MU30 NI28 ' +
    'NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 ' +
    'SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30'
  )
    .split(' ')
    .map((entry) => [entry.slice(0, 2), Number(entry.slice(2))] as const),
);

/** `iban` is upper-case alphanumerics without separators. */
export function isValidIban(iban: string): boolean {
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]+$/.test(iban)) return false;
  if (IBAN_LENGTHS.get(iban.slice(0, 2)) !== iban.length) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = char >= 'A' ? char.charCodeAt(0) - 55 : char.charCodeAt(0) - 48;
    remainder = (value >= 10 ? remainder * 100 + value : remainder * 10 + value) % 97;
  }
  return remainder === 1;
}

/** Luhn check on a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Issuer prefixes and lengths (ISO/IEC 7812 IIN ranges of the networks accepted in FR/UK/US). */
const CARD_NETWORKS: readonly { prefix: RegExp; lengths: readonly number[] }[] = [
  { prefix: /^4/, lengths: [13, 16, 19] }, // Visa (and CB co-badged)
  { prefix: /^(?:5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720)/, lengths: [16] }, // Mastercard
  { prefix: /^3[47]/, lengths: [15] }, // American Express
  { prefix: /^(?:30[0-5]|3[689])/, lengths: [14, 15, 16] }, // Diners Club
  { prefix: /^35/, lengths: [16, 17, 18, 19] }, // JCB
  { prefix: /^(?:50|5[6-9]|6)/, lengths: [13, 14, 15, 16, 17, 18, 19] }, // Maestro, Discover, UnionPay
];

/** A payment card number: a network's prefix and length, and the Luhn check. */
export function isValidCardNumber(digits: string): boolean {
  return (
    /^\d{13,19}$/.test(digits) &&
    CARD_NETWORKS.some((n) => n.prefix.test(digits) && n.lengths.includes(digits.length)) &&
    luhnValid(digits)
  );
}

/**
 * French NIR: 13 characters (sex 1/2, or 7/8 for a temporary number; year, month, département —
 * 2A/2B for Corsica —, commune, order) and a key = 97 − (number mod 97). Corsica: 2A counts as 19,
 * 2B as 18. No 15-digit card starts with 1, 2, 7 or 8, so a NIR is never mistaken for a card.
 */
export function isValidNir(nir: string): boolean {
  const compact = nir.toUpperCase().replace(/[\s.-]/g, '');
  const match = /^([1278])(\d{2})(\d{2})(\d{2}|2A|2B)(\d{3})(\d{3})(\d{2})$/.exec(compact);
  if (!match) return false;
  const [, sex = '', year = '', month = '', dept = '', commune = '', order = '', key = ''] = match;
  const m = Number(month);
  if (m === 0 || (m > 12 && m < 20)) return false;
  const deptDigits = dept === '2A' ? '19' : dept === '2B' ? '18' : dept;
  const body = Number(sex + year + month + deptDigits + commune + order);
  return Number(key) === 97 - (body % 97);
}

// ---------------------------------------------------------------------------------------------
// Candidates and overlap resolution
// ---------------------------------------------------------------------------------------------

const PRIORITY = {
  placeholder: 1000,
  EMAIL: 100,
  IBAN: 95,
  NIR: 92,
  CARD: 90,
  custom: 85,
  ORDER: 80,
  PHONE: 70,
  ADDRESS: 60,
  NAME: 55,
  POSTCODE: 50,
} as const;

interface Span {
  start: number;
  end: number;
}

interface Candidate extends Span {
  type: PiiType;
  priority: number;
  /** false for spans that are only protected (kept order numbers, existing placeholders). */
  redact: boolean;
  /** Names, addresses and external detections give way around higher-priority spans instead of being dropped. */
  trimmable: boolean;
}

type Detector = (text: string) => Span[];

/**
 * Runs a global regex; `accept` turns a match into spans (or none). A rejected match is retried one
 * character later, unless `skipRejected` (for unbounded matches, where retrying would be quadratic).
 */
function scan(re: RegExp, text: string, accept: (m: RegExpExecArray) => Span | Span[] | null, skipRejected = false): Span[] {
  const out: Span[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const accepted = accept(m);
    const spans = accepted === null ? [] : Array.isArray(accepted) ? accepted : [accepted];
    out.push(...spans.filter((s) => s.end > s.start));
    const furthest = spans.reduce((max, s) => Math.max(max, s.end), -1);
    re.lastIndex = furthest > m.index ? furthest : skipRejected ? Math.max(m.index + 1, m.index + m[0].length) : m.index + 1;
  }
  return out;
}

const whole = (m: RegExpExecArray): Span => ({ start: m.index, end: m.index + m[0].length });

/** Span of capture group `group` (the regex needs the `d` flag). */
function groupSpan(m: RegExpExecArray, group: number): Span | null {
  const indices = m.indices?.[group];
  return indices ? { start: indices[0], end: indices[1] } : null;
}

const W = '[\\p{L}\\p{N}_]';
const NOT_AFTER_WORD = `(?<!${W})`;
const NOT_BEFORE_WORD = `(?!${W})`;

// ---------------------------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------------------------

const COMMON_TLDS = new Set(
  'com fr net org eu uk co io be ch de es it nl lu ca us info biz me pro tv fm app dev ie pt at dk se no fi pl'.split(' '),
);
const WEBMAIL = new Set(
  ('gmail googlemail hotmail outlook live msn yahoo ymail icloud me mac aol gmx proton protonmail orange wanadoo free ' +
    'sfr neuf laposte bbox numericable club-internet aliceadsl noos yopmail zoho mail').split(' '),
);
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
/** "I emailed them at gmail.com": words that precede "at" in prose. */
const NOT_A_LOCAL_PART = new Set('was were is are am me him her them us you it emailed mailed email mail wrote write registered signed logged account'.split(' '));

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

const detectEmails: Detector = (text) => scan(EMAIL_RE, text, acceptEmail);

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

const detectPhones: Detector = (text) =>
  PHONE_PATTERNS.flatMap(({ re, valid }) => scan(re, text, (m) => (valid && !valid(m[0]) ? null : whole(m))));

// ---------------------------------------------------------------------------------------------
// IBAN, card, NIR
// ---------------------------------------------------------------------------------------------

const IBAN_START_RE = new RegExp(`${NOT_AFTER_WORD}([A-Za-z]{2}) ?(\\d{2})`, 'gu');
const isAsciiAlnum = (c: string | undefined): boolean => c !== undefined && /^[A-Za-z0-9]$/.test(c);

/** From a country code and check digits, reads exactly the registry length, allowing one space or dash between characters. */
function acceptIban(text: string, m: RegExpExecArray): Span | null {
  const country = (m[1] ?? '').toUpperCase();
  const length = IBAN_LENGTHS.get(country);
  if (length === undefined) return null;
  let compact = country + (m[2] ?? '');
  let i = m.index + m[0].length;
  let end = i;
  while (compact.length < length && i < text.length) {
    const c = text[i];
    if (isAsciiAlnum(c)) {
      compact += (c ?? '').toUpperCase();
      i += 1;
      end = i;
    } else if ((c === ' ' || c === '-') && isAsciiAlnum(text[i + 1])) {
      i += 1;
    } else break;
  }
  if (compact.length !== length || isAsciiAlnum(text[end])) return null;
  return isValidIban(compact) ? { start: m.index, end } : null;
}

const detectIbans: Detector = (text) => scan(IBAN_START_RE, text, (m) => acceptIban(text, m));

/** Digit groups separated by single spaces or dashes, not part of a decimal or a word. */
const DIGIT_RUN_RE = /(?<![\p{L}\p{N}_.,])\d+(?:[ -]\d+)*(?![\p{L}\p{N}_])/gu;

/** 4-4-4-4, 4-6-5, 4-4-4-4-3, 4-4-4-1…: groups of 3–6 digits, or fours with a shorter last group. */
function plausibleCardGrouping(sizes: readonly number[]): boolean {
  const allButLast = sizes.slice(0, -1);
  return sizes.every((n) => n >= 3 && n <= 6) || (allButLast.every((n) => n === 4) && (sizes[sizes.length - 1] ?? 0) >= 1);
}

/** Card numbers inside a run of digit groups: 13–19 digits in one block or in groups of 3–6 (4-4-4-4, 4-6-5…). */
function acceptCards(m: RegExpExecArray): Span[] {
  const groups: { start: number; end: number }[] = [];
  for (const g of m[0].matchAll(/\d+/g)) groups.push({ start: m.index + g.index, end: m.index + g.index + g[0].length });
  const found: Span[] = [];
  let i = 0;
  while (i < groups.length) {
    let best: { span: Span; last: number } | null = null;
    let digits = '';
    for (let j = i; j < groups.length; j += 1) {
      const g = groups[j];
      if (!g) break;
      digits += m.input.slice(g.start, g.end);
      if (digits.length > 19) break;
      const groupsOk = j === i || plausibleCardGrouping(groups.slice(i, j + 1).map((x) => x.end - x.start));
      const first = groups[i];
      if (first && digits.length >= 13 && groupsOk && isValidCardNumber(digits)) best = { span: { start: first.start, end: g.end }, last: j };
    }
    if (best) {
      found.push(best.span);
      i = best.last + 1;
    } else i += 1;
  }
  return found;
}

const detectCards: Detector = (text) => scan(DIGIT_RUN_RE, text, acceptCards, true);

const NIR_RE = new RegExp(
  `${NOT_AFTER_WORD}[1278][\\s.-]?\\d{2}[\\s.-]?\\d{2}[\\s.-]?(?:\\d{2}|2[AB])[\\s.-]?\\d{3}[\\s.-]?\\d{3}[\\s.-]?\\d{2}${NOT_BEFORE_WORD}`,
  'giu',
);
const detectNirs: Detector = (text) => scan(NIR_RE, text, (m) => (isValidNir(m[0]) ? whole(m) : null));

// ---------------------------------------------------------------------------------------------
// Postal addresses and postcodes
// ---------------------------------------------------------------------------------------------

/** Words that end a street or person name typed in lower case (or start a new sentence). */
const STOP_WORDS = new Set(
  ('à et ou mais donc car je j il elle on nous vous ils elles depuis pour avec sans chez qui que qu est sont a ai as ont ' +
    'était etait été ete pas ne n toujours jamais encore déjà deja hier demain aujourd ce cet cette ces mon ma mes son sa ses ' +
    'votre vos notre nos leur leurs un une y puis alors merci svp le colis livré livre reçu recu mais bonjour voici ' +
    'the and but or since for with is was are were has have had still never not no i we my our your it this that to in on at ' +
    'by from of as so if then when please thanks thank hello hi which who where yesterday today tomorrow again already').split(' '),
);
/** Lower-case words that may sit inside a street or place name. */
const NAME_PARTICLES = new Set(['de', 'du', 'des', 'la', 'le', 'les', 'l', 'd', 'aux', 'au', 'sur', 'sous', 'en', 'lès', 'saint', 'sainte', 'st', 'ste', 'of', 'the']);

const FR_STREET_TYPES_FREE =
  'rue|avenue|av|bd|boulevard|bld|blvd|all[ée]e|impasse|imp|faubourg|fbg|chauss[ée]e|rond-point|esplanade|lotissement|r[ée]sidence|lieu-dit|quai|route|rte';
/** Also common nouns ("3 cours de yoga"): they need a capitalised name or a postcode after them. */
const FR_STREET_TYPES_CAPITALISED = 'chemin|place|pl|cours|square|passage|voie|villa|cit[ée]|hameau|sentier|promenade|mont[ée]e|traverse|ruelle|parvis|clos|domaine|mail';
const FR_STREET_HEAD_RE = new RegExp(
  `${NOT_AFTER_WORD}(?:(\\d{1,4}(?:\\s?(?:bis|ter|quater|[a-d]))?)(?![\\p{L}\\p{N}])\\s*,?\\s+)?` +
    `(?:(${FR_STREET_TYPES_FREE})|(${FR_STREET_TYPES_CAPITALISED}))\\.?(?=\\s)`,
  'giu',
);

const TOKEN_RE = /[^\S\n]+([\p{L}\p{N}][\p{L}\p{N}'-]*)/uy;
const startsUpper = (word: string): boolean => /^\p{Lu}/u.test(word);

/**
 * Reads a street name after its type word: capitalised words, particles, a number right after the
 * type or a word ("rue du 8 Mai 1945"), and — in a name typed all in lower case — up to two
 * lower-case words. Returns the end of the last name word.
 */
function readStreetName(text: string, from: number, allowLowercase: boolean): number | null {
  let pos = from;
  let end: number | null = null;
  let lowercase = 0;
  let capitalised = false;
  let particlesSinceWord = 0;
  for (let tokens = 0; tokens < 8; tokens += 1) {
    TOKEN_RE.lastIndex = pos;
    const m = TOKEN_RE.exec(text);
    if (!m) break;
    const word = (m[1] ?? '').replace(/^(?:d|l|qu)'/i, '');
    const lower = word.toLowerCase();
    const tokenEnd = m.index + m[0].length;
    if (word === '' || NAME_PARTICLES.has(lower)) {
      particlesSinceWord += 1;
      pos = tokenEnd;
      continue;
    }
    if (STOP_WORDS.has(lower)) break;
    if (/^\d{1,4}$/.test(word)) {
      // "au 45 boulevard Haussmann au lieu du 54 boulevard…": a number after "du" starts something else
      if (end !== null && particlesSinceWord > 0 && capitalised) break;
    } else if (startsUpper(word)) {
      capitalised = true;
    } else if (allowLowercase && !capitalised && lowercase < 2 && /^\p{Ll}/u.test(word)) {
      lowercase += 1;
    } else break;
    end = tokenEnd;
    particlesSinceWord = 0;
    pos = tokenEnd;
  }
  return end;
}

const FR_DEPARTEMENT = '(?:0[1-9]|[1-8]\\d|9[0-8])';
const FR_POSTCODE = `${FR_DEPARTEMENT}\\d{3}`;
const CITY = "[\\p{L}][\\p{L}'-]*(?:(?:\\s+|-)(?:(?:sur|sous|en|lès|les|le|la|de|du|des|saint|sainte|st|ste)(?:\\s+|-))?\\p{Lu}[\\p{L}'-]*){0,3}";
const CAPITALISED_CITY = "\\p{Lu}[\\p{L}'.-]*(?:\\s+\\p{Lu}[\\p{L}'.-]*){0,2}";
const UK_POSTCODE = '(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\\d[A-Z\\d]? ?\\d[ABD-HJLNP-UW-Z]{2})';
const US_STATES =
  'AL|AK|AZ|AR|CA|CO|CT|DE|DC|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|PR';
/** Words after a number that make it a quantity: not a postcode, not a house number. */
const NOT_A_CITY = new Set(
  ('euros euro eur km m kg g clients abonnés points ans jours heures mois commandes fois personnes exemplaires pièces unités ' +
    'go mo mbps habitants visites vues followers likes messages minutes secondes articles produits colis dollars usd livres ' +
    'days weeks hours minutes months years times items orders parcels packages boxes calls emails people units miles more other').split(' '),
);

const ADDRESS_TAILS: readonly RegExp[] = [
  // FR: ", 75002 Paris", " 13100 Aix-en-Provence CEDEX 1", ", 75 002 Paris"
  new RegExp(`\\s*[,-]?\\s*(?:${FR_POSTCODE}|${FR_DEPARTEMENT} \\d{3})\\s+(${CITY})(?:\\s+(?:CEDEX|Cedex|cedex)(?:\\s+\\d{1,2})?)?(?:\\s*,?\\s*France${NOT_BEFORE_WORD})?`, 'uy'),
  // US: ", Washington, DC 20500"
  new RegExp(`\\s*,?\\s*(?:${CAPITALISED_CITY})\\s*,?\\s*(?:${US_STATES})\\s+\\d{5}(?:-\\d{4})?${NOT_BEFORE_WORD}`, 'uy'),
  // UK: ", London NW1 6XE", ", London, SW1A 2AA"
  new RegExp(`\\s*,?\\s*(?:${CAPITALISED_CITY})\\s*,?\\s*${UK_POSTCODE}${NOT_BEFORE_WORD}`, 'uy'),
  // A postcode straight after the street
  new RegExp(`\\s*,?\\s*(?:${UK_POSTCODE}|(?:${US_STATES})\\s+\\d{5}(?:-\\d{4})?)${NOT_BEFORE_WORD}`, 'uy'),
];
const UNIT_TAIL = /\s*,?\s*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Fl|#)\.?\s*#?[\p{L}\p{N}-]{1,6}(?![\p{L}\p{N}])/uy;

/** Extends a street with a unit and a "postcode city" or "city, state ZIP"; returns the new end and whether a postcode was found. */
function readAddressTail(text: string, from: number): { end: number; postcode: boolean } {
  let end = from;
  UNIT_TAIL.lastIndex = end;
  const unit = UNIT_TAIL.exec(text);
  if (unit) end = unit.index + unit[0].length;
  for (const tail of ADDRESS_TAILS) {
    tail.lastIndex = end;
    const m = tail.exec(text);
    if (!m) continue;
    const city = m[1]?.split(/[\s-]/)[0]?.toLowerCase();
    if (city !== undefined && (NOT_A_CITY.has(city) || STOP_WORDS.has(city) || NAME_PARTICLES.has(city))) continue;
    return { end: m.index + m[0].length, postcode: true };
  }
  return { end: unit ? end : from, postcode: false };
}

function detectFrenchStreets(text: string): Span[] {
  return scan(FR_STREET_HEAD_RE, text, (m) => {
    const hasNumber = m[1] !== undefined;
    const free = m[2] !== undefined;
    const nameEnd = readStreetName(text, m.index + m[0].length, free);
    if (nameEnd === null) return null;
    const tail = readAddressTail(text, nameEnd);
    // Without a number, "rue de la Paix" is only an address when a postcode and city follow.
    if (!hasNumber && !tail.postcode) return null;
    return { start: m.index, end: tail.end };
  });
}

const EN_STREET_TYPES = [
  'street', 'avenue', 'road', 'lane', 'drive', 'boulevard', 'court', 'place', 'square', 'terrace', 'way', 'close', 'crescent',
  'gardens', 'grove', 'parkway', 'highway', 'circle', 'row', 'mews', 'hill', 'walk', 'parade', 'broadway', 'loop', 'alley',
  'plaza', 'trail',
];
/** Abbreviations take an optional full stop; a full word followed by "." ends a sentence. */
const EN_STREET_ABBREVIATIONS = ['st', 'ave', 'av', 'rd', 'ln', 'dr', 'blvd', 'ct', 'pl', 'sq', 'pkwy', 'hwy', 'cir', 'ter', 'cres'];
const caseVariants = (w: string) => [w, w[0]?.toUpperCase() + w.slice(1), w.toUpperCase()];
const EN_TYPES_ANY_CASE = `(?:${EN_STREET_TYPES.flatMap(caseVariants).join('|')}|(?:${EN_STREET_ABBREVIATIONS.flatMap(caseVariants).join('|')})\\.?)`;
const EN_DIRECTION = '(?:\\s+(?:NW|NE|SW|SE|N|S|E|W)(?![\\p{L}]))?';
const EN_STREET_RE = new RegExp(
  `${NOT_AFTER_WORD}\\d{1,5}[A-Za-z]?(?:-\\d{1,5})?,?\\s+(?:(?:N|S|E|W|North|South|East|West)\\.?\\s+)?` +
    `(?:(?:\\p{Lu}[\\p{L}'-]*|\\d{1,3}(?:st|nd|rd|th))\\s+){1,4}${EN_TYPES_ANY_CASE}(?![\\p{L}\\p{N}])${EN_DIRECTION}`,
  'gu',
);
/** Lower-case street names only with an unambiguous type word: "2 days road trip" must not match. */
const EN_STREET_LOWER_RE = new RegExp(
  `${NOT_AFTER_WORD}\\d{1,5}[a-z]?,?\\s+((?:[a-z][a-z'-]*\\s+){1,3})(?:street|avenue|road|boulevard|lane|(?:st|ave|rd|blvd|ln)\\.?)(?![\\p{L}\\p{N}])`,
  'gu',
);

function detectEnglishStreets(text: string): Span[] {
  const withTail = (start: number, end: number): Span => ({ start, end: readAddressTail(text, end).end });
  return [
    ...scan(EN_STREET_RE, text, (m) => withTail(m.index, m.index + m[0].length)),
    ...scan(EN_STREET_LOWER_RE, text, (m) => {
      const words = (m[1] ?? '').trim().split(/\s+/);
      if (words.some((w) => STOP_WORDS.has(w) || NOT_A_CITY.has(w))) return null;
      return withTail(m.index, m.index + m[0].length);
    }),
  ];
}

const detectAddresses: Detector = (text) => [...detectFrenchStreets(text), ...detectEnglishStreets(text)];

const LOWERCASE_CITIES = new Set(
  ('paris lyon marseille toulouse nice nantes strasbourg montpellier bordeaux lille rennes reims toulon grenoble dijon ' +
    'angers nîmes nimes brest tours limoges amiens perpignan metz besançon besancon orléans orleans rouen caen nancy mulhouse ' +
    'versailles nanterre créteil creteil argenteuil montreuil roubaix tourcoing avignon poitiers pau calais cannes antibes').split(' '),
);
const FR_POSTCODE_RE = new RegExp(
  `(?<![\\p{L}\\p{N}_.,€$£-])(${FR_POSTCODE}|${FR_DEPARTEMENT} \\d{3})\\s+([\\p{L}][\\p{L}'-]*)`,
  'gdu',
);
const FR_POSTCODE_IN_PARENS_RE = new RegExp(`${NOT_AFTER_WORD}\\p{Lu}[\\p{L}'-]+ ?\\((${FR_POSTCODE})\\)`, 'gdu');
const UK_POSTCODE_RE = new RegExp(`${NOT_AFTER_WORD}${UK_POSTCODE}${NOT_BEFORE_WORD}`, 'gu');
const US_ZIP_RE = new RegExp(`${NOT_AFTER_WORD}(?:${US_STATES}),?\\s+(\\d{5}(?:-\\d{4})?)(?!\\p{N})`, 'gdu');
const POSTCODE_KEYWORD_RE = new RegExp(
  `${NOT_AFTER_WORD}(?:code postal|c\\.p\\.|cp|postcode|post code|postal code|zip code|zip)\\s*[:=]?\\s*(\\d{5}(?:-\\d{4})?|\\d{2} \\d{3}|${UK_POSTCODE})(?![\\p{L}\\p{N}])`,
  'gdiu',
);

function detectPostcodes(text: string): Span[] {
  return [
    ...scan(FR_POSTCODE_RE, text, (m) => {
      const city = m[2] ?? '';
      const lower = city.toLowerCase();
      const cityLike = startsUpper(city) ? !NOT_A_CITY.has(lower) && !STOP_WORDS.has(lower) : LOWERCASE_CITIES.has(lower);
      return cityLike ? groupSpan(m, 1) : null;
    }),
    ...scan(FR_POSTCODE_IN_PARENS_RE, text, (m) => groupSpan(m, 1)),
    ...scan(UK_POSTCODE_RE, text, (m) => (/\d(?:GB|TB)$/.test(m[0]) ? null : whole(m))),
    ...scan(US_ZIP_RE, text, (m) => groupSpan(m, 1)),
    ...scan(POSTCODE_KEYWORD_RE, text, (m) => groupSpan(m, 1)),
  ];
}

// ---------------------------------------------------------------------------------------------
// Names given away by their context (Comprehend finds the others, in English)
// ---------------------------------------------------------------------------------------------

/** Capitalised words that follow a role or an honorific without being a person. */
const NOT_A_NAME = new Set(
  ('le la les l un une des du de the a an and et je i nous vous we you client clients service support directeur directrice ' +
    'responsable manager orange free sfr bouygues sncf edf engie amazon fnac darty boulanger cdiscount ikea apple samsung ' +
    'google microsoft uber ups dhl fedex chronopost colissimo poste ratp netflix canal bnp lcl axa maif macif ' +
    'vinted zalando carrefour auchan leclerc intermarché decathlon customer team madame monsieur sir madam toute tout tous').split(' '),
);

const HONORIFIC_WORDS = new Set(['m', 'mr', 'mrs', 'ms', 'mme', 'mlle', 'dr', 'monsieur', 'madame', 'mademoiselle', 'docteur', 'sir', 'miss']);
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

function detectNames(text: string): Span[] {
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

// ---------------------------------------------------------------------------------------------
// Order, contract, invoice and tracking references (kept by default)
// ---------------------------------------------------------------------------------------------

const ORDER_CODE_RE = /(?<![\p{L}\p{N}_])[A-Z]{2,6}[-_/#]?\d[\dA-Z/_-]{2,}(?![\p{L}\p{N}_])/gu;
const ORDER_KEYWORDS =
  'commandes?|cdes?|orders?|contrats?|contracts?|factures?|invoices?|dossiers?|tickets?|r[ée]clamations?|claims?|cases?|incidents?|' +
  'suivi|tracking|colis|parcels?|packages?|shipments?|exp[ée]ditions?|avoirs?|abonnements?|subscriptions?|r[ée]f[ée]rences?|r[ée]f|refs?|' +
  'siret|siren|tva|vat|rma|retours?|returns?|sav|bons? de livraison|bordereaux?|transactions?|polices?|policy|sinistres?|devis|quote|booking|r[ée]servations?';
const ORDER_FILLER = "(?:\\s*(?:n°|nº|n o|no\\.?|num(?:[ée]ro)?\\.?|number|nr\\.?|#|:|de|du|d'|la|le|ma|mon|my|your|votre|is|est|id|r[ée]f\\.?))*";
const ORDER_CONTEXT_RE = new RegExp(
  `(?<![\\p{L}\\p{N}_])(?:${ORDER_KEYWORDS})${ORDER_FILLER}\\s*#?((?=[\\p{L}\\p{N}/_-]*\\p{N})[\\p{L}\\p{N}][\\p{L}\\p{N}/_-]*(?: \\d{3}(?!\\p{N}))*)`,
  'gdiu',
);

const detectOrderReferences: Detector = (text) => [
  ...scan(ORDER_CODE_RE, text, whole),
  ...scan(ORDER_CONTEXT_RE, text, (m) => groupSpan(m, 1)),
];

// ---------------------------------------------------------------------------------------------
// Orchestration
// ---------------------------------------------------------------------------------------------

const BUILT_IN_DETECTORS: readonly { type: BuiltInPiiType; detect: Detector }[] = [
  { type: 'EMAIL', detect: detectEmails },
  { type: 'IBAN', detect: detectIbans },
  { type: 'NIR', detect: detectNirs },
  { type: 'CARD', detect: detectCards },
  { type: 'PHONE', detect: detectPhones },
  { type: 'ADDRESS', detect: detectAddresses },
  { type: 'NAME', detect: detectNames },
  { type: 'POSTCODE', detect: detectPostcodes },
];

const CUSTOM_TYPE_RE = /^[A-Z][A-Z0-9_]{0,31}$/;
const EXISTING_PLACEHOLDER_RE = /\[[A-Z][A-Z0-9_]{0,31}\]/g;

function validateOptions(options: RedactionOptions): void {
  for (const custom of options.customPatterns ?? []) {
    if (!CUSTOM_TYPE_RE.test(custom.type)) {
      throw new InvalidRedactionOptionsError(`custom pattern type must match ${CUSTOM_TYPE_RE.source}, got "${custom.type}"`);
    }
  }
}

function customDetector(custom: CustomPiiPattern): Detector {
  const flags = custom.pattern.flags.includes('g') ? custom.pattern.flags : `${custom.pattern.flags}g`;
  const re = new RegExp(custom.pattern.source, flags);
  return (text) => scan(re, text, (m) => (m[0].length === 0 || (custom.validate && !custom.validate(m[0])) ? null : whole(m)));
}

/** Subtracts the accepted spans from `span`; what is left, in pieces. */
function subtract(span: Span, taken: readonly Span[]): Span[] {
  let pieces: Span[] = [span];
  for (const t of taken) {
    pieces = pieces.flatMap((p) => {
      if (t.end <= p.start || t.start >= p.end) return [p];
      const left = { start: p.start, end: t.start };
      const right = { start: t.end, end: p.end };
      return [left, right].filter((x) => x.end > x.start);
    });
  }
  return pieces;
}

function resolveOverlaps(candidates: Candidate[], original: string): Candidate[] {
  const ordered = [...candidates].sort(
    (a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start,
  );
  // Accepted spans never overlap, so sorted by start they are also sorted by end: binary search.
  const accepted: Candidate[] = [];
  const firstEndingAfter = (offset: number) => {
    let lo = 0;
    let hi = accepted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((accepted[mid]?.end ?? 0) > offset) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
  const insert = (c: Candidate) => accepted.splice(firstEndingAfter(c.start), 0, c);
  for (const c of ordered) {
    const overlapping: Candidate[] = [];
    for (let i = firstEndingAfter(c.start); i < accepted.length; i += 1) {
      const a = accepted[i];
      if (!a || a.start >= c.end) break;
      overlapping.push(a);
    }
    if (overlapping.length === 0) insert(c);
    else if (c.trimmable && c.redact) {
      for (const piece of subtract(c, overlapping)) {
        const value = original.slice(piece.start, piece.end);
        if (!/[\p{L}\p{N}]/u.test(value)) continue;
        // "[NAME] [EMAIL]", not "[NAME][EMAIL]": the spaces around a trimmed piece stay.
        const start = piece.start + (value.length - value.trimStart().length);
        const end = piece.end - (value.length - value.trimEnd().length);
        insert({ ...c, start, end });
      }
    }
  }
  return accepted;
}

/**
 * Finds the PII in `text`; offsets are into the original text. `extraEntities` (e.g. from
 * Comprehend) are merged in.
 */
export function detectPii(text: string, options: RedactionOptions = {}): PiiEntity[] {
  validateOptions(options);
  const types = new Set<PiiType>(options.types ?? DEFAULT_PII_TYPES);
  const keepOrders = options.keepOrderNumbers ?? true;
  const view = matchingView(text);
  const toOriginal = (s: Span): Span | null => {
    const start = view.toOriginal[s.start];
    const last = view.toOriginal[s.end - 1];
    return start === undefined || last === undefined ? null : { start, end: last + 1 };
  };
  const candidates: Candidate[] = [];
  const add = (spans: Span[], type: PiiType, priority: number, redact: boolean) => {
    for (const s of spans) {
      const span = toOriginal(s);
      // Heuristic spans give way around validated ones instead of vanishing (a name read into an e-mail).
      if (span) candidates.push({ ...span, type, priority, redact, trimmable: type === 'NAME' || type === 'ADDRESS' });
    }
  };

  // Placeholders from an earlier pass stay as they are, and are matched as "0PHONE0": a value glued
  // to a redacted one ("…78SW1A 1AA", "…1111.06 12…") stays glued to a letter-and-digit word, so
  // redacting twice gives the same text as redacting once.
  const placeholders = scan(EXISTING_PLACEHOLDER_RE, view.text, whole);
  add(placeholders, 'PLACEHOLDER', PRIORITY.placeholder, false);
  let matchable = view.text;
  for (const p of placeholders) matchable = `${matchable.slice(0, p.start)}0${matchable.slice(p.start + 1, p.end - 1)}0${matchable.slice(p.end)}`;

  for (const { type, detect } of BUILT_IN_DETECTORS) {
    if (types.has(type)) add(detect(matchable), type, PRIORITY[type], true);
  }
  add(detectOrderReferences(matchable), 'ORDER', PRIORITY.ORDER, !keepOrders);
  for (const custom of options.customPatterns ?? []) {
    add(customDetector(custom)(matchable), custom.type, custom.priority ?? PRIORITY.custom, true);
  }
  for (const e of options.extraEntities ?? []) {
    const start = Math.max(0, Math.floor(e.start));
    const end = Math.min(text.length, Math.floor(e.end));
    if (end <= start || !types.has(e.type)) continue;
    const priority = e.type in PRIORITY ? PRIORITY[e.type as keyof typeof PRIORITY] : PRIORITY.custom;
    candidates.push({ type: e.type, start, end, priority, redact: true, trimmable: true });
  }

  return resolveOverlaps(candidates, text)
    .filter((c) => c.redact)
    .map(({ type, start, end }) => ({ type, start, end }));
}

/** Replaces each entity (sorted, non-overlapping, original offsets) with its placeholder. */
export function applyRedaction(text: string, entities: readonly PiiEntity[]): string {
  let out = '';
  let cursor = 0;
  for (const e of entities) {
    if (e.start < cursor) continue;
    out += text.slice(cursor, e.start) + placeholderFor(e.type);
    cursor = e.end;
  }
  return out + text.slice(cursor);
}

/**
 * Redacts PII from `text`: `{ text, entities }`, entities with their type and ORIGINAL offsets
 * (never the value). Pure and synchronous; never throws on any input string (only on invalid
 * options).
 */
export function redactPii(text: string, options: RedactionOptions = {}): RedactionResult {
  const entities = detectPii(text, options);
  return { text: applyRedaction(text, entities), entities };
}

/** The pattern-only redactor behind the PiiRedactor port (local runs, languages Comprehend lacks). */
export function patternPiiRedactor(options: RedactionOptions = {}): PiiRedactor {
  validateOptions(options);
  return { redact: async (text) => redactPii(text, options) };
}
