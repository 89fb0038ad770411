/**
 * Amazon Comprehend DetectPiiEntities behind the PiiRedactor port, on top of the pattern redactor.
 *
 * - DetectPiiEntities accepts English and Spanish only (API reference: "Valid Values: en | es",
 *   even though the SDK's LanguageCode type lists every Comprehend language). Other languages —
 *   French included — get the pattern redactor alone, without a call.
 * - Comprehend adds what patterns cannot see: NAME and ADDRESS (mapped to `[NAME]`, `[ADDRESS]`);
 *   e-mails, phones, IBANs and cards stay with the checksum-validated patterns.
 * - Text over the 100 KB request limit is cut on a character boundary; patterns still cover all of it.
 * - Offsets come back in Unicode code points and are mapped to UTF-16 offsets of our string.
 * - Throttling and 5xx are retried with capped exponential backoff and full jitter; any failure
 *   after that degrades to patterns only, is reported (`degraded`, `onDegraded`) and never throws:
 *   an item must not be lost, nor stored unredacted, because Comprehend had a bad minute.
 */
import {
  DetectPiiEntitiesCommand,
  type ComprehendClient,
  type DetectPiiEntitiesResponse,
  type LanguageCode,
} from '@aws-sdk/client-comprehend';
import { redactPii } from '../domain/redaction/redact-pii';
import type { PiiEntity, PiiRedactor, PiiType, RedactionOptions, RedactionResult } from '../domain/redaction/types';
import { truncateUtf8 } from './comprehend-sentiment';

/** Languages DetectPiiEntities accepts. */
export const COMPREHEND_PII_LANGUAGES: ReadonlySet<string> = new Set(['en', 'es']);
/** DetectPiiEntities request limit, in UTF-8 bytes ("100 KB"; the decimal reading is the safe one). */
export const COMPREHEND_PII_MAX_BYTES = 100_000;

export interface PiiRedactionReport extends RedactionResult {
  /** The detectors whose findings are in `entities`. */
  detectors: ('patterns' | 'comprehend')[];
  /** Comprehend was due but failed: the text was redacted by the patterns alone. No PII in `reason`. */
  degraded?: { reason: string };
  /** Comprehend saw only the first 100 KB; the patterns saw everything. */
  truncated?: true;
}

export interface DegradedRedaction {
  lang: string;
  reason: string;
  attempts: number;
}

export interface ComprehendPiiOptions {
  /** Options of the pattern redactor the Comprehend findings are merged into. */
  redaction?: RedactionOptions;
  /** Comprehend entity type → placeholder type. Default NAME → NAME, ADDRESS → ADDRESS. */
  entityTypes?: Readonly<Record<string, PiiType>>;
  /** Findings below this confidence are ignored. Default 0.5 (recall first: a false [NAME] costs little). */
  minScore?: number;
  /** Attempts per text, the first included. Default 4. */
  maxAttempts?: number;
  /** Backoff before retry n = random() × min(maxDelayMs, baseDelayMs × 2^(n-1)). Defaults 100 / 2,000 ms. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Parallel calls in redactBatch. Default 4. */
  concurrency?: number;
  maxBytes?: number;
  /** Called each time a text falls back to patterns only (log it, count it as a metric). */
  onDegraded?: (event: DegradedRedaction) => void;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const DEFAULTS = {
  redaction: {},
  entityTypes: { NAME: 'NAME', ADDRESS: 'ADDRESS' },
  minScore: 0.5,
  maxAttempts: 4,
  baseDelayMs: 100,
  maxDelayMs: 2000,
  concurrency: 4,
  maxBytes: COMPREHEND_PII_MAX_BYTES,
  onDegraded: () => undefined,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
} satisfies Required<ComprehendPiiOptions>;

/** 'en', 'en-GB', 'ES' → the DetectPiiEntities language; anything else → undefined. */
export function comprehendPiiLanguage(lang: string | undefined): LanguageCode | undefined {
  const base = (lang ?? '').split(/[-_]/)[0]?.toLowerCase() ?? '';
  return COMPREHEND_PII_LANGUAGES.has(base) ? (base as LanguageCode) : undefined;
}

/** Maps Comprehend's code-point offsets to UTF-16 offsets of `text`. */
export function codePointOffsets(text: string): (codePoint: number) => number | undefined {
  if (!/[\uD800-\uDFFF]/.test(text)) return (cp) => (Number.isInteger(cp) && cp >= 0 && cp <= text.length ? cp : undefined);
  const offsets: number[] = [];
  let unit = 0;
  for (const char of text) {
    offsets.push(unit);
    unit += char.length;
  }
  offsets.push(unit);
  return (cp) => offsets[cp];
}

const RETRYABLE_ERROR_NAMES = new Set(['ThrottlingException', 'TooManyRequestsException', 'InternalServerException', 'ServiceUnavailableException']);

function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata, $retryable } = error as { name?: string; $metadata?: { httpStatusCode?: number }; $retryable?: unknown };
  const status = $metadata?.httpStatusCode ?? 0;
  return (name !== undefined && RETRYABLE_ERROR_NAMES.has(name)) || status >= 500 || status === 429 || Boolean($retryable);
}

/** Error name and HTTP status only: a service message could quote the text. */
function describeFailure(error: unknown): string {
  if (typeof error !== 'object' || error === null) return 'UnknownError';
  const { name, $metadata } = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  const status = $metadata?.httpStatusCode;
  return `${name ?? 'Error'}${status === undefined ? '' : ` (HTTP ${status})`}`;
}

class ComprehendPiiFailure extends Error {
  override readonly name = 'ComprehendPiiFailure';
  constructor(
    readonly reason: string,
    readonly attempts: number,
    options?: ErrorOptions,
  ) {
    super(reason, options);
  }
}

export class ComprehendPiiDetector implements PiiRedactor {
  readonly name = 'comprehend-pii';
  private readonly options: Required<ComprehendPiiOptions>;

  constructor(
    private readonly client: ComprehendClient,
    options: ComprehendPiiOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    if (!Number.isInteger(this.options.maxAttempts) || this.options.maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be a positive integer, got ${this.options.maxAttempts}`);
    }
    if (!Number.isInteger(this.options.concurrency) || this.options.concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer, got ${this.options.concurrency}`);
    }
    // Fail at construction, not on the first message, if the pattern options are invalid.
    redactPii('', this.options.redaction);
  }

  /** Redacts one text. Never rejects: a Comprehend failure degrades to patterns only. */
  async redact(text: string, lang?: string): Promise<PiiRedactionReport> {
    const language = comprehendPiiLanguage(lang);
    const patternsOnly = (extra?: Partial<PiiRedactionReport>): PiiRedactionReport => ({
      ...redactPii(text, this.options.redaction),
      detectors: ['patterns'],
      ...extra,
    });
    if (language === undefined || text.trim() === '') return patternsOnly();

    const sent = truncateUtf8(text, this.options.maxBytes);
    let found: PiiEntity[];
    try {
      found = await this.detect(language, sent);
    } catch (error) {
      const failure = error instanceof ComprehendPiiFailure ? error : new ComprehendPiiFailure(describeFailure(error), 1);
      this.options.onDegraded({ lang: language, reason: failure.reason, attempts: failure.attempts });
      return patternsOnly({ degraded: { reason: failure.reason } });
    }
    const redaction = this.options.redaction;
    const result = redactPii(text, { ...redaction, extraEntities: [...(redaction.extraEntities ?? []), ...found] });
    return { ...result, detectors: ['patterns', 'comprehend'], ...(sent.length < text.length ? { truncated: true as const } : {}) };
  }

  /** Redacts many texts with at most `concurrency` calls in flight; results in input order. */
  async redactBatch(inputs: readonly { text: string; lang?: string }[]): Promise<PiiRedactionReport[]> {
    const results: PiiRedactionReport[] = new Array(inputs.length);
    let next = 0;
    const worker = async () => {
      while (next < inputs.length) {
        const index = next;
        next += 1;
        const input = inputs[index];
        if (input) results[index] = await this.redact(input.text, input.lang);
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.concurrency, inputs.length) }, worker));
    return results;
  }

  /** Comprehend's NAME/ADDRESS findings in `text`, as UTF-16 offsets. Throws ComprehendPiiFailure. */
  private async detect(language: LanguageCode, text: string): Promise<PiiEntity[]> {
    const response = await this.send(language, text);
    const toUtf16 = codePointOffsets(text);
    const found: PiiEntity[] = [];
    for (const e of response.Entities ?? []) {
      const type = e.Type === undefined ? undefined : this.options.entityTypes[e.Type];
      if (type === undefined || (e.Score ?? 0) < this.options.minScore) continue;
      const start = e.BeginOffset === undefined ? undefined : toUtf16(e.BeginOffset);
      const end = e.EndOffset === undefined ? undefined : toUtf16(e.EndOffset);
      if (start === undefined || end === undefined || end <= start) continue;
      found.push({ type, start, end });
    }
    return found;
  }

  private async send(language: LanguageCode, text: string): Promise<DetectPiiEntitiesResponse> {
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt += 1) {
      if (attempt > 1) await this.options.sleep(this.backoff(attempt - 1));
      try {
        return await this.client.send(new DetectPiiEntitiesCommand({ LanguageCode: language, Text: text }));
      } catch (error) {
        lastError = error;
        if (!isRetryable(error)) throw new ComprehendPiiFailure(describeFailure(error), attempt, { cause: error });
      }
    }
    throw new ComprehendPiiFailure(describeFailure(lastError), this.options.maxAttempts, { cause: lastError });
  }

  /** Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"); `retry` counts from 1. */
  private backoff(retry: number): number {
    const { baseDelayMs, maxDelayMs, random } = this.options;
    return random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  }
}
