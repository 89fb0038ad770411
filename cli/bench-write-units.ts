/**
 * The write units the processor's writes cost per item, for batches as the ingest event source
 * delivers them under load (QUEUES.ingest.batchSize) and for batches of 10 (a quiet hour: the
 * batching window closes before the batch fills). DynamoDB Local reports a transaction as 2
 * units per table whatever it holds, so the store's exact writes are replayed as single requests
 * (which it prices by item size) and transactional ones doubled, AWS's documented price; the
 * feedback index rows and the interface-partners rows are plain writes.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../shared/adapters/dynamo-client';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo-feedback-store';
import { recordPartners } from '../shared/adapters/dynamo-interface-partners';
import { ATTRIBUTED } from '../shared/domain/scores';
import type { ProcessedFeedback } from '../shared/ports/stores';
import { AGGREGATE_SHARDS, QUEUES } from '../shared/resources';

/** What the bench's items say (the pipeline's posts and the write-unit samples). */
export const BENCH_TEXTS = [
  'Colis livré en retard, le livreur était désagréable',
  'Invoice is wrong again, charged twice',
  'Great app, login is quick and easy',
  "Attente interminable au service client, personne ne répond",
  'Super conseiller, merci pour votre aide',
];

/** A processed item of the bench, stamped now, in these departments. */
export function sampleItem(i: number, departments: string[]): ProcessedFeedback {
  const now = new Date().toISOString();
  return {
    v: 1,
    id: `fb_${randomUUID().replace(/-/g, '')}`,
    source: { channel: 'api', provider: 'bench' },
    receivedAt: now,
    occurredAt: now,
    text: BENCH_TEXTS[i % BENCH_TEXTS.length]!,
    customer: {},
    metadata: {},
    lang: 'fr',
    langConfidence: 1,
    sentiment: { label: 'negative', confidence: 0.9, scores: { positive: 0.05, neutral: 0.05, negative: 0.9, mixed: 0 } },
    departments: departments.map((id) => ({ id, reason: 'bench' })),
    journeys: [],
    processedAt: now,
    expiresAt: Math.floor(Date.now() / 1000) + 86_400,
  };
}

export interface WriteUnits {
  /** Write units per item in full batches of `wcuBatchSize` (the ingest event source's batch size). */
  wcuPerItemByDepartments: Record<string, number>;
  wcuBatchSize: number;
  /** The same items in batches of 10: what a quiet period costs, when the batching window closes on a partial batch. */
  wcuPerItemInBatchesOf10: Record<string, number>;
  /** Of the full batches' units: the attributed-items cells (the overview's distinct totals). */
  wcuPerItemForAttributedTotals: Record<string, number>;
  /** Of the full batches' units: the interface-partners rows. */
  wcuPerItemForPartners: Record<string, number>;
}

const BATCHES = [
  ['1 department, same hour', [['billing']]],
  ['mixed departments, same hour', [['billing'], ['delivery'], ['billing', 'delivery'], ['contact-centre'], ['digital']]],
] as const;

const perItem = (units: number, items: number) => Math.round((units / items) * 100) / 100;

/** Replays the writes of sample batches; `scratch` is a table keyed by `pk` alone that takes the items and index rows. */
export async function measureWriteUnits(doc: DynamoDBDocumentClient, tables: { aggregates: string; feedback: string; scratch: string }): Promise<WriteUnits> {
  const store = new DynamoFeedbackStore(doc, { feedback: tables.scratch, aggregates: tables.aggregates, zones: ['Europe/Paris'], shards: AGGREGATE_SHARDS });
  const unitsOf = async (write: TransactItem | { Put: { TableName: string; Item: Record<string, unknown> } }) => {
    const out = write.Put
      ? await doc.send(new PutCommand({ TableName: write.Put.TableName!, Item: write.Put.Item!, ReturnConsumedCapacity: 'TOTAL' }))
      : await doc.send(new UpdateCommand({ ...(write as TransactItem).Update!, ReturnConsumedCapacity: 'TOTAL' }));
    return out.ConsumedCapacity?.CapacityUnits ?? 0;
  };
  const attributedPrefix = `${ATTRIBUTED.kind.toUpperCase()}#`;
  const measure = async (batchSize: number, batches: number) => {
    const out = { total: {} as Record<string, number>, attributed: {} as Record<string, number>, partners: {} as Record<string, number> };
    for (const [label, depts] of BATCHES) {
      const units = { total: 0, attributed: 0, partners: 0 };
      let items = 0;
      for (let b = 0; b < batches; b++) {
        const batch = Array.from({ length: batchSize }, (_, i) => sampleItem(i, [...depts[i % depts.length]!]));
        for (const transaction of store.transactionsFor(batch)) {
          for (const write of transaction) {
            const paid = 2 * (await unitsOf(write));
            units.total += paid;
            if (String(write.Update?.Key?.pk ?? '').startsWith(attributedPrefix)) units.attributed += paid;
          }
        }
        for (const row of store.feedbackIndexRowsFor(batch)) units.total += await unitsOf({ Put: { TableName: tables.scratch, Item: row } });
        // The partners rows have a sort key: they go to the real feedback table.
        units.partners += await recordPartners(doc, tables.feedback, batch);
        items += batch.length;
      }
      out.total[label] = perItem(units.total + units.partners, items);
      out.attributed[label] = perItem(units.attributed, items);
      out.partners[label] = perItem(units.partners, items);
    }
    return out;
  };
  const full = await measure(QUEUES.ingest.batchSize, Math.max(3, Math.ceil(100 / QUEUES.ingest.batchSize)));
  const small = await measure(10, 10);
  return {
    wcuPerItemByDepartments: full.total,
    wcuBatchSize: QUEUES.ingest.batchSize,
    wcuPerItemInBatchesOf10: small.total,
    wcuPerItemForAttributedTotals: full.attributed,
    wcuPerItemForPartners: full.partners,
  };
}
