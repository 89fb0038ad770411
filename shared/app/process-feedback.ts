import type { Attribution } from '../domain/departments/attribution';
import { describeIssues, FeedbackEnvelopeSchema, type FeedbackEnvelope } from '../domain/feedback';
import { parseQueueMessage } from '../domain/queue-message';
import { redactPii } from '../domain/redaction/redact-pii';
import { extractTopics } from '../domain/topics/phrases';
import type { PiiRedactor, RedactionOptions } from '../domain/redaction/types';
import type { LanguageDetector, SentimentEngine, SentimentResult } from '../ports/sentiment';
import type { DeadLetterQueue } from '../ports/feedback-queues';
import type { FeedbackStore, ProcessedFeedback } from '../ports/stores';

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


export function parseEnvelope(body: string): FeedbackEnvelope {
  const parsed = parseQueueMessage(body, FeedbackEnvelopeSchema);
  if (parsed.success) return parsed.data;
  // The parser's message quotes the body, which may hold personal data: keep it out of logs and the DLQ reason.
  if (parsed.problem === 'not_json') throw new PoisonMessageError('invalid_json', `message body (${body.length} chars) is not JSON`, { cause: parsed.cause });
  throw new PoisonMessageError('invalid_envelope', describeIssues(parsed.error));
}

export interface ClassifyDeps {
  detector: LanguageDetector;
  /** Personal data out of text and subject before anything is classified or stored. */
  redactor: PiiRedactor;
  /** The pattern redaction of metadata values: the same options as the redactor's (first names, staff names). */
  redaction?: RedactionOptions;
  engine: SentimentEngine;
  /** Departments and journeys that can act on an item, each with why. */
  attribute: (envelope: FeedbackEnvelope) => { departments: Attribution[]; journeys: Attribution[] };
  retentionDays: number;
  now?: () => Date;
}

/** Ready to store; a poison message for the DLQ; or a transient failure to retry later. */
export type PreparedRecord =
  | { kind: 'ready'; item: ProcessedFeedback }
  | { kind: 'poison'; error: PoisonMessageError }
  | { kind: 'retry'; error: unknown };

/** The id stored with each item this engine scores: its modelId, or its name for an engine without one. */
export const sentimentModelOf = (engine: Pick<SentimentEngine, 'name' | 'modelId'>): string => engine.modelId ?? engine.name;

/** The primary language subtag as the engines expect it: "fr-CA" → "fr", "zh-TW" stays whole for Comprehend. */
function languageOf(tag: string): string {
  const lower = tag.toLowerCase();
  return lower === 'zh-tw' ? 'zh-TW' : (lower.split('-')[0] ?? lower);
}

/**
 * Parses and classifies a whole batch at once so the sentiment engine sees every document in
 * one call (Comprehend takes 25 per request). Poison messages are set aside, not thrown, and if
 * the engine fails on the batch each item is tried alone, so one bad message or document never
 * fails its neighbours.
 */
export async function prepareBatch(records: readonly { id: string; body: string }[], deps: ClassifyDeps): Promise<Map<string, PreparedRecord>> {
  const out = new Map<string, PreparedRecord>();
  const ready: { id: string; envelope: FeedbackEnvelope; lang: string; langConfidence: number; piiTypes?: string[] }[] = [];
  for (const record of records) {
    try {
      const envelope = parseEnvelope(record.body);
      const detected = envelope.lang ? { lang: languageOf(envelope.lang), confidence: 1 } : deps.detector.detect(envelope.text);
      ready.push({ id: record.id, envelope, lang: detected.lang, langConfidence: detected.confidence });
    } catch (error) {
      out.set(record.id, error instanceof PoisonMessageError ? { kind: 'poison', error } : { kind: 'retry', error });
    }
  }

  // Redact first: what is stored, shown and classified never holds the personal data.
  await Promise.all(
    ready.map(async (r) => {
      const [text, subject] = await Promise.all([
        deps.redactor.redact(r.envelope.text, r.lang),
        r.envelope.subject ? deps.redactor.redact(r.envelope.subject, r.lang) : undefined,
      ]);
      const metadata = Object.fromEntries(
        Object.entries(r.envelope.metadata).map(([k, v]) => [k, typeof v === 'string' ? redactPii(v, deps.redaction).text : v]),
      );
      const types = [...new Set([...text.entities, ...(subject?.entities ?? [])].map((e) => e.type))].sort();
      r.envelope = { ...r.envelope, text: text.text, subject: subject?.text, metadata };
      r.piiTypes = types;
    }),
  );

  const inputs = ready.map((r) => ({ text: r.envelope.text, lang: r.lang }));
  let sentiments: (SentimentResult | Error)[];
  try {
    sentiments = await deps.engine.classify(inputs);
    if (sentiments.length !== inputs.length) throw new Error(`sentiment engine ${deps.engine.name} returned ${sentiments.length} results for ${inputs.length} inputs`);
  } catch {
    sentiments = await Promise.all(
      inputs.map(async (input) => {
        try {
          const [one] = await deps.engine.classify([input]);
          return one ?? new Error(`sentiment engine ${deps.engine.name} returned no result`);
        } catch (error) {
          return error instanceof Error ? error : new Error(String(error));
        }
      }),
    );
  }

  const now = (deps.now ?? (() => new Date()))();
  ready.forEach((r, i) => {
    const sentiment = sentiments[i]!;
    if (sentiment instanceof Error) {
      out.set(r.id, { kind: 'retry', error: sentiment });
      return;
    }
    // The detected language picks the stemmer when the source did not say.
    const { departments, journeys } = deps.attribute({ ...r.envelope, lang: r.envelope.lang ?? r.lang });
    // Without the customer's consent the item is scored and counted, but its words are not kept.
    const withheld = r.envelope.customer.consent === false;
    // From the redacted text only, and none when the words are not kept.
    const topics = withheld ? [] : extractTopics(r.envelope.text, r.lang);
    out.set(r.id, {
      kind: 'ready',
      item: {
        ...r.envelope,
        ...(withheld ? { text: '', subject: undefined, metadata: {}, textWithheld: true } : {}),
        lang: r.lang,
        langConfidence: r.langConfidence,
        sentiment,
        sentimentModel: sentimentModelOf(deps.engine),
        departments,
        journeys,
        ...(r.piiTypes && r.piiTypes.length > 0 ? { redacted: r.piiTypes } : {}),
        ...(topics.length > 0 ? { topics } : {}),
        processedAt: now.toISOString(),
        expiresAt: Math.floor(new Date(r.envelope.receivedAt).getTime() / 1000) + deps.retentionDays * DAY_S,
      },
    });
  });
  return out;
}

export interface ProcessDeps extends ClassifyDeps {
  store: Pick<FeedbackStore, 'saveBatch'>;
  deadLetters: DeadLetterQueue;
}

export interface BatchOutcome {
  /** Per SQS message id: done (stored, duplicate or dead-lettered) or the error that must be retried. */
  results: Map<string, { status: 'stored' | 'duplicate' | 'dead-lettered' } | { status: 'retry'; error: unknown }>;
  /** Items now counted (stored by this batch, or before it): their cells may have changed. */
  counted: ProcessedFeedback[];
  /** Items stored by this batch for the first time (for metrics: a redelivery is not counted again). */
  stored: ProcessedFeedback[];
  writeUnits: number;
}

/**
 * The processor's use case: classify the batch, move poison messages to the DLQ with their
 * reason, and store the rest with their aggregates in as few transactions as possible.
 */
export async function processFeedbackBatch(records: readonly { id: string; body: string }[], deps: ProcessDeps): Promise<BatchOutcome> {
  const prepared = await prepareBatch(records, deps);
  const results: BatchOutcome['results'] = new Map();
  const byItemId = new Map<string, string[]>();
  const items: ProcessedFeedback[] = [];

  for (const [messageId, entry] of prepared) {
    if (entry.kind === 'poison') {
      const record = records.find((r) => r.id === messageId)!;
      try {
        await deps.deadLetters.send(record.body, { code: entry.error.code, message: entry.error.message, originalMessageId: messageId });
        results.set(messageId, { status: 'dead-lettered' });
      } catch (error) {
        results.set(messageId, { status: 'retry', error });
      }
    } else if (entry.kind === 'retry') {
      results.set(messageId, { status: 'retry', error: entry.error });
    } else {
      items.push(entry.item);
      byItemId.set(entry.item.id, [...(byItemId.get(entry.item.id) ?? []), messageId]);
    }
  }

  const saved = items.length > 0 ? await deps.store.saveBatch(items) : { stored: [], duplicates: [], failed: [], writeUnits: 0, transactions: 0 };
  const mark = (itemId: string, result: { status: 'stored' | 'duplicate' } | { status: 'retry'; error: unknown }) => {
    for (const messageId of byItemId.get(itemId) ?? []) if (!results.has(messageId)) results.set(messageId, result);
  };
  for (const f of saved.failed) {
    if (!f.permanent) {
      mark(f.id, { status: 'retry', error: f.error });
      continue;
    }
    for (const messageId of byItemId.get(f.id) ?? []) {
      const record = records.find((r) => r.id === messageId)!;
      const reason = `the store refused the item: ${(f.error as Error)?.message ?? String(f.error)}`;
      try {
        await deps.deadLetters.send(record.body, { code: 'unstorable', message: reason, originalMessageId: messageId });
        results.set(messageId, { status: 'dead-lettered' });
      } catch (error) {
        results.set(messageId, { status: 'retry', error });
      }
    }
  }
  for (const id of saved.stored) mark(id, { status: 'stored' });
  for (const id of saved.duplicates) mark(id, { status: 'duplicate' });
  const countedIds = new Set([...saved.stored, ...saved.duplicates]);
  // One entry per item even when a batch carried it twice.
  const stored = [...new Map(items.filter((i) => saved.stored.includes(i.id)).map((i) => [i.id, i])).values()];
  return { results, counted: items.filter((i) => countedIds.has(i.id)), stored, writeUnits: saved.writeUnits };
}
