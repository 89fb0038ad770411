import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoControlStore } from '../../shared/adapters/dynamo-control-store';
import { secretsManagerSalt } from '../../shared/adapters/secrets-manager-salt';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ENV } from '../../shared/resources';

/**
 * The control table as a function that hashes customer ids sees it: the salt is read from the
 * table (older deployments, the local stack) or from the deployment's secret, never written.
 */
export function controlStoreWithSalt(doc: DynamoDBDocumentClient, table: string): DynamoControlStore {
  const secretId = process.env[ENV.customerSaltSecretArn];
  return new DynamoControlStore(doc, table, secretId ? { saltSecret: secretsManagerSalt(new SecretsManagerClient({}), secretId) } : {});
}
