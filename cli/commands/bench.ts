import { parseArgs } from 'node:util';
import { PRICES } from '../../shared/domain/cost-model';
import type { BenchResult } from '../bench';
import { formatRedactionThroughput } from '../bench-redaction';
import { UsageError, type Command } from './command';

/** The pipeline bench's result as the lines a terminal shows (--json prints the object instead). */
function formatBenchResult(result: BenchResult): string {
  const fns = Object.keys(result.bundleKb) as (keyof typeof result.bundleKb)[];
  return (
    [
      `items                          ${result.items}`,
      `embedded DynamoDB PutItem/s    ${result.storeWritesPerSec}   (baseline: the local ceiling)`,
      `pipeline items/s (POST→stored) ${result.pipelineItemsPerSec}`,
      `ratio                          ${result.ratio}`,
      ...Object.entries(result.wcuPerItemByDepartments).map(
        ([k, v]) =>
          `DynamoDB write units per item, ${k.padEnd(14)} ${v}   (batches of ${result.wcuBatchSize}; ${result.wcuPerItemInBatchesOf10[k]} in batches of 10; ` +
          `of which attributed-items totals ${result.wcuPerItemForAttributedTotals[k]}, interface partners ${result.wcuPerItemForPartners[k]})`,
      ),
      ...Object.entries(result.topicWcuExtraPerItem).map(
        ([k, v]) =>
          `  of which topic summaries, ${k.padEnd(14)} +${v}   (baseline without topics ${result.wcuPerItemWithoutTopics[k]}; +${result.topicWcuExtraInBatchesOf10[k]} in batches of 10)`,
      ),
      `DynamoDB read units per item   ${result.rcuPerItem}   (measured on the functions' reads)`,
      `SQS requests per item          ${result.sqsRequestsPerItem}   (${Object.entries(result.sqsRequestsByAction).map(([k, v]) => `${k} ${v}`).join(', ')})`,
      `alert latency (POST → .eml), ${result.alertRuns} runs  p50 ${result.alertP50Ms} ms, p95 ${result.alertP95Ms} ms`,
      `embedded sentiment engine      ${result.embeddedDocsPerSec} docs/s (one core, batches of 10)`,
      formatRedactionThroughput(result.redaction),
      `function          bundle KB   init ms (cold import, median of 3)`,
      ...fns.map((f) => `  ${f.padEnd(16)} ${String(result.bundleKb[f]).padStart(9)}   ${String(result.initMs[f]).padStart(7)}`),
      `USD per million items (list prices ${PRICES.dated}, ${PRICES.region}):`,
      ...result.costBreakdown.map(
        (c) => `  ${c.engine.padEnd(11)} ${c.usdPerMillion.toFixed(2).padStart(8)}   ${Object.entries(c.breakdown).map(([k, v]) => `${k} ${v}`).join(', ')}`,
      ),
    ].join('\n') + '\n'
  );
}

async function benchExports(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { rows: { type: 'string', default: '100000' }, 'chunk-rows': { type: 'string' }, json: { type: 'boolean', default: false } } });
  const rows = Number(values.rows);
  const chunkRows = values['chunk-rows'] ? Number(values['chunk-rows']) : undefined;
  if (!Number.isInteger(rows) || rows < 1) throw new UsageError('--rows must be a positive integer');
  if (chunkRows !== undefined && (!Number.isInteger(chunkRows) || chunkRows < 1)) throw new UsageError('--chunk-rows must be a positive integer');
  const { runExportBench } = await import('../bench-exports');
  const result = await runExportBench({ rows, chunkRows, progress: values.json ? undefined : (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`${JSON.stringify(result, null, values.json ? undefined : 2)}\n`);
}

/** A seeded replay through a local stack: `--seed N` (default `defaultSeed`), `--json` for the object, progress on stderr otherwise. */
async function seededReplay<R>(
  args: string[],
  defaultSeed: number,
  load: () => Promise<{ run: (o: { seed: number; progress?: (line: string) => void }) => Promise<R>; format: (result: R) => string }>,
): Promise<void> {
  const { values } = parseArgs({ args, options: { seed: { type: 'string', default: String(defaultSeed) }, json: { type: 'boolean', default: false } } });
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError('--seed must be a non-negative integer');
  const { run, format } = await load();
  const result = await run({ seed, progress: values.json ? undefined : (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : format(result));
}

const benchAlerts = (args: string[]) =>
  seededReplay(args, 15, async () => ({ run: (await import('../bench/alerts/replay')).runAlertReplay, format: (await import('../bench/alerts/report')).formatAlertReplay }));

const benchTopics = (args: string[]) =>
  seededReplay(args, 20, async () => ({ run: (await import('../bench/topics/replay')).runTopicsBench, format: (await import('../bench/topics/report')).formatTopicsBench }));

async function benchRedaction(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { seconds: { type: 'string', default: '1.5' }, json: { type: 'boolean', default: false } } });
  const seconds = Number(values.seconds);
  if (!(seconds > 0 && seconds <= 600)) throw new UsageError('--seconds must be a number of seconds between 0 and 600');
  const { measureRedactionThroughput, redactionFixtureTexts } = await import('../bench-redaction');
  const result = measureRedactionThroughput(await redactionFixtureTexts(), seconds * 1000);
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${formatRedactionThroughput(result)}\n`);
}

async function benchDashboard(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { departments: { type: 'string', default: '20' }, days: { type: 'string', default: '365' }, calls: { type: 'string', default: '40' }, json: { type: 'boolean', default: false } },
  });
  const [departments, days, calls] = [Number(values.departments), Number(values.days), Number(values.calls)];
  if (!Number.isInteger(departments) || departments < 2 || departments > 200) throw new UsageError('--departments must be an integer from 2 to 200');
  if (!Number.isInteger(days) || days < 31 || days > 1_500) throw new UsageError('--days must be an integer from 31 to 1500');
  if (!Number.isInteger(calls) || calls < 5 || calls > 10_000) throw new UsageError('--calls must be an integer from 5 to 10000');
  const { runDashboardBench, formatDashboardBench } = await import('../bench-dashboard');
  const result = await runDashboardBench({ departments, days, calls, progress: values.json ? undefined : (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : formatDashboardBench(result));
}

async function benchDashboardPage(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { runs: { type: 'string', default: '10' }, json: { type: 'boolean', default: false } } });
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 200) throw new UsageError('--runs must be an integer from 1 to 200');
  const { runDashboardPageBench, formatDashboardPageBench } = await import('../bench-dashboard-page');
  const result = await runDashboardPageBench({ runs, log: values.json ? undefined : (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${formatDashboardPageBench(result)}\n`);
}

async function benchWriteUnits(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { json: { type: 'boolean', default: false } } });
  const { runWriteUnitsBench, formatWriteUnitsBench } = await import('../bench-write-units');
  const result = await runWriteUnitsBench();
  process.stdout.write(values.json ? `${JSON.stringify(result)}\n` : `${formatWriteUnitsBench(result)}\n`);
}

async function benchPipeline(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, options: { items: { type: 'string', default: '5000' }, json: { type: 'boolean', default: false } } });
  const items = Number(values.items);
  if (!Number.isInteger(items) || items < 10) throw new UsageError('--items must be an integer ≥ 10');
  const { runBench } = await import('../bench');
  const result = await runBench({ items, progress: values.json ? undefined : (l) => process.stderr.write(`${l}\n`) });
  if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  else process.stdout.write(formatBenchResult(result));
}

export const bench: Command = {
  usage: `  bench [--items N] [--json]  measure the local pipeline (default 5000 items) against the embedded store's raw write rate
  bench exports [--rows N] [--chunk-rows N] [--json]
                              an N-row CSV (default 100,000) through presigned upload and chunked reading:
                              rows/s, chunks, and the export function's peak memory in its own process
  bench alerts [--seed N] [--json]
                              replay 30 days of calendar (local clock) through the alert evaluator: emails,
                              recoveries and false recoveries per incident, p95 seconds POST → email
  bench topics [--seed N] [--json]
                              eight weeks of FR/EN feedback with a theme injected at 3 % of one department through
                              the local pipeline: the day it is flagged emerging against the day it reaches 15
                              items, false flags per department-week, unassigned share before/after suggest-keywords
  bench redaction [--seconds S] [--json]
                              redaction of the PII fixture's messages, msgs/s on one core, beside the same
                              redaction without the name detectors, interleaved in the same run (also in bench)
  bench write-units [--json]  DynamoDB write units per item, one department and mixed, in batches of 100 and of 10,
                              with the topic summaries and without them, in the same run (also in bench)
  bench dashboard-page [--runs N] [--json]
                              the overview page in Chromium on a local stack with 20 departments and a year of
                              daily aggregates: ms from the sign-in link, and from a reload, to every row shown
  bench dashboard [--departments N] [--days N] [--calls N] [--json]
                              the dashboard API on N departments (default 20) and a year of daily aggregates in
                              DynamoDB Local: p50/p95 per route through the real handler, read units per call
                              for a week, a month and a year of range`,
  async run(args) {
    if (args[0] === 'exports') return benchExports(args.slice(1));
    if (args[0] === 'alerts') return benchAlerts(args.slice(1));
    if (args[0] === 'topics') return benchTopics(args.slice(1));
    if (args[0] === 'redaction') return benchRedaction(args.slice(1));
    if (args[0] === 'dashboard') return benchDashboard(args.slice(1));
    if (args[0] === 'dashboard-page') return benchDashboardPage(args.slice(1));
    if (args[0] === 'write-units') return benchWriteUnits(args.slice(1));
    return benchPipeline(args);
  },
};
