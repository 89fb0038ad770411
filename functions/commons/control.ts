import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoControlStore } from '../../shared/adapters/dynamo-control-store';
import { secretsManagerSalt } from '../../shared/adapters/secrets-manager-salt';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * The control table as a function that hashes customer ids sees it: the salt is read from the
 * table (older deployments, the local stack) or from the deployment's secret, never written.
 */
export function controlStoreWithSalt(doc: DynamoDBDocumentClient, table: string, salt: { secretId: string | undefined; secrets: SecretsManagerClient }): DynamoControlStore {
  return new DynamoControlStore(doc, table, salt.secretId ? { saltSecret: secretsManagerSalt(salt.secrets, salt.secretId) } : {});
}
