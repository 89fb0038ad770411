import { SecretsManagerWebhookSecrets, StaticWebhookSecrets } from '../shared/adapters/secrets-manager-webhook-secrets';
import { SqsFeedbackQueue } from '../shared/adapters/sqs-feedback-queue';
import { loadEnv } from '../shared/config/env';
import { loadSocialEnv } from '../shared/config/social-env';
import { FUNCTIONS } from '../shared/resources';
import { dynamoDocumentClient } from './commons/clients/dynamodb';
import { createLogger } from './commons/clients/logger';
import { secretsManagerClient } from './commons/clients/secrets-manager';
import { sqsClient } from './commons/clients/sqs';
import { controlStoreWithSalt } from './commons/control';
import { makeIngestSocialHandler } from './handlers/ingest-social-handler';

const logger = createLogger();
// Cold start: validate the environment and build clients once per container.
const env = loadEnv(FUNCTIONS.ingestSocial.env);
const social = loadSocialEnv();
const control = controlStoreWithSalt(dynamoDocumentClient, env.controlTable, { secretId: env.customerSaltSecretArn, secrets: secretsManagerClient });

export const handler = makeIngestSocialHandler({
  queue: new SqsFeedbackQueue(sqsClient, env.ingestQueueUrl),
  // Locally the dev stack hands the generated secrets over directly; on AWS each lives in Secrets Manager.
  secrets: social.localSecrets ? new StaticWebhookSecrets(social.localSecrets) : new SecretsManagerWebhookSecrets(secretsManagerClient, social.secretArns!),
  ownAccounts: social.ownAccounts,
  customerSalt: () => control.customerSalt(),
  logger,
});
