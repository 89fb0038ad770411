import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { CONTROL_KEYS } from '../../shared/adapters/dynamo-control-keys';
import { CustomerSaltMissingError, DynamoControlStore } from '../../shared/adapters/dynamo-control-store';
import { localControlTables } from '../support/local-control-table';

const control = localControlTables('salt');
const doc = control.doc;

const storedSalt = async () => (await doc().send(new GetCommand({ TableName: control.table(), Key: CONTROL_KEYS.customerSalt }))).Item?.value;

describe('DynamoControlStore.customerSalt', () => {
  it('uses the salt the table holds (deployments from before the secret), even when a secret is configured', async () => {
    await doc().send(new PutCommand({ TableName: control.table(), Item: { ...CONTROL_KEYS.customerSalt, value: 'legacy-salt-kept-so-old-hashes-still-match' } }));
    const store = new DynamoControlStore(doc(), control.table(), { saltSecret: async () => 'secret-salt' });
    expect(await store.customerSalt()).toBe('legacy-salt-kept-so-old-hashes-still-match');
  });

  it('reads the secret when the table holds none, and writes nothing', async () => {
    const store = new DynamoControlStore(doc(), control.table(), { saltSecret: async () => 'secret-salt-from-secrets-manager' });
    expect(await store.customerSalt()).toBe('secret-salt-from-secrets-manager');
    expect(await storedSalt()).toBeUndefined();
  });

  it('fails with a named error, and creates nothing, when there is neither', async () => {
    const store = new DynamoControlStore(doc(), control.table());
    await expect(store.customerSalt()).rejects.toBeInstanceOf(CustomerSaltMissingError);
    expect(await storedSalt()).toBeUndefined();
  });

  it('ensureCustomerSalt (the local stack at start-up) creates one salt, the same for concurrent callers and later reads', async () => {
    const stores = Array.from({ length: 5 }, () => new DynamoControlStore(doc(), control.table()));
    const created = await Promise.all(stores.map((s) => s.ensureCustomerSalt()));
    expect(new Set(created).size).toBe(1);
    expect(created[0]!.length).toBeGreaterThanOrEqual(32);
    expect(await new DynamoControlStore(doc(), control.table()).customerSalt()).toBe(created[0]);
  });
});
