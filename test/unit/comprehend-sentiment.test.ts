import {
  BatchDetectSentimentCommand,
  type BatchDetectSentimentCommandInput,
  type BatchDetectSentimentResponse,
  ComprehendClient,
  InvalidRequestException,
  TooManyRequestsException,
} from '@aws-sdk/client-comprehend';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  COMPREHEND_MAX_DOCUMENT_BYTES,
  ComprehendSentimentEngine,
  type ComprehendSentimentOptions,
  SentimentUnavailableError,
  comprehendLanguage,
  truncateUtf8,
} from '../../shared/adapters/comprehend-sentiment';
import { SentimentEngineConfigError, SentimentEngineName, createSentimentEngine } from '../../shared/adapters/sentiment-engines';
import type { SentimentInput } from '../../shared/ports/sentiment';

const comprehend = mockClient(ComprehendClient);

/** Each document "doc-N" gets Positive = N/1000, so a result can be traced back to its input. */
function scoreOf(text: string): number {
  const n = Number(/doc-(\d+)/.exec(text)?.[1] ?? 999);
  return n / 1000;
}

function answerEverything(input: BatchDetectSentimentCommandInput): BatchDetectSentimentResponse {
  return {
    ResultList: (input.TextList ?? []).map((text, Index) => ({
      Index,
      Sentiment: 'POSITIVE',
      SentimentScore: { Positive: scoreOf(text), Negative: 0, Neutral: 1 - scoreOf(text), Mixed: 0 },
    })),
    ErrorList: [],
  };
}

function sentBatches(): BatchDetectSentimentCommandInput[] {
  return comprehend.commandCalls(BatchDetectSentimentCommand).map((call) => call.args[0].input);
}

function engineWith(options: ComprehendSentimentOptions = {}) {
  const sleeps: number[] = [];
  const engine = new ComprehendSentimentEngine(new ComprehendClient({ region: 'eu-west-1' }), {
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    ...options,
  });
  return { engine, sleeps };
}

function throttled() {
  return new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
}

beforeEach(() => {
  comprehend.reset();
});

describe('ComprehendSentimentEngine', () => {
  it('sends 60 documents as batches of 25, 25 and 10 and returns results in input order', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).callsFake(answerEverything);
    const { engine } = engineWith();
    const inputs = Array.from({ length: 60 }, (_, i) => ({ text: `doc-${i}`, lang: 'en' }));

    // Act
    const results = await engine.classify(inputs);

    // Assess
    expect(sentBatches().map((b) => b.TextList?.length)).toEqual([25, 25, 10]);
    expect(sentBatches().every((b) => b.LanguageCode === 'en')).toBe(true);
    expect(results.map((r) => r.scores.positive)).toEqual(inputs.map((_, i) => i / 1000));
  });

  it('groups inputs by language, maps unsupported and undetermined languages to the fallback, and keeps input order', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).callsFake(answerEverything);
    const { engine } = engineWith();
    const langs = ['fr', 'en', 'fr', 'de', 'und', 'sw', 'pt-BR', 'zh-TW', 'FR', 'en'];
    const inputs = langs.map((lang, i) => ({ text: `doc-${i}`, lang }));

    // Act
    const results = await engine.classify(inputs);

    // Assess
    const byLanguage = Object.fromEntries(sentBatches().map((b) => [b.LanguageCode, b.TextList]));
    expect(byLanguage).toEqual({
      fr: ['doc-0', 'doc-2', 'doc-8'],
      en: ['doc-1', 'doc-4', 'doc-5', 'doc-9'],
      de: ['doc-3'],
      pt: ['doc-6'],
      'zh-TW': ['doc-7'],
    });
    expect(results.map((r) => r.scores.positive)).toEqual(inputs.map((_, i) => i / 1000));
  });

  it('uses the configured fallback language for languages Comprehend does not support', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).callsFake(answerEverything);
    const { engine } = engineWith({ fallbackLanguage: 'fr' });

    // Act
    await engine.classify([{ text: 'doc-1', lang: 'und' }, { text: 'doc-2', lang: 'nl' }]);

    // Assess
    expect(sentBatches()).toEqual([{ LanguageCode: 'fr', TextList: ['doc-1', 'doc-2'] }]);
  });

  it('cuts long documents to 5,000 UTF-8 bytes without splitting a character', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).callsFake(answerEverything);
    const { engine } = engineWith();
    const euroAcrossLimit = `${'a'.repeat(4998)}€ tail`; // € is 3 bytes: 4998 + 3 > 5000
    const emojiAcrossLimit = `${'é'.repeat(2499)}😀 tail`; // 4998 bytes, then a 4-byte emoji
    const exact = 'b'.repeat(5000);

    // Act
    await engine.classify([euroAcrossLimit, emojiAcrossLimit, exact].map((text) => ({ text, lang: 'fr' })));

    // Assess
    expect(sentBatches()[0]?.TextList).toEqual(['a'.repeat(4998), 'é'.repeat(2499), exact]);
  });

  it('retries throttling with full-jitter exponential backoff, then succeeds', async () => {
    // Prepare
    comprehend
      .on(BatchDetectSentimentCommand)
      .rejectsOnce(throttled())
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
      .rejectsOnce(Object.assign(new Error('bad gateway'), { $metadata: { httpStatusCode: 503 } }))
      .callsFake(answerEverything);
    const { engine, sleeps } = engineWith({ maxAttempts: 5 });

    // Act
    const results = await engine.classify([{ text: 'doc-7', lang: 'en' }]);

    // Assess
    expect(results[0]?.scores.positive).toBe(0.007);
    expect(sentBatches()).toHaveLength(4);
    // random() = 0.5 of min(cap, 100 × 2^(n-1))
    expect(sleeps).toEqual([50, 100, 200]);
  });

  it('caps the backoff delay at maxDelayMs', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).rejects(throttled());
    const { engine, sleeps } = engineWith({ maxAttempts: 7, random: () => 1 });

    // Act
    await expect(engine.classify([{ text: 'doc-1', lang: 'en' }])).rejects.toBeInstanceOf(SentimentUnavailableError);

    // Assess
    expect(sleeps).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('throws SentimentUnavailableError with the last error as cause when throttling never stops', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).rejects(throttled());
    const { engine } = engineWith({ maxAttempts: 3 });

    // Act
    const error = await engine.classify([{ text: 'doc-1', lang: 'en' }]).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SentimentUnavailableError);
    expect((error as SentimentUnavailableError).cause).toBeInstanceOf(TooManyRequestsException);
    expect(sentBatches()).toHaveLength(3);
  });

  it('does not retry a request the service rejects as invalid', async () => {
    // Prepare
    comprehend
      .on(BatchDetectSentimentCommand)
      .rejects(new InvalidRequestException({ message: 'bad', $metadata: { httpStatusCode: 400 } }));
    const { engine } = engineWith();

    // Act
    const error = await engine.classify([{ text: 'doc-1', lang: 'en' }]).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SentimentUnavailableError);
    expect((error as Error).cause).toBeInstanceOf(InvalidRequestException);
    expect(sentBatches()).toHaveLength(1);
  });

  it('retries only the documents listed in ErrorList and merges them back in order', async () => {
    // Prepare
    comprehend
      .on(BatchDetectSentimentCommand)
      .resolvesOnce({
        ResultList: [
          { Index: 0, Sentiment: 'NEGATIVE', SentimentScore: { Positive: 0.01, Negative: 0.9, Neutral: 0.08, Mixed: 0.01 } },
          { Index: 2, Sentiment: 'NEUTRAL', SentimentScore: { Positive: 0.1, Negative: 0.1, Neutral: 0.75, Mixed: 0.05 } },
        ],
        ErrorList: [{ Index: 1, ErrorCode: 'InternalServerException', ErrorMessage: 'try again' }],
      })
      .callsFake(answerEverything);
    const { engine } = engineWith();

    // Act
    const results = await engine.classify(['doc-0', 'doc-1', 'doc-2'].map((text) => ({ text, lang: 'en' })));

    // Assess
    expect(sentBatches().map((b) => b.TextList)).toEqual([['doc-0', 'doc-1', 'doc-2'], ['doc-1']]);
    expect(results.map((r) => r.label)).toEqual(['negative', 'positive', 'neutral']);
    expect(results[1]?.scores.positive).toBe(0.001);
    expect(results[0]?.confidence).toBe(0.9);
  });

  it('throws SentimentUnavailableError when a document keeps failing in ErrorList', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).callsFake((input: BatchDetectSentimentCommandInput) => ({
      ResultList: [],
      ErrorList: (input.TextList ?? []).map((_, Index) => ({ Index, ErrorCode: 'InternalServerException' })),
    }));
    const { engine } = engineWith({ maxAttempts: 4 });

    // Act
    const error = await engine.classify([{ text: 'doc-1', lang: 'en' }]).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SentimentUnavailableError);
    expect(String((error as Error).cause)).toContain('InternalServerException');
    expect(sentBatches()).toHaveLength(4);
  });

  it('does not retry a document error that cannot pass', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).resolves({
      ResultList: [],
      ErrorList: [{ Index: 0, ErrorCode: 'TEXT_SIZE_LIMIT_EXCEEDED', ErrorMessage: 'too long' }],
    });
    const { engine } = engineWith();

    // Act
    const error = await engine.classify([{ text: 'doc-1', lang: 'en' }]).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(SentimentUnavailableError);
    expect(sentBatches()).toHaveLength(1);
  });

  it('keeps MIXED as mixed with the mixed score as confidence', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).resolves({
      ResultList: [{ Index: 0, Sentiment: 'MIXED', SentimentScore: { Positive: 0.3, Negative: 0.25, Neutral: 0.05, Mixed: 0.4 } }],
      ErrorList: [],
    });
    const { engine } = engineWith();

    // Act
    const [result] = await engine.classify([{ text: 'Great staff but the parcel was broken', lang: 'en' }]);

    // Assess
    expect(result).toEqual({
      label: 'mixed',
      confidence: 0.4,
      scores: { positive: 0.3, negative: 0.25, neutral: 0.05, mixed: 0.4 },
    });
  });

  it('answers neutral for empty text without calling Comprehend for it', async () => {
    // Prepare
    comprehend.on(BatchDetectSentimentCommand).callsFake(answerEverything);
    const { engine } = engineWith();
    const inputs: SentimentInput[] = [
      { text: '', lang: 'fr' },
      { text: 'doc-5', lang: 'fr' },
      { text: '  \n ', lang: 'en' },
    ];

    // Act
    const results = await engine.classify(inputs);

    // Assess
    expect(sentBatches().map((b) => b.TextList)).toEqual([['doc-5']]);
    expect(results.map((r) => r.label)).toEqual(['neutral', 'positive', 'neutral']);
    expect(results[0]?.scores).toEqual({ positive: 0, neutral: 1, negative: 0, mixed: 0 });
  });

  it('makes no call at all when every text is empty', async () => {
    // Prepare
    const { engine } = engineWith();

    // Act
    const results = await engine.classify([{ text: '', lang: 'en' }]);

    // Assess
    expect(results).toHaveLength(1);
    expect(sentBatches()).toHaveLength(0);
  });
});

describe('comprehendLanguage', () => {
  it.each([
    ['fr', 'fr'],
    ['FR-ca', 'fr'],
    ['en-GB', 'en'],
    ['zh', 'zh'],
    ['zh-TW', 'zh-TW'],
    ['zh-Hant', 'zh-TW'],
    ['und', 'en'],
    ['nl', 'en'],
    ['', 'en'],
  ])('maps %j to %j', (lang, expected) => {
    expect(comprehendLanguage(lang, 'en')).toBe(expected);
  });
});

describe('truncateUtf8', () => {
  const utf8Bytes = (s: string) => Buffer.byteLength(s, 'utf8');
  const strictDecoder = new TextDecoder('utf-8', { fatal: true });

  function assertWellCut(input: string, maxBytes: number) {
    const cut = truncateUtf8(input, maxBytes);
    const encoded = new TextEncoder().encode(cut);
    // valid UTF-8 that decodes back to the same string (no lone surrogate replaced by U+FFFD)
    expect(cut.isWellFormed()).toBe(true);
    expect(strictDecoder.decode(encoded)).toBe(cut);
    expect(encoded.length).toBeLessThanOrEqual(maxBytes);
    expect(input.startsWith(cut)).toBe(true);
    // the longest such prefix: the next character would not have fitted
    if (cut.length < input.length) {
      const next = String.fromCodePoint(input.codePointAt(cut.length) ?? 0);
      expect(encoded.length + utf8Bytes(next)).toBeGreaterThan(maxBytes);
    }
  }

  it('keeps text that fits unchanged', () => {
    const text = '😀'.repeat(1250); // exactly 5,000 bytes
    expect(truncateUtf8(text)).toBe(text);
  });

  it('yields a valid UTF-8 prefix of at most 5,000 bytes for any Unicode text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 3000 }), (input) => {
        assertWellCut(input, COMPREHEND_MAX_DOCUMENT_BYTES);
      }),
      { numRuns: 300 },
    );
  });

  it('never splits 2-, 3- or 4-byte characters at the limit', () => {
    const unit = fc.constantFrom('a', 'é', 'ß', '€', '中', '😀', '👍🏽', '\u{10FFFF}', 'e\u0301');
    fc.assert(
      fc.property(fc.string({ unit, minLength: 1200, maxLength: 2600 }), fc.integer({ min: 1, max: 5000 }), (input, maxBytes) => {
        assertWellCut(input, maxBytes);
      }),
      { numRuns: 300 },
    );
  });
});

describe('createSentimentEngine', () => {
  it('builds the Comprehend engine around the injected client', async () => {
    comprehend.on(BatchDetectSentimentCommand).callsFake(answerEverything);
    const engine = createSentimentEngine('comprehend', { comprehend: new ComprehendClient({ region: 'eu-west-1' }) });
    expect(engine.name).toBe('comprehend');
    await engine.classify([{ text: 'doc-1', lang: 'fr' }]);
    expect(sentBatches()).toHaveLength(1);
  });

  it('refuses the Comprehend engine without a client', () => {
    expect(() => createSentimentEngine('comprehend', {})).toThrow(SentimentEngineConfigError);
  });

  it('builds the lexicon engine without any dependency', async () => {
    const engine = createSentimentEngine('lexicon', {});
    const [result] = await engine.classify([{ text: 'Parfait, merci', lang: 'fr' }]);
    expect(engine.name).toBe('lexicon');
    expect(result?.label).toBe('positive');
  });

  it('accepts only known engine names', () => {
    expect(SentimentEngineName.parse('lexicon')).toBe('lexicon');
    expect(SentimentEngineName.safeParse('vader').success).toBe(false);
  });
});
