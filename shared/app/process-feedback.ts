import { attributeDepartments, type DepartmentsConfig } from '../domain/departments';
import { describeIssues, FeedbackEnvelopeSchema, type FeedbackEnvelope } from '../domain/feedback';
import type { LanguageDetector, SentimentEngine } from '../ports/sentiment';
import type { ProcessedFeedback } from '../ports/stores';

const DAY_S = 86_400;

/** A message that can never succeed, whatever the retries: it goes to the DLQ with this reason. */
export class PoisonMessageError extends Error {
  override readonly name = 'PoisonMessageError';
  constructor(
    readonly code: 'invalid_json' | 'invalid_envelope',
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export type PreparedRecord = { kind: 'ready'; item: ProcessedFeedback } | { kind: 'poison'; error: PoisonMessageError };

export function parseEnvelope(body: string): FeedbackEnvelope {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    // The parser's message quotes the body, which may hold personal data: keep it out of logs and the DLQ reason.
    throw new PoisonMessageError('invalid_json', `message body (${body.length} chars) is not JSON`, { cause: error });
  }
  const parsed = FeedbackEnvelopeSchema.safeParse(json);
  if (!parsed.success) throw new PoisonMessageError('invalid_envelope', describeIssues(parsed.error));
  return parsed.data;
}

export interface ClassifyDeps {
  detector: LanguageDetector;
  engine: SentimentEngine;
  departments: DepartmentsConfig;
  retentionDays: number;
  now?: () => Date;
}

/**
 * Parses and classifies a whole batch at once so the sentiment engine sees every document in
 * one call (Comprehend takes 25 per request). Poison messages are set aside, not thrown, so one
 * bad message never fails its neighbours.
 */
export async function prepareBatch(records: readonly { id: string; body: string }[], deps: ClassifyDeps): Promise<Map<string, PreparedRecord>> {
  const out = new Map<string, PreparedRecord>();
  const ready: { id: string; envelope: FeedbackEnvelope; lang: string; langConfidence: number }[] = [];
  for (const record of records) {
    try {
      const envelope = parseEnvelope(record.body);
      const detected = envelope.lang ? { lang: envelope.lang.slice(0, 2).toLowerCase(), confidence: 1 } : deps.detector.detect(envelope.text);
      ready.push({ id: record.id, envelope, lang: detected.lang, langConfidence: detected.confidence });
    } catch (error) {
      if (!(error instanceof PoisonMessageError)) throw error;
      out.set(record.id, { kind: 'poison', error });
    }
  }
  const sentiments = await deps.engine.classify(ready.map((r) => ({ text: r.envelope.text, lang: r.lang })));
  const now = (deps.now ?? (() => new Date()))();
  ready.forEach((r, i) => {
    const sentiment = sentiments[i];
    if (!sentiment) throw new Error(`sentiment engine ${deps.engine.name} returned ${sentiments.length} results for ${ready.length} inputs`);
    out.set(r.id, {
      kind: 'ready',
      item: {
        ...r.envelope,
        lang: r.lang,
        langConfidence: r.langConfidence,
        sentiment,
        departments: attributeDepartments(r.envelope, deps.departments),
        processedAt: now.toISOString(),
        expiresAt: Math.floor(new Date(r.envelope.receivedAt).getTime() / 1000) + deps.retentionDays * DAY_S,
      },
    });
  });
  return out;
}
