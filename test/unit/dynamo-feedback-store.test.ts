import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { dynamoItemBytes, itemOfStored, storedItemOf } from '../../shared/adapters/dynamo-feedback-codec';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo-feedback-store';
import { processedItem } from '../support/items';

const ddb = new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const doc = documentClient(ddb);
const mock = mockClient(doc);

function storeWith(options: { shards?: number; zones?: string[] } = {}) {
  return new DynamoFeedbackStore(doc, { feedback: 'fb', aggregates: 'agg', random: () => 0, sleep: async () => undefined, ...options });
}

function cancelled(codes: string[]) {
  return new TransactionCanceledException({ message: 'cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
}

beforeEach(() => {
  mock.reset();
  mock.on(BatchWriteCommand).resolves({});
  mock.on(UpdateCommand).resolves({});
});

describe('DynamoFeedbackStore.saveBatch', () => {
  it('merges the increments of a batch by cell: 10 billing items in one hour → 10 puts + 4 updates (billing’s hour, day, week; the attributed items’ day) in one transaction', async () => {
    mock.on(TransactWriteCommand).resolves({});
    const items = Array.from({ length: 10 }, (_, i) => processedItem({ id: `fb_${i}` }));
    const result = await storeWith().saveBatch(items);
    expect(result).toMatchObject({ stored: items.map((i) => i.id), duplicates: [], failed: [], transactions: 1 });
    const sent = mock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(sent.filter((t) => t.Put)).toHaveLength(10);
    const updates = sent.filter((t) => t.Update);
    expect(updates).toHaveLength(4);
    const hour = updates.find((u) => u.Update!.Key!.pk === 'DEPT#billing#hour#UTC#s0')!;
    expect(Object.values(hour.Update!.ExpressionAttributeValues!)).toContain(10);
    const attributed = updates.find((u) => u.Update!.Key!.pk === 'ALL#attributed#day#UTC#s0')!;
    expect(Object.values(attributed.Update!.ExpressionAttributeValues!)).toContain(10);
    // One department: no interface partners to record.
    expect(mock.commandCalls(UpdateCommand)).toHaveLength(0);
  });

  it('adds the models of a cell\'s items to its string set, once each, and nothing for items without one', async () => {
    mock.on(TransactWriteCommand).resolves({});
    const items = [
      processedItem({ id: 'fb_old', sentimentModel: 'embedded@old' }),
      processedItem({ id: 'fb_new', sentimentModel: 'embedded@new' }),
      processedItem({ id: 'fb_new2', sentimentModel: 'embedded@new' }),
    ];
    await storeWith().saveBatch(items);
    await storeWith().saveBatch([processedItem({ id: 'fb_legacy' })]);
    const [first, legacy] = mock.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
    const hour = first!.find((u) => u.Update?.Key?.pk === 'DEPT#billing#hour#UTC#s0')!.Update!;
    expect(hour.UpdateExpression).toContain('#models :models');
    expect(hour.ExpressionAttributeValues![':models']).toEqual(new Set(['embedded@new', 'embedded@old']));
    expect(first!.find((t) => t.Put?.Item?.id === 'fb_new')!.Put!.Item!.sentimentModel).toBe('embedded@new');
    const legacyHour = legacy!.find((u) => u.Update?.Key?.pk === 'DEPT#billing#hour#UTC#s0')!.Update!;
    expect(legacyHour.UpdateExpression).not.toContain('models');
  });

  it('takes out the items already stored and commits the others, counting each once', async () => {
    mock
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled(['None', 'ConditionalCheckFailed', 'None', 'None', 'None', 'None']))
      .resolves({});
    const items = [processedItem({ id: 'fb_new' }), processedItem({ id: 'fb_seen' }), processedItem({ id: 'fb_new2' })];
    const result = await storeWith().saveBatch(items);
    expect(result.stored.sort()).toEqual(['fb_new', 'fb_new2']);
    expect(result.duplicates).toEqual(['fb_seen']);
    const retry = mock.commandCalls(TransactWriteCommand)[1]!.args[0].input.TransactItems!;
    expect(retry.filter((t) => t.Put).map((t) => t.Put!.Item!.id)).toEqual(['fb_new', 'fb_new2']);
    const hour = retry.find((u) => u.Update?.Key?.pk === 'DEPT#billing#hour#UTC#s0')!;
    expect(Object.values(hour.Update!.ExpressionAttributeValues!)).toContain(2);
  });

  it('retries transaction conflicts with backoff, then reports the items as failed, not stored', async () => {
    mock.on(TransactWriteCommand).rejectsOnce(cancelled(['None', 'TransactionConflict'])).resolves({});
    expect((await storeWith().saveBatch([processedItem({ id: 'fb_a' })])).stored).toEqual(['fb_a']);

    mock.reset();
    mock.on(BatchWriteCommand).resolves({});
    mock.on(TransactWriteCommand).rejects(cancelled(['None', 'TransactionConflict']));
    const result = await storeWith().saveBatch([processedItem({ id: 'fb_b' })]);
    expect(result.stored).toEqual([]);
    expect(result.failed.map((f) => f.id)).toEqual(['fb_b']);
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(5);
  });

  it('isolates an item DynamoDB refuses (too large): its neighbours are stored, it is reported as permanent', async () => {
    const tooLarge = Object.assign(new Error('Item size has exceeded the maximum allowed size'), { name: 'ValidationException' });
    mock.on(TransactWriteCommand).callsFake((input: { TransactItems: { Put?: { Item: { id: string } } }[] }) => {
      if (input.TransactItems.some((t) => t.Put?.Item.id === 'fb_big')) throw tooLarge;
      return {};
    });
    const result = await storeWith().saveBatch([processedItem({ id: 'fb_ok' }), processedItem({ id: 'fb_big' }), processedItem({ id: 'fb_ok2' })]);
    expect(result.stored.sort()).toEqual(['fb_ok', 'fb_ok2']);
    expect(result.failed).toEqual([{ id: 'fb_big', error: tooLarge, permanent: true }]);
  });

  it('splits a batch whose writes exceed 100 actions into several transactions', async () => {
    mock.on(TransactWriteCommand).resolves({});
    // Each item on its own day × 3 departments (+3 pairs) × 5 series = 30 cells + 1 put.
    const items = Array.from({ length: 10 }, (_, i) =>
      processedItem({
        id: `fb_${i}`,
        occurredAt: new Date(Date.UTC(2026, 0, 1 + i * 8)).toISOString(),
        departments: [{ id: 'billing', reason: 'x' }, { id: 'delivery', reason: 'x' }, { id: 'digital', reason: 'x' }],
      }),
    );
    const result = await storeWith({ zones: ['Europe/Paris'] }).saveBatch(items);
    expect(result.stored).toHaveLength(10);
    const calls = mock.commandCalls(TransactWriteCommand);
    expect(calls.length).toBeGreaterThan(1);
    for (const call of calls) expect(call.args[0].input.TransactItems!.length).toBeLessThanOrEqual(100);
  });

  it('indexes a batch in one row per department (ids and times only), also for duplicates, so a crash between the steps is repaired', async () => {
    mock.on(TransactWriteCommand).rejectsOnce(cancelled(['ConditionalCheckFailed', 'None'])).resolves({});
    const item = processedItem({ id: 'fb_dup', departments: [{ id: 'billing', reason: 'x' }, { id: 'delivery', reason: 'y' }] });
    await storeWith().saveBatch([item]);
    const rows = mock.commandCalls(BatchWriteCommand).flatMap((c) => c.args[0].input.RequestItems!.fb!.map((r) => r.PutRequest!.Item!));
    expect(rows.map((r) => r.pk).sort()).toEqual(['VIDX#billing#2026-11-24', 'VIDX#delivery#2026-11-24']);
    expect(rows[0]!.sk).toMatch(/^2026-11-24T10:00:00\.000Z#[0-9a-f]{16}$/);
    expect(rows[0]!.e).toEqual({ fb_dup: '2026-11-24T10:00:00.000Z' });
    expect(JSON.stringify(rows)).not.toContain(item.text);
    // The partners index too, each side naming the other (an ADD to a set: the repeat is harmless).
    const partners = mock.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(partners.map((p) => [p.Key, p.UpdateExpression, p.ExpressionAttributeValues])).toEqual([
      [{ pk: 'PARTNERS#billing', sk: '2026-11' }, 'ADD partners :partners', { ':partners': new Set(['delivery']) }],
      [{ pk: 'PARTNERS#delivery', sk: '2026-11' }, 'ADD partners :partners', { ':partners': new Set(['billing']) }],
    ]);
  });

  it('puts the items of one department side by side, so few aggregate cells are written by two transactions', async () => {
    mock.on(TransactWriteCommand).resolves({});
    // 5 scopes × 5 cells = 25 cells for 100 items, and the attributed items' 2: 127 actions need
    // 2 transactions; interleaved items would repeat every cell in both (54 updates). The
    // attributed items' cells hold every item, so each transaction has them.
    const groups = [['billing'], ['delivery'], ['billing', 'delivery'], ['contact-centre'], ['digital']];
    const items = Array.from({ length: 100 }, (_, i) => processedItem({ id: `fb_${i}`, departments: groups[i % 5]!.map((id) => ({ id, reason: 'x' })) }));
    const result = await storeWith({ zones: ['Europe/Paris'] }).saveBatch(items);
    expect(result.stored).toHaveLength(100);
    const calls = mock.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems!);
    expect(calls).toHaveLength(2);
    const updatedCells = calls.flatMap((t) => t.filter((a) => a.Update).map((a) => `${a.Update!.Key!.pk}|${a.Update!.Key!.sk}`));
    expect(new Set(updatedCells).size).toBe(27);
    expect(updatedCells.filter((c) => c.startsWith('ALL#'))).toHaveLength(2 * 2);
    expect(updatedCells.length).toBeLessThanOrEqual(27 + 2 + 5);
  });
});

describe('DynamoFeedbackStore.feedbackIndexRowsFor', () => {
  it('packs a batch into rows of one write unit each, per department and day of occurrence', () => {
    const store = storeWith();
    const items = Array.from({ length: 100 }, (_, i) =>
      processedItem({ id: `fb_${String(i).padStart(32, '0')}`, occurredAt: new Date(Date.UTC(2026, 10, 24 + (i % 2), 10, i)).toISOString() }),
    );
    const rows = store.feedbackIndexRowsFor(items);
    expect(new Set(rows.map((r) => r.pk))).toEqual(new Set(['VIDX#billing#2026-11-24', 'VIDX#billing#2026-11-25']));
    for (const row of rows) expect(dynamoItemBytes(row)).toBeLessThanOrEqual(1024);
    // Each id once, each under the day it happened.
    const entries = rows.flatMap((r) => Object.entries(r.e as Record<string, string>).map(([id, at]) => ({ id, at, day: String(r.pk).slice(-10) })));
    expect(entries.map((e) => e.id).sort()).toEqual(items.map((i) => i.id).sort());
    for (const e of entries) expect(e.at.slice(0, 10)).toBe(e.day);
    // Packed, not one per item: 50 entries of ~60 bytes a day need 4 rows of ≤ 1 KB.
    expect(rows.length).toBeLessThanOrEqual(8);
  });

  it('gives the same rows for the same items, so a rewrite after a crash replaces rather than adds', () => {
    const store = storeWith();
    const items = [processedItem({ id: 'fb_a' }), processedItem({ id: 'fb_b', occurredAt: '2026-11-24T11:00:00.000Z' })];
    expect(store.feedbackIndexRowsFor(items)).toEqual(store.feedbackIndexRowsFor([...items].reverse()));
    expect(store.feedbackIndexRowsFor(items)[0]!.sk).not.toBe(store.feedbackIndexRowsFor([items[1]!])[0]!.sk);
  });
});

describe('dynamoItemBytes', () => {
  it('counts names and values as DynamoDB sizes them', () => {
    // "pk"(2) + "ab"(2); "n"(1) + 123.45 (5 significant digits → 3 + 1); "m"(1) + map 3 + (1 + "k"(1) + true(1)); "l"(1) + list 3 + 2 × (1 + 1 byte).
    expect(dynamoItemBytes({ pk: 'ab', n: 123.45, m: { k: true }, l: ['x', 'é'.normalize('NFD').slice(0, 1)] })).toBe(4 + 5 + 7 + 8);
    expect(dynamoItemBytes({ t: 'é' })).toBe(1 + 2);
  });
});

describe('storedItemOf / itemOfStored', () => {
  const longText = Array.from(
    { length: 40 },
    (_, i) => `Phrase ${i} : le colis est arrivé en retard, le livreur n'a pas sonné et le service client ne répond pas.`,
  ).join(' ');

  it('deflates a long text and gives the item back exactly, customer hash included', () => {
    // Prepare
    const item = processedItem({ id: 'fb_long', text: longText, customer: { idHash: 'cus_0123456789abcdef', consent: true } });
    // Act
    const stored = storedItemOf(item);
    const back = itemOfStored(stored);
    // Assess
    expect(stored).not.toHaveProperty('text');
    expect(stored.textZ).toBeInstanceOf(Uint8Array);
    expect((stored.textZ as Uint8Array).byteLength).toBeLessThan(Buffer.byteLength(longText) / 4);
    expect(stored).toMatchObject({ pk: 'FB#fb_long', sk: 'ITEM', customerHash: 'cus_0123456789abcdef', customer: { consent: true } });
    expect(back).toEqual(item);
  });

  it('keeps a short text plain, the customer hash once, and the probabilities to 4 decimals', () => {
    const item = processedItem({
      id: 'fb_short',
      customer: { idHash: 'cus_0123456789abcdef' },
      langConfidence: 0.8655889937354013,
      sentiment: { label: 'negative', confidence: 0.41874628745389214, scores: { positive: 0.2220800496254375, neutral: 0.3591736629206703, negative: 0.41874628745389214, mixed: 0 } },
    });
    const stored = storedItemOf(item);
    expect(stored.text).toBe(item.text);
    expect(stored.customer).toEqual({});
    expect(stored.sentiment).toEqual({ label: 'negative', confidence: 0.4187, scores: { positive: 0.2221, neutral: 0.3592, negative: 0.4187, mixed: 0 } });
    expect(stored.langConfidence).toBe(0.8656);
    expect(itemOfStored(stored).customer).toEqual({ idHash: 'cus_0123456789abcdef' });
    // What the trimming is for: the same item, stored as it was before, weighs more.
    expect(dynamoItemBytes(stored)).toBeLessThan(dynamoItemBytes({ pk: 'FB#fb_short', sk: 'ITEM', ...item, customerHash: 'cus_0123456789abcdef' }) - 50);
  });

  it('gives back the model that scored the item', () => {
    const item = processedItem({ id: 'fb_model', sentimentModel: 'embedded-fr-en@3f2a9c1b' });
    expect(itemOfStored(storedItemOf(item))).toEqual(item);
  });

  it('reads items stored before the trimming (customer hash in both places, plain long text)', () => {
    const item = processedItem({ id: 'fb_old', text: longText, customer: { idHash: 'cus_1' } });
    expect(itemOfStored({ pk: 'FB#fb_old', sk: 'ITEM', ...item, customerHash: 'cus_1' })).toEqual(item);
  });
});
