import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeProcessFeedbackHandler } from '../../functions/handlers/process-feedback-handler';
import type { ProcessDeps } from '../../shared/app/process-feedback';
import { firstNameGazetteer } from '../../shared/domain/redaction/first-names';
import { patternPiiRedactor } from '../../shared/domain/redaction/redact-pii';
import type { SentimentEngine } from '../../shared/ports/sentiment';
import type { BatchSaveResult, FeedbackStore, ProcessedFeedback } from '../../shared/ports/stores';
import { envelopeBody, sqsRecordOf } from '../support/items';

/** Stores in memory; refuses ids listed as transient or permanent failures. */
class MemoryStore implements FeedbackStore {
  readonly items = new Map<string, ProcessedFeedback>();
  constructor(private readonly refuse: { transient?: string[]; permanent?: string[] } = {}) {}
  async saveBatch(items: readonly ProcessedFeedback[]): Promise<BatchSaveResult> {
    const result: BatchSaveResult = { stored: [], duplicates: [], failed: [], writeUnits: 0, transactions: 1 };
    for (const item of items) {
      if (this.refuse.transient?.includes(item.text)) result.failed.push({ id: item.id, error: new Error('throttled') });
      else if (this.refuse.permanent?.includes(item.text)) result.failed.push({ id: item.id, error: new Error('too large'), permanent: true });
      else if (this.items.has(item.id)) result.duplicates.push(item.id);
      else {
        this.items.set(item.id, item);
        result.stored.push(item.id);
      }
    }
    return result;
  }
  async *scanItems() {
    yield* this.items.values();
  }
  async verbatims() {
    return [];
  }
}

const positive = { label: 'positive' as const, confidence: 0.9, scores: { positive: 0.9, neutral: 0.1, negative: 0, mixed: 0 } };
const engine: SentimentEngine = { name: 'fixed', classify: async (inputs) => inputs.map(() => positive) };

function deps(store: FeedbackStore, deadLetters: { body: string; code: string }[], overrides: Partial<ProcessDeps> = {}): ProcessDeps {
  return {
    store,
    deadLetters: { send: async (body, failure) => void deadLetters.push({ body, code: failure.code }) },
    detector: { detect: () => ({ lang: 'en', confidence: 1 }) },
    redactor: patternPiiRedactor(),
    engine,
    attribute: () => ({ departments: [{ id: 'billing', reason: 'test' }], journeys: [] }),
    retentionDays: 30,
    ...overrides,
  };
}

const record = sqsRecordOf;

const envelope = envelopeBody;
const context = { awsRequestId: 'req', functionName: 'processFeedback' } as unknown as Context;
const logger = new Logger({ logLevel: 'SILENT' });

describe('the processFeedback handler', () => {
  it('reports as failures exactly the records to retry: not the stored, duplicate or dead-lettered ones', async () => {
    // Prepare: good, duplicate of good, poison, transient store failure, unstorable item.
    const store = new MemoryStore({ transient: ['throttle me'], permanent: ['too big'] });
    const dead: { body: string; code: string }[] = [];
    const handler = makeProcessFeedbackHandler({ ...deps(store, dead), logger: logger });
    const event = {
      Records: [
        record('m-good', envelope('great service', 'e1')),
        record('m-dup', envelope('great service', 'e1')),
        record('m-poison', '{"v":1}'),
        record('m-transient', envelope('throttle me', 'e2')),
        record('m-big', envelope('too big', 'e3')),
      ],
    };
    // Act
    const response = await handler(event, context);
    // Assess
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'm-transient' }]);
    expect(store.items.size).toBe(1);
    expect(dead.map((d) => d.code).sort()).toEqual(['invalid_envelope', 'unstorable']);
  });

  it('retries each record alone when the engine fails on the batch, failing only the documents it cannot classify', async () => {
    const store = new MemoryStore();
    const flaky: SentimentEngine = {
      name: 'flaky',
      classify: async (inputs) => {
        if (inputs.length > 1 || inputs[0]!.text === 'cursed') throw new Error('engine down');
        return [positive];
      },
    };
    const handler = makeProcessFeedbackHandler({ ...deps(store, [], { engine: flaky }), logger: logger });
    const response = await handler({ Records: [record('a', envelope('fine', 'a')), record('b', envelope('cursed', 'b'))] }, context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'b' }]);
    expect([...store.items.values()].map((i) => i.text)).toEqual(['fine']);
  });

  it('stores text, subject and metadata with personal data replaced by typed placeholders', async () => {
    const store = new MemoryStore();
    const handler = makeProcessFeedbackHandler({ ...deps(store, []), logger: logger });
    const body = JSON.stringify({
      ...JSON.parse(envelope('Call me on 06 12 34 56 78 or jane.doe@example.com, order CMD-2026-000123', 'pii')),
      subject: 'Refund for jane.doe@example.com',
      metadata: { agentNote: 'customer IBAN FR76 3000 6000 0112 3456 7890 189' },
    });
    await handler({ Records: [record('p', body)] }, context);
    const [item] = [...store.items.values()];
    expect(item!.text).toBe('Call me on [PHONE] or [EMAIL], order CMD-2026-000123');
    expect(item!.subject).toBe('Refund for [EMAIL]');
    expect(item!.metadata.agentNote).toBe('customer IBAN [IBAN]');
    expect(item!.redacted).toEqual(['EMAIL', 'PHONE']);
    expect(JSON.stringify(item)).not.toMatch(/jane\.doe|06 12 34|3000 6000/);
  });

  it('redacts the metadata with the redactor\'s options: the first names the text redactor finds there too', async () => {
    const store = new MemoryStore();
    const redaction = { firstNames: firstNameGazetteer(['sophie']) };
    const handler = makeProcessFeedbackHandler({ ...deps(store, [], { redactor: patternPiiRedactor(redaction), redaction }), logger: logger });
    const body = JSON.stringify({ ...JSON.parse(envelope('Réclamation de Sophie Martin', 'names')), metadata: { agent: 'reçu par Sophie Martin' } });
    await handler({ Records: [record('n', body)] }, context);
    const [item] = [...store.items.values()];
    expect(item!.text).toBe('Réclamation de [NAME]');
    expect(item!.metadata.agent).toBe('reçu par [NAME]');
  });

  it('logs nothing personal, even at DEBUG and on poison messages', async () => {
    const lines: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    const capture = ((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    process.stdout.write = capture;
    process.stderr.write = capture;
    try {
      const verbose = new Logger({ logLevel: 'DEBUG', serviceName: 'customer-voice' });
      const handler = makeProcessFeedbackHandler({ ...deps(new MemoryStore({ transient: ['x'] }), []), logger: verbose });
      const secret = 'Jean Dupont, 06 12 34 56 78, jean.dupont@example.com, colis perdu';
      await handler(
        { Records: [record('a', envelope(secret, 'a')), record('b', JSON.stringify({ v: 1, text: secret })), record('c', envelope('x', 'c'))] },
        context,
      );
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
    }
    const logged = lines.join('');
    expect(logged).toContain('batch processed');
    expect(logged).toContain('record will be retried');
    expect(logged).not.toMatch(/Dupont|06 12 34|example\.com|colis perdu/);
  });

  it('does not throw when every record fails: they are retried one by one, not as a function error', async () => {
    const store = new MemoryStore({ transient: ['x'] });
    const handler = makeProcessFeedbackHandler({ ...deps(store, []), logger: logger });
    const response = await handler({ Records: [record('only', envelope('x', 'only'))] }, context);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'only' }]);
  });
});
