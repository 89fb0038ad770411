import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { documentClient, DynamoFeedbackStore } from '../shared/adapters/dynamo-stores';
import { TinyldLanguageDetector } from '../shared/adapters/language-detector';
import { createSentimentEngine } from '../shared/adapters/sentiment-engines';
import { SqsDeadLetterQueue } from '../shared/adapters/sqs-dead-letter';
import { prepareBatch, type PreparedRecord } from '../shared/app/process-feedback';
import { loadEnv } from '../shared/config/env';
import { parseDepartmentsConfig } from '../shared/domain/departments';

const env = loadEnv(['feedbackTable', 'aggregatesTable', 'ingestDlqUrl', 'sentimentEngine', 'retentionDays', 'departments']);
const logger = new Logger({ serviceName: 'customer-voice' });
const store = new DynamoFeedbackStore(documentClient(new DynamoDBClient({})), { feedback: env.feedbackTable, aggregates: env.aggregatesTable });
const deadLetters = new SqsDeadLetterQueue(new SQSClient({}), env.ingestDlqUrl);
const classifyDeps = {
  detector: new TinyldLanguageDetector(),
  engine: createSentimentEngine(env.sentimentEngine, { comprehend: new ComprehendClient({}) }),
  departments: parseDepartmentsConfig(env.departments),
  retentionDays: env.retentionDays,
};
const processor = new BatchProcessor(EventType.SQS);

/**
 * SQS ingest queue → classified, attributed, stored once with its aggregates.
 * Poison messages are moved to the DLQ with their reason; transient failures are reported
 * as batch item failures so only those records are redelivered.
 */
export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  logger.addContext(context);
  const prepared = await prepareBatch(
    event.Records.map((r) => ({ id: r.messageId, body: r.body })),
    classifyDeps,
  );

  const handleRecord = async (record: SQSRecord) => {
    const entry: PreparedRecord | undefined = prepared.get(record.messageId);
    if (!entry) throw new Error(`record ${record.messageId} was not prepared`);
    if (entry.kind === 'poison') {
      logger.warn('poison message moved to the DLQ', { messageId: record.messageId, code: entry.error.code, reason: entry.error.message });
      await deadLetters.send(record.body, { code: entry.error.code, message: entry.error.message, originalMessageId: record.messageId });
      return;
    }
    const saved = await store.saveWithAggregates(entry.item);
    logger.debug('feedback processed', { id: entry.item.id, outcome: saved.outcome, writeUnits: saved.writeUnits });
  };

  return processPartialResponse(event, handleRecord, processor, { context });
};
