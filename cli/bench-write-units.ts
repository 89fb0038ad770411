/**
 * DynamoDB write units per stored item, for batches as the processor sees them, with and without
 * the topic summaries (issue #20) in the same run. DynamoDB Local reports a transaction as 2 units
 * per table whatever it holds, so the store's exact writes are replayed as single requests (which
 * it prices by item size) and transactional ones doubled, AWS's documented price; the feedback
 * index rows are plain writes. Replaying applies them: the topic cells grow batch after batch as
 * they do in service. The texts are the topics bench's stream (cli/bench/topics/stream.ts: hand-written
 * templates per department, FR and EN), so a cell's vocabulary, and with it its size, is a real
 * department's; enough batches go into the same day that the cells reach their capacity.
 */
import { randomUUID } from 'node:crypto';
import { PutCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TransactItem } from '../shared/adapters/dynamo-client';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo-feedback-store';
import { recordPartners } from '../shared/adapters/dynamo-interface-partners';
import { ATTRIBUTED } from '../shared/domain/scores';
import { extractTopics } from '../shared/domain/topics/phrases';
import type { ProcessedFeedback } from '../shared/ports/stores';
import { AGGREGATE_SHARDS } from '../shared/resources';
import { topicStream } from './bench/topics/stream';

export const BENCH_TEXTS = [
  'Colis livré en retard, le livreur était désagréable',
  'Invoice is wrong again, charged twice',
  'Great app, login is quick and easy',
  "Attente interminable au service client, personne ne répond",
  'Super conseiller, merci pour votre aide',
];

/**
 * Batches per measure, all in the same hour: enough that each mix's day and week cells fill to
 * their capacity on every write shard, as a busy deployment's do, before most units are counted.
 */
export const WRITE_UNIT_BATCHES = { full: 20, of10: 40 };

/** Department sets the batches cycle through. */
export const WRITE_UNIT_MIXES = {
  '1 department, same hour': [['billing']],
  'mixed departments, same hour': [['billing'], ['delivery'], ['billing', 'delivery'], ['contact-centre'], ['digital']],
} as const;

export function sampleItem(i: number, departments: readonly string[], withTopics = false, written?: { text: string; lang: 'fr' | 'en' }): ProcessedFeedback {
  const now = new Date().toISOString();
  const text = written?.text ?? BENCH_TEXTS[i % BENCH_TEXTS.length]!;
  const lang = written?.lang ?? 'fr';
  return {
    v: 1,
    id: `fb_${randomUUID().replace(/-/g, '')}`,
    source: { channel: 'api', provider: 'bench' },
    receivedAt: now,
    occurredAt: now,
    text,
    customer: {},
    metadata: {},
    lang,
    langConfidence: 1,
    sentiment: { label: 'negative', confidence: 0.9, scores: { positive: 0.05, neutral: 0.05, negative: 0.9, mixed: 0 } },
    departments: departments.map((id) => ({ id, reason: 'bench' })),
    journeys: [],
    ...(withTopics ? { topics: extractTopics(text, lang) } : {}),
    processedAt: now,
    expiresAt: Math.floor(Date.now() / 1000) + 86_400,
  };
}

export interface WriteUnitsOptions {
  /** The table the items and index rows go to (a scratch one keyed by `pk` alone), and the aggregates table. */
  feedback: string;
  /** The real feedback table (it has a sort key): the interface-partners rows go there. */
  partners: string;
  aggregates: string;
  zone: string;
  batchSize: number;
  batches: number;
}

const round = (x: number) => Math.round(x * 100) / 100;

/** The stream's texts by the department they were written for: each mix's items talk like that department. */
function streamTexts(): Map<string, { text: string; lang: 'fr' | 'en' }[]> {
  const byDepartment = new Map<string, { text: string; lang: 'fr' | 'en' }[]>();
  for (const { item, truth } of topicStream().items) {
    const texts = byDepartment.get(truth.department) ?? [];
    texts.push({ text: item.text, lang: item.lang as 'fr' | 'en' });
    byDepartment.set(truth.department, texts);
  }
  return byDepartment;
}

/** Write units per item by department mix: without topics (the baseline), with them, and the difference. */
export async function measureWriteUnits(
  doc: DynamoDBDocumentClient,
  options: WriteUnitsOptions,
): Promise<{
  withoutTopics: Record<string, number>;
  withTopics: Record<string, number>;
  topicsExtra: Record<string, number>;
  /** Of the units with topics: the attributed-items cells (the overview's distinct totals) and the interface-partners rows. */
  attributed: Record<string, number>;
  partners: Record<string, number>;
}> {
  const unitsOf = async (write: TransactItem) => {
    const out = write.Put
      ? await doc.send(new PutCommand({ TableName: write.Put.TableName!, Item: write.Put.Item! as Record<string, unknown>, ReturnConsumedCapacity: 'TOTAL' }))
      : await doc.send(new UpdateCommand({ ...write.Update!, ReturnConsumedCapacity: 'TOTAL' } as ConstructorParameters<typeof UpdateCommand>[0]));
    return out.ConsumedCapacity?.CapacityUnits ?? 0;
  };
  const attributedPrefix = `${ATTRIBUTED.kind.toUpperCase()}#`;
  const texts = streamTexts();
  const writtenFor = (departments: readonly string[], n: number) => {
    const pool = texts.get(departments[n % departments.length]!)!;
    return pool[Math.floor(n / departments.length) % pool.length]!;
  };
  const perItem = async (topics: boolean) => {
    const store = new DynamoFeedbackStore(doc, {
      feedback: options.feedback,
      aggregates: options.aggregates,
      zones: [options.zone],
      shards: AGGREGATE_SHARDS,
      ...(topics ? { topics: { zone: options.zone } } : {}),
    });
    const out = { total: {} as Record<string, number>, attributed: {} as Record<string, number>, partners: {} as Record<string, number> };
    for (const [label, mix] of Object.entries(WRITE_UNIT_MIXES)) {
      const units = { total: 0, attributed: 0, partners: 0 };
      let items = 0;
      for (let b = 0; b < options.batches; b++) {
        const batch = Array.from({ length: options.batchSize }, (_, i) => {
          const n = b * options.batchSize + i;
          const departments = mix[i % mix.length]!;
          return sampleItem(i, departments, topics, writtenFor(departments, n));
        });
        for (const transaction of await store.transactionsWithTopicsFor(batch)) {
          for (const write of transaction) {
            const paid = 2 * (await unitsOf(write));
            units.total += paid;
            if (String(write.Update?.Key?.pk ?? '').startsWith(attributedPrefix)) units.attributed += paid;
          }
        }
        for (const row of store.feedbackIndexRowsFor(batch)) units.total += await unitsOf({ Put: { TableName: options.feedback, Item: row } });
        units.partners += await recordPartners(doc, options.partners, batch);
        items += batch.length;
      }
      out.total[label] = round((units.total + units.partners) / items);
      out.attributed[label] = round(units.attributed / items);
      out.partners[label] = round(units.partners / items);
    }
    return out;
  };
  const without = await perItem(false);
  const withTopics = await perItem(true);
  const topicsExtra = Object.fromEntries(Object.keys(withTopics.total).map((k) => [k, round(withTopics.total[k]! - without.total[k]!)]));
  return { withoutTopics: without.total, withTopics: withTopics.total, topicsExtra, attributed: withTopics.attributed, partners: withTopics.partners };
}

export interface WriteUnitsBench {
  batchSize: number;
  full: Awaited<ReturnType<typeof measureWriteUnits>>;
  batchesOf10: Awaited<ReturnType<typeof measureWriteUnits>>;
}

/** The write units alone (also part of `bench`), on an embedded DynamoDB: seconds instead of minutes. */
export async function runWriteUnitsBench(): Promise<WriteUnitsBench> {
  const { CreateTableCommand, DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { startDynamo } = await import('./local/dynamodb');
  const { localClientConfig } = await import('./local/local-aws');
  const { ensureTable } = await import('./local/provision');
  const { documentClient } = await import('../shared/adapters/dynamo-client');
  const { QUEUES, TABLES } = await import('../shared/resources');
  const dynamo = await startDynamo();
  const ddb = new DynamoDBClient(localClientConfig(dynamo.endpoint));
  try {
    await ensureTable(ddb, TABLES.aggregates);
    await ensureTable(ddb, TABLES.feedback);
    await ddb.send(new CreateTableCommand({
      TableName: 'bench-raw', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    }));
    const doc = documentClient(ddb);
    const at = (batchSize: number, batches: number) => measureWriteUnits(doc, { feedback: 'bench-raw', partners: TABLES.feedback.localName, aggregates: TABLES.aggregates.localName, zone: 'Europe/Paris', batchSize, batches });
    const batchSize = QUEUES.ingest.batchSize;
    return { batchSize, full: await at(batchSize, WRITE_UNIT_BATCHES.full), batchesOf10: await at(10, WRITE_UNIT_BATCHES.of10) };
  } finally {
    ddb.destroy();
    await dynamo.stop();
  }
}

export function formatWriteUnitsBench(result: WriteUnitsBench): string {
  return Object.keys(result.full.withTopics)
    .map((k) =>
      [
        `${k}: ${result.full.withTopics[k]} write units per item with topics, ${result.full.withoutTopics[k]} without: +${result.full.topicsExtra[k]} (batches of ${result.batchSize})`,
        `${' '.repeat(k.length)}  ${result.batchesOf10.withTopics[k]} with, ${result.batchesOf10.withoutTopics[k]} without: +${result.batchesOf10.topicsExtra[k]} (batches of 10)`,
        `${' '.repeat(k.length)}  of the ${result.full.withTopics[k]}: attributed-items cells ${result.full.attributed[k]}, interface-partner rows ${result.full.partners[k]} (batches of ${result.batchSize})`,
      ].join('\n'),
    )
    .join('\n');
}
