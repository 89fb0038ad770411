import { IBAN_LENGTHS, isValidCardNumber, isValidEan13, isValidIban, isValidNir, luhnValid } from './checksums';
import { NOT_AFTER_WORD, NOT_BEFORE_WORD, scan, whole, type Detector, type Span } from './pattern-scan';

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

export const detectIbans: Detector = (text) => scan(IBAN_START_RE, text, (m) => acceptIban(text, m));

/** Digit groups separated by single spaces or dashes, not part of a decimal or a word. */
const DIGIT_RUN_RE = /(?<![\p{L}\p{N}_.,])\d+(?:[ -]\d+)*(?![\p{L}\p{N}_])/gu;

/** 4-4-4-4, 4-6-5, 4-4-4-4-3, 4-4-4-1…: groups of 3–6 digits, or fours with a shorter last group. */
function plausibleCardGrouping(sizes: readonly number[]): boolean {
  const allButLast = sizes.slice(0, -1);
  return sizes.every((n) => n >= 3 && n <= 6) || (allButLast.every((n) => n === 4) && (sizes[sizes.length - 1] ?? 0) >= 1);
}

/**
 * Card numbers inside a run of digit groups (`run` starts at `offset`): 13–19 digits in one block or
 * in groups of 3–6 (4-4-4-4, 4-6-5…) that `valid` accepts.
 */
function cardsInRun(run: string, offset: number, valid: (digits: string) => boolean): Span[] {
  const groups: { start: number; end: number }[] = [];
  for (const g of run.matchAll(/\d+/g)) groups.push({ start: offset + g.index, end: offset + g.index + g[0].length });
  const found: Span[] = [];
  let i = 0;
  while (i < groups.length) {
    let best: { span: Span; last: number } | null = null;
    let digits = '';
    for (let j = i; j < groups.length; j += 1) {
      const g = groups[j];
      if (!g) break;
      digits += run.slice(g.start - offset, g.end - offset);
      if (digits.length > 19) break;
      const groupsOk = j === i || plausibleCardGrouping(groups.slice(i, j + 1).map((x) => x.end - x.start));
      const first = groups[i];
      if (first && digits.length >= 13 && groupsOk && valid(digits)) best = { span: { start: first.start, end: g.end }, last: j };
    }
    if (best) {
      found.push(best.span);
      i = best.last + 1;
    } else i += 1;
  }
  return found;
}

/** Outside a card context a 13-digit number that is a valid EAN-13 is a product barcode, not a (rare) 13-digit card. */
const isCardOutOfContext = (digits: string): boolean => isValidCardNumber(digits) && !(digits.length === 13 && isValidEan13(digits));

/**
 * "carte", "card", "CB", "visa"… then, further on in the same sentence, a digit run: there a Luhn-valid
 * 13–19-digit number is a card whatever the issuer table says (a 16-digit 34… number).
 */
const CARD_CONTEXT_RE = new RegExp(
  `${NOT_AFTER_WORD}(?:cartes?|cards?|cb|visa|mastercard|master card|amex|american express|maestro|carte bleue|discover|jcb)${NOT_BEFORE_WORD}`,
  'giu',
);
/** How far after its context word a card number may start: a few words ("card ending 4242, the full number …"). */
const CARD_CONTEXT_REACH = 60;
/** The end of a sentence: "!", "?", a line break, or a full stop not followed by a digit ("no. 4970…", "49.99"). */
const SENTENCE_END_RE = /[!?\n]|\.(?!\s?\d)/u;
const CONTEXT_DIGIT_RUN_RE = new RegExp(DIGIT_RUN_RE.source, 'gu');

function cardsAfterContext(text: string, from: number): Span[] {
  const window = text.slice(from, from + CARD_CONTEXT_REACH);
  const sentenceEnd = window.search(SENTENCE_END_RE);
  const limit = from + (sentenceEnd < 0 ? window.length : sentenceEnd);
  const found: Span[] = [];
  CONTEXT_DIGIT_RUN_RE.lastIndex = from;
  for (let m = CONTEXT_DIGIT_RUN_RE.exec(text); m !== null && m.index < limit; m = CONTEXT_DIGIT_RUN_RE.exec(text)) {
    found.push(...cardsInRun(m[0], m.index, luhnValid));
  }
  return found;
}

export const detectCards: Detector = (text) => [
  ...scan(DIGIT_RUN_RE, text, (m) => cardsInRun(m[0], m.index, isCardOutOfContext), true),
  ...scan(CARD_CONTEXT_RE, text, (m) => cardsAfterContext(text, m.index + m[0].length)),
];

const NIR_RE = new RegExp(
  `${NOT_AFTER_WORD}[1278][\\s.-]?\\d{2}[\\s.-]?\\d{2}[\\s.-]?(?:\\d{2}|2[AB])[\\s.-]?\\d{3}[\\s.-]?\\d{3}[\\s.-]?\\d{2}${NOT_BEFORE_WORD}`,
  'giu',
);
export const detectNirs: Detector = (text) => scan(NIR_RE, text, (m) => (isValidNir(m[0]) ? whole(m) : null));
