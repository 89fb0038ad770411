/** The redaction vocabulary: PII types, entities, options and the redactor port the pipeline calls. */
import type { FirstNameGazetteer } from './first-names';

export const PII_TYPES = [
  'EMAIL',
  'PHONE',
  'IBAN',
  'CARD',
  'NIR',
  'SSN',
  'NINO',
  'ID_DOCUMENT',
  'TAX_ID',
  'IP',
  'BIRTH_DATE',
  'ADDRESS',
  'POSTCODE',
  'NAME',
  'ORDER',
] as const;
export type BuiltInPiiType = (typeof PII_TYPES)[number];
/** A built-in type, or the type of a custom pattern (`[A-Z][A-Z0-9_]*`). */
export type PiiType = BuiltInPiiType | (string & {});

/** Every type redacted by default. ORDER is governed by `keepOrderNumbers`. */
export const DEFAULT_PII_TYPES: readonly BuiltInPiiType[] = PII_TYPES.filter((t) => t !== 'ORDER');

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
  /**
   * Keep the names of staff a customer praises or blames ("merci à Kevin", "the driver Ryan",
   * "Stéphanie au magasin") in clear. Default false: they are redacted like any name.
   */
  keepStaffNames?: boolean;
  /**
   * French and English first names (the gazetteer file, loaded once by an adapter). With it, names
   * are found without an introducing phrase ("Réclamation de Sophie Martin", "j'ai eu Mélanie au
   * téléphone") and in lower case after a relation, a role or a sign-off; without it, only the
   * context rules find names.
   */
  firstNames?: FirstNameGazetteer;
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
