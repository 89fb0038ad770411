import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { startFauxqs } from 'fauxqs';
import { documentClient } from '../../shared/adapters/dynamo-client';
import { DynamoControlStore } from '../../shared/adapters/dynamo-control-store';
import { randomBytes } from 'node:crypto';
import { API_ROLES, generateApiKey, hashApiKey, type ApiRole } from '../../shared/domain/api-keys';
import { WEBHOOK_SECRET_NAMES, type WebhookSecretName } from '../../shared/domain/webhook-signatures';
import { EXPORTS_PREFIX } from '../../shared/domain/export-jobs';
import { loadEnv } from '../../shared/config/env';
import { deployedDepartments } from '../../shared/config/departments-source';
import { ENV, FUNCTIONS, QUEUES, type FunctionName, type QueueName } from '../../shared/resources';
import { isOurDynamo, startDynamo } from './dynamodb';
import { startDurableSqs } from './durable-sqs';
import { startDynamoMeter, type DynamoMeter } from './dynamo-meter';
import { LocalClock, installLocalClock } from './clock';
import { clockRoute } from './clock-route';
import { scheduleOnClock } from './clock-schedule';
import { dashboardSite, WEB_DIST_DIR } from './dashboard-assets';
import { createLocalDashboardAuth, tokenOfRequest, type LocalDashboardAuth } from './dashboard-auth';
import { dashboardSignInRoute, signInUrl } from './dashboard-sign-in';
import { createApiServer, type HttpHandler } from './http-server';
import { lambdaContext, nextDailySummaryTime, nextDigestTime, scheduledEvent } from './lambda-events';
import { localClientConfig, localFunctionEnvironment } from './local-aws';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { provisionLocalResources, type LocalResources } from './provision';
import { startQueuePoller, type SqsHandler } from './queue-poller';
import { startS3Mirror } from './s3-mirror';
import { startS3Notifier } from './s3-notifier';

export interface StackInfo {
  apiUrl: string;
  /**
   * Opens the dashboard signed in as the officer (OFFICER_EMAIL): a sign-in link whose token is
   * good while this run lasts (a restart draws a new key and prints a new link).
   */
  dashboardUrl: string;
  keys: Record<ApiRole, string>;
  /** Social webhook secrets by name (DESIGN.md: `"secrets": { "<webhook provider>": "<signing secret>" }`). */
  secrets: Record<WebhookSecretName, string>;
  outboxDir: string;
  dataDir: string;
  endpoints: { dynamodb: string; sqs: string; s3: string };
  resources: LocalResources;
  pid: number;
}

/** Where the handlers come from: the TypeScript sources, or the bundles `cdk synth` produced. */
export type HandlerSource = { kind: 'source' } | { kind: 'bundles'; files: Record<FunctionName, string> };

export interface LocalStackOptions {
  dataDir: string;
  port?: number;
  host?: string;
  handlers?: HandlerSource;
  sentimentEngine?: 'lexicon' | 'comprehend' | 'embedded' | 'hybrid';
  pollerConcurrency?: number;
  /**
   * Which queues this process consumes (default all). A benchmark turns some off to run that
   * function alone in another process, where its memory can be measured.
   */
  consumers?: Partial<Record<'ingest' | 'alerts' | 'exports' | 'notifications', boolean>>;
  log?: (line: string) => void;
  /** Route the functions' DynamoDB requests through a meter that measures the read units they consume (bench). */
  meterDynamoReads?: boolean;
  /** Also keep every DynamoDB request the functions make (implies the meter): what a test checks against IAM. */
  recordDynamoRequests?: boolean;
  /** The built dashboard page served on the API's origin (default web/dist; `npm start` builds it). */
  dashboardDir?: string;
}

export interface LocalStack {
  info: StackInfo;
  /** True when no batch is being processed (useful for tests and the CLI to wait for drain). */
  idle(): boolean;
  /** SQS API requests the stack has served so far, by action (see DurableSqs.requestCounts). */
  sqsRequestCounts(): Record<string, number>;
  /** With `meterDynamoReads`: read units and requests of the functions' DynamoDB calls so far. */
  dynamoMeter?: Pick<DynamoMeter, 'readUnits' | 'requestCounts' | 'requests'>;
  /**
   * The time the functions of this process stamp and evaluate with, and the weekly digest's
   * schedule follows (also `PUT /_local/clock` with the admin key). Deployed functions have none.
   */
  clock: LocalClock;
  /** This run's dashboard sign-in: issues and verifies the local tokens (its key dies with the run). */
  dashboardAuth: LocalDashboardAuth;
  stop(): Promise<void>;
}

async function importHandler(source: HandlerSource, fn: FunctionName): Promise<unknown> {
  const file = source.kind === 'source' ? resolve(import.meta.dirname, '../..', FUNCTIONS[fn].entry) : source.files[fn];
  const mod = (await import(pathToFileURL(file).href)) as { handler?: unknown };
  if (typeof mod.handler !== 'function') throw new Error(`${file} exports no handler`);
  return mod.handler;
}

/** Processes started by an earlier run of this data dir that a SIGKILL left behind. */
async function killLeftovers(runFile: string): Promise<void> {
  if (!existsSync(runFile)) return;
  try {
    const { children } = JSON.parse(readFileSync(runFile, 'utf8')) as { children: number[] };
    for (const pid of children) if (isOurDynamo(pid)) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 200));
  } catch {
    // A damaged run file only means there is nothing we can safely kill.
  }
}

async function loadOrCreateKeys(stackFile: string, control: DynamoControlStore): Promise<Record<ApiRole, string>> {
  let keys: Partial<Record<ApiRole, string>> = {};
  if (existsSync(stackFile)) {
    try {
      keys = (JSON.parse(await readFile(stackFile, 'utf8')) as { keys?: Partial<Record<ApiRole, string>> }).keys ?? {};
    } catch {
      keys = {};
    }
  }
  for (const role of API_ROLES) {
    const key = keys[role] ?? generateApiKey(role);
    keys[role] = key;
    const keyHash = hashApiKey(key);
    if (!(await control.findApiKey(keyHash))) {
      await control.putApiKey({ keyHash, role, source: `local-${role}`, createdAt: new Date().toISOString() });
    }
  }
  return keys as Record<ApiRole, string>;
}

/**
 * The social webhook secrets, generated on the first start and kept in stack.json from then
 * on, so a provider (or a test) configured with them keeps working across restarts.
 */
async function loadOrCreateSecrets(stackFile: string): Promise<Record<WebhookSecretName, string>> {
  let previous: Partial<Record<string, unknown>> = {};
  if (existsSync(stackFile)) {
    try {
      previous = (JSON.parse(await readFile(stackFile, 'utf8')) as { secrets?: Record<string, unknown> }).secrets ?? {};
    } catch {
      previous = {};
    }
  }
  const secrets = {} as Record<WebhookSecretName, string>;
  for (const name of WEBHOOK_SECRET_NAMES) {
    const kept = previous[name];
    secrets[name] = typeof kept === 'string' && kept.length >= 16 ? kept : randomBytes(32).toString('base64url');
  }
  return secrets;
}

/**
 * The whole pipeline on one machine: DynamoDB Local, fauxqs behind a durable journal, the
 * same tables/queues/bucket as the CDK stack, the HTTP API and the queue poller invoking the
 * SAME handlers with real event shapes. State lives in `dataDir`, so a restart resumes.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const outboxDir = join(dataDir, 'outbox');
  const runFile = join(dataDir, 'run.json');
  const stackFile = join(dataDir, 'stack.json');
  await mkdir(outboxDir, { recursive: true });
  await killLeftovers(runFile);

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => log(`shutdown: ${String(e)}`));
    stops.length = 0;
  };

  const clock = new LocalClock();
  const uninstallClock = installLocalClock(clock);
  stops.push(async () => uninstallClock());
  try {
    const dynamo = await startDynamo({ dataDir: join(dataDir, 'dynamodb') });
    stops.push(dynamo.stop);
    await writeFile(runFile, JSON.stringify({ pid: process.pid, children: [dynamo.pid] }));

    const fauxqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
    stops.push(() => fauxqs.stop());
    const fauxqsUrl = `http://127.0.0.1:${fauxqs.port}`;
    const sqsProxy = await startDurableSqs({ upstreamUrl: fauxqsUrl, journalPath: join(dataDir, 'sqs-journal.ndjson') });
    stops.push(() => sqsProxy.close());

    const endpoints = { dynamodb: dynamo.endpoint, sqs: sqsProxy.url, s3: fauxqsUrl };
    const meter = options.meterDynamoReads || options.recordDynamoRequests ? await startDynamoMeter(dynamo.endpoint, { record: options.recordDynamoRequests }) : undefined;
    if (meter) stops.push(() => meter.close());
    const ddb = new DynamoDBClient(localClientConfig(endpoints.dynamodb));
    const sqs = new SQSClient(localClientConfig(endpoints.sqs));
    const s3 = new S3Client({ ...localClientConfig(endpoints.s3), forcePathStyle: true });
    stops.push(async () => [ddb, sqs, s3].forEach((c) => c.destroy()));

    const resources = await provisionLocalResources({ ddb, sqs, s3 });
    // The emulator keeps objects in memory: raw emails and export files are mirrored to disk and
    // put back here, so a restart finds them (and an export being read goes on).
    const mirror = await startS3Mirror({ s3, bucket: resources.buckets.raw, dir: join(dataDir, 's3', resources.buckets.raw), onError: (e) => log(`s3 mirror: ${String(e)}`) });
    stops.push(mirror.stop);
    if (mirror.restored.length > 0) log(`restored ${mirror.restored.length} object(s) from the local S3 mirror`);
    const recovered = await sqsProxy.recover();
    if (recovered.replayed > 0) log(`re-queued ${recovered.replayed} message(s) that were accepted before the last stop`);

    // The server listens before the functions load: its address is the dashboard's URL, which
    // they read at cold start (DASHBOARD_URL). Nothing calls it before stack.json is written.
    const onError = (error: unknown) => log(`error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    const httpHandlers: Parameters<typeof createApiServer>[0] = {};
    let dashboardAuth: LocalDashboardAuth | undefined;
    const signedIn = () => {
      if (!dashboardAuth) throw new Error('the dashboard sign-in is not ready');
      return dashboardAuth;
    };
    const server = createApiServer(httpHandlers, onError, {
      local: [
        clockRoute(clock, () => keys.admin),
        dashboardSignInRoute({ auth: signedIn, adminKey: () => keys.admin, departments: () => deployedDepartments(process.env[ENV.departments]) }),
      ],
      authorizer: async (req) => {
        const token = tokenOfRequest(req.headers);
        return token ? (await signedIn().verify(token))?.claims : undefined;
      },
      site: dashboardSite({ distDir: options.dashboardDir ?? WEB_DIST_DIR, config: { auth: 'local', apiBase: '' } }),
    });
    await new Promise<void>((ok, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => ok());
    });
    stops.push(
      () =>
        new Promise<void>((ok) => {
          server.close(() => ok());
          server.closeAllConnections();
        }),
    );
    const address = server.address() as AddressInfo;
    const apiUrl = `http://${address.address}:${address.port}`;
    // A new key each run: the links and cookies of an earlier run stop working.
    dashboardAuth = createLocalDashboardAuth(apiUrl);

    const secrets = await loadOrCreateSecrets(stackFile);
    // The functions read their configuration from the environment, as on Lambda.
    const functionEndpoints = meter ? { ...endpoints, dynamodb: meter.url } : endpoints;
    Object.assign(process.env, localFunctionEnvironment({ endpoints: functionEndpoints, resources, outboxDir, secrets }), {
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      [ENV.officerEmail]: process.env[ENV.officerEmail] ?? 'officer@example.com',
      [ENV.senderEmail]: process.env[ENV.senderEmail] ?? 'customer-voice@example.com',
      [ENV.mailLanguage]: process.env[ENV.mailLanguage] ?? 'fr',
      // Our trained bilingual model: real sentiment with no network and no AWS account.
      [ENV.sentimentEngine]: options.sentimentEngine ?? process.env[ENV.sentimentEngine] ?? 'embedded',
      [ENV.timeZone]: process.env[ENV.timeZone] ?? 'Europe/Paris',
      // Emails link to the page on this origin.
      [ENV.dashboardUrl]: apiUrl,
    });
    // ALERT_UPDATE_HOURS and ALERT_DAILY_BUDGET pass through from the environment, as the CDK
    // context does on AWS; a bad value stops the stack here with the variable's name. The zone
    // also sets the local 18:00 of the daily summary.
    const settings = loadEnv(['timeZone', 'alertUpdateHours', 'alertDailyBudget']);

    const control = new DynamoControlStore(documentClient(ddb), resources.tables.control);
    const keys = await loadOrCreateKeys(stackFile, control);
    // The customer-id salt exists before any function runs: functions only read it (on AWS it
    // is a Secrets Manager secret), and it survives restarts with the data, like the keys.
    await control.ensureCustomerSalt();

    const source = options.handlers ?? { kind: 'source' };
    const handlers = {
      ingestApi: (await importHandler(source, 'ingestApi')) as HttpHandler,
      readApi: (await importHandler(source, 'readApi')) as HttpHandler,
      adminApi: (await importHandler(source, 'adminApi')) as HttpHandler,
      ingestSocial: (await importHandler(source, 'ingestSocial')) as HttpHandler,
      processFeedback: (await importHandler(source, 'processFeedback')) as SqsHandler,
      evaluateAlerts: (await importHandler(source, 'evaluateAlerts')) as SqsHandler,
      sendDigest: (await importHandler(source, 'sendDigest')) as (event: ScheduledEvent, context: Context) => Promise<unknown>,
      sendDailySummary: (await importHandler(source, 'sendDailySummary')) as (event: ScheduledEvent, context: Context) => Promise<unknown>,
      ingestExportFile: (await importHandler(source, 'ingestExportFile')) as SqsHandler,
      // Slack, Teams and webhooks of CV_NOTIFY_CONFIG (JSON text or a file path); a bad one stops the start with its reason.
      deliverNotification: (await importHandler(source, 'deliverNotification')) as SqsHandler,
    };

    Object.assign(httpHandlers, { ingestApi: handlers.ingestApi, readApi: handlers.readApi, adminApi: handlers.adminApi, ingestSocial: handlers.ingestSocial });

    const consumes = (queue: QueueName) => options.consumers?.[queue] ?? true;
    const pollers = [
      consumes('ingest') && startQueuePoller({
        sqs,
        queueUrl: resources.queues.ingest.url,
        queueArn: resources.queues.ingest.arn,
        handler: handlers.processFeedback,
        functionName: 'processFeedback',
        timeoutSeconds: FUNCTIONS.processFeedback.timeoutSeconds,
        batchSize: QUEUES.ingest.batchSize,
        batchingWindowSeconds: QUEUES.ingest.batchingWindowSeconds,
        concurrency: options.pollerConcurrency ?? 4,
        onError,
      }),
      consumes('alerts') && startQueuePoller({
        sqs,
        queueUrl: resources.queues.alerts.url,
        queueArn: resources.queues.alerts.arn,
        handler: handlers.evaluateAlerts,
        functionName: 'evaluateAlerts',
        timeoutSeconds: FUNCTIONS.evaluateAlerts.timeoutSeconds,
        batchSize: QUEUES.alerts.batchSize,
        batchingWindowSeconds: QUEUES.alerts.batchingWindowSeconds,
        concurrency: 1,
        onError,
      }),
      consumes('exports') && startQueuePoller({
        sqs,
        queueUrl: resources.queues.exports.url,
        queueArn: resources.queues.exports.arn,
        handler: handlers.ingestExportFile,
        functionName: 'ingestExportFile',
        timeoutSeconds: FUNCTIONS.ingestExportFile.timeoutSeconds,
        batchSize: QUEUES.exports.batchSize,
        batchingWindowSeconds: QUEUES.exports.batchingWindowSeconds,
        concurrency: 1,
        onError,
      }),
      consumes('notifications') && startQueuePoller({
        sqs, queueUrl: resources.queues.notifications.url, queueArn: resources.queues.notifications.arn, handler: handlers.deliverNotification, functionName: 'deliverNotification',
        timeoutSeconds: FUNCTIONS.deliverNotification.timeoutSeconds, batchSize: QUEUES.notifications.batchSize, concurrency: 1, onError,
      }),
    ].filter((p) => p !== false);
    stops.push(async () => {
      await Promise.all(pollers.map((p) => p.stop()));
    });
    // S3's notification of files under exports/ (uploads and drops), which the emulator does not send.
    const notifier = await startS3Notifier({
      restored: mirror.restored,
      s3,
      sqs,
      bucket: resources.buckets.raw,
      prefix: EXPORTS_PREFIX,
      queueUrl: resources.queues.exports.url,
      stateFile: join(dataDir, 's3-notified.json'),
      onError,
    });
    stops.push(notifier.stop);

    // The schedules (EventBridge on AWS), by the local clock: the weekly digest on Monday
    // mornings (UTC), the daily summary at 18:00 in the configured zone.
    const schedules = [
      scheduleOnClock(clock, nextDigestTime, (due) => handlers.sendDigest(scheduledEvent(due), lambdaContext('sendDigest', FUNCTIONS.sendDigest.timeoutSeconds)), onError),
      scheduleOnClock(
        clock,
        (now) => nextDailySummaryTime(now, settings.timeZone),
        (due) => handlers.sendDailySummary(scheduledEvent(due, 'customer-voice-daily-summary'), lambdaContext('sendDailySummary', FUNCTIONS.sendDailySummary.timeoutSeconds)),
        onError,
      ),
    ];
    stops.push(async () => void (await Promise.all(schedules.map((s) => s.stop()))));

    const officer = loadEnv(['officerEmail']).officerEmail;
    const info: StackInfo = {
      apiUrl,
      dashboardUrl: signInUrl(apiUrl, await dashboardAuth.issue({ email: officer, officer: true })),
      keys,
      secrets,
      outboxDir,
      dataDir,
      endpoints,
      resources,
      pid: process.pid,
    };
    // Written atomically: readers poll for this file to know the stack is up.
    await writeFile(`${stackFile}.tmp`, `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
    await rename(`${stackFile}.tmp`, stackFile);
    return {
      info,
      idle: () => pollers.every((p) => p.idle()),
      sqsRequestCounts: () => sqsProxy.requestCounts(),
      dynamoMeter: meter,
      clock,
      dashboardAuth,
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
