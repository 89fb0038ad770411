/**
 * `customer-voice bench topics`: the topics stream through the real pipeline on a fresh local stack
 * (POST /v1/feedback → SQS → processor → DynamoDB Local), then, from what it stored: the emerging
 * detector day by day (emerging-days.ts), and suggest-keywords with the unassigned share before and
 * after its patch. Baselines beside each figure in the same run: the target day, the
 * stream's ground truth, the configuration without the patch.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { documentClient } from '../../../shared/adapters/dynamo-client';
import { DynamoFeedbackStore } from '../../../shared/adapters/dynamo-feedback-store';
import { DynamoTopicSummaries } from '../../../shared/adapters/dynamo-topic-summaries';
import { suggestKeywords, type KeywordProposal } from '../../../shared/app/suggest-keywords';
import { attributeDepartments } from '../../../shared/domain/departments/attribution';
import { applyKeywordsPatch, type KeywordsPatch } from '../../../shared/domain/departments/keywords-patch';
import { DEFAULT_DEPARTMENTS, UNASSIGNED } from '../../../shared/domain/departments/schema';
import { windowStart } from '../../../shared/domain/scores';
import { EMERGING_DEFAULTS } from '../../../shared/domain/topics/emerging';
import { extractTopics } from '../../../shared/domain/topics/phrases';
import { TOPIC_CAPACITY } from '../../../shared/domain/topics/summary';
import type { ProcessedFeedback } from '../../../shared/ports/stores';
import { AGGREGATE_SHARDS, ENV } from '../../../shared/resources';
import { localClientConfig } from '../../local/local-aws';
import { startLocalStack, type LocalStack } from '../../local/stack';
import { runWriteUnitsBench, type WriteUnitsBench } from '../../bench-write-units';
import { drained } from '../alerts/replay';
import { figuresAtCapacity, type CapacityFigures } from './capacity';
import { emergingFigures, injectedKeys, naiveWeekOverWeek, type EmergingFigures } from './emerging-days';
import { addDays, topicStream, type StreamTruth, type TopicStream } from './stream';
import { STREAM_DEPARTMENTS } from './stream-texts';

export interface UnassignedFigures {
  items: number;
  /** Items the default configuration leaves unassigned, as stored by the pipeline. */
  before: number;
  /** The same items re-attributed (their stored, redacted text) with suggest-keywords' patch. */
  after: number;
  patch: KeywordsPatch;
  proposals: Pick<KeywordProposal, 'department' | 'lang' | 'keyword' | 'newlyCaptured'>[];
  /** Items the patch moved, and of those the ones it moved to the department the generator meant. */
  moved: number;
  movedToIntended: number;
}

export interface TopicsBenchResult {
  seed: number;
  items: number;
  days: number;
  zone: string;
  /** Real seconds the stream took through the pipeline, and in all. */
  pipelineSeconds: number;
  seconds: number;
  /** Entries per stored cell, by window. */
  capacity: Readonly<Record<'day' | 'week', number>>;
  emerging: EmergingFigures;
  /** The same days and summaries through the naive week-over-week rule (NAIVE_RULE): the baseline. */
  naive: Pick<EmergingFigures, 'firstFlaggedDay' | 'injectedByFirstFlag' | 'departmentWeeks' | 'falseFlagsPerDepartmentWeek'> & { falseFlags: number };
  /** Day cells of the injected department since injection, and those whose summary holds a key only the theme makes. */
  themeCells: { cells: number; withThemeKey: number };
  unassigned: UnassignedFigures;
  /** The stored items' topics tallied again exactly per cell and cut to each capacity (what recompute writes), through the same detector. */
  rebuilt: CapacityFigures[];
  /** Write units per item with and without topics (the pipeline bench's measure, cli/bench-write-units.ts). */
  writeUnits: WriteUnitsBench;
}

/** Entries per cell the rebuilt summaries are cut to, beside the deployed capacity. */
const REBUILT_CAPACITIES = [24, 50, 100];

const REQUEST_ITEMS = 100;
const CONCURRENT_REQUESTS = 4;

async function post(stack: LocalStack, stream: TopicStream, say: (line: string) => void): Promise<void> {
  const batches = Array.from({ length: Math.ceil(stream.items.length / REQUEST_ITEMS) }, (_, i) => stream.items.slice(i * REQUEST_ITEMS, (i + 1) * REQUEST_ITEMS).map((x) => x.item));
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONCURRENT_REQUESTS }, async () => {
      while (next < batches.length) {
        const items = batches[next++]!;
        const res = await fetch(`${stack.info.apiUrl}/v1/feedback`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': stack.info.keys.ingest }, body: JSON.stringify({ items }) });
        const body = (await res.json()) as { accepted?: unknown[] };
        if (res.status !== 202 || body.accepted?.length !== items.length) throw new Error(`POST /v1/feedback: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
        if (++done % 40 === 0) say(`  posted ${done * REQUEST_ITEMS}/${stream.items.length}`);
      }
    }),
  );
}

const isUnassigned = (departments: readonly { id: string }[]) => departments.every((d) => d.id === UNASSIGNED);

async function unassignedFigures(stream: TopicStream, stored: readonly ProcessedFeedback[], store: DynamoFeedbackStore, topics: DynamoTopicSummaries): Promise<UnassignedFigures> {
  const truthById = new Map<string, StreamTruth>(stream.items.map((x) => [x.item.externalId, x.truth]));
  const from = windowStart(new Date(`${stream.days[0]}T12:00:00Z`), 'week', stream.zone);
  const to = windowStart(new Date(`${addDays(stream.days.at(-1)!, 1)}T12:00:00Z`), 'day', stream.zone);
  const report = await suggestKeywords({ topics, items: store, config: DEFAULT_DEPARTMENTS, topicsOf: extractTopics }, { from, to, maxItems: 10_000 });
  const patched = applyKeywordsPatch(DEFAULT_DEPARTMENTS, report.patch);
  let before = 0;
  let after = 0;
  let moved = 0;
  let movedToIntended = 0;
  for (const item of stored) {
    if (!isUnassigned(item.departments)) continue;
    before++;
    const now = attributeDepartments({ text: item.text, lang: item.lang }, patched);
    if (isUnassigned(now)) {
      after++;
      continue;
    }
    moved++;
    const intended = truthById.get(item.source.externalId ?? '')?.belongsTo;
    if (intended && now.some((d) => d.id === intended)) movedToIntended++;
  }
  return {
    items: stored.length,
    before,
    after,
    patch: report.patch,
    proposals: report.proposals.map(({ department, lang, keyword, newlyCaptured }) => ({ department, lang, keyword, newlyCaptured })),
    moved,
    movedToIntended,
  };
}

export async function runTopicsBench(options: { seed?: number; progress?: (line: string) => void } = {}): Promise<TopicsBenchResult> {
  const say = options.progress ?? (() => undefined);
  const started = performance.now();
  const stream = topicStream({ seed: options.seed });
  // The stream is written for the default departments, in its own zone.
  delete process.env[ENV.departments];
  Object.assign(process.env, { [ENV.timeZone]: stream.zone, [ENV.mailLanguage]: 'en' });
  const dir = await mkdtemp(join(tmpdir(), 'cv-topics-bench-'));
  let result: Omit<TopicsBenchResult, 'writeUnits'>;
  const stack = await startLocalStack({ dataDir: dir, port: 0 });
  const sqs = new SQSClient(localClientConfig(stack.info.endpoints.sqs));
  const ddb = new DynamoDBClient(localClientConfig(stack.info.endpoints.dynamodb));
  try {
    await stack.clock.set(new Date(`${addDays(stream.days.at(-1)!, 1)}T08:00:00Z`));
    say(`topics: ${stream.items.length} items over ${stream.days.length} days through POST /v1/feedback → SQS → processor…`);
    const t0 = performance.now();
    await post(stack, stream, say);
    await drained(stack, sqs);
    const pipelineSeconds = Math.round((performance.now() - t0) / 100) / 10;
    const doc = documentClient(ddb);
    const tables = stack.info.resources.tables;
    const topics = new DynamoTopicSummaries(doc, { table: tables.aggregates, zone: stream.zone, shards: AGGREGATE_SHARDS });
    const store = new DynamoFeedbackStore(doc, { feedback: tables.feedback, aggregates: tables.aggregates });
    say('topics: the emerging detector at the end of each local day, per department…');
    const emerging = await emergingFigures(stream, topics, STREAM_DEPARTMENTS, EMERGING_DEFAULTS.day);
    const naive = await emergingFigures(stream, topics, STREAM_DEPARTMENTS, EMERGING_DEFAULTS.day, naiveWeekOverWeek);
    const keys = injectedKeys().distinctive;
    const since = windowStart(new Date(`${stream.injection.day}T12:00:00Z`), 'day', stream.zone);
    const cells = await topics.windows({ kind: 'dept', id: stream.injection.department }, 'day', since, new Date(`${addDays(stream.days.at(-1)!, 2)}T00:00:00Z`));
    say('topics: suggest-keywords on the unassigned items, and the share they leave…');
    const stored: ProcessedFeedback[] = [];
    for await (const item of store.scanItems()) stored.push(item);
    const unassigned = await unassignedFigures(stream, stored, store, topics);
    say('topics: the same items\' topics tallied again per cell at several capacities…');
    const rebuilt: CapacityFigures[] = [];
    for (const capacity of REBUILT_CAPACITIES) rebuilt.push(await figuresAtCapacity(stream, stored, capacity));
    result = {
      seed: stream.seed,
      items: stream.items.length,
      days: stream.days.length,
      zone: stream.zone,
      pipelineSeconds,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      capacity: TOPIC_CAPACITY,
      emerging,
      naive: {
        firstFlaggedDay: naive.firstFlaggedDay,
        injectedByFirstFlag: naive.injectedByFirstFlag,
        falseFlags: naive.falseFlags.length,
        departmentWeeks: naive.departmentWeeks,
        falseFlagsPerDepartmentWeek: naive.falseFlagsPerDepartmentWeek,
      },
      themeCells: { cells: cells.length, withThemeKey: cells.filter((c) => c.entries.some((e) => keys.has(e.key))).length },
      unassigned,
      rebuilt,
    };
  } finally {
    sqs.destroy();
    ddb.destroy();
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
  // After the stack stopped, on an embedded DynamoDB of its own: the pipeline bench's measure, reused.
  say('topics: write units per item with and without topics…');
  const writeUnits = await runWriteUnitsBench();
  return { ...result, writeUnits, seconds: Math.round((performance.now() - started) / 100) / 10 };
}
