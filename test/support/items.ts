import type { SQSRecord } from 'aws-lambda';
import { FeedbackInputSchema, toEnvelope } from '../../shared/domain/feedback';
import type { ProcessedFeedback } from '../../shared/ports/stores';

/** A processed item with sensible defaults, for store and handler tests. */
export function processedItem(overrides: Partial<ProcessedFeedback> & { id: string }): ProcessedFeedback {
  return {
    v: 1,
    source: { channel: 'api', provider: 'test' },
    receivedAt: '2026-11-24T10:00:00.000Z',
    occurredAt: '2026-11-24T10:00:00.000Z',
    text: 'Facture fausse',
    customer: {},
    metadata: {},
    lang: 'fr',
    langConfidence: 1,
    sentiment: { label: 'negative', confidence: 0.9, scores: { positive: 0.05, neutral: 0.05, negative: 0.9, mixed: 0 } },
    departments: [{ id: 'billing', reason: 'keywords:facture' }],
    journeys: [],
    processedAt: '2026-11-24T10:00:01.000Z',
    expiresAt: 1_900_000_000,
    ...overrides,
  };
}

/** The SQS record Lambda hands the processor for one message body. */
export function sqsRecordOf(messageId: string, body: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
    awsRegion: 'us-east-1',
  };
}

/** A queued envelope's body, as the ingest functions send it. */
export const envelopeBody = (text: string, externalId: string): string =>
  JSON.stringify(toEnvelope(FeedbackInputSchema.parse({ text, externalId }), { channel: 'api', provider: 'test', receivedAt: new Date('2026-11-24T10:00:00Z') }));
