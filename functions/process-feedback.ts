import { DynamoFeedbackWriter } from '../shared/adapters/dynamo-feedback-writer';
import { TinyldLanguageDetector } from '../shared/adapters/language-detector';
import { ComprehendPiiDetector } from '../shared/adapters/comprehend-pii';
import { shippedFirstNames } from '../shared/adapters/first-names-file';
import { createSentimentEngine } from '../shared/adapters/sentiment-engines';
import { patternPiiRedactor } from '../shared/domain/redaction/redact-pii';
import { redactsWithComprehend } from '../shared/domain/comprehend-usage';
import { SqsAlertsQueue } from '../shared/adapters/sqs-alerts-queue';
import { SqsDeadLetterQueue } from '../shared/adapters/sqs-dead-letter';
import { loadEnv } from '../shared/config/env';
import { attributorFor } from '../shared/app/attribute';
import { deployedDepartments } from '../shared/config/departments-source';
import { AGGREGATE_SHARDS, FUNCTIONS } from '../shared/resources';
import { comprehendClient } from './commons/clients/comprehend';
import { dynamoDocumentClient } from './commons/clients/dynamodb';
import { createLogger } from './commons/clients/logger';
import { sqsClient } from './commons/clients/sqs';
import { makeProcessFeedbackHandler } from './handlers/process-feedback-handler';

const logger = createLogger();
// Cold start: validate the environment and build every client once per container.
const env = loadEnv(FUNCTIONS.processFeedback.env);
const departments = deployedDepartments(env.departments);
// Names and addresses through Comprehend PII only where the stack grants it (the comprehend engine).
const usesComprehendPii = redactsWithComprehend(env.sentimentEngine);
// The first-name gazetteer lies beside the bundle: read once here, at cold start.
const redaction = { keepStaffNames: env.redactionKeepStaffNames, firstNames: shippedFirstNames() };

/** SQS ingest queue → classified, attributed, stored once with its aggregates; poison to the DLQ with its reason. */
export const handler = makeProcessFeedbackHandler({
  store: new DynamoFeedbackWriter(dynamoDocumentClient, {
    feedback: env.feedbackTable,
    aggregates: env.aggregatesTable,
    zones: [env.timeZone],
    shards: AGGREGATE_SHARDS,
    topics: { zone: env.timeZone },
  }),
  deadLetters: new SqsDeadLetterQueue(sqsClient, env.ingestDlqUrl),
  detector: new TinyldLanguageDetector(),
  // Comprehend finds names and addresses in English and Spanish where the deployment already
  // uses it; every language gets the checksum-validated patterns either way.
  redactor: usesComprehendPii
    ? new ComprehendPiiDetector(comprehendClient, { redaction, onDegraded: (e) => logger.warn('PII detection degraded to patterns', { ...e }) })
    : patternPiiRedactor(redaction),
  redaction,
  engine: createSentimentEngine(env.sentimentEngine, { comprehend: comprehendClient }),
  attribute: attributorFor(departments),
  retentionDays: env.retentionDays,
  logger,
  alerts: env.alertsQueueUrl ? Object.assign(new SqsAlertsQueue(sqsClient, env.alertsQueueUrl), { zone: env.timeZone }) : undefined,
});
