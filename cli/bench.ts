import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { promisify } from 'node:util';
import { CreateTableCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { documentClient } from '../shared/adapters/dynamo-client';
import { ENV, FUNCTIONS, QUEUES, type FunctionName } from '../shared/resources';
import { createSentimentEngine } from '../shared/adapters/sentiment-engines';
import { buildApp } from '../infra/app';
import { functionBundles } from '../infra/assembly';
import { repoPath } from '../infra/paths';
import { measureRedactionThroughput, redactionFixtureTexts, type RedactionThroughput } from './bench-redaction';
import { costPerMillionItems, modelledUsage, SENTIMENT_ENGINES_PRICED, type CostLine } from '../shared/domain/cost-model';
import { PIPELINE_SHAPE } from './pipeline-shape';
import { DEFAULT_DEPARTMENTS } from '../shared/domain/departments/schema';
import { startLocalStack, type LocalStack } from './local/stack';
import { bundleEnvironment, coldImportScript } from './local/bundle-cold-import';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localClientConfig } from './local/local-aws';
import { BENCH_TEXTS, measureWriteUnits, sampleItem, WRITE_UNIT_BATCHES } from './bench-write-units';

/**
 * Alert latency: from the POST of the item that breaks a threshold to the alert email in the
 * outbox, over `runs` independent departments (each alert opens once per department).
 */
async function alertLatencies(stack: LocalStack, runs: number, say: (line: string) => void): Promise<number[]> {
  const latencies: number[] = [];
  for (let r = 0; r < runs; r++) {
    // 19 complaints stay under the minimum volume (20); the 20th breaks the threshold.
    const items = Array.from({ length: 20 }, (_, i) => ({ text: `Service inadmissible, je suis furieux (${r}-${i})`, externalId: `a-${r}-${i}`, department: `bench-${r}` }));
    const post = (batch: unknown[]) =>
      fetch(`${stack.info.apiUrl}/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': stack.info.keys.ingest },
        body: JSON.stringify({ items: batch }),
      });
    await post(items.slice(0, 19));
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const before = (await readdir(stack.info.outboxDir)).length;
    const t0 = performance.now();
    await post(items.slice(19));
    for (;;) {
      if ((await readdir(stack.info.outboxDir)).length > before) break;
      if (performance.now() - t0 > 30_000) throw new Error(`no alert email for run ${r} within 30 s`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    latencies.push(performance.now() - t0);
    say(`  alert ${r + 1}/${runs}: ${Math.round(latencies.at(-1)!)} ms`);
  }
  return latencies;
}

/** The default departments plus one per alert run, so each run opens its own alert. */
function benchDepartments(runs: number): string {
  const extra = Array.from({ length: runs }, (_, i) => ({ id: `bench-${i}`, names: { en: `Bench ${i}`, fr: `Bench ${i}` } }));
  return JSON.stringify({ ...DEFAULT_DEPARTMENTS, departments: [...DEFAULT_DEPARTMENTS.departments, ...extra] });
}

const ALERT_RUNS = 20;

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!);
};

export interface BenchResult {
  items: number;
  storeWritesPerSec: number;
  pipelineItemsPerSec: number;
  ratio: number;
  wcuPerItem: number;
  /** Write units per item in full batches of `wcuBatchSize` (the ingest event source's batch size). */
  wcuPerItemByDepartments: Record<string, number>;
  wcuBatchSize: number;
  /** The same items in batches of 10: what a quiet period costs, when the batching window closes on a partial batch. */
  wcuPerItemInBatchesOf10: Record<string, number>;
  /** The same batches without the topic summaries (the baseline), and what the topics add (issue #20: mixed ≤ 1.0). */
  wcuPerItemWithoutTopics: Record<string, number>;
  topicWcuExtraPerItem: Record<string, number>;
  topicWcuExtraInBatchesOf10: Record<string, number>;
  /** Of the full batches' units: the attributed-items cells (the overview's distinct totals) and the interface-partners rows. */
  wcuPerItemForAttributedTotals: Record<string, number>;
  wcuPerItemForPartners: Record<string, number>;
  /** Read units the functions consumed while the N items went through (ingest, processing, alert evaluation), per item. */
  rcuPerItem: number;
  /** SQS API requests the pipeline made per item (sends, receives that got messages, deletes), counted at the local SQS endpoint. */
  sqsRequestsPerItem: number;
  /** Every SQS request of the pipeline run by action, idle long polls (`ReceiveMessage:empty`) included. */
  sqsRequestsByAction: Record<string, number>;
  /** Size of each function's synthesized bundle (index.mjs, without its source map). */
  bundleKb: Record<FunctionName, number>;
  /** Module init of each bundle imported cold in a fresh Node process (median of INIT_RUNS). */
  initMs: Record<FunctionName, number>;
  alertP50Ms: number;
  alertP95Ms: number;
  alertRuns: number;
  /** The embedded engine on one core, in batches of 10 as the processor calls it. */
  embeddedDocsPerSec: number;
  /** Redaction of the PII fixture's messages on one core, beside a baseline measured in the same run. */
  redaction: RedactionThroughput;
  /** USD per million items by sentiment engine (list prices dated in shared/domain/cost-model.ts). */
  costPerMillionUsd: Record<string, number>;
  costBreakdown: CostLine[];
}

const execFileAsync = promisify(execFile);
const INIT_RUNS = 3;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Requests per item, leaving out the idle consumers' empty long polls: those cost per hour, not per item. */
export function sqsRequestsPerItem(byAction: Record<string, number>, items: number): number {
  const total = Object.entries(byAction).reduce((sum, [action, n]) => (action.includes(':') ? sum : sum + n), 0);
  return round((total - (byAction['ReceiveMessage:empty'] ?? 0)) / items, 3);
}

/** What happened between two snapshots of per-action counters. */
export function countsSince(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(after).map(([k, v]) => [k, v - (before[k] ?? 0)]).filter(([, v]) => (v as number) > 0));
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * Synthesizes the app once (esbuild, exactly as `cdk synth`) and measures each bundle: its size,
 * and its module init, imported cold in a fresh Node process with the environment its template
 * gives it, as Lambda's init phase does.
 */
export async function measureBundles(say: (line: string) => void): Promise<{ bundleKb: Record<FunctionName, number>; initMs: Record<FunctionName, number> }> {
  const outdir = await mkdtemp(join(tmpdir(), 'cv-bench-assembly-'));
  try {
    say('bundles: cdk synth (esbuild)…');
    const { app } = buildApp({ outdir, context: { sentimentEngine: 'embedded' } });
    const bundles = functionBundles(app.synth().directory);
    const bundleKb = {} as Record<FunctionName, number>;
    const initMs = {} as Record<FunctionName, number>;
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const bundle = bundles[name];
      bundleKb[name] = round(statSync(bundle.file).size / 1024, 1);
      const env = bundleEnvironment(bundle);
      const script = coldImportScript(bundle.file);
      const runs: number[] = [];
      for (let i = 0; i < INIT_RUNS; i++) {
        const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', script], { env, timeout: 30_000 });
        runs.push((JSON.parse(stdout) as { initMs: number }).initMs);
      }
      initMs[name] = Math.round(median(runs));
      say(`  ${name}: ${bundleKb[name]} KB, init ${initMs[name]} ms`);
    }
    return { bundleKb, initMs };
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

/** The embedded engine's throughput on the labelled fixture, warm, in batches of 10 (the SQS batch size). */
export async function measureEmbeddedDocsPerSec(minMs = 1000): Promise<number> {
  const lines = (await readFile(repoPath('test/fixtures/customer-feedback.jsonl'), 'utf8')).split('\n').filter((l) => l.trim());
  const inputs = lines.map((l) => JSON.parse(l) as { text: string; lang: string }).map(({ text, lang }) => ({ text, lang }));
  const engine = createSentimentEngine('embedded');
  const pass = async () => {
    for (let i = 0; i < inputs.length; i += 10) await engine.classify(inputs.slice(i, i + 10));
  };
  await pass();
  let documents = 0;
  const started = performance.now();
  do {
    await pass();
    documents += inputs.length;
  } while (performance.now() - started < minMs);
  return Math.round(documents / ((performance.now() - started) / 1000));
}

/** A one-line progress bar on a terminal; a line per tenth elsewhere (logs, CI). */
function progressBar(write: (line: string) => void, label: string, total: number) {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  return (done: number) => {
    const share = Math.min(1, done / total);
    if (tty) {
      const width = 30;
      const filled = Math.round(share * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}${share >= 1 ? '\n' : ''}`);
    } else if (Math.floor(share * 10) > lastTenth) {
      lastTenth = Math.floor(share * 10);
      write(`${label} ${done}/${total}`);
    }
  };
}

/**
 * Comprehend usage as `customer-voice eval --engine hybrid --data dev.jsonl` measures it with its
 * real batching: 4,919 billed units for 1,600 documents, 15.0 % routed at the chosen threshold.
 */
const EVAL_COMPREHEND_UNITS_PER_DOCUMENT = 4919 / 1600;
const EVAL_HYBRID_SHARE = 0.15;


async function inParallel<T>(tasks: (() => Promise<T>)[], concurrency: number): Promise<T[]> {
  const out: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < tasks.length) {
        const i = next++;
        out[i] = await tasks[i]!();
      }
    }),
  );
  return out;
}

/**
 * Side by side in one run: the embedded DynamoDB's raw single-item PutItem rate (the local
 * ceiling) and the pipeline's end-to-end rate (POST → stored and aggregated), plus the
 * DynamoDB write units an item costs, as DynamoDB reports them (ReturnConsumedCapacity).
 */
export async function runBench(options: { items: number; progress?: (line: string) => void }): Promise<BenchResult> {
  const say = options.progress ?? (() => undefined);
  const dir = await mkdtemp(join(tmpdir(), 'cv-bench-'));
  process.env[ENV.departments] ??= benchDepartments(ALERT_RUNS);
  const stack = await startLocalStack({ dataDir: dir, port: 0, meterDynamoReads: true });
  let measured: Omit<BenchResult, 'bundleKb' | 'initMs' | 'embeddedDocsPerSec' | 'redaction' | 'costPerMillionUsd' | 'costBreakdown'>;
  try {
    const ddb = new DynamoDBClient(localClientConfig(stack.info.endpoints.dynamodb));
    const doc = documentClient(ddb);
    const n = options.items;

    // Baseline: single-item PutItem of items of the same shape into a scratch table.
    await ddb.send(new CreateTableCommand({
      TableName: 'bench-raw', BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
    }));
    say(`baseline: ${n} PutItem…`);
    let t0 = performance.now();
    await inParallel(Array.from({ length: n }, (_, i) => () => doc.send(new PutCommand({ TableName: 'bench-raw', Item: { pk: `FB#${i}`, ...sampleItem(i, ['billing']) } }))), 16);
    const storeWritesPerSec = n / ((performance.now() - t0) / 1000);

    // Write units per item, for batches as the ingest event source delivers them under load
    // (QUEUES.ingest.batchSize), and for batches of 10 (a quiet hour: the batching window
    // closes before the batch fills); with the topic summaries and, beside, without them.
    const unitsIn = (batchSize: number, batches: number) =>
      measureWriteUnits(doc, { feedback: 'bench-raw', partners: stack.info.resources.tables.feedback, aggregates: stack.info.resources.tables.aggregates, zone: 'Europe/Paris', batchSize, batches });
    const full = await unitsIn(QUEUES.ingest.batchSize, WRITE_UNIT_BATCHES.full);
    const small = await unitsIn(10, WRITE_UNIT_BATCHES.of10);
    const wcuPerItemByDepartments = full.withTopics;
    const wcuPerItemInBatchesOf10 = small.withTopics;

    // Pipeline: POST in requests of 100 items, until every item is stored and aggregated.
    say(`pipeline: ${n} items through POST /v1/feedback → SQS → processor…`);
    const requests = Array.from({ length: Math.ceil(n / 100) }, (_, r) => () =>
      fetch(`${stack.info.apiUrl}/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': stack.info.keys.ingest },
        body: JSON.stringify({
          items: Array.from({ length: Math.min(100, n - r * 100) }, (_, i) => ({ text: `${BENCH_TEXTS[(r + i) % BENCH_TEXTS.length]} #${r * 100 + i}`, externalId: `bench-${r}-${i}` })),
        }),
      }).then((res) => {
        if (res.status !== 202) throw new Error(`POST answered ${res.status}`);
      }),
    );
    const sqsBefore = stack.sqsRequestCounts();
    const readUnitsBefore = stack.dynamoMeter!.readUnits();
    const bar = options.progress ? progressBar(say, '  stored', n) : () => undefined;
    t0 = performance.now();
    await inParallel(requests, 4);
    for (;;) {
      // Items only: the table also holds the read API's index rows.
      const itemsOnly = { FilterExpression: 'begins_with(pk, :item)', ExpressionAttributeValues: { ':item': { S: 'FB#' } } };
      const out = await ddb.send(new ScanCommand({ TableName: stack.info.resources.tables.feedback, Select: 'COUNT', ...itemsOnly }));
      let count = out.Count ?? 0;
      let key = out.LastEvaluatedKey;
      while (key) {
        const page = await ddb.send(new ScanCommand({ TableName: stack.info.resources.tables.feedback, Select: 'COUNT', ...itemsOnly, ExclusiveStartKey: key }));
        count += page.Count ?? 0;
        key = page.LastEvaluatedKey;
      }
      bar(count);
      if (count >= n && stack.idle()) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    const pipelineItemsPerSec = n / ((performance.now() - t0) / 1000);
    ddb.destroy();
    // The alert evaluations these items caused run after them: let the alerts queue drain (no
    // request but idle long polls for 3 s) before reading the SQS and read-unit counters.
    let settled = 0;
    let last = JSON.stringify(countsSince(sqsBefore, stack.sqsRequestCounts()));
    while (settled < 3) {
      await new Promise((r) => setTimeout(r, 1000));
      const now = countsSince(sqsBefore, stack.sqsRequestCounts());
      const busy = JSON.stringify({ ...now, ReceiveMessage: 0, 'ReceiveMessage:empty': 0 });
      settled = busy === last && stack.idle() ? settled + 1 : 0;
      last = busy;
    }
    const sqsRequestsByAction = countsSince(sqsBefore, stack.sqsRequestCounts());
    const rcuPerItem = round((stack.dynamoMeter!.readUnits() - readUnitsBefore) / n, 3);
    const wcu = Object.values(wcuPerItemByDepartments);
    say(`alert latency: ${ALERT_RUNS} departments, POST of the breaking item → .eml in the outbox…`);
    const latencies = await alertLatencies(stack, ALERT_RUNS, say);
    measured = {
      alertP50Ms: percentile(latencies, 50),
      alertP95Ms: percentile(latencies, 95),
      alertRuns: latencies.length,
      items: n,
      storeWritesPerSec: Math.round(storeWritesPerSec),
      pipelineItemsPerSec: Math.round(pipelineItemsPerSec),
      ratio: Math.round((pipelineItemsPerSec / storeWritesPerSec) * 1000) / 1000,
      wcuPerItem: wcu.reduce((a, b) => a + b, 0) / wcu.length,
      wcuPerItemByDepartments,
      wcuBatchSize: QUEUES.ingest.batchSize,
      wcuPerItemInBatchesOf10,
      wcuPerItemWithoutTopics: full.withoutTopics,
      topicWcuExtraPerItem: full.topicsExtra,
      topicWcuExtraInBatchesOf10: small.topicsExtra,
      wcuPerItemForAttributedTotals: full.attributed,
      wcuPerItemForPartners: full.partners,
      rcuPerItem,
      sqsRequestsPerItem: sqsRequestsPerItem(sqsRequestsByAction, n),
      sqsRequestsByAction,
    };
  } finally {
    await stack.stop();
    await rm(dir, { recursive: true, force: true });
  }
  // After the stack stopped: neither competes with the pipeline for the two cores.
  say('embedded sentiment engine: docs/s…');
  const embeddedDocsPerSec = await measureEmbeddedDocsPerSec();
  say('redaction: msgs/s…');
  const redaction = measureRedactionThroughput(await redactionFixtureTexts());
  const { bundleKb, initMs } = await measureBundles(say);
  const usage = modelledUsage({
    dynamoWriteUnits: Math.max(...Object.values(measured.wcuPerItemByDepartments)),
    dynamoReadUnits: measured.rcuPerItem,
    sqsRequests: measured.sqsRequestsPerItem,
    comprehendUnitsPerDocument: EVAL_COMPREHEND_UNITS_PER_DOCUMENT,
    hybridShare: EVAL_HYBRID_SHARE,
  }, PIPELINE_SHAPE);
  const costBreakdown = SENTIMENT_ENGINES_PRICED.map((engine) => costPerMillionItems(usage, engine));
  return {
    ...measured,
    bundleKb,
    initMs,
    embeddedDocsPerSec,
    redaction,
    costPerMillionUsd: Object.fromEntries(costBreakdown.map((c) => [c.engine, c.usdPerMillion])),
    costBreakdown,
  };
}
