import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { documentClient, DynamoAggregateReader, DynamoAggregateRewriter, DynamoControlStore, DynamoFeedbackStore } from '../shared/adapters/dynamo-stores';
import { attributorFor } from '../shared/app/attribute';
import { recompute } from '../shared/app/recompute';
import { loadDepartmentsConfig } from '../shared/config/departments-source';
import { generateApiKey, hashApiKey, looksLikeApiKey } from '../shared/domain/api-keys';
import type { ScoresResponse } from '../shared/app/read-scores';
import { PRICES } from '../shared/domain/cost-model';
import { API_ROLES, type ApiRole } from '../shared/ports/stores';
import { AGGREGATE_SHARDS, ENV, FUNCTIONS } from '../shared/resources';
import { localClientConfig, localFunctionEnvironment } from './local/local-aws';
import { startLocalStack, type StackInfo } from './local/stack';

const USAGE = `customer-voice <command>

  dev                         run the whole pipeline locally (embedded DynamoDB, SQS, S3, SES outbox)
  send <file.json>            POST a feedback item or { "items": [...] } to the ingestion API
  scores --department <id> [--granularity hour|day|week] [--from ISO] [--to ISO] [--json]
  classify [--config FILE] [--engine NAME]
                              JSONL items on stdin → one JSON line each: lang, sentiment, departments and
                              journeys with their reasons (a dry run of a department configuration)
  recompute [--from ISO] [--to ISO] [--config FILE] [--dry-run]
                              re-attribute stored items with the current configuration, rebuild the
                              aggregates from them and report the drift (pause ingestion first)
  redact [--lang fr|en] [--types EMAIL,PHONE,…] [--redact-orders] [--json] [--comprehend]
                              text lines on stdin → the same lines with personal data replaced ([EMAIL], [PHONE]…)
  erase --customer <email|handle>
                              erase a customer's data (GDPR): their items stay as anonymous counts; prints the receipt
  replay-dlq [--max N] [--dry-run]
                              move dead letters back to the ingest queue (after fixing their cause)
  keys create --role ingest|read|admin --source <name> | keys list | keys disable <key or id>
                              create an API key (printed once; only its hash is stored), list keys, disable one:
                              rotate without downtime by creating the new key, rolling it out, then disabling the old.
                              Deployed: set CONTROL_TABLE_NAME (stack output) and AWS credentials.
  eval --engine <embedded|lexicon|comprehend|hybrid|peer:NAME|all> --data FILE.jsonl [--json]
                              accuracy, macro-F1, per-class F1, confusion matrix and docs/s on labelled JSONL
  ingest email <file.eml…>    put emails in the local inbound bucket and run the email function on the S3 event SES would cause
  ingest export --profile <name> [--option key=value…] [--format csv|json|jsonl] [--no-wait] <file>
                              upload a contact-centre export through a presigned URL (up to 5 GB) and follow its job
                              until every chunk is read; prints { jobId, rows, accepted, rejected: [{ row, error }] }
  digest --now [--week ISO]   send the weekly progress digest now (the week holding yesterday, or --week's)
  bench [--items N] [--json]  measure the local pipeline (default 5000 items) against the embedded store's raw write rate
  bench exports [--rows N] [--chunk-rows N] [--json]
                              an N-row CSV (default 100,000) through presigned upload and chunked reading:
                              rows/s, chunks, and the export function's peak memory in its own process
  help                        this text

Environment: CV_DATA_DIR (default .local), PORT (default 8787).
Against a deployed stack: CV_API_URL and CV_API_KEY instead of the local stack.json.`;

class UsageError extends Error {}

const dataDir = () => resolve(process.env.CV_DATA_DIR ?? '.local');

async function target(role: ApiRole): Promise<{ apiUrl: string; key: string }> {
  if (process.env.CV_API_URL && process.env.CV_API_KEY) return { apiUrl: process.env.CV_API_URL, key: process.env.CV_API_KEY };
  const info = await localStackInfo();
  return { apiUrl: info.apiUrl, key: info.keys[role] };
}

async function printResponse(res: Response): Promise<void> {
  const text = await res.text();
  process.stdout.write(`${text}\n`);
  if (!res.ok) process.exitCode = 1;
}

/** The windows that have feedback, as a table an officer can read in a terminal. */
function formatScores(r: ScoresResponse): string {
  const rows = r.series.filter((w) => w.count > 0);
  const show = (v: number | null, suffix = '') => (v === null ? '—' : `${v}${suffix}`);
  const lines = [
    `${r.department} · ${r.granularity} · ${r.from} → ${r.to}`,
    ['window'.padEnd(24), 'count', '  pos', '  neu', '  neg', '  mix', ' index', ' neg%', '   NPS', '  CSAT', '  CES'].join(' '),
    ...rows.map((w) =>
      [
        w.window.padEnd(24),
        String(w.count).padStart(5),
        ...[w.positive, w.neutral, w.negative, w.mixed].map((n) => String(n).padStart(5)),
        show(w.sentimentIndex).padStart(6),
        show(w.negativeShare === null ? null : Math.round(w.negativeShare * 100)).padStart(5),
        show(w.nps).padStart(6),
        show(w.csat).padStart(6),
        show(w.ces).padStart(5),
      ].join(' '),
    ),
  ];
  if (rows.length === 0) lines.push('(no feedback in this range)');
  return `${lines.join('\n')}\n`;
}

function portFromEnv(): number {
  const raw = process.env.PORT?.trim() || '8787';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) throw new UsageError(`PORT must be a port number (0 picks a free one), not "${process.env.PORT}"`);
  return port;
}

async function dev(): Promise<void> {
  const stack = await startLocalStack({
    dataDir: dataDir(),
    port: portFromEnv(),
    log: (line) => process.stderr.write(`[customer-voice] ${line}\n`),
  });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[customer-voice] ${signal}: stopping\n`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.stdout.write(`customer-voice ready at ${stack.info.apiUrl}\n`);
}

/** The ingest queue and its DLQ: from INGEST_QUEUE_URL / INGEST_DLQ_URL (deployed) or the local stack.json. */
async function queuesTarget(): Promise<{ sqs: SQSClient; dlqUrl: string; targetUrl: string }> {
  const targetUrl = process.env[ENV.ingestQueueUrl];
  const dlqUrl = process.env[ENV.ingestDlqUrl];
  if (targetUrl && dlqUrl) return { sqs: new SQSClient({}), targetUrl, dlqUrl };
  const info = await localStackInfo();
  return {
    sqs: new SQSClient(localClientConfig(info.endpoints.sqs)),
    targetUrl: info.resources.queues.ingest.url,
    dlqUrl: info.resources.queues.ingest.dlqUrl,
  };
}

/** Lets a function's own handler, imported into this process, use the local stack's resources. */
function pointAtLocalStack(info: StackInfo): void {
  Object.assign(process.env, localFunctionEnvironment(info), { POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN' });
}

async function localStackInfo(): Promise<StackInfo> {
  try {
    return JSON.parse(await readFile(join(dataDir(), 'stack.json'), 'utf8')) as StackInfo;
  } catch {
    throw new UsageError(`No local stack found in ${dataDir()}: run "npm start" first, or set the deployed stack's variables (see "customer-voice help").`);
  }
}

function isoDate(value: string, flag: string): Date {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw new UsageError(`${flag} must be an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z`);
  return d;
}

/** The tables: from FEEDBACK_TABLE_NAME / AGGREGATES_TABLE_NAME (deployed) or the local stack.json. */
async function tablesTarget() {
  const feedback = process.env[ENV.feedbackTable];
  const aggregates = process.env[ENV.aggregatesTable];
  let client: DynamoDBClient;
  let tables: { feedback: string; aggregates: string };
  if (feedback && aggregates) {
    client = new DynamoDBClient({});
    tables = { feedback, aggregates };
  } else {
    const info = await localStackInfo();
    client = new DynamoDBClient(localClientConfig(info.endpoints.dynamodb));
    tables = info.resources.tables;
  }
  return { doc: documentClient(client), tables, destroy: () => client.destroy() };
}

/** The control table: from CONTROL_TABLE_NAME (deployed, with AWS credentials) or the local stack.json. */
async function controlTarget(): Promise<{ control: DynamoControlStore; destroy: () => void }> {
  let table = process.env[ENV.controlTable];
  let client: DynamoDBClient;
  if (table) client = new DynamoDBClient({});
  else {
    const info = await localStackInfo();
    table = info.resources.tables.control;
    client = new DynamoDBClient(localClientConfig(info.endpoints.dynamodb));
  }
  return { control: new DynamoControlStore(documentClient(client), table), destroy: () => client.destroy() };
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'dev':
      return dev();
    case 'send': {
      const file = rest[0];
      if (!file) throw new UsageError('send needs a JSON file: customer-voice send feedback.json');
      const { apiUrl, key } = await target('ingest');
      const res = await fetch(`${apiUrl}/v1/feedback`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: await readFile(file),
      });
      return printResponse(res);
    }
    case 'scores': {
      const { values } = parseArgs({
        args: rest,
        options: {
          department: { type: 'string' },
          granularity: { type: 'string' },
          from: { type: 'string' },
          to: { type: 'string' },
          json: { type: 'boolean', default: false },
        },
      });
      if (!values.department) throw new UsageError('scores needs --department <id> (GET /v1/departments lists them)');
      const { apiUrl, key } = await target('read');
      const { json, ...params } = values;
      const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string'));
      const res = await fetch(`${apiUrl}/v1/scores?${query}`, { headers: { 'x-api-key': key } });
      if (json || !res.ok) return printResponse(res);
      process.stdout.write(formatScores((await res.json()) as ScoresResponse));
      return;
    }
    case 'bench': {
      if (rest[0] === 'exports') {
        const { values } = parseArgs({ args: rest.slice(1), options: { rows: { type: 'string', default: '100000' }, 'chunk-rows': { type: 'string' }, json: { type: 'boolean', default: false } } });
        const rows = Number(values.rows);
        const chunkRows = values['chunk-rows'] ? Number(values['chunk-rows']) : undefined;
        if (!Number.isInteger(rows) || rows < 1) throw new UsageError('--rows must be a positive integer');
        if (chunkRows !== undefined && (!Number.isInteger(chunkRows) || chunkRows < 1)) throw new UsageError('--chunk-rows must be a positive integer');
        const { runExportBench } = await import('./bench-exports');
        const result = await runExportBench({ rows, chunkRows, progress: values.json ? undefined : (l) => process.stderr.write(`${l}\n`) });
        process.stdout.write(`${JSON.stringify(result, null, values.json ? undefined : 2)}\n`);
        return;
      }
      const { values } = parseArgs({ args: rest, options: { items: { type: 'string', default: '5000' }, json: { type: 'boolean', default: false } } });
      const items = Number(values.items);
      if (!Number.isInteger(items) || items < 10) throw new UsageError('--items must be an integer ≥ 10');
      const { runBench } = await import('./bench');
      const result = await runBench({ items, progress: values.json ? undefined : (l) => process.stderr.write(`${l}\n`) });
      if (values.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        const fns = Object.keys(result.bundleKb) as (keyof typeof result.bundleKb)[];
        process.stdout.write(
          [
            `items                          ${result.items}`,
            `embedded DynamoDB PutItem/s    ${result.storeWritesPerSec}   (baseline: the local ceiling)`,
            `pipeline items/s (POST→stored) ${result.pipelineItemsPerSec}`,
            `ratio                          ${result.ratio}`,
            ...Object.entries(result.wcuPerItemByDepartments).map(
              ([k, v]) => `DynamoDB write units per item, ${k.padEnd(14)} ${v}   (batches of ${result.wcuBatchSize}; ${result.wcuPerItemInBatchesOf10[k]} in batches of 10)`,
            ),
            `DynamoDB read units per item   ${result.rcuPerItem}   (measured on the functions' reads)`,
            `SQS requests per item          ${result.sqsRequestsPerItem}   (${Object.entries(result.sqsRequestsByAction).map(([k, v]) => `${k} ${v}`).join(', ')})`,
            `alert latency (POST → .eml), ${result.alertRuns} runs  p50 ${result.alertP50Ms} ms, p95 ${result.alertP95Ms} ms`,
            `embedded sentiment engine      ${result.embeddedDocsPerSec} docs/s (one core, batches of 10)`,
            `function          bundle KB   init ms (cold import, median of 3)`,
            ...fns.map((f) => `  ${f.padEnd(16)} ${String(result.bundleKb[f]).padStart(9)}   ${String(result.initMs[f]).padStart(7)}`),
            `USD per million items (list prices ${PRICES.dated}, ${PRICES.region}):`,
            ...result.costBreakdown.map(
              (c) => `  ${c.engine.padEnd(11)} ${c.usdPerMillion.toFixed(2).padStart(8)}   ${Object.entries(c.breakdown).map(([k, v]) => `${k} ${v}`).join(', ')}`,
            ),
          ].join('\n') + '\n',
        );
      }
      return;
    }
    case 'erase': {
      const { values } = parseArgs({ args: rest, options: { customer: { type: 'string' } } });
      if (!values.customer) throw new UsageError('erase needs --customer <email or handle>');
      const { apiUrl, key } = await target('admin');
      const res = await fetch(`${apiUrl}/v1/erasure`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': key },
        body: JSON.stringify({ customer: values.customer }),
      });
      return printResponse(res);
    }
    case 'redact': {
      const { runRedact } = await import('./redact');
      process.exitCode = await runRedact(process.stdin, process.stdout, rest);
      return;
    }
    case 'ingest': {
      const [kind, ...files] = rest;
      if (kind === 'export') {
        const { values, positionals } = parseArgs({
          args: files,
          allowPositionals: true,
          options: {
            profile: { type: 'string' },
            format: { type: 'string' },
            option: { type: 'string', multiple: true, default: [] },
            'no-wait': { type: 'boolean', default: false },
          },
        });
        const usage = 'usage: customer-voice ingest export --profile <name> [--option key=value…] [--format csv|json|jsonl] [--no-wait] <file>';
        if (!values.profile || positionals.length !== 1) throw new UsageError(usage);
        const profileOptions: Record<string, string> = {};
        for (const option of values.option) {
          const eq = option.indexOf('=');
          if (eq <= 0) throw new UsageError(`--option takes key=value (e.g. --option nps=Q5): got "${option}"`);
          profileOptions[option.slice(0, eq)] = option.slice(eq + 1);
        }
        const { apiUrl, key } = await target('ingest');
        const { ingestExportFile } = await import('./ingest-export');
        const result = await ingestExportFile(positionals[0]!, {
          apiUrl,
          key,
          profile: values.profile,
          profileOptions,
          format: values.format,
          wait: !values['no-wait'],
          progress: (s) => process.stderr.write(`\r${s.status}: ${s.rows} rows, ${s.accepted} accepted, ${s.rejectedCount} rejected, ${s.chunks} chunk(s)   `),
        });
        process.stderr.write('\n');
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        if ('rows' in result && result.status === 'failed') process.exitCode = 1;
        return;
      }
      if (kind !== 'email' || files.length === 0) throw new UsageError('usage: customer-voice ingest email <file.eml…> | ingest export --profile <name> <file>');
      const info = await localStackInfo();
      pointAtLocalStack(info);
      const { ingestEmailFiles } = await import('./ingest-email');
      for (const line of await ingestEmailFiles(files, info)) process.stdout.write(`${JSON.stringify(line)}\n`);
      return;
    }
    case 'digest': {
      const { values } = parseArgs({ args: rest, options: { now: { type: 'boolean', default: false }, week: { type: 'string' } } });
      if (!values.now && !values.week) throw new UsageError('usage: customer-voice digest --now [--week 2026-11-16T00:00:00Z]');
      // The deployed function's own handler, pointed at the local stack unless the environment names tables.
      if (!process.env[ENV.aggregatesTable]) pointAtLocalStack(await localStackInfo());
      // --week: run as if the schedule fired the day after that week ended.
      const at = values.week ? new Date(isoDate(values.week, '--week').getTime() + 7 * 86_400_000 + 6 * 3_600_000) : new Date();
      const { lambdaContext, scheduledEvent } = await import('./local/lambda-events');
      const { handler } = await import('../functions/send-digest');
      process.stdout.write(`${JSON.stringify(await handler(scheduledEvent(at), lambdaContext('sendDigest', FUNCTIONS.sendDigest.timeoutSeconds)))}\n`);
      return;
    }
    case 'eval': {
      const { runEval } = await import('./eval');
      process.exitCode = await runEval(rest);
      return;
    }
    case 'classify': {
      const { values } = parseArgs({ args: rest, options: { config: { type: 'string' }, engine: { type: 'string' } } });
      const { runClassify } = await import('./classify');
      process.exitCode = await runClassify(process.stdin, process.stdout, values);
      return;
    }
    case 'recompute': {
      const { values } = parseArgs({
        args: rest,
        options: { from: { type: 'string' }, to: { type: 'string' }, config: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } },
      });
      const range = { from: values.from ? isoDate(values.from, '--from') : undefined, to: values.to ? isoDate(values.to, '--to') : undefined };
      const { doc, tables, destroy } = await tablesTarget();
      const config = loadDepartmentsConfig(values.config ? { file: values.config } : { json: process.env[ENV.departments] });
      const store = new DynamoFeedbackStore(doc, { feedback: tables.feedback, aggregates: tables.aggregates });
      const attribute = attributorFor(config);
      const report = await recompute({
        items: () => store.scanItems(),
        attribute: (item) => attribute(item),
        attributions: store,
        aggregates: new DynamoAggregateReader(doc, tables.aggregates, AGGREGATE_SHARDS),
        rewriter: new DynamoAggregateRewriter(doc, tables.aggregates, AGGREGATE_SHARDS),
        zones: [process.env[ENV.timeZone] ?? 'Europe/Paris'],
        range,
        dryRun: values['dry-run'],
      });
      destroy();
      process.stdout.write(`${JSON.stringify(report)}\n`);
      if (values['dry-run'] && report.cellsWithDrift > 0) process.exitCode = 3;
      return;
    }
    case 'replay-dlq': {
      const { values } = parseArgs({ args: rest, options: { max: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });
      const { sqs, dlqUrl, targetUrl } = await queuesTarget();
      const { replayDeadLetters } = await import('../shared/adapters/sqs-replay');
      const max = values.max === undefined ? undefined : Number(values.max);
      if (max !== undefined && (!Number.isInteger(max) || max < 1)) throw new UsageError('--max must be a positive integer');
      const report = await replayDeadLetters(sqs, { dlqUrl, targetUrl }, { max, dryRun: values['dry-run'] });
      sqs.destroy();
      process.stdout.write(`${JSON.stringify(report)}\n`);
      return;
    }
    case 'keys': {
      const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { role: { type: 'string' }, source: { type: 'string' } } });
      const { control, destroy } = await controlTarget();
      try {
        if (positionals[0] === 'create') {
          const role = values.role as ApiRole;
          if (!API_ROLES.includes(role)) throw new UsageError(`--role must be one of ${API_ROLES.join(', ')}`);
          if (!values.source || !/^[a-z0-9][a-z0-9._-]*$/i.test(values.source)) throw new UsageError('--source names who holds the key, e.g. --source zendesk');
          const key = generateApiKey(role);
          await control.putApiKey({ keyHash: hashApiKey(key), role, source: values.source, createdAt: new Date().toISOString() });
          process.stdout.write(`${key}\n`);
          process.stderr.write(`Created a ${role} key for "${values.source}" (id ${hashApiKey(key).slice(0, 12)}). It is shown only now; store it in your secret manager.\n`);
        } else if (positionals[0] === 'list') {
          for (const k of await control.listApiKeys()) {
            process.stdout.write(`${JSON.stringify({ id: k.keyHash.slice(0, 12), role: k.role, source: k.source, createdAt: k.createdAt, disabled: k.disabled ?? false, disabledAt: k.disabledAt })}\n`);
          }
        } else if (positionals[0] === 'disable' && positionals[1]) {
          // A key, or the id that 'keys list' shows (the first 12 hex characters of its hash).
          const given = positionals[1];
          const matches = looksLikeApiKey(given) ? [hashApiKey(given)] : (await control.listApiKeys()).map((k) => k.keyHash).filter((h) => /^[0-9a-f]{12,}$/.test(given) && h.startsWith(given));
          if (matches.length !== 1) throw new UsageError(matches.length === 0 ? `No key matches "${given}" (see 'keys list').` : `"${given}" matches several keys; give more characters.`);
          if (!(await control.disableApiKey(matches[0]!, new Date()))) throw new UsageError(`No key matches "${given}" (see 'keys list').`);
          process.stderr.write(`Disabled key ${matches[0]!.slice(0, 12)}; running functions stop accepting it within a minute (their key cache).\n`);
        } else {
          throw new UsageError('usage: customer-voice keys create --role ingest|read|admin --source <name> | keys list | keys disable <key or id>');
        }
      } finally {
        destroy();
      }
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      process.stdout.write(`${USAGE}\n`);
      return;
    default:
      throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`customer-voice: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
