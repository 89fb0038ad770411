import { SqsFeedbackQueue } from '../shared/adapters/sqs-feedback-queue';
import { loadEnv } from '../shared/config/env';
import { FUNCTIONS } from '../shared/resources';
import { dynamoDocumentClient } from './commons/clients/dynamodb';
import { createLogger } from './commons/clients/logger';
import { s3Client } from './commons/clients/s3';
import { secretsManagerClient } from './commons/clients/secrets-manager';
import { sqsClient } from './commons/clients/sqs';
import { controlStoreWithSalt } from './commons/control';
import { makeIngestEmailHandler } from './handlers/ingest-email-handler';

const logger = createLogger();
const env = loadEnv(FUNCTIONS.ingestEmail.env);
const control = controlStoreWithSalt(dynamoDocumentClient, env.controlTable, { secretId: env.customerSaltSecretArn, secrets: secretsManagerClient });

export const handler = makeIngestEmailHandler({
  queue: new SqsFeedbackQueue(sqsClient, env.ingestQueueUrl),
  customerSalt: () => control.customerSalt(),
  s3: s3Client,
  rawBucket: env.rawBucket,
  logger,
});
