import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamo, type RunningDynamo } from '../../cli/local/dynamodb';
import { localClientConfig } from '../../cli/local/local-aws';
import { ensureTable } from '../../cli/local/provision';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { dynamoItemBytes } from '../../shared/adapters/dynamo-feedback-codec';
import { DynamoFeedbackStore } from '../../shared/adapters/dynamo-feedback-store';
import { extractTopics } from '../../shared/domain/topics/phrases';
import type { ProcessedFeedback } from '../../shared/ports/stores';
import { CUSTOMER_INDEX, TABLES } from '../../shared/resources';
import { processedItem } from '../support/items';

let dynamo: RunningDynamo;
let ddb: DynamoDBClient;
let store: DynamoFeedbackStore;
const feedback = TABLES.feedback.localName;

beforeAll(async () => {
  dynamo = await startDynamo();
  ddb = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  await ensureTable(ddb, TABLES.feedback);
  await ensureTable(ddb, TABLES.aggregates);
  store = new DynamoFeedbackStore(documentClient(ddb), { feedback, aggregates: TABLES.aggregates.localName, zones: ['Europe/Paris'] });
}, 90_000);

afterAll(async () => {
  ddb?.destroy();
  await dynamo?.stop();
});

const id = (n: number) => `fb_${n.toString(16).padStart(32, '0')}`;
const at = (day: number, minute: number) => new Date(Date.UTC(2026, 4, day, 8, minute)).toISOString();
const billing = [{ id: 'billing', reason: 'keywords:facture' }];

describe('GET /v1/feedback index on DynamoDB Local', () => {
  it('reads verbatims newest first across rows, batches and days, each item once, within from/to and limit', async () => {
    // Prepare: 60 items over 3 days in batches of 25; then 20 of them redelivered in a batch
    // of a different composition (duplicates: new index rows repeat their ids).
    const items = Array.from({ length: 60 }, (_, i) => processedItem({ id: id(i), occurredAt: at(10 + (i % 3), (i * 7) % 60), text: `message ${i}`, departments: billing }));
    for (let i = 0; i < items.length; i += 25) await store.saveBatch(items.slice(i, i + 25));
    const redelivered = await store.saveBatch([...items.slice(5, 25), processedItem({ id: id(999), occurredAt: at(11, 59), text: 'late', departments: billing })]);
    expect(redelivered.duplicates).toHaveLength(20);

    // Act
    const all = await store.verbatims('billing', new Date(at(10, 0)), new Date(at(12, 59)), 200);
    const firstTen = await store.verbatims('billing', new Date(at(10, 0)), new Date(at(12, 59)), 10);
    const window = await store.verbatims('billing', new Date(at(11, 0)), new Date(at(11, 30)), 200);

    // Assess
    const expected = [...items, processedItem({ id: id(999), occurredAt: at(11, 59), text: 'late' })]
      .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || a.id.localeCompare(b.id))
      .map((i) => i.id);
    expect(all.map((v) => v.id)).toEqual(expected);
    expect(firstTen.map((v) => v.id)).toEqual(expected.slice(0, 10));
    expect(window.every((v) => v.occurredAt >= at(11, 0) && v.occurredAt <= at(11, 30))).toBe(true);
    expect(window.map((v) => v.id)).toEqual(all.filter((v) => v.occurredAt >= at(11, 0) && v.occurredAt <= at(11, 30)).map((v) => v.id));
    expect(all[0]).toEqual({
      id: expected[0],
      occurredAt: all[0]!.occurredAt,
      text: all[0]!.text,
      lang: 'fr',
      sentiment: 'negative',
      departments: billing,
      journeys: [],
      channel: 'api',
    });
  });

  it('shows neither withheld nor erased text, and follows a re-attribution', async () => {
    // Prepare
    const kept = processedItem({ id: id(2000), occurredAt: at(20, 1), departments: billing, customer: { idHash: 'hash-bob' } });
    // Jane's text is long enough to be stored deflated: erasure must remove that form too.
    const jane = processedItem({
      id: id(2001),
      occurredAt: at(20, 2),
      text: 'Ma facture est fausse et le colis est perdu, je vous ai écrit trois fois sans réponse. '.repeat(5),
      departments: [...billing, { id: 'delivery', reason: 'x' }],
      customer: { idHash: 'hash-jane' },
    });
    const withheld = processedItem({ id: id(2002), occurredAt: at(20, 3), departments: billing, text: '', textWithheld: true });
    const moved = processedItem({ id: id(2003), occurredAt: at(20, 4), departments: billing });
    await store.saveBatch([kept, jane, withheld, moved]);
    const shown = async (department: string) => (await store.verbatims(department, new Date(at(20, 0)), new Date(at(20, 59)), 50)).map((v) => v.id);
    expect(await shown('billing')).toEqual([moved.id, jane.id, kept.id]);
    // The customer's hash comes along (emails tell customers apart by it); items without one have none.
    const keys = (await store.verbatims('billing', new Date(at(20, 0)), new Date(at(20, 59)), 50)).map((v) => [v.id, v.customerKey]);
    expect(keys).toEqual([[moved.id, undefined], [jane.id, 'hash-jane'], [kept.id, 'hash-bob']]);

    // Act
    const erased = await store.eraseCustomer('hash-jane', new Date(at(21, 0)));
    await store.updateAttribution({ ...moved, departments: [{ id: 'delivery', reason: 'keywords:colis' }] }, moved);

    // Assess: one index entry per department of Jane's item went; the item stays as a count.
    expect(erased).toMatchObject({ itemsAnonymised: 1, verbatimRowsDeleted: 2 });
    expect(await shown('billing')).toEqual([kept.id]);
    expect(await shown('delivery')).toEqual([moved.id]);
    const janeItem = (await documentClient(ddb).send(new GetCommand({ TableName: feedback, Key: { pk: `FB#${jane.id}`, sk: 'ITEM' } }))).Item!;
    expect(janeItem).toMatchObject({ text: '', textWithheld: true, sentiment: jane.sentiment });
    expect(janeItem).not.toHaveProperty('textZ');
    expect(janeItem).not.toHaveProperty('customerHash');
  });

  it('costs one write unit per index row and per typical item (DynamoDB Local sizes them), so a transactional put is 2 units', async () => {
    // Prepare: a typical processed item as the pipeline stores it (redacted text of a few
    // sentences, two departments and a journey with reasons, ratings, a customer hash, its topics).
    const typicalText = 'Bonjour, ma facture de mars est fausse : vous avez prélevé deux fois le même montant et personne ne répond au téléphone. Merci de corriger. [EMAIL]';
    const typical: ProcessedFeedback = processedItem({
      id: id(3000),
      source: { channel: 'email', provider: 'ses', sender: 'inbound-email', externalId: '<CAF=ab12cd34@mail.example.com>' },
      text: typicalText,
      topics: extractTopics(typicalText, 'fr'),
      subject: 'Facture de mars',
      customer: { idHash: 'u2V0aGlzIGlzIGEgc2FsdGVkIGhhc2ggb2YgdGhlIGlk', consent: true },
      ratings: { nps: 3, csat: 2 },
      sentiment: { label: 'negative', confidence: 0.9123456789012345, scores: { positive: 0.0234567890123456, neutral: 0.0641975308641975, negative: 0.9123456789012345, mixed: 0 } },
      departments: [
        { id: 'billing', reason: 'keywords:facture|prélever|montant' },
        { id: 'contact-centre', reason: 'keywords:personne ne répond|au téléphone' },
      ],
      journeys: [{ id: 'billing', reason: 'keywords:facture' }],
      redacted: ['EMAIL'],
    });
    const [transaction] = store.transactionsFor([typical]);
    const put = transaction!.find((t) => t.Put)!.Put!;
    const rows = store.feedbackIndexRowsFor(Array.from({ length: 100 }, (_, i) => processedItem({ id: id(4000 + i), occurredAt: at(25, i % 60), departments: billing })));

    // Act
    const unitsOf = async (Item: Record<string, unknown>) =>
      (await documentClient(ddb).send(new PutCommand({ TableName: feedback, Item, ReturnConsumedCapacity: 'INDEXES' }))).ConsumedCapacity!;
    const itemUnits = await unitsOf(put.Item!);
    const rowUnits = await Promise.all(rows.map(unitsOf));

    // Assess: the item fits one KB on the table; its customer hash adds one entry to the
    // (keys-only) erasure index, which every item with a customer pays.
    expect(typical.topics).toHaveLength(8);
    expect(dynamoItemBytes(put.Item!)).toBeLessThanOrEqual(1024);
    expect(itemUnits.Table?.CapacityUnits).toBe(1);
    expect(itemUnits.GlobalSecondaryIndexes?.[CUSTOMER_INDEX]?.CapacityUnits).toBe(1);
    expect(rowUnits.every((u) => u.CapacityUnits === 1)).toBe(true);
    expect(rows.length).toBeLessThanOrEqual(8);
  });

  it('stores a long text deflated and gives it back whole to recounts and cut to 1,000 characters to readers', async () => {
    // Prepare: a long email (≈ 4,000 characters, accents and all) and an 800-character one.
    const sentence = (i: number) => `Phrase ${i} : la facture de mars est fausse, vous avez prélevé deux fois et personne ne répond — « inadmissible ».`;
    const long = processedItem({ id: id(5000), occurredAt: at(27, 1), text: Array.from({ length: 36 }, (_, i) => sentence(i)).join(' '), customer: { idHash: 'cus_long' } });
    const medium = processedItem({ id: id(5001), occurredAt: at(27, 2), text: Array.from({ length: 7 }, (_, i) => sentence(i)).join(' ') });
    // Act
    const saved = await store.saveBatch([long, medium]);
    const scanned = new Map<string, ProcessedFeedback>();
    for await (const item of store.scanItems()) scanned.set(item.id, item);
    const shown = await store.verbatims('billing', new Date(at(27, 0)), new Date(at(27, 59)), 10);
    const [transaction] = store.transactionsFor([medium]);
    const mediumUnits = (
      await documentClient(ddb).send(new PutCommand({ TableName: feedback, Item: { ...transaction!.find((t) => t.Put)!.Put!.Item!, pk: 'probe', sk: 'probe' }, ReturnConsumedCapacity: 'INDEXES' }))
    ).ConsumedCapacity!;
    // Assess
    expect(saved.stored).toHaveLength(2);
    expect(scanned.get(long.id)).toEqual(long);
    expect(scanned.get(medium.id)!.text).toBe(medium.text);
    expect(shown.map((v) => v.id)).toEqual([medium.id, long.id]);
    expect(shown[1]!.text).toBe(long.text.slice(0, 1000));
    expect(medium.text.length).toBeGreaterThan(750);
    expect(mediumUnits.Table?.CapacityUnits).toBe(1);
  });
});
