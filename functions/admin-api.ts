import { DynamoFeedbackStore } from '../shared/adapters/dynamo-feedback-store';
import { shippedFirstNames } from '../shared/adapters/first-names-file';
import { DynamoIncidentStore } from '../shared/adapters/dynamo-incidents';
import { deployedDepartments } from '../shared/config/departments-source';
import { loadEnv } from '../shared/config/env';
import { FUNCTIONS } from '../shared/resources';
import { dynamoDocumentClient } from './commons/clients/dynamodb';
import { createLogger } from './commons/clients/logger';
import { s3Client } from './commons/clients/s3';
import { secretsManagerClient } from './commons/clients/secrets-manager';
import { controlStoreWithSalt } from './commons/control';
import { makeAdminApiHandler } from './handlers/admin-api-handler';

const logger = createLogger();
const env = loadEnv(FUNCTIONS.adminApi.env);

export const handler = makeAdminApiHandler({
  control: controlStoreWithSalt(dynamoDocumentClient, env.controlTable, { secretId: env.customerSaltSecretArn, secrets: secretsManagerClient }),
  store: new DynamoFeedbackStore(dynamoDocumentClient, { feedback: env.feedbackTable, aggregates: env.aggregatesTable }),
  incidents: new DynamoIncidentStore(dynamoDocumentClient, env.controlTable),
  s3: s3Client,
  rawBucket: env.rawBucket,
  departments: deployedDepartments(env.departments),
  // Staff type customers' names into resolve notes: the first-name gazetteer (beside the bundle) is read here, at cold start.
  redaction: { firstNames: shippedFirstNames() },
  logger,
});
