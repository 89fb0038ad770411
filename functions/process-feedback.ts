import { Logger } from '@aws-lambda-powertools/logger';
import { ComprehendClient } from '@aws-sdk/client-comprehend';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { documentClient, DynamoFeedbackStore } from '../shared/adapters/dynamo-stores';
import { TinyldLanguageDetector } from '../shared/adapters/language-detector';
import { createSentimentEngine } from '../shared/adapters/sentiment-engines';
import { SqsDeadLetterQueue } from '../shared/adapters/sqs-dead-letter';
import { loadEnv } from '../shared/config/env';
import { attributorFor } from '../shared/app/attribute';
import { deployedDepartments } from '../shared/config/departments-source';
import { AGGREGATE_SHARDS } from '../shared/resources';
import { makeProcessFeedbackHandler } from './handlers/process-feedback-handler';

// Cold start: validate the environment and build every client once per container.
const env = loadEnv(['feedbackTable', 'aggregatesTable', 'ingestDlqUrl', 'sentimentEngine', 'retentionDays', 'departments', 'timeZone']);
const departments = deployedDepartments(env.departments);

/** SQS ingest queue → classified, attributed, stored once with its aggregates; poison to the DLQ with its reason. */
export const handler = makeProcessFeedbackHandler(
  {
    store: new DynamoFeedbackStore(documentClient(new DynamoDBClient({})), {
      feedback: env.feedbackTable,
      aggregates: env.aggregatesTable,
      zones: [env.timeZone],
      shards: AGGREGATE_SHARDS,
    }),
    deadLetters: new SqsDeadLetterQueue(new SQSClient({}), env.ingestDlqUrl),
    detector: new TinyldLanguageDetector(),
    // Our own retries (with jitter) wrap each Comprehend call; the SDK's would multiply them.
    engine: createSentimentEngine(env.sentimentEngine, { comprehend: new ComprehendClient({ maxAttempts: 1 }) }),
    attribute: attributorFor(departments),
    retentionDays: env.retentionDays,
  },
  new Logger({ serviceName: 'customer-voice' }),
);
