import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startDynamo } from '../../cli/local/dynamodb';
import { localClientConfig } from '../../cli/local/local-aws';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { CONTROL_KEYS } from '../../shared/adapters/dynamo-control-keys';
import { CustomerSaltMissingError, DynamoControlStore } from '../../shared/adapters/dynamo-control-store';
import { tempDir } from '../support/http';

let dynamo: Awaited<ReturnType<typeof startDynamo>>;
let dir: Awaited<ReturnType<typeof tempDir>>;
let ddb: DynamoDBClient;
let table = '';
let n = 0;

beforeAll(async () => {
  dir = await tempDir('salt');
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
  await ddb.send(
    new CreateTableCommand({
      TableName: table,
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
});

const doc = () => documentClient(ddb);
const storedSalt = async () => (await doc().send(new GetCommand({ TableName: table, Key: CONTROL_KEYS.customerSalt }))).Item?.value;

describe('DynamoControlStore.customerSalt', () => {
  it('uses the salt the table holds (deployments from before the secret), even when a secret is configured', async () => {
    await doc().send(new PutCommand({ TableName: table, Item: { ...CONTROL_KEYS.customerSalt, value: 'legacy-salt-kept-so-old-hashes-still-match' } }));
    const store = new DynamoControlStore(doc(), table, { saltSecret: async () => 'secret-salt' });
    expect(await store.customerSalt()).toBe('legacy-salt-kept-so-old-hashes-still-match');
  });

  it('reads the secret when the table holds none, and writes nothing', async () => {
    const store = new DynamoControlStore(doc(), table, { saltSecret: async () => 'secret-salt-from-secrets-manager' });
    expect(await store.customerSalt()).toBe('secret-salt-from-secrets-manager');
    expect(await storedSalt()).toBeUndefined();
  });

  it('fails with a named error, and creates nothing, when there is neither', async () => {
    const store = new DynamoControlStore(doc(), table);
    await expect(store.customerSalt()).rejects.toBeInstanceOf(CustomerSaltMissingError);
    expect(await storedSalt()).toBeUndefined();
  });

  it('ensureCustomerSalt (the local stack at start-up) creates one salt, the same for concurrent callers and later reads', async () => {
    const stores = Array.from({ length: 5 }, () => new DynamoControlStore(doc(), table));
    const created = await Promise.all(stores.map((s) => s.ensureCustomerSalt()));
    expect(new Set(created).size).toBe(1);
    expect(created[0]!.length).toBeGreaterThanOrEqual(32);
    expect(await new DynamoControlStore(doc(), table).customerSalt()).toBe(created[0]);
  });
});
