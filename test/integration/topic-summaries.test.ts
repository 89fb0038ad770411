import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { DynamoFeedbackWriter } from '../../shared/adapters/dynamo-feedback-writer';
import { dynamoItemBytes } from '../../shared/adapters/dynamo-feedback-codec';
import { DynamoTopicSummaries } from '../../shared/adapters/dynamo-topic-summaries';
import { TOPIC_ROW_BYTES } from '../../shared/adapters/dynamo-topic-rows';
import { collectAggregates, driftBetween, recountAggregates } from '../../shared/app/recount';
import type { TopicScope } from '../../shared/domain/topics/contract';
import { extractTopics } from '../../shared/domain/topics/phrases';
import type { SentimentLabel } from '../../shared/domain/sentiment';
import type { ProcessedFeedback } from '../../shared/ports/stores';
import { AGGREGATE_SHARDS, TABLES } from '../../shared/resources';
import { recomputeTopics } from '../../shared/app/recompute-topics';
import { processedItem } from '../support/items';
import { MemoryTopicSummaries } from '../support/memory-topic-summaries';
import { openFeedbackTables } from '../support/local-feedback-tables';

const ZONE = 'Europe/Paris';
let tables: Awaited<ReturnType<typeof openFeedbackTables>>;
let reader: DynamoTopicSummaries;

beforeAll(async () => {
  tables = await openFeedbackTables([ZONE]);
  reader = new DynamoTopicSummaries(documentClient(tables.ddb), { table: TABLES.aggregates.localName, zone: ZONE, shards: AGGREGATE_SHARDS });
}, 90_000);
afterAll(() => tables?.close());

let seq = 0;
const nextId = () => `fb_topics_${String(++seq).padStart(6, '0')}`;

function writer(options: { shards?: number; random?: () => number } = {}) {
  return new DynamoFeedbackWriter(documentClient(tables.ddb), {
    feedback: TABLES.feedback.localName,
    aggregates: TABLES.aggregates.localName,
    zones: [ZONE],
    shards: options.shards ?? AGGREGATE_SHARDS,
    random: options.random,
    topics: { zone: ZONE },
  });
}

function item(text: string, occurredAt: string, departments: string[], label: SentimentLabel = 'negative'): ProcessedFeedback {
  return processedItem({
    id: nextId(),
    text,
    occurredAt,
    receivedAt: occurredAt,
    topics: extractTopics(text, 'fr'),
    departments: departments.map((id) => ({ id, reason: 'test' })),
    sentiment: { label, confidence: 0.9, scores: { positive: 0.05, neutral: 0.05, negative: 0.9, mixed: 0 } },
  });
}

const countOf = (entries: { key: string; count: number }[], key: string) => entries.find((e) => e.key === key)?.count ?? 0;
const dept = (id: string): TopicScope => ({ kind: 'dept', id });
const week = (iso: string) => [new Date(iso), new Date(new Date(iso).getTime() + 7 * 86_400_000)] as const;

describe('topic summary cells on DynamoDB Local', () => {
  it('counts each new item once per topic, whatever the redeliveries and duplicates in a batch', async () => {
    // Prepare: Tuesday 2026-03-03 in Paris; the week starts Monday 2026-03-02 00:00 Paris (23:00 UTC).
    const items = [
      item('Colis abîmé à la livraison', '2026-03-03T09:00:00Z', ['delivery']),
      item('Le colis est arrivé abîmé', '2026-03-03T10:00:00Z', ['delivery'], 'positive'),
      item('Colis perdu, aucun suivi', '2026-03-03T11:00:00Z', ['delivery']),
    ];
    const w = writer();
    // Act: stored, redelivered, then again with a duplicate inside the batch.
    const first = await w.saveBatch(items);
    const again = await w.saveBatch(items);
    const dup = await w.saveBatch([items[0]!, items[0]!, items[2]!]);
    const [windowStart, windowEnd] = week('2026-03-01T23:00:00Z');
    const weeks = await reader.windows(dept('delivery'), 'week', windowStart, windowEnd);
    const days = await reader.windows(dept('delivery'), 'day', new Date('2026-03-02T23:00:00Z'), new Date('2026-03-03T23:00:00Z'));
    // Assess
    expect(first.stored).toHaveLength(3);
    expect(again.duplicates).toHaveLength(3);
    expect(dup.stored).toHaveLength(0);
    for (const windows of [weeks, days]) {
      expect(windows).toHaveLength(1);
      expect(windows[0]).toMatchObject({ items: 3, negativeItems: 2, floor: 0 });
      expect(countOf(windows[0]!.entries, 'colis')).toBe(3);
      expect(countOf(windows[0]!.entries, 'abim')).toBe(2);
      expect(windows[0]!.entries.find((e) => e.key === 'abim')).toMatchObject({ negative: 1, error: 0 });
      expect(countOf(windows[0]!.entries, 'perdu')).toBe(1);
    }
    expect(weeks[0]!.window).toBe('2026-03-01T23:00:00.000Z');
    expect(days[0]!.window).toBe('2026-03-02T23:00:00.000Z');
  });

  it('keeps unassigned items and interface pairs in their own cells, in local days', async () => {
    // Prepare: 23:30 UTC on Sunday 8 March is Monday 9 March in Paris: a new local day and week.
    const lonely = item('Je ne sais pas à qui écrire pour ma réclamation', '2026-03-08T23:30:00Z', ['unassigned']);
    const between = item('Facture du colis fausse', '2026-03-08T23:30:00Z', ['delivery', 'billing']);
    // Act
    await writer().saveBatch([lonely, between]);
    const [from, to] = week('2026-03-08T23:00:00Z');
    const unassigned = await reader.windows({ kind: 'unassigned' }, 'week', from, to);
    const pair = await reader.windows({ kind: 'pair', id: 'billing+delivery' }, 'day', from, to);
    const billing = await reader.windows(dept('billing'), 'week', from, to);
    const asDepartment = await reader.windows(dept('unassigned'), 'week', from, to);
    // Assess
    expect(unassigned).toHaveLength(1);
    expect(unassigned[0]).toMatchObject({ window: '2026-03-08T23:00:00.000Z', items: 1 });
    expect(countOf(unassigned[0]!.entries, 'reclam')).toBe(1);
    expect(pair).toHaveLength(1);
    expect(pair[0]).toMatchObject({ window: '2026-03-08T23:00:00.000Z', items: 1 });
    expect(countOf(pair[0]!.entries, 'factur')).toBe(1);
    expect(billing[0]!.items).toBe(1);
    expect(asDepartment).toEqual([]);
  });

  it('merges the write shards on read, and concurrent writers on one shard never lose nor double an item', async () => {
    // Prepare: 40 items over 8 writers pinned to one shard each, then 30 over 6 writers all on shard 0.
    const texts = ['Retard de livraison', 'Remboursement refusé', 'Retard et remboursement', 'Livreur impoli'];
    const at = (i: number) => `2026-03-17T${String(8 + (i % 10)).padStart(2, '0')}:00:00Z`;
    const batches = Array.from({ length: 8 }, (_, b) => Array.from({ length: 5 }, (_, i) => item(texts[(b + i) % 4]!, at(i), ['delivery'])));
    const racing = Array.from({ length: 6 }, (_, b) => Array.from({ length: 5 }, (_, i) => item(texts[(b * 5 + i) % 4]!, at(i), ['delivery'])));
    // Act
    await Promise.all(batches.map((batch, b) => writer({ random: () => (b % AGGREGATE_SHARDS) / AGGREGATE_SHARDS + 0.01 }).saveBatch(batch)));
    const raced = await Promise.all(racing.map((batch) => writer({ random: () => 0 }).saveBatch(batch)));
    const [from, to] = week('2026-03-15T23:00:00Z');
    const [cell] = await reader.windows(dept('delivery'), 'week', from, to);
    // Assess: every stored item counted once; topics exact (few distinct ones).
    const all = [...batches, ...racing].flat();
    expect(raced.flatMap((r) => r.failed)).toEqual([]);
    expect(cell!.items).toBe(all.length);
    for (const key of ['retard', 'livraison', 'rembours', 'livreur']) {
      expect(countOf(cell!.entries, key)).toBe(all.filter((i) => i.topics!.some((t) => t.key === key)).length);
    }
    expect(cell!.floor).toBe(0);
  }, 60_000);

  it('keeps a busy cell within one write unit and its bound, and out of the counter rows', async () => {
    // Prepare: 300 items of distinct long phrases in one day.
    const long = Array.from({ length: 300 }, (_, i) =>
      item(`Réclamation ${'abcdefghij'[i % 10]}${'klmnopqrst'[Math.floor(i / 10) % 10]}${'uvwxyzabcd'[Math.floor(i / 100)]}quelconque extraordinairement interminable concernant mystérieusement`, '2026-03-25T12:00:00Z', ['billing']),
    );
    // Act
    await writer({ shards: 1 }).saveBatch(long);
    const rows = await tables.ddb.send(new (await import('@aws-sdk/client-dynamodb')).ScanCommand({ TableName: TABLES.aggregates.localName }));
    const [cell] = await reader.windows(dept('billing'), 'day', new Date('2026-03-24T23:00:00Z'), new Date('2026-03-25T23:00:00Z'));
    const drift = driftBetween(await recountAggregates(tables.store.scanItems(), [ZONE]), await collectAggregates(tables.aggregates.scanAll()));
    // Assess
    const topicRows = (rows.Items ?? []).filter((r) => r.pk!.S!.startsWith('TOPIC#'));
    expect(topicRows.length).toBeGreaterThan(0);
    for (const row of topicRows) {
      const plain = Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v.S ?? (v.N !== undefined ? Number(v.N) : v.B)]));
      expect(dynamoItemBytes(plain)).toBeLessThanOrEqual(TOPIC_ROW_BYTES);
    }
    expect(cell!.items).toBe(300);
    expect(countOf(cell!.entries, 'reclam')).toBe(300);
    expect(cell!.floor).toBeGreaterThan(0);
    expect(cell!.entries.every((e) => e.error <= cell!.floor!)).toBe(true);
    expect(drift).toEqual([]);
  }, 60_000);

  it('recompute extracts topics again and rebuilds summaries equal to those the processor wrote', async () => {
    // Prepare: three batches over the write shards in April, then an item's topics and a cell lost.
    const texts = ['Colis abîmé', 'Retard de livraison du colis', 'Remboursement refusé', 'Livreur très aimable'];
    const batches = Array.from({ length: 3 }, (_, b) => Array.from({ length: 8 }, (_, i) => item(texts[(b + i) % 4]!, `2026-04-0${1 + b}T10:0${i}:00Z`, ['delivery'], i % 3 ? 'negative' : 'positive')));
    for (const batch of batches) await writer().saveBatch(batch);
    const [from, to] = [new Date('2026-03-31T22:00:00Z'), new Date('2026-04-30T22:00:00Z')];
    const before = { weeks: await reader.windows(dept('delivery'), 'week', from, to), days: await reader.windows(dept('delivery'), 'day', from, to) };
    await tables.store.updateTopics({ id: batches[0]![0]!.id, topics: undefined });
    const rows = await tables.ddb.send(new (await import('@aws-sdk/client-dynamodb')).ScanCommand({ TableName: TABLES.aggregates.localName }));
    const aprilFirst = (rows.Items ?? []).find((r) => r.pk!.S!.startsWith('TOPIC#dept:delivery#day#') && r.sk!.S === '2026-03-31T22:00:00.000Z')!;
    await tables.ddb.send(new (await import('@aws-sdk/client-dynamodb')).DeleteItemCommand({ TableName: TABLES.aggregates.localName, Key: { pk: aprilFirst.pk!, sk: aprilFirst.sk! } }));
    const items: ProcessedFeedback[] = [];
    for await (const stored of tables.store.scanItems()) items.push(stored);
    const run = { dryRun: false, inRange: () => true };
    // Act
    const fixed = await recomputeTopics(items, { cells: reader, items: tables.store, zone: ZONE }, run);
    const again: ProcessedFeedback[] = [];
    for await (const stored of tables.store.scanItems()) again.push(stored);
    const check = await recomputeTopics(again, { cells: reader, items: tables.store, zone: ZONE }, { ...run, dryRun: true });
    const after = { weeks: await reader.windows(dept('delivery'), 'week', from, to), days: await reader.windows(dept('delivery'), 'day', from, to) };
    // Assess: the lost topics and cell are back, equal to the processor's; a second run finds nothing to do.
    expect(fixed.report.itemsRetopiced).toBe(1);
    expect(fixed.report.cellsWithCountDrift).toBeGreaterThanOrEqual(1);
    expect(after).toEqual(before);
    expect(before.days.map((d) => d.items)).toEqual([8, 8, 8]);
    expect(again.find((i) => i.id === batches[0]![0]!.id)!.topics).toEqual(batches[0]![0]!.topics);
    expect(check.report).toMatchObject({ itemsRetopiced: 0, cellsRebuilt: 0, cellsWithCountDrift: 0 });
  }, 60_000);

  it('gives the same windows as the in-memory summaries use-case tests read, past the capacity', async () => {
    // Prepare: May, five batches of 40 items with many distinct topics, on one shard.
    const words = ['facture', 'colis', 'livreur', 'appli', 'paiement', 'conseiller', 'magasin', 'retour', 'garantie', 'abonnement', 'commande', 'stock'];
    const batches = Array.from({ length: 5 }, (_, b) =>
      Array.from({ length: 40 }, (_, i) => item(`${words[(b * 7 + i) % 12]} ${words[(i * 5 + b) % 12]} ${words[(i * i + b) % 12]}`, `2026-05-1${b}T09:00:00Z`, ['billing'], i % 2 ? 'negative' : 'neutral')),
    );
    const memory = new MemoryTopicSummaries(ZONE);
    // Act
    for (const batch of batches) {
      await writer({ shards: 1 }).saveBatch(batch);
      memory.add(batch.map((i) => ({ occurredAt: i.occurredAt, departments: ['billing'], sentiment: i.sentiment.label, topics: i.topics })));
    }
    const [from, to] = [new Date('2026-05-01T00:00:00Z'), new Date('2026-06-01T00:00:00Z')];
    const stored = await reader.windows(dept('billing'), 'week', from, to);
    const inMemory = await memory.windows(dept('billing'), 'week', from, to);
    // Assess
    expect(stored.reduce((n, w) => n + w.items, 0)).toBe(200);
    expect(stored.some((w) => (w.floor ?? 0) > 0)).toBe(true);
    expect(inMemory).toEqual(stored);
  }, 60_000);

  it("erases an item's topics with its text, and keeps them on the verbatims it shows", async () => {
    // Prepare
    const kept = { ...item('Colis abîmé au dépôt', '2026-06-02T10:00:00Z', ['delivery']), customer: { idHash: 'cus_keep' } };
    const erased = { ...item('Colis perdu au dépôt', '2026-06-02T10:05:00Z', ['delivery']), customer: { idHash: 'cus_erase' } };
    await writer().saveBatch([kept, erased]);
    // Act
    await tables.store.eraseCustomer('cus_erase', new Date('2026-06-03T00:00:00Z'));
    const stored = new Map<string, ProcessedFeedback>();
    for await (const i of tables.store.scanItems()) stored.set(i.id, i);
    const shown = await tables.store.verbatims('delivery', new Date('2026-06-02T00:00:00Z'), new Date('2026-06-03T00:00:00Z'), 10);
    // Assess
    expect(stored.get(erased.id)!.topics).toBeUndefined();
    expect(stored.get(kept.id)!.topics).toEqual(kept.topics);
    expect(shown.map((v) => [v.id, v.topics])).toEqual([[kept.id, kept.topics]]);
  }, 60_000);
});
