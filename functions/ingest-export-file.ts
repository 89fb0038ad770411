import { DynamoExportJobStore } from '../shared/adapters/dynamo-export-jobs';
import { S3ExportFiles } from '../shared/adapters/s3-export-files';
import { SqsDeadLetterQueue } from '../shared/adapters/sqs-dead-letter';
import { SqsExportChunkQueue } from '../shared/adapters/sqs-export-queue';
import { SqsFeedbackQueue } from '../shared/adapters/sqs-feedback-queue';
import { loadEnv } from '../shared/config/env';
import { deployedExportProfiles } from '../shared/config/export-profiles-source';
import { FUNCTIONS } from '../shared/resources';
import { dynamoDocumentClient } from './commons/clients/dynamodb';
import { createLogger } from './commons/clients/logger';
import { s3Client } from './commons/clients/s3';
import { secretsManagerClient } from './commons/clients/secrets-manager';
import { sqsClient } from './commons/clients/sqs';
import { controlStoreWithSalt } from './commons/control';
import { makeIngestExportFileHandler } from './handlers/ingest-export-file-handler';

const logger = createLogger();
const env = loadEnv(FUNCTIONS.ingestExportFile.env);
const control = controlStoreWithSalt(dynamoDocumentClient, env.controlTable, { secretId: env.customerSaltSecretArn, secrets: secretsManagerClient });

export const handler = makeIngestExportFileHandler({
  queue: new SqsFeedbackQueue(sqsClient, env.ingestQueueUrl),
  customerSalt: () => control.customerSalt(),
  jobs: new DynamoExportJobStore(dynamoDocumentClient, env.controlTable),
  files: new S3ExportFiles(s3Client, env.rawBucket),
  continuation: new SqsExportChunkQueue(sqsClient, env.exportsQueueUrl),
  deadLetters: new SqsDeadLetterQueue(sqsClient, env.exportsDlqUrl),
  rawBucket: env.rawBucket,
  timeZone: env.timeZone,
  configuredProfiles: deployedExportProfiles(env.exportProfiles),
  chunkRows: env.exportChunkRows,
  logger,
});
