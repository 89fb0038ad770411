/**
 * The shapes of the stateful resources, declared once and consumed by both the
 * CDK stack (infra/) and the local embedded stack (cli/local/), so that what
 * runs on a laptop has the same keys, indexes, TTL and redrive as what is deployed.
 */

export interface TableShape {
  /** Local physical name; on AWS CloudFormation names the table. */
  readonly localName: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly ttlAttribute?: string;
  /** Keys-only global secondary indexes (string keys). */
  readonly indexes?: readonly { readonly name: string; readonly partitionKey: string; readonly sortKey?: string }[];
}

/** Finds a customer's items by their salted hash, for erasure. */
export const CUSTOMER_INDEX = 'byCustomer';

export const TABLES = {
  /**
   * One row per distinct feedback item (pk `FB#<id>`, sk `ITEM`), and the verbatim index rows
   * behind GET /v1/feedback (pk `VIDX#<department>#<day>`, sk `<newest occurredAt>#<hash>`,
   * `e: { <id>: <occurredAt> }` for a batch's items: ids only, the text stays in the item).
   */
  feedback: {
    localName: 'customer-voice-feedback',
    partitionKey: 'pk',
    sortKey: 'sk',
    ttlAttribute: 'expiresAt',
    indexes: [{ name: CUSTOMER_INDEX, partitionKey: 'customerHash', sortKey: 'pk' }],
  },
  /** Counters per scope × granularity (pk) and window start (sk). */
  aggregates: { localName: 'customer-voice-aggregates', partitionKey: 'pk', sortKey: 'sk' },
  /** API keys (hashed), the customer-id salt, alert state, export jobs (which expire). */
  control: { localName: 'customer-voice-control', partitionKey: 'pk', sortKey: 'sk', ttlAttribute: 'expiresAt' },
} as const satisfies Record<string, TableShape>;

export interface QueueShape {
  readonly localName: string;
  readonly deadLetterLocalName: string;
  /** Deliveries before SQS moves a message to the DLQ. */
  readonly maxReceiveCount: number;
  /** Must be ≥ 6 × the consumer function's timeout (AWS guidance for SQS event sources). */
  readonly visibilityTimeoutSeconds: number;
  readonly retentionDays: number;
  readonly batchSize: number;
  /** How long the event source gathers a batch before invoking the consumer (0: no window). */
  readonly batchingWindowSeconds: number;
}

/** SQS's largest message (and SendMessageBatch request), set explicitly on every queue: older queues default to 256 KiB. */
export const SQS_MAX_MESSAGE_BYTES = 1_048_576;

export const QUEUES = {
  ingest: {
    localName: 'customer-voice-ingest',
    deadLetterLocalName: 'customer-voice-ingest-dlq',
    maxReceiveCount: 5,
    // 6 × the processor's 30 s timeout plus the batching window (AWS guidance for windowed sources).
    visibilityTimeoutSeconds: 190,
    retentionDays: 14,
    /**
     * A batch's aggregate cells are written once per transaction whatever the item count, so
     * full batches cost far fewer write units per item (docs/scaling.md): 100 items fill at
     * ≥ 50 items/s within the window, and a chunk of them still fits a 100-action transaction.
     */
    batchSize: 100,
    batchingWindowSeconds: 2,
  },
  /** Aggregate cells a processed batch touched: the alert evaluator's work list. */
  alerts: {
    localName: 'customer-voice-alerts',
    deadLetterLocalName: 'customer-voice-alerts-dlq',
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 180,
    retentionDays: 4,
    batchSize: 10,
    batchingWindowSeconds: 1,
  },
  /**
   * Export files to read: S3's notifications for objects under exports/, and continuations
   * ("read job J from row R") so a large file is read in chunks, one invocation each.
   */
  exports: {
    localName: 'customer-voice-exports',
    deadLetterLocalName: 'customer-voice-exports-dlq',
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 6 * 900,
    retentionDays: 4,
    batchSize: 1,
    batchingWindowSeconds: 0,
  },
  /** One chat or webhook delivery per message (event × target); retries come back delayed (DeliveryPolicy). */
  notifications: {
    localName: 'customer-voice-notifications',
    deadLetterLocalName: 'customer-voice-notifications-dlq',
    // The function dead-letters its own failures with their reason; this only catches crashes.
    maxReceiveCount: 5,
    visibilityTimeoutSeconds: 6 * 30,
    retentionDays: 4,
    batchSize: 10,
    batchingWindowSeconds: 0,
  },
} as const satisfies Record<string, QueueShape>;
export type QueueName = keyof typeof QUEUES;

export const BUCKETS = {
  /** Raw inbound emails (SES receipt rule) and contact-centre export files. */
  raw: { localName: 'customer-voice-raw' },
} as const;

/** Where SES inbound writes each received email in the raw bucket (the email function reads from here). */
export const INBOUND_EMAIL_PREFIX = 'inbound/';

/**
 * sendDigest's timeout. A run reads the week series of every scope (departments, journeys and the
 * D(D−1)/2 department pairs, each on AGGREGATE_SHARDS shards, in parallel; the briefs read the
 * pairs again over 8 weeks), then sends one after the other a brief per active hotspot pair and
 * owner language (a marker put, an SES call and a notification each) and up to 3 notes of
 * recognition: the sequential sends dominate, and they grow with the active pairs, up to D(D−1)/2.
 * Measured with 20 departments on DynamoDB Local, mailer in memory: 40 active pairs, 62 emails,
 * 2,042 queries, 8.3 s; all 190 pairs active, 292 emails, 3,242 queries, 573 batch gets, 481
 * puts, 18.9 s. On AWS an SES send takes about 0.1–0.2 s (and SES allows 14 a second by default),
 * so that worst case comes to about 60 s: the former 60 s timeout. 300 s is 5× that, and far from
 * Lambda's 900 s. A timeout is not harmless: Lambda's retry resends nothing, but a brief or note
 * whose marker was claimed when the run stopped is never sent (send-digest-handler.ts).
 */
export const SEND_DIGEST_TIMEOUT_SECONDS = 300;

/** Timeout of the queue consumer; the queue's visibility timeout is 6× this. */
export const PROCESSOR_TIMEOUT_SECONDS = 30;

/** Names of the environment variables the functions read (validated in shared/config/env.ts). */
export const ENV = {
  feedbackTable: 'FEEDBACK_TABLE_NAME',
  aggregatesTable: 'AGGREGATES_TABLE_NAME',
  controlTable: 'CONTROL_TABLE_NAME',
  ingestQueueUrl: 'INGEST_QUEUE_URL',
  /** The processor moves permanently invalid messages here itself, with the reason as message attributes. */
  ingestDlqUrl: 'INGEST_DLQ_URL',
  sentimentEngine: 'SENTIMENT_ENGINE',
  /** true: the names of staff customers praise or blame ("merci à Kevin") stay in clear (default false: redacted). */
  redactionKeepStaffNames: 'REDACTION_KEEP_STAFF_NAMES',
  retentionDays: 'RETENTION_DAYS',
  departments: 'DEPARTMENTS_CONFIG',
  /** Local runs: export profiles the deployment adds (JSON text or a file path); compiled into the bundle on AWS. */
  exportProfiles: 'EXPORT_PROFILES_CONFIG',
  /** IANA zone whose days and weeks are aggregated besides UTC (default Europe/Paris). */
  timeZone: 'TIME_ZONE',
  alertsQueueUrl: 'ALERTS_QUEUE_URL',
  /** Who receives alerts (department owners are copied) and who sends them (a verified SES identity). */
  officerEmail: 'OFFICER_EMAIL',
  senderEmail: 'SENDER_EMAIL',
  /** fr or en: the language of alert and digest emails. */
  mailLanguage: 'MAIL_LANGUAGE',
  /** At most one incident-update email per incident per this many hours (default 6). */
  alertUpdateHours: 'ALERT_UPDATE_HOURS',
  /** Incident and update emails per recipient per local day (default 5); the rest goes out in the 18:00 summary. */
  alertDailyBudget: 'ALERT_DAILY_BUDGET',
  rawBucket: 'RAW_BUCKET_NAME',
  /** The Secrets Manager secret holding the customer-id salt (deployments whose control table holds none). */
  customerSaltSecretArn: 'CUSTOMER_SALT_SECRET_ARN',
  exportsQueueUrl: 'EXPORTS_QUEUE_URL',
  exportsDlqUrl: 'EXPORTS_DLQ_URL',
  /** Rows per export chunk (one invocation each); a chunk also ends early when time runs short. */
  exportChunkRows: 'EXPORT_CHUNK_ROWS',
  /** Local runs only: write emails as .eml files here instead of sending them through SES. */
  outboxDir: 'OUTBOX_DIR',
  /** Local runs only: the social webhook secrets as JSON `{ "<name>": "<value>" }` (on AWS: Secrets Manager). */
  webhookSecrets: 'WEBHOOK_SECRETS',
  /** JSON `{ "x": [user ids], "meta": [page/Instagram ids], "generic": [handles] }`: the company's own accounts, never feedback. */
  socialOwnAccounts: 'SOCIAL_OWN_ACCOUNTS',
  /** The dashboard page's base URL (https://…/): emails link to its pages when set (on AWS the CloudFront URL, locally the stack's). */
  dashboardUrl: 'DASHBOARD_URL',
  /** Chat and webhook deliveries (issue #21): the queue producers publish to, and its DLQ. */
  notificationsQueueUrl: 'NOTIFICATIONS_QUEUE_URL',
  notificationsDlqUrl: 'NOTIFICATIONS_DLQ_URL',
  /** On AWS: the targets' routing and the ARN of each one's secret (JSON, set by the stack; no URL in it). */
  notifyTargets: 'NOTIFY_TARGETS',
  /** Local runs only: the targets with their URLs and secrets, JSON text or a file path (README, Notifications). */
  notifyConfig: 'CV_NOTIFY_CONFIG',
} as const;
export type EnvName = keyof typeof ENV;

/**
 * Variables the CDK stack never sets: compiled into the bundles instead (departments, export
 * profiles), local runs only (outbox, webhook secrets), or a default a run may override (rows per
 * export chunk). A function still lists them in FUNCTIONS[name].env when it reads them.
 */
export const ENV_NOT_DEPLOYED = ['departments', 'exportProfiles', 'outboxDir', 'webhookSecrets', 'exportChunkRows', 'notifyConfig'] as const satisfies readonly EnvName[];
export type DeployedEnvName = Exclude<EnvName, (typeof ENV_NOT_DEPLOYED)[number]>;

export function isDeployedEnv(name: EnvName): name is DeployedEnvName {
  return !(ENV_NOT_DEPLOYED as readonly EnvName[]).includes(name);
}

/** On AWS, the ARN of the Secrets Manager secret holding one social webhook secret (e.g. WEBHOOK_SECRET_ARN_META_VERIFY_TOKEN). */
export function webhookSecretArnVariable(name: string): string {
  return `WEBHOOK_SECRET_ARN_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/**
 * Write shards per aggregate series. Each transaction adds to one shard chosen at random, so
 * concurrent batches for a busy department spread over partitions instead of conflicting on
 * one row; readers query every shard and sum.
 */
export const AGGREGATE_SHARDS = 4;

/**
 * HTTP routes and the function that serves each, shared by API Gateway and the local server.
 * A `{name}` segment is a path parameter (API Gateway's syntax), given to the handler in
 * `event.pathParameters`; an exact path wins over a parameterised one, as on API Gateway.
 */
export const ROUTES = [
  { method: 'POST', path: '/v1/feedback', fn: 'ingestApi' },
  { method: 'POST', path: '/v1/exports', fn: 'ingestApi' },
  { method: 'POST', path: '/v1/exports/uploads', fn: 'ingestApi' },
  { method: 'GET', path: '/v1/exports/{jobId}', fn: 'ingestApi' },
  { method: 'POST', path: '/v1/exports/{jobId}/complete', fn: 'ingestApi' },
  { method: 'GET', path: '/v1/departments', fn: 'readApi' },
  { method: 'GET', path: '/v1/scores', fn: 'readApi' },
  { method: 'GET', path: '/v1/feedback', fn: 'readApi' },
  { method: 'GET', path: '/v1/alerts', fn: 'readApi' },
  { method: 'GET', path: '/v1/health', fn: 'readApi' },
  // What customers talk about (issue #20): the read key sees every department; the dashboard's twin below is scoped to the viewer.
  { method: 'GET', path: '/v1/topics', fn: 'readApi' },
  // The dashboard (signed-in users: a JWT authorizer on AWS, the local stack's token check locally; DASHBOARD_ROUTE_PREFIX).
  { method: 'GET', path: '/v1/dashboard/session', fn: 'readApi' },
  { method: 'GET', path: '/v1/dashboard/overview', fn: 'readApi' },
  { method: 'GET', path: '/v1/dashboard/departments/{id}', fn: 'readApi' },
  { method: 'GET', path: '/v1/dashboard/verbatims', fn: 'readApi' },
  { method: 'GET', path: '/v1/dashboard/interfaces', fn: 'readApi' },
  { method: 'GET', path: '/v1/dashboard/journeys', fn: 'readApi' },
  { method: 'GET', path: '/v1/dashboard/incidents', fn: 'readApi' },
  { method: 'GET', path: '/v1/dashboard/topics', fn: 'readApi' },
  { method: 'POST', path: '/v1/erasure', fn: 'adminApi' },
  // Acting on an incident (admin key): who and when are recorded with each.
  { method: 'POST', path: '/v1/alerts/{id}/ack', fn: 'adminApi' },
  { method: 'POST', path: '/v1/alerts/{id}/assign', fn: 'adminApi' },
  { method: 'POST', path: '/v1/alerts/{id}/resolve', fn: 'adminApi' },
  // The same actions from the dashboard, by the signed-in viewer.
  { method: 'POST', path: '/v1/dashboard/incidents/{id}/ack', fn: 'adminApi' },
  { method: 'POST', path: '/v1/dashboard/incidents/{id}/assign', fn: 'adminApi' },
  { method: 'POST', path: '/v1/dashboard/incidents/{id}/resolve', fn: 'adminApi' },
  // Social webhooks: GET for the providers' subscription handshakes, POST for signed events.
  { method: 'GET', path: '/v1/social/{provider}', fn: 'ingestSocial' },
  { method: 'POST', path: '/v1/social/{provider}', fn: 'ingestSocial' },
] as const;

type Route = (typeof ROUTES)[number];

/** API Gateway's route key (`GET /v1/scores`) of each route the function serves. */
export type RouteKeyOf<F extends FunctionName> = Route extends infer R ? (R extends { fn: F; method: infer M extends string; path: infer P extends string } ? `${M} ${P}` : never) : never;

/**
 * A function's route table: exactly one handler per route ROUTES gives it, so a route added
 * there without its handler (or a handler left for a route that is gone) fails to compile.
 */
export type RouteTable<F extends FunctionName, H> = Record<RouteKeyOf<F>, H>;

/**
 * The deployment's department configuration is compiled into the bundles as this constant
 * (esbuild define) — a real configuration is far larger than Lambda's 4 KB environment.
 */
export const DEPARTMENTS_BUILD_CONSTANT = '__CV_DEPARTMENTS_CONFIG__';

/** The deployment's export profiles (Qualtrics presets, user mappings), compiled into the export functions likewise. */
export const EXPORT_PROFILES_BUILD_CONSTANT = '__CV_EXPORT_PROFILES_CONFIG__';

/** When the weekly digest goes out, the interface briefs and notes of recognition after it: Mondays 06:00 UTC (07:00 or 08:00 in Paris), covering the week just ended. */
export const DIGEST_SCHEDULE = { weekDay: 'MON', hour: '6', minute: '0' } as const;

/**
 * When the daily summary of the emails the daily budget held back goes out: 18:00 on the wall
 * clock of the configured zone (TIME_ZONE), every day (EventBridge Scheduler with that zone).
 */
export const DAILY_SUMMARY_SCHEDULE = { hour: 18, minute: 0 } as const;

/** Serves every request no route matches (API Gateway's $default route), so unknown paths get our JSON errors. */
export const DEFAULT_ROUTE_FN = 'readApi' as const;

/**
 * Handler entry files (relative to the repo root), one per Lambda function, and the environment
 * variables (ENV keys) each reads: the CDK construct sets exactly these (those it deploys, see
 * ENV_NOT_DEPLOYED) and the entry validates exactly these at cold start (shared/config/env.ts).
 */
export const FUNCTIONS = {
  ingestApi: {
    entry: 'functions/ingest-api.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    env: ['controlTable', 'customerSaltSecretArn', 'ingestQueueUrl', 'timeZone', 'rawBucket', 'exportProfiles'],
  },
  readApi: { entry: 'functions/read-api.ts', memoryMb: 512, timeoutSeconds: 10, env: ['feedbackTable', 'aggregatesTable', 'controlTable', 'departments', 'timeZone'] },
  adminApi: {
    entry: 'functions/admin-api.ts',
    memoryMb: 512,
    timeoutSeconds: 30,
    env: ['feedbackTable', 'aggregatesTable', 'controlTable', 'customerSaltSecretArn', 'rawBucket', 'departments'],
  },
  processFeedback: {
    entry: 'functions/process-feedback.ts',
    memoryMb: 1024,
    timeoutSeconds: PROCESSOR_TIMEOUT_SECONDS,
    env: [
      'feedbackTable',
      'aggregatesTable',
      'ingestDlqUrl',
      'sentimentEngine',
      'redactionKeepStaffNames',
      'retentionDays',
      'departments',
      'timeZone',
      'alertsQueueUrl',
    ],
  },
  evaluateAlerts: {
    entry: 'functions/evaluate-alerts.ts',
    memoryMb: 512,
    timeoutSeconds: PROCESSOR_TIMEOUT_SECONDS,
    env: [
      'feedbackTable',
      'aggregatesTable',
      'controlTable',
      'departments',
      'timeZone',
      'officerEmail',
      'senderEmail',
      'mailLanguage',
      'outboxDir',
      'alertUpdateHours',
      'alertDailyBudget',
      'dashboardUrl',
      'notificationsQueueUrl',
      'notifyTargets',
      'notifyConfig',
    ],
  },
  sendDigest: {
    entry: 'functions/send-digest.ts',
    memoryMb: 512,
    timeoutSeconds: SEND_DIGEST_TIMEOUT_SECONDS,
    env: ['feedbackTable', 'aggregatesTable', 'controlTable', 'departments', 'timeZone', 'officerEmail', 'senderEmail', 'mailLanguage', 'outboxDir', 'dashboardUrl', 'notificationsQueueUrl', 'notifyTargets', 'notifyConfig'],
  },
  /** Notifications queue → one POST per message to Slack, Teams or a signed webhook (also reads each target's secret on AWS). */
  deliverNotification: {
    entry: 'functions/deliver-notification.ts',
    memoryMb: 256,
    timeoutSeconds: 30,
    env: ['controlTable', 'notificationsQueueUrl', 'notificationsDlqUrl', 'notifyTargets', 'notifyConfig'],
  },
  /** 18:00 local (DAILY_SUMMARY_SCHEDULE): one email per recipient listing the incidents the daily budget held back. */
  sendDailySummary: {
    entry: 'functions/send-daily-summary.ts',
    memoryMb: 512,
    timeoutSeconds: 60,
    env: ['controlTable', 'departments', 'timeZone', 'senderEmail', 'alertDailyBudget', 'outboxDir', 'dashboardUrl'],
  },
  ingestEmail: { entry: 'functions/ingest-email.ts', memoryMb: 512, timeoutSeconds: 60, env: ['controlTable', 'customerSaltSecretArn', 'ingestQueueUrl', 'rawBucket'] },
  /** Reads export files chunk by chunk; streaming keeps memory flat whatever the file's size. */
  ingestExportFile: {
    entry: 'functions/ingest-export-file.ts',
    memoryMb: 1024,
    timeoutSeconds: 900,
    env: ['controlTable', 'customerSaltSecretArn', 'ingestQueueUrl', 'exportsQueueUrl', 'exportsDlqUrl', 'rawBucket', 'timeZone', 'exportChunkRows', 'exportProfiles'],
  },
  /** Also reads one WEBHOOK_SECRET_ARN_<name> per webhook secret on AWS (webhookSecretArnVariable). */
  ingestSocial: {
    entry: 'functions/ingest-social.ts',
    memoryMb: 512,
    timeoutSeconds: 10,
    env: ['controlTable', 'customerSaltSecretArn', 'ingestQueueUrl', 'socialOwnAccounts', 'webhookSecrets'],
  },
} as const satisfies Record<string, { entry: string; memoryMb: number; timeoutSeconds: number; env: readonly EnvName[] }>;

export type FunctionName = keyof typeof FUNCTIONS;

/** The route API Gateway would pick for a request, with its path parameters. */
export function matchRoute<R extends { method: string; path: string }>(
  method: string,
  path: string,
  routes: readonly R[],
): { route: R; pathParameters?: Record<string, string> } | undefined {
  const exact = routes.find((r) => r.method === method && r.path === path);
  if (exact) return { route: exact };
  const segments = path.split('/');
  for (const route of routes) {
    if (route.method !== method || !route.path.includes('{')) continue;
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = pattern.every((part, i) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return part === segments[i];
      if (!segments[i]) return false;
      try {
        params[name] = decodeURIComponent(segments[i]!);
      } catch {
        return false;
      }
      return true;
    });
    if (matches) return { route, pathParameters: params };
  }
  return undefined;
}
