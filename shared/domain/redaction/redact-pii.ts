/**
 * PII redaction for French and English customer text, before anything is stored, logged or
 * emailed. Pure TypeScript, no AWS: `redactPii` finds e-mail addresses, phone numbers, IBANs,
 * payment cards, French social security numbers (NIR), US SSNs, UK National Insurance numbers,
 * passport / identity-card / driving-licence numbers and tax numbers named by their context, IP
 * addresses, dates of birth in context, postal addresses, postcodes and the names a context gives
 * away (honorifics, "je m'appelle", sign-offs, relatives, staff) or that the first-name gazetteer
 * passed in `firstNames` recognises ("Réclamation de Sophie Martin"), and replaces each with a typed placeholder
 * (`[EMAIL]`, `[PHONE]`, `[BIRTH_DATE]`…) so the sentiment of the sentence still reads.
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
import { BUILT_IN_DETECTORS, PRIORITY } from './detectors';
import { matchingView } from './matching-view';
import { detectOrderReferences } from './order-reference-detector';
import { resolveOverlaps, type Candidate } from './overlaps';
import { scan, whole, type Detector, type Span } from './pattern-scan';
import {
  DEFAULT_PII_TYPES,
  InvalidRedactionOptionsError,
  placeholderFor,
  type CustomPiiPattern,
  type PiiEntity,
  type PiiRedactor,
  type PiiType,
  type RedactionOptions,
  type RedactionResult,
} from './types';

const DEFAULT_TYPE_SET: ReadonlySet<PiiType> = new Set<PiiType>(DEFAULT_PII_TYPES);
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

/**
 * Finds the PII in `text`; offsets are into the original text. `extraEntities` (e.g. from
 * Comprehend) are merged in.
 */
export function detectPii(text: string, options: RedactionOptions = {}): PiiEntity[] {
  validateOptions(options);
  const types: ReadonlySet<PiiType> = options.types ? new Set<PiiType>(options.types) : DEFAULT_TYPE_SET;
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

  const context = { firstNames: options.firstNames };
  for (const { type, detect, staff } of BUILT_IN_DETECTORS) {
    if (types.has(type) && !(staff && options.keepStaffNames)) add(detect(matchable, context), type, PRIORITY[type], true);
  }
  add(detectOrderReferences(matchable, context), 'ORDER', PRIORITY.ORDER, !keepOrders);
  for (const custom of options.customPatterns ?? []) {
    add(customDetector(custom)(matchable, context), custom.type, custom.priority ?? PRIORITY.custom, true);
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
