import { DynamoExportJobStore } from '../shared/adapters/dynamo-export-jobs';
import { S3ExportFiles } from '../shared/adapters/s3-export-files';
import { SqsFeedbackQueue } from '../shared/adapters/sqs-feedback-queue';
import { loadEnv } from '../shared/config/env';
import { deployedExportProfiles } from '../shared/config/export-profiles-source';
import { FUNCTIONS } from '../shared/resources';
import { functionClock } from './commons/clock';
import { dynamoDocumentClient } from './commons/clients/dynamodb';
import { createLogger } from './commons/clients/logger';
import { s3Client } from './commons/clients/s3';
import { secretsManagerClient } from './commons/clients/secrets-manager';
import { sqsClient } from './commons/clients/sqs';
import { controlStoreWithSalt } from './commons/control';
import { makeIngestApiHandler } from './handlers/ingest-api-handler';

const logger = createLogger();
// Cold start: validate the environment and build clients once per container.
const env = loadEnv(FUNCTIONS.ingestApi.env);

export const handler = makeIngestApiHandler({
  control: controlStoreWithSalt(dynamoDocumentClient, env.controlTable, { secretId: env.customerSaltSecretArn, secrets: secretsManagerClient }),
  queue: new SqsFeedbackQueue(sqsClient, env.ingestQueueUrl),
  jobs: new DynamoExportJobStore(dynamoDocumentClient, env.controlTable),
  files: new S3ExportFiles(s3Client, env.rawBucket),
  timeZone: env.timeZone,
  configuredProfiles: deployedExportProfiles(env.exportProfiles),
  logger,
  now: functionClock,
});
