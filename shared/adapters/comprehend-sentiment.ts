/**
 * Amazon Comprehend behind the SentimentEngine port: BatchDetectSentiment, 25 documents and one
 * language per call, 5,000 bytes per document, retries with capped exponential backoff and full
 * jitter. Anything that still fails becomes a SentimentUnavailableError so that the SQS message
 * is retried rather than stored with a made-up sentiment.
 */
import {
  BatchDetectSentimentCommand,
  type BatchDetectSentimentResponse,
  type ComprehendClient,
  type LanguageCode,
  type SentimentScore,
} from '@aws-sdk/client-comprehend';
import type { SentimentLabel } from '../domain/sentiment';
import type {
  SentimentEngine,
  SentimentInput,
  SentimentResult,
  SentimentScores,
} from '../ports/sentiment';

/** Documents per BatchDetectSentiment call (service limit). */
export const COMPREHEND_BATCH_SIZE = 25;
/** Bytes of UTF-8 per document (service limit for BatchDetectSentiment). */
export const COMPREHEND_MAX_DOCUMENT_BYTES = 5000;

const SUPPORTED_LANGUAGES: ReadonlySet<string> = new Set([
  'en', 'es', 'fr', 'de', 'it', 'pt', 'ar', 'hi', 'ja', 'ko', 'zh', 'zh-TW',
] satisfies LanguageCode[]);

/** Comprehend could not classify some documents, even after retries. */
export class SentimentUnavailableError extends Error {
  override readonly name = 'SentimentUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface ComprehendSentimentOptions {
  /** Language used for 'und' and for languages Comprehend sentiment does not support. Default 'en'. */
  fallbackLanguage?: LanguageCode;
  /** Attempts per batch, the first included. Default 5. */
  maxAttempts?: number;
  /** Backoff base and cap, in ms: delay before retry n = random() × min(cap, base × 2^(n-1)). Defaults 100 / 5,000. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Injectable for tests. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const DEFAULTS = {
  fallbackLanguage: 'en' as LanguageCode,
  maxAttempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 5000,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
} satisfies Required<ComprehendSentimentOptions>;

/**
 * The longest prefix of `text` that fits in `maxBytes` of UTF-8, cut between code points so a
 * multi-byte character or a surrogate pair is never split.
 */
export function truncateUtf8(text: string, maxBytes: number = COMPREHEND_MAX_DOCUMENT_BYTES): string {
  // Every UTF-16 code unit is at most 3 UTF-8 bytes: short texts need no counting.
  if (text.length * 3 <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    // A lone surrogate is sent as U+FFFD (3 bytes).
    const size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

/** Maps an ISO 639-1 code (or a BCP 47 tag) to a language Comprehend sentiment accepts. */
export function comprehendLanguage(lang: string, fallback: LanguageCode): LanguageCode {
  const [primary = '', region = ''] = lang.split(/[-_]/);
  const base = primary.toLowerCase();
  if (base === 'zh' && ['tw', 'hk', 'mo', 'hant'].includes(region.toLowerCase())) return 'zh-TW';
  return SUPPORTED_LANGUAGES.has(base) ? (base as LanguageCode) : fallback;
}

const LABELS: Record<string, SentimentLabel> = {
  POSITIVE: 'positive',
  NEGATIVE: 'negative',
  NEUTRAL: 'neutral',
  MIXED: 'mixed',
};

const RETRYABLE_ERROR_NAMES = new Set([
  'ThrottlingException',
  'TooManyRequestsException',
  'InternalServerException',
  'ServiceUnavailableException',
]);

function isRetryable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, $metadata, $retryable } = error as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: unknown;
  };
  const status = $metadata?.httpStatusCode ?? 0;
  return (name !== undefined && RETRYABLE_ERROR_NAMES.has(name)) || status >= 500 || status === 429 || Boolean($retryable);
}

/** Per-document error codes worth another try; the others (size, language, invalid) never pass. */
function isRetryableItemError(code: string | undefined): boolean {
  return code !== undefined && /internal|throttl|toomanyrequests|unavailable/i.test(code);
}

function toResult(score: SentimentScore | undefined, sentiment: string | undefined): SentimentResult {
  const label = sentiment ? LABELS[sentiment] : undefined;
  if (!label || !score) throw new SentimentUnavailableError(`Comprehend returned no usable sentiment (${sentiment ?? 'none'})`);
  const scores: SentimentScores = {
    positive: score.Positive ?? 0,
    neutral: score.Neutral ?? 0,
    negative: score.Negative ?? 0,
    mixed: score.Mixed ?? 0,
  };
  return { label, confidence: scores[label], scores };
}

const EMPTY_TEXT_RESULT: SentimentResult = {
  label: 'neutral',
  confidence: 1,
  scores: { positive: 0, neutral: 1, negative: 0, mixed: 0 },
};

interface PendingDocument {
  /** Position in the caller's input. */
  index: number;
  text: string;
}

export class ComprehendSentimentEngine implements SentimentEngine {
  readonly name = 'comprehend';
  readonly modelId = 'comprehend';
  private readonly options: Required<ComprehendSentimentOptions>;

  constructor(
    private readonly client: ComprehendClient,
    options: ComprehendSentimentOptions = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    if (!Number.isInteger(this.options.maxAttempts) || this.options.maxAttempts < 1) {
      throw new RangeError(`maxAttempts must be a positive integer, got ${this.options.maxAttempts}`);
    }
  }

  async classify(inputs: readonly SentimentInput[]): Promise<SentimentResult[]> {
    const results: (SentimentResult | undefined)[] = new Array(inputs.length);
    const byLanguage = new Map<LanguageCode, PendingDocument[]>();
    inputs.forEach(({ text, lang }, index) => {
      if (text.trim() === '') {
        results[index] = { ...EMPTY_TEXT_RESULT, scores: { ...EMPTY_TEXT_RESULT.scores } };
        return;
      }
      const language = comprehendLanguage(lang, this.options.fallbackLanguage);
      const group = byLanguage.get(language) ?? [];
      group.push({ index, text: truncateUtf8(text) });
      byLanguage.set(language, group);
    });

    // Sequential on purpose: one Lambda's batch is small, and parallel calls only meet throttling sooner.
    for (const [language, documents] of byLanguage) {
      for (let start = 0; start < documents.length; start += COMPREHEND_BATCH_SIZE) {
        await this.classifyBatch(language, documents.slice(start, start + COMPREHEND_BATCH_SIZE), results);
      }
    }

    return results.map((result, index) => {
      if (!result) throw new SentimentUnavailableError(`No sentiment for input ${index}`);
      return result;
    });
  }

  /** One batch, retried as a whole on throttling/5xx and item by item for per-document errors. */
  private async classifyBatch(
    language: LanguageCode,
    batch: readonly PendingDocument[],
    results: (SentimentResult | undefined)[],
  ): Promise<void> {
    let pending = batch;
    let lastError: unknown;
    for (let attempt = 1; attempt <= this.options.maxAttempts; attempt += 1) {
      if (attempt > 1) await this.options.sleep(this.backoff(attempt - 1));
      let response: BatchDetectSentimentResponse;
      try {
        response = await this.client.send(
          new BatchDetectSentimentCommand({ LanguageCode: language, TextList: pending.map((d) => d.text) }),
        );
      } catch (error) {
        if (!isRetryable(error)) {
          throw new SentimentUnavailableError(`Comprehend BatchDetectSentiment failed: ${describe(error)}`, { cause: error });
        }
        lastError = error;
        continue;
      }

      const retry: PendingDocument[] = [];
      const answered = new Set<number>();
      for (const item of response.ResultList ?? []) {
        const document = item.Index === undefined ? undefined : pending[item.Index];
        if (!document || item.Index === undefined) continue;
        results[document.index] = toResult(item.SentimentScore, item.Sentiment);
        answered.add(item.Index);
      }
      for (const item of response.ErrorList ?? []) {
        const document = item.Index === undefined ? undefined : pending[item.Index];
        if (!document || item.Index === undefined) continue;
        answered.add(item.Index);
        const itemError = new Error(`${item.ErrorCode ?? 'UnknownError'}: ${item.ErrorMessage ?? ''}`);
        if (!isRetryableItemError(item.ErrorCode)) {
          throw new SentimentUnavailableError(
            `Comprehend rejected input ${document.index} (${item.ErrorCode ?? 'unknown error'})`,
            { cause: itemError },
          );
        }
        lastError = itemError;
        retry.push(document);
      }
      // A document the service neither answered nor reported is treated like a transient item error.
      pending.forEach((document, position) => {
        if (answered.has(position)) return;
        lastError = new Error(`Comprehend returned nothing for input ${document.index}`);
        retry.push(document);
      });
      if (retry.length === 0) return;
      pending = retry;
    }
    throw new SentimentUnavailableError(
      `Comprehend sentiment unavailable for ${pending.length} document(s) after ${this.options.maxAttempts} attempts: ${describe(lastError)}`,
      { cause: lastError },
    );
  }

  /** Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"); `retry` counts from 1. */
  private backoff(retry: number): number {
    const { baseDelayMs, maxDelayMs, random } = this.options;
    return random() * Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
