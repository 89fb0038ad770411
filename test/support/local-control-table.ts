import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startDynamo } from '../../cli/local/dynamodb';
import { localClientConfig } from '../../cli/local/local-aws';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { TABLES } from '../../shared/resources';
import { tempDir } from './http';

/**
 * DynamoDB Local for the suite, and a fresh control table (the deployed key schema) before each
 * test: `table()` is its name, `doc()` a document client on it.
 */
export function localControlTables(name: string): { doc: () => DynamoDBDocumentClient; table: () => string } {
  let dynamo: Awaited<ReturnType<typeof startDynamo>>;
  let dir: Awaited<ReturnType<typeof tempDir>>;
  let ddb: DynamoDBClient;
  let table = '';
  let n = 0;

  beforeAll(async () => {
    dir = await tempDir(name);
    dynamo = await startDynamo({ dataDir: dir.path });
    ddb = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  }, 60_000);

  afterAll(async () => {
    ddb?.destroy();
    await dynamo?.stop();
    await dir?.remove();
  });

  beforeEach(async () => {
    table = `control-${++n}`;
    const { partitionKey, sortKey } = TABLES.control;
    await ddb.send(
      new CreateTableCommand({
        TableName: table,
        KeySchema: [
          { AttributeName: partitionKey, KeyType: 'HASH' },
          { AttributeName: sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: partitionKey, AttributeType: 'S' },
          { AttributeName: sortKey, AttributeType: 'S' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  });

  return { doc: () => documentClient(ddb), table: () => table };
}
