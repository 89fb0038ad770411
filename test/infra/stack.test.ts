import { existsSync, readFileSync } from 'node:fs';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../infra/app';
import { functionBundles } from '../../infra/assembly';
import { InvalidStackConfigError, parseStackConfig } from '../../infra/config';
import { COMPREHEND_ACTIONS } from '../../infra/constructs/feedback-functions';
import { CONTROL_ACCESS, CONTROL_FAMILIES, controlStatements, writesControl } from '../../infra/constructs/control-access';
import { ALERTS_BACKLOG_AGE_THRESHOLD_SECONDS, API_5XX_MIN_REQUESTS, API_5XX_RATE_THRESHOLD_PERCENT, BACKLOG_AGE_THRESHOLD_SECONDS } from '../../infra/constructs/operations';
import { REJECT_REASONS } from '../../shared/domain/reject-reasons';
import { SENTIMENT_LABELS } from '../../shared/domain/sentiment';
import { METRIC, METRICS_NAMESPACE } from '../../shared/metrics';
import { CHANNELS } from '../../shared/domain/feedback';
import { INBOUND_RULE_NAME, INBOUND_RULE_SET_NAME } from '../../infra/constructs/inbound-email';
import { FUNCTION_NAME_METADATA } from '../../infra/constructs/house-function';
import { WEBHOOK_SECRET_NAMES } from '../../shared/domain/webhook-signatures';
import { EXPORTS_PREFIX } from '../../shared/domain/export-jobs';
import { referencedIds } from '../support/cloudformation';
import { ENV, FUNCTIONS, INBOUND_EMAIL_PREFIX, QUEUES, ROUTES, TABLES, webhookSecretArnVariable, type FunctionName, type QueueName } from '../../shared/resources';

type Json = Record<string, any>;
interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

const CONTEXT = {
  alarmEmail: 'ops@example.com',
  sentimentEngine: 'lexicon',
  retentionDays: '400',
  rawRetentionDays: 20,
  officerEmail: 'cco@example.org',
  senderEmail: 'voice@example.org',
  mailLanguage: 'en',
  // As given on the command line (strings) and in cdk.json (numbers).
  alertUpdateHours: '3',
  alertDailyBudget: 4,
  // As given on the command line: JSON text.
  socialOwnAccounts: '{"x":["2244994945"],"meta":["104512345678901"]}',
};
const TABLE_WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];
const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'];
const XRAY_ACTIONS = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'];
const SES_SEND_ACTIONS = ['ses:SendEmail', 'ses:SendRawEmail'];
const PSEUDO_PARAMETERS = ['AWS::Partition', 'AWS::Region', 'AWS::AccountId', 'AWS::URLSuffix'];
/** The stack-level singleton Lambda CDK adds for S3 bucket notifications (Custom::S3BucketNotifications). */
const BUCKET_NOTIFICATIONS_HANDLER = /^BucketNotificationsHandler050a0587b7544547bf325f094a3db834/;
/** The stack-level singleton Lambda CDK adds to copy the dashboard page into its bucket (Custom::CDKBucketDeployment), 512 MiB. */
const BUCKET_DEPLOYMENT_HANDLER = /^CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C512MiB/;
/** Skips esbuild: for variants that only inspect configuration-dependent resources. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

let built: BuiltApp;
let template: Template;
let resources: Record<string, Json>;

const idOf = (construct: IConstruct): string => built.stack.getLogicalId(construct.node.defaultChild as CfnElement);
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

/** Every statement of every IAM policy attached to the role of `fn`. */
function statementsOf(fn: FunctionName): Statement[] {
  const roleId = idOf(built.stack.pipeline.functions[fn].role!);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && referencedIds(r.Properties.Roles).includes(roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
}

/** Actions `fn` may perform on the resource with this logical ID. */
function actionsOn(fn: FunctionName, logicalId: string): string[] {
  return statementsOf(fn)
    .filter((s) => s.Effect === 'Allow' && referencedIds(s.Resource).includes(logicalId))
    .flatMap((s) => asArray(s.Action));
}

/** Every Allow statement of `fn` granting an action with this prefix (e.g. 'ses:'). */
function statementsWithAction(fn: FunctionName, prefix: string): Statement[] {
  return statementsOf(fn).filter((s) => s.Effect === 'Allow' && asArray(s.Action).some((a) => a.startsWith(prefix)));
}

function environmentOf(fn: FunctionName): Record<string, unknown> {
  return resources[idOf(built.stack.pipeline.functions[fn])]!.Properties.Environment.Variables;
}

// The synth bundles every function and builds the dashboard page: past the default hook timeout when the machine is loaded.
const FULL_SYNTH_TIMEOUT_MS = 300_000;

beforeAll(() => {
  // Prepare + Act: one synth for the whole file (bundling every function with esbuild, the page with Vite).
  built = buildApp({ context: CONTEXT });
  template = Template.fromStack(built.stack);
  resources = template.toJSON().Resources;
}, FULL_SYNTH_TIMEOUT_MS);

describe('queues', () => {
  // The exports queue is notified by S3: a key of its own, since S3's use of the data key would
  // make the bucket and the key depend on each other. It carries object keys and job ids only.
  const encryptionOf = (name: QueueName) => {
    const key = name === 'exports' ? built.stack.stateful.exportsQueueKey : name === 'notifications' ? built.stack.stateful.notificationsQueueKey : built.stack.stateful.key;
    return { KmsMasterKeyId: { 'Fn::GetAtt': [idOf(key), 'Arn'] } };
  };

  it.each(Object.keys(QUEUES) as QueueName[])('%s redrives to its DLQ after maxReceiveCount deliveries, KMS-encrypted, TLS only', (name) => {
    const { queues } = built.stack.stateful;
    const { queue: work, deadLetterQueue } = queues[name];
    const queue = resources[idOf(work)]!.Properties;
    expect(queue.RedrivePolicy).toEqual({
      deadLetterTargetArn: { 'Fn::GetAtt': [idOf(deadLetterQueue), 'Arn'] },
      maxReceiveCount: QUEUES[name].maxReceiveCount,
    });
    expect(queue).toMatchObject(encryptionOf(name));
    expect(queue.VisibilityTimeout).toBe(QUEUES[name].visibilityTimeoutSeconds);
    expect(queue.MessageRetentionPeriod).toBe(QUEUES[name].retentionDays * 86_400);
    const dlq = resources[idOf(deadLetterQueue)]!.Properties;
    expect(dlq).toMatchObject(encryptionOf(name));
    expect(dlq.RedrivePolicy).toBeUndefined();
    expect(dlq.MessageRetentionPeriod).toBe(14 * 86_400);
    for (const q of [work, deadLetterQueue]) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: idOf(q) }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
    }
  });

  it('declares one queue and one DLQ per QUEUES entry, exposed under their historical names', () => {
    const { queues, ingestQueue, ingestDeadLetterQueue, alertsQueue, alertsDeadLetterQueue } = built.stack.stateful;
    // Plus the dead-letter queues of the weekly digest, the daily summary and the S3-triggered ingestEmail.
    template.resourceCountIs('AWS::SQS::Queue', 2 * Object.keys(QUEUES).length + 3);
    expect(queues.ingest).toEqual({ queue: ingestQueue, deadLetterQueue: ingestDeadLetterQueue });
    expect(queues.alerts).toEqual({ queue: alertsQueue, deadLetterQueue: alertsDeadLetterQueue });
    // Already-deployed queues keep their logical IDs (no replacement, no lost messages).
    expect(idOf(ingestQueue)).toMatch(/^StatefulIngestQueue[0-9A-F]{8}$/);
    expect(idOf(ingestDeadLetterQueue)).toMatch(/^StatefulIngestDeadLetterQueue[0-9A-F]{8}$/);
  });

  it('feeds processFeedback in batches of QUEUES.ingest.batchSize with partial batch failures', () => {
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', Object.keys(QUEUES).length);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [idOf(built.stack.stateful.ingestQueue), 'Arn'] },
      FunctionName: { Ref: idOf(built.stack.pipeline.functions.processFeedback) },
      BatchSize: QUEUES.ingest.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      // The local poller gathers with the same window (cli/local/queue-poller.ts).
      MaximumBatchingWindowInSeconds: QUEUES.ingest.batchingWindowSeconds,
    });
  });

  it('feeds evaluateAlerts from the alerts queue in batches of QUEUES.alerts.batchSize, partial failures, 1 s window', () => {
    const mappings = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Lambda::EventSourceMapping' && referencedIds(r.Properties.EventSourceArn).includes(idOf(built.stack.stateful.alertsQueue)),
    );
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      FunctionName: { Ref: idOf(built.stack.pipeline.functions.evaluateAlerts) },
      BatchSize: QUEUES.alerts.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumBatchingWindowInSeconds: QUEUES.alerts.batchingWindowSeconds,
    });
  });
});

describe('tables', () => {
  it.each(Object.keys(TABLES) as (keyof typeof TABLES)[])('%s: key schema from TABLES, on demand, PITR, KMS with the data key, retained', (name) => {
    const shape: { partitionKey: string; sortKey?: string } = TABLES[name];
    const id = idOf(built.stack.stateful.tables[name]);
    const table = resources[id]!;
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: shape.partitionKey, KeyType: 'HASH' },
      ...(shape.sortKey ? [{ AttributeName: shape.sortKey, KeyType: 'RANGE' }] : []),
    ]);
    expect(table.Properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.Properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [idOf(built.stack.stateful.key), 'Arn'] },
    });
    expect(table.DeletionPolicy).toBe('Retain');
  });

  it('expires feedback items on the TABLES.feedback TTL attribute', () => {
    const table = resources[idOf(built.stack.stateful.tables.feedback)]!;
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: TABLES.feedback.ttlAttribute, Enabled: true });
  });

  it('uses one customer-managed key with rotation', () => {
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('feedback tables') });
  });
});

describe('raw bucket', () => {
  it('is KMS-encrypted, private, logged, and expires raw objects after rawRetentionDays', () => {
    const { rawBucket, accessLogsBucket, key } = built.stack.stateful;
    const bucket = resources[idOf(rawBucket)]!.Properties;
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
      SSEAlgorithm: 'aws:kms',
      KMSMasterKeyID: { 'Fn::GetAtt': [idOf(key), 'Arn'] },
    });
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 20 }));
    expect(bucket.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: idOf(accessLogsBucket) });
  });

  it('denies every request not made over TLS', () => {
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: idOf(built.stack.stateful.rawBucket) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
  });
});

describe('functions', () => {
  it('every Lambda is arm64, nodejs22.x, X-Ray active, and there is exactly one per FUNCTIONS entry', () => {
    const all = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::Lambda::Function');
    // Besides ours, only CDK's deploy-time handlers: bucket notifications (raw bucket -> ingestEmail) and the dashboard page's copier.
    expect(all.filter(([, r]) => !r.Metadata?.[FUNCTION_NAME_METADATA]).map(([id]) => id).sort()).toEqual([
      expect.stringMatching(BUCKET_NOTIFICATIONS_HANDLER),
      expect.stringMatching(BUCKET_DEPLOYMENT_HANDLER),
    ]);
    const lambdas = all.filter(([, r]) => r.Metadata?.[FUNCTION_NAME_METADATA]).map(([, r]) => r);
    expect(lambdas).toHaveLength(Object.keys(FUNCTIONS).length);
    for (const fn of lambdas) {
      expect(fn.Properties).toMatchObject({ Architectures: ['arm64'], Runtime: 'nodejs22.x', TracingConfig: { Mode: 'Active' } });
    }
  });

  it.each(Object.keys(FUNCTIONS) as FunctionName[])('%s takes memory and timeout from FUNCTIONS and logs to its own group', (name) => {
    const fn = resources[idOf(built.stack.pipeline.functions[name])]!.Properties;
    expect(fn.MemorySize).toBe(FUNCTIONS[name].memoryMb);
    expect(fn.Timeout).toBe(FUNCTIONS[name].timeoutSeconds);
    expect(referencedIds(fn.LoggingConfig.LogGroup)).toHaveLength(1);
    expect(fn.Environment.Variables.POWERTOOLS_SERVICE_NAME).toBe('customer-voice');
  });

  it('passes each function the environment it reads, and nothing of the others', () => {
    const { tables, ingestQueue, ingestDeadLetterQueue, alertsQueue } = built.stack.stateful;
    expect(environmentOf('ingestApi')).toMatchObject({
      [ENV.controlTable]: { Ref: idOf(tables.control) },
      [ENV.ingestQueueUrl]: { Ref: idOf(ingestQueue) },
    });
    expect(environmentOf('ingestApi')).not.toHaveProperty(ENV.feedbackTable);
    expect(environmentOf('readApi')).toMatchObject({
      [ENV.feedbackTable]: { Ref: idOf(tables.feedback) },
      [ENV.aggregatesTable]: { Ref: idOf(tables.aggregates) },
      [ENV.controlTable]: { Ref: idOf(tables.control) },
      [ENV.timeZone]: 'Europe/Paris',
    });
    expect(environmentOf('readApi')).not.toHaveProperty(ENV.ingestQueueUrl);
    expect(environmentOf('processFeedback')).toMatchObject({
      [ENV.feedbackTable]: { Ref: idOf(tables.feedback) },
      [ENV.aggregatesTable]: { Ref: idOf(tables.aggregates) },
      [ENV.ingestDlqUrl]: { Ref: idOf(ingestDeadLetterQueue) },
      [ENV.alertsQueueUrl]: { Ref: idOf(alertsQueue) },
      [ENV.sentimentEngine]: 'lexicon',
      [ENV.redactionKeepStaffNames]: 'false',
      [ENV.retentionDays]: '400',
      [ENV.timeZone]: 'Europe/Paris',
    });
    expect(environmentOf('evaluateAlerts')).toMatchObject({
      [ENV.feedbackTable]: { Ref: idOf(tables.feedback) },
      [ENV.aggregatesTable]: { Ref: idOf(tables.aggregates) },
      [ENV.controlTable]: { Ref: idOf(tables.control) },
      [ENV.timeZone]: 'Europe/Paris',
      [ENV.officerEmail]: CONTEXT.officerEmail,
      [ENV.senderEmail]: CONTEXT.senderEmail,
      [ENV.mailLanguage]: 'en',
    });
    for (const variable of [ENV.ingestQueueUrl, ENV.ingestDlqUrl, ENV.alertsQueueUrl, ENV.sentimentEngine]) {
      expect(environmentOf('evaluateAlerts')).not.toHaveProperty(variable);
    }
    // Only the evaluator sends mail; only processFeedback feeds the alerts queue.
    for (const fn of ['ingestApi', 'readApi', 'adminApi', 'processFeedback'] as const) {
      for (const variable of [ENV.officerEmail, ENV.senderEmail, ENV.mailLanguage]) expect(environmentOf(fn)).not.toHaveProperty(variable);
    }
    for (const fn of ['ingestApi', 'readApi', 'adminApi', 'evaluateAlerts'] as const) expect(environmentOf(fn)).not.toHaveProperty(ENV.alertsQueueUrl);
    expect(environmentOf('ingestEmail')).toMatchObject({
      [ENV.controlTable]: { Ref: idOf(tables.control) },
      [ENV.ingestQueueUrl]: { Ref: idOf(ingestQueue) },
      [ENV.rawBucket]: { Ref: idOf(built.stack.stateful.rawBucket) },
    });
    for (const variable of [ENV.feedbackTable, ENV.aggregatesTable, ENV.ingestDlqUrl, ENV.alertsQueueUrl, ENV.officerEmail, ENV.senderEmail]) {
      expect(environmentOf('ingestEmail')).not.toHaveProperty(variable);
    }
    // Only the email and export channels (and erasure) know the raw bucket.
    const rawBucketUsers: FunctionName[] = ['ingestEmail', 'adminApi', 'ingestApi', 'ingestExportFile'];
    for (const fn of (Object.keys(FUNCTIONS) as FunctionName[]).filter((f) => !rawBucketUsers.includes(f))) expect(environmentOf(fn)).not.toHaveProperty(ENV.rawBucket);
    expect(environmentOf('ingestExportFile')).toMatchObject({
      [ENV.controlTable]: { Ref: idOf(tables.control) },
      [ENV.ingestQueueUrl]: { Ref: idOf(ingestQueue) },
      [ENV.exportsQueueUrl]: { Ref: idOf(built.stack.stateful.queues.exports.queue) },
      [ENV.exportsDlqUrl]: { Ref: idOf(built.stack.stateful.queues.exports.deadLetterQueue) },
      [ENV.rawBucket]: { Ref: idOf(built.stack.stateful.rawBucket) },
    });
  });

  it('never sets OUTBOX_DIR (local runs only): deployed functions send through SES', () => {
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) expect(environmentOf(name)).not.toHaveProperty(ENV.outboxDir);
  });

  it('writes each bundle (ESM with the require banner) into the cloud assembly where functionBundles finds it', () => {
    const bundles = functionBundles(built.app.synth().directory);
    for (const name of Object.keys(FUNCTIONS) as FunctionName[]) {
      const bundle = bundles[name];
      expect(bundle.logicalId).toBe(idOf(built.stack.pipeline.functions[name]));
      expect(existsSync(bundle.file)).toBe(true);
      expect(readFileSync(bundle.file, 'utf8')).toMatch(/^import\s*\{\s*createRequire\s*\}\s*from\s*['"]module['"]/);
      expect(bundle.exportName).toBe('handler');
    }
  });
});

describe('IAM', () => {
  const allStatements = (): Statement[] =>
    Object.values(resources).flatMap((r) => {
      if (r.Type === 'AWS::IAM::Policy') return r.Properties.PolicyDocument.Statement;
      if (r.Type === 'AWS::IAM::Role') return (r.Properties.Policies ?? []).flatMap((p: Json) => p.PolicyDocument.Statement);
      return [];
    });

  it('never allows a wildcard action, and Resource "*" only for X-Ray and Comprehend', () => {
    const statements = allStatements();
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      const actions = asArray(statement.Action);
      for (const action of actions) expect(action).not.toMatch(/^\*$|^[\w-]+:\*$/);
      if (asArray(statement.Resource).includes('*')) {
        expect([...XRAY_ACTIONS, ...COMPREHEND_ACTIONS]).toEqual(expect.arrayContaining(actions));
      }
    }
  });

  it('uses no AWS managed policy (except on the role of CDK\'s own bucket-notifications handler)', () => {
    const roles = Object.entries(resources).filter(([, r]) => r.Type === 'AWS::IAM::Role');
    const withManaged = roles.filter(([, r]) => r.Properties.ManagedPolicyArns !== undefined).map(([id]) => id);
    expect(withManaged).toEqual([expect.stringMatching(BUCKET_NOTIFICATIONS_HANDLER)]);
  });

  it('ingestApi reads and writes (its families of) the control table and sends to the ingest queue, nothing else', () => {
    const { tables, ingestQueue, ingestDeadLetterQueue } = built.stack.stateful;
    expect(actionsOn('ingestApi', idOf(tables.control))).toEqual(expect.arrayContaining([...TABLE_READ_ACTIONS, 'dynamodb:PutItem']));
    expect(actionsOn('ingestApi', idOf(ingestQueue))).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    expect(actionsOn('ingestApi', idOf(ingestQueue))).not.toContain('sqs:ReceiveMessage');
    expect(actionsOn('ingestApi', idOf(tables.feedback))).toEqual([]);
    expect(actionsOn('ingestApi', idOf(tables.aggregates))).toEqual([]);
    expect(actionsOn('ingestApi', idOf(ingestDeadLetterQueue))).toEqual([]);
  });

  it('readApi only reads (aggregates, control, and feedback for verbatims) and cannot touch the queues', () => {
    const { tables, ingestQueue, ingestDeadLetterQueue } = built.stack.stateful;
    for (const table of [tables.aggregates, tables.control, tables.feedback]) {
      const actions = actionsOn('readApi', idOf(table));
      expect(actions).toEqual(expect.arrayContaining(TABLE_READ_ACTIONS));
      for (const write of TABLE_WRITE_ACTIONS) expect(actions).not.toContain(write);
    }
    for (const queue of [ingestQueue, ingestDeadLetterQueue, built.stack.stateful.alertsQueue, built.stack.stateful.alertsDeadLetterQueue]) {
      expect(actionsOn('readApi', idOf(queue))).toEqual([]);
    }
    expect(statementsWithAction('readApi', 'ses:')).toEqual([]);
  });

  it('adminApi (erasure) writes feedback and control, never the aggregates or the queues', () => {
    const { tables, ingestQueue, ingestDeadLetterQueue } = built.stack.stateful;
    expect(actionsOn('adminApi', idOf(tables.feedback))).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem']));
    for (const write of TABLE_WRITE_ACTIONS) expect(actionsOn('adminApi', idOf(tables.aggregates))).not.toContain(write);
    expect(actionsOn('adminApi', idOf(ingestQueue))).toEqual([]);
    expect(actionsOn('adminApi', idOf(ingestDeadLetterQueue))).toEqual([]);
  });

  it('indexes feedback by customer hash (keys only) for erasure', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [{ IndexName: 'byCustomer', KeySchema: [{ AttributeName: 'customerHash', KeyType: 'HASH' }, { AttributeName: 'pk', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    });
  });

  it('processFeedback writes feedback and aggregates, not the control table; consumes the queue, dead-letters; no Comprehend with the lexicon engine', () => {
    const { tables, ingestQueue, ingestDeadLetterQueue } = built.stack.stateful;
    for (const table of [tables.feedback, tables.aggregates]) {
      expect(actionsOn('processFeedback', idOf(table))).toEqual(expect.arrayContaining([...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS]));
    }
    expect(actionsOn('processFeedback', idOf(tables.control))).toEqual([]);
    expect(environmentOf('processFeedback')).not.toHaveProperty(ENV.controlTable);
    expect(actionsOn('processFeedback', idOf(ingestQueue))).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect(actionsOn('processFeedback', idOf(ingestQueue))).not.toContain('sqs:SendMessage');
    expect(actionsOn('processFeedback', idOf(ingestDeadLetterQueue))).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    // The engines that call Comprehend get their actions (test/infra/deploy-readiness.test.ts); lexicon gets none.
    expect(statementsWithAction('processFeedback', 'comprehend:')).toEqual([]);
    expect(statementsOf('ingestApi').flatMap((s) => asArray(s.Action)).some((a) => a.startsWith('comprehend:'))).toBe(false);
  });

  it('processFeedback sends to the alerts queue but cannot consume it, nor touch the alerts DLQ', () => {
    const { alertsQueue, alertsDeadLetterQueue } = built.stack.stateful;
    const actions = actionsOn('processFeedback', idOf(alertsQueue));
    expect(actions).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    for (const consume of ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']) expect(actions).not.toContain(consume);
    expect(actionsOn('processFeedback', idOf(alertsDeadLetterQueue))).toEqual([]);
    expect(statementsWithAction('processFeedback', 'ses:')).toEqual([]);
  });

  it('evaluateAlerts reads aggregates and feedback, reads and writes control, consumes the alerts queue, nothing else', () => {
    const { tables, ingestQueue, ingestDeadLetterQueue, alertsQueue, alertsDeadLetterQueue } = built.stack.stateful;
    for (const table of [tables.aggregates, tables.feedback]) {
      const actions = actionsOn('evaluateAlerts', idOf(table));
      expect(actions).toEqual(expect.arrayContaining(TABLE_READ_ACTIONS));
      for (const write of TABLE_WRITE_ACTIONS) expect(actions).not.toContain(write);
    }
    // Incidents: read, then conditional writes (with the open pointer) so concurrent batches send
    // one email; the daily budget a conditional UpdateItem; old alert states listed once to upgrade.
    expect([...new Set(actionsOn('evaluateAlerts', idOf(tables.control)))].sort()).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(actionsOn('evaluateAlerts', idOf(alertsQueue))).toEqual(expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage']));
    expect(actionsOn('evaluateAlerts', idOf(alertsQueue))).not.toContain('sqs:SendMessage');
    for (const queue of [ingestQueue, ingestDeadLetterQueue, alertsDeadLetterQueue]) expect(actionsOn('evaluateAlerts', idOf(queue))).toEqual([]);
    const actions = statementsOf('evaluateAlerts').flatMap((s) => asArray(s.Action));
    expect(actions.some((a) => a.startsWith('comprehend:'))).toBe(false);
    // No '*' nor 'service:*' (KMS's GenerateDataKey* from the table/queue grants is a named action family).
    for (const action of actions) expect(action).not.toMatch(/^\*$|^[\w-]+:\*$/);
  });

  it('only evaluateAlerts, sendDigest and sendDailySummary may send email: SendEmail/SendRawEmail on the sender identity and on the officer’s (the SES sandbox checks recipients too)', () => {
    const identityId = idOf(built.stack.senderIdentity);
    template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: CONTEXT.senderEmail });
    const officerDomain = CONTEXT.officerEmail.split('@')[1]!;
    const senders: FunctionName[] = ['evaluateAlerts', 'sendDigest', 'sendDailySummary'];
    for (const sender of senders) {
      const ses = statementsWithAction(sender, 'ses:');
      for (const statement of ses) {
        expect(asArray(statement.Action).sort()).toEqual(SES_SEND_ACTIONS);
        expect(asArray(statement.Resource)).not.toContain('*');
      }
      // (IAM policy minimisation may merge the grants into one statement: look at the resources.)
      const resourcesGranted = ses.flatMap((s) => asArray(s.Resource));
      for (const resource of resourcesGranted) expect(JSON.stringify(resource)).toContain(':identity/');
      const onSender = resourcesGranted.filter((r) => referencedIds(r).some((id) => !PSEUDO_PARAMETERS.includes(id)));
      expect(onSender.flatMap((r) => referencedIds(r).filter((id) => !PSEUDO_PARAMETERS.includes(id)))).toEqual([identityId]);
      // The recipients' identities, by name (address and domain: either may be the verified one), nothing else.
      const onRecipients = resourcesGranted.filter((r) => !onSender.includes(r)).map((r) => JSON.stringify(r));
      expect(onRecipients).toHaveLength(2);
      expect(onRecipients.find((r) => r.includes(`:identity/${CONTEXT.officerEmail}"`))).toBeDefined();
      expect(onRecipients.find((r) => r.includes(`:identity/${officerDomain}"`))).toBeDefined();
    }
    for (const fn of (Object.keys(FUNCTIONS) as FunctionName[]).filter((f) => !senders.includes(f))) {
      expect(statementsWithAction(fn, 'ses:')).toEqual([]);
    }
  });
});

describe('control table (least privilege by item family)', () => {
  const controlId = () => idOf(built.stack.stateful.tables.control);
  const onControl = (statements: Statement[]) => statements.filter((s) => referencedIds(s.Resource).includes(controlId()));
  const normalised = (s: { Effect: string; Action: string | string[]; Condition?: unknown }) => ({ Effect: s.Effect, Action: asArray(s.Action).sort(), Condition: s.Condition });
  const byText = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));

  it.each(Object.keys(FUNCTIONS) as FunctionName[])('%s: exactly the CONTROL_ACCESS statements, each scoped by dynamodb:LeadingKeys', (fn) => {
    // Act: what the synthesized template grants this function's role on the control table.
    const statements = onControl(statementsOf(fn));
    // Assess: the generated statements, on the table itself (not an index), and nothing more.
    expect(statements.map(normalised).sort(byText)).toEqual(controlStatements(fn).map(normalised).sort(byText));
    for (const statement of statements) {
      expect(statement.Resource).toEqual({ 'Fn::GetAtt': [controlId(), 'Arn'] });
      const patterns = statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[];
      expect(patterns.length).toBe(1);
      expect(Object.values(CONTROL_FAMILIES)).toContain(patterns[0]);
      expect(statement.Condition?.Null).toEqual({ 'dynamodb:LeadingKeys': 'false' });
    }
  });

  it('no role anywhere may Scan the control table or act on it without a LeadingKeys condition', () => {
    const policies = Object.values(resources).filter((r) => r.Type === 'AWS::IAM::Policy');
    const statements = onControl(policies.flatMap((p) => p.Properties.PolicyDocument.Statement as Statement[]));
    expect(statements.length).toBe(Object.values(CONTROL_ACCESS).reduce((n: number, grant) => n + Object.keys(grant).length, 0));
    for (const statement of statements) {
      expect(asArray(statement.Action)).not.toContain('dynamodb:Scan');
      expect(asArray(statement.Action).every((a) => /^dynamodb:(GetItem|Query|PutItem|UpdateItem|DeleteItem)$/.test(a))).toBe(true);
      expect(statement.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys']).toBeDefined();
    }
    // Only the function roles hold them (no stray table grant on another role).
    const functionRoles = (Object.keys(FUNCTIONS) as FunctionName[]).map((fn) => idOf(built.stack.pipeline.functions[fn].role!));
    for (const policy of policies.filter((p) => onControl(p.Properties.PolicyDocument.Statement).length > 0)) {
      expect(functionRoles).toEqual(expect.arrayContaining(referencedIds(policy.Properties.Roles)));
    }
  });

  it('no function may write API keys (the CLI does, with the operator’s credentials); only the three API functions read them', () => {
    const apiKeyPattern = CONTROL_FAMILIES.apiKeys;
    for (const fn of Object.keys(FUNCTIONS) as FunctionName[]) {
      const onKeys = onControl(statementsOf(fn)).filter((s) => (s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[]).includes(apiKeyPattern));
      const actions = onKeys.flatMap((s) => asArray(s.Action));
      if (['ingestApi', 'readApi', 'adminApi'].includes(fn)) expect(actions).toEqual(['dynamodb:GetItem']);
      else expect(actions).toEqual([]);
    }
  });

  it('readApi only reads the control table: Decrypt on the data key, never Encrypt or GenerateDataKey', () => {
    const { key } = built.stack.stateful;
    for (const statement of onControl(statementsOf('readApi'))) for (const action of asArray(statement.Action)) expect(action).toMatch(/^dynamodb:(GetItem|Query)$/);
    const keyActions = actionsOn('readApi', idOf(key));
    expect(keyActions).toContain('kms:Decrypt');
    for (const write of ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*']) expect(keyActions).not.toContain(write);
  });

  it('sendDigest lists incidents, claims send markers (its briefs and notes of recognition) and leases its digest email, nothing else in the control table', () => {
    const byKeys = Object.fromEntries(
      onControl(statementsOf('sendDigest')).map((s) => [JSON.stringify((s.Condition as Record<string, Record<string, string[]>>)['ForAllValues:StringLike']!['dynamodb:LeadingKeys']), asArray(s.Action).sort()]),
    );
    expect(byKeys).toEqual({
      '["INCIDENT"]': ['dynamodb:Query'],
      '["SENT#*"]': ['dynamodb:PutItem'],
      '["NOTIFY#*"]': ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
    });
  });

  it('functions that write the control table can encrypt with its key (DynamoDB encrypts with it on their behalf)', () => {
    const { key } = built.stack.stateful;
    for (const fn of (Object.keys(FUNCTIONS) as FunctionName[]).filter(writesControl)) {
      expect(actionsOn(fn, idOf(key))).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*']));
    }
  });
});

describe('email channel', () => {
  const rawBucketArn = () => ({ 'Fn::GetAtt': [idOf(built.stack.stateful.rawBucket), 'Arn'] });
  const inboundObjects = () => ({ 'Fn::Join': ['', [rawBucketArn(), `/${INBOUND_EMAIL_PREFIX}*`]] });
  /** aws:SourceArn = arn:<partition>:ses:<region>:<account>:receipt-rule-set/<set>:receipt-rule/<rule>. */
  const expectReceiptRuleArn = (value: unknown) =>
    expect(value).toEqual({
      'Fn::Join': [
        '',
        ['arn:', { Ref: 'AWS::Partition' }, ':ses:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:receipt-rule-set/${INBOUND_RULE_SET_NAME}:receipt-rule/${INBOUND_RULE_NAME}`],
      ],
    });

  it('invokes ingestEmail for every object created under INBOUND_EMAIL_PREFIX in the raw bucket, and nothing else', () => {
    const fnId = idOf(built.stack.pipeline.functions.ingestEmail);
    const notifications = Object.values(resources).filter((r) => r.Type === 'Custom::S3BucketNotifications');
    expect(notifications).toHaveLength(1);
    expect(notifications[0]!.Properties.BucketName).toEqual({ Ref: idOf(built.stack.stateful.rawBucket) });
    expect(notifications[0]!.Properties.NotificationConfiguration).toMatchObject({
      LambdaFunctionConfigurations: [
        {
          Events: ['s3:ObjectCreated:*'],
          Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: INBOUND_EMAIL_PREFIX }] } },
          LambdaFunctionArn: { 'Fn::GetAtt': [fnId, 'Arn'] },
        },
      ],
    });
    template.hasResourceProperties('AWS::Lambda::Permission', {
      FunctionName: { 'Fn::GetAtt': [fnId, 'Arn'] },
      Principal: 's3.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
      SourceArn: rawBucketArn(),
    });
  });

  it('ingestEmail (asynchronous) dead-letters the events it keeps failing on', () => {
    const fn = resources[idOf(built.stack.pipeline.functions.ingestEmail)]!.Properties;
    expect(fn.DeadLetterConfig).toEqual({ TargetArn: { 'Fn::GetAtt': [idOf(built.stack.pipeline.emailDeadLetterQueue), 'Arn'] } });
  });

  it('ingestEmail reads objects only under the inbound prefix, decrypts with the data key, sends to the ingest queue', () => {
    const { rawBucket, key, tables, ingestQueue, ingestDeadLetterQueue, alertsQueue, accessLogsBucket } = built.stack.stateful;
    const s3 = statementsWithAction('ingestEmail', 's3:');
    expect(s3.length).toBeGreaterThan(0);
    for (const statement of s3) {
      // Object-level actions (GetObject*) apply to the object ARN only: inbound/* and nothing else of the bucket.
      const objectResources = asArray(statement.Resource).filter((r) => JSON.stringify(r).includes('/'));
      expect(objectResources).toEqual([inboundObjects()]);
      expect(asArray(statement.Resource)).not.toContain('*');
      expect(referencedIds(statement.Resource)).toEqual([idOf(rawBucket), idOf(rawBucket)]);
      for (const action of asArray(statement.Action)) expect(action).toMatch(/^s3:(Get|List)/);
    }
    expect(actionsOn('ingestEmail', idOf(key))).toContain('kms:Decrypt');
    expect(actionsOn('ingestEmail', idOf(accessLogsBucket))).toEqual([]);
    expect(actionsOn('ingestEmail', idOf(ingestQueue))).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    expect(actionsOn('ingestEmail', idOf(ingestQueue))).not.toContain('sqs:ReceiveMessage');
    // The salt alone, read only.
    expect(actionsOn('ingestEmail', idOf(tables.control))).toEqual(['dynamodb:GetItem']);
    for (const untouched of [tables.feedback, tables.aggregates, ingestDeadLetterQueue, alertsQueue]) expect(actionsOn('ingestEmail', idOf(untouched))).toEqual([]);
    expect(statementsWithAction('ingestEmail', 'ses:')).toEqual([]);
    expect(statementsWithAction('ingestEmail', 'comprehend:')).toEqual([]);
    // No other function may touch the raw bucket, but the export channel (see 'export files').
    const exportChannel: FunctionName[] = ['ingestApi', 'ingestExportFile'];
    for (const fn of (Object.keys(FUNCTIONS) as FunctionName[]).filter((f) => f !== 'ingestEmail' && f !== 'adminApi' && !exportChannel.includes(f))) {
      expect(actionsOn(fn, idOf(rawBucket))).toEqual([]);
    }
    // Erasure may delete raw emails, and nothing else on the bucket.
    expect(actionsOn('adminApi', idOf(rawBucket))).toEqual(['s3:DeleteObject*']);
  });

  it('without inboundDomain / inboundRecipients: no receipt rule set, no SES grant, and an output saying so', () => {
    template.resourceCountIs('AWS::SES::ReceiptRuleSet', 0);
    template.resourceCountIs('AWS::SES::ReceiptRule', 0);
    expect(JSON.stringify(resources)).not.toContain('ses.amazonaws.com');
    expect(template.toJSON().Outputs).not.toHaveProperty('InboundRuleSetActivation');
    template.hasOutput('InboundEmailReceiving', { Value: Match.stringLikeRegexp('-c inboundDomain=') });
    template.hasOutput('InboundEmailLocation', {});
  });

  describe('with inboundDomain', () => {
    let b: BuiltApp;
    let t: Template;
    let res: Record<string, Json>;
    const id = (construct: IConstruct) => b.stack.getLogicalId(construct.node.defaultChild as CfnElement);
    beforeAll(() => {
      b = buildApp({ context: { ...NO_BUNDLING, ...CONTEXT, inboundDomain: 'Feedback.Example.org' } });
      t = Template.fromStack(b.stack);
      res = t.toJSON().Resources;
    });

    it('creates one rule set with one rule for the domain: spam/virus scan, TLS required, delivering to the raw bucket under the prefix', () => {
      t.resourceCountIs('AWS::SES::ReceiptRuleSet', 1);
      t.resourceCountIs('AWS::SES::ReceiptRule', 1);
      t.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: INBOUND_RULE_SET_NAME });
      const rule = Object.values(res).find((r) => r.Type === 'AWS::SES::ReceiptRule')!;
      expect(rule.Properties.RuleSetName).toEqual({ Ref: id(b.stack.inboundEmail.ruleSet!) });
      expect(rule.Properties.Rule).toEqual({
        Name: INBOUND_RULE_NAME,
        Enabled: true,
        Recipients: ['feedback.example.org'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        // No KmsKeyArn: it would make SES encrypt client-side (S3 Encryption Client envelope) instead of the
        // bucket's SSE-KMS, which ingestEmail's plain GetObject cannot read.
        Actions: [{ S3Action: { BucketName: { Ref: id(b.stack.stateful.rawBucket) }, ObjectKeyPrefix: INBOUND_EMAIL_PREFIX } }],
      });
      // Created only once SES may write to the bucket and use the key (SES test-writes on creation).
      expect(rule.DependsOn).toEqual(expect.arrayContaining([id(b.stack.stateful.key), b.stack.getLogicalId(b.stack.stateful.rawBucket.policy!.node.defaultChild as CfnElement)]));
    });

    it('stores received emails encrypted at rest with the data key (the bucket default SSE-KMS)', () => {
      const bucket = res[id(b.stack.stateful.rawBucket)]!.Properties;
      expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
        SSEAlgorithm: 'aws:kms',
        KMSMasterKeyID: { 'Fn::GetAtt': [id(b.stack.stateful.key), 'Arn'] },
      });
    });

    it('lets SES put objects only under the inbound prefix, only for this account and this receipt rule', () => {
      const policy = Object.values(res).find((r) => r.Type === 'AWS::S3::BucketPolicy' && r.Properties.Bucket.Ref === id(b.stack.stateful.rawBucket))!;
      const ses = (policy.Properties.PolicyDocument.Statement as Json[]).filter((s) => JSON.stringify(s.Principal).includes('ses.amazonaws.com'));
      expect(ses).toHaveLength(1);
      expect(ses[0]).toMatchObject({
        Effect: 'Allow',
        Principal: { Service: 'ses.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [id(b.stack.stateful.rawBucket), 'Arn'] }, `/${INBOUND_EMAIL_PREFIX}*`]] },
      });
      expect(ses[0]!.Condition).toEqual({
        StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': expect.anything() },
      });
      expectReceiptRuleArn(ses[0]!.Condition.StringEquals['aws:SourceArn']);
    });

    it('lets SES generate data keys with the data key, only for this account and this receipt rule', () => {
      const key = res[id(b.stack.stateful.key)]!.Properties;
      const ses = (key.KeyPolicy.Statement as Json[]).filter((s) => JSON.stringify(s.Principal ?? {}).includes('ses.amazonaws.com'));
      expect(ses).toHaveLength(1);
      expect(asArray(ses[0]!.Action).sort()).toEqual(['kms:Encrypt', 'kms:GenerateDataKey*']);
      expect(ses[0]!.Condition.StringEquals['aws:SourceAccount']).toEqual({ Ref: 'AWS::AccountId' });
      expectReceiptRuleArn(ses[0]!.Condition.StringEquals['aws:SourceArn']);
    });

    it('outputs the command that activates the rule set (CloudFormation cannot)', () => {
      t.hasOutput('InboundRuleSetActivation', {
        Value: { 'Fn::Join': ['', [`aws ses set-active-receipt-rule-set --rule-set-name ${INBOUND_RULE_SET_NAME} --region `, { Ref: 'AWS::Region' }]] },
      });
      expect(t.toJSON().Outputs).not.toHaveProperty('InboundEmailReceiving');
    });

    it('is cdk-nag clean (AwsSolutions and Serverless)', () => {
      const annotations = Annotations.fromStack(b.stack);
      const findings = [
        ...annotations.findError('*', Match.stringLikeRegexp('(AwsSolutions|Serverless)-.*')),
        ...annotations.findWarning('*', Match.stringLikeRegexp('(AwsSolutions|Serverless)-.*')),
      ];
      expect(findings.map((e) => `${e.id}: ${String(e.entry.data).split('\n')[0]}`)).toEqual([]);
    });
  });

  it('with inboundRecipients, receives only those addresses', () => {
    const b = buildApp({ context: { ...NO_BUNDLING, ...CONTEXT, inboundRecipients: 'avis@acme.fr, SAV@acme.fr' } });
    const t = Template.fromStack(b.stack);
    t.hasResourceProperties('AWS::SES::ReceiptRule', { Rule: Match.objectLike({ Recipients: ['avis@acme.fr', 'sav@acme.fr'] }) });
  });
});

describe('social channel', () => {
  const secretIds = () => WEBHOOK_SECRET_NAMES.map((name) => idOf(built.stack.webhookSecrets.secrets[name]));

  it('creates one Secrets Manager secret per webhook secret name, with a generated value to replace', () => {
    // Plus the customer-id salt (see 'customer salt').
    template.resourceCountIs('AWS::SecretsManager::Secret', WEBHOOK_SECRET_NAMES.length + 1);
    for (const id of secretIds()) {
      expect(resources[id]!.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 48, ExcludePunctuation: true });
    }
  });

  it('gives ingestSocial the secret ARNs, the own accounts from context, the control table and the ingest queue', () => {
    const { tables, ingestQueue } = built.stack.stateful;
    const env = environmentOf('ingestSocial');
    for (const name of WEBHOOK_SECRET_NAMES) expect(env[webhookSecretArnVariable(name)]).toEqual({ Ref: idOf(built.stack.webhookSecrets.secrets[name]) });
    expect(JSON.parse(env[ENV.socialOwnAccounts] as string)).toEqual({ x: ['2244994945'], meta: ['104512345678901'] });
    expect(env).toMatchObject({ [ENV.controlTable]: { Ref: idOf(tables.control) }, [ENV.ingestQueueUrl]: { Ref: idOf(ingestQueue) } });
    // The local stack's plain-text secrets never reach a deployed function.
    for (const fn of Object.keys(FUNCTIONS) as FunctionName[]) expect(environmentOf(fn)).not.toHaveProperty(ENV.webhookSecrets);
  });

  it('only ingestSocial may read the secrets, and it may not write them', () => {
    const ids = secretIds();
    const socialRole = idOf(built.stack.pipeline.functions.ingestSocial.role!);
    const grantingPolicies = Object.values(resources).filter(
      (r) => r.Type === 'AWS::IAM::Policy' && (r.Properties.PolicyDocument.Statement as Statement[]).some((st) => referencedIds(st.Resource).some((id) => ids.includes(id))),
    );
    expect(grantingPolicies.length).toBeGreaterThan(0);
    for (const policy of grantingPolicies) expect(referencedIds(policy.Properties.Roles)).toEqual([socialRole]);
    for (const id of ids) {
      const actions = actionsOn('ingestSocial', id);
      expect(actions).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue']));
      for (const action of actions) expect(action).toMatch(/^secretsmanager:(GetSecretValue|DescribeSecret)$/);
    }
    for (const fn of (Object.keys(FUNCTIONS) as FunctionName[]).filter((f) => f !== 'ingestSocial')) {
      for (const id of ids) expect(actionsOn(fn, id)).toEqual([]);
      for (const name of WEBHOOK_SECRET_NAMES) expect(environmentOf(fn)).not.toHaveProperty(webhookSecretArnVariable(name));
    }
  });

  it('ingestSocial reads the salt and sends to the ingest queue, nothing else of the pipeline', () => {
    const { tables, ingestQueue, ingestDeadLetterQueue, alertsQueue } = built.stack.stateful;
    expect(actionsOn('ingestSocial', idOf(tables.control))).toEqual(['dynamodb:GetItem']);
    expect(actionsOn('ingestSocial', idOf(ingestQueue))).toEqual(expect.arrayContaining(['sqs:SendMessage']));
    expect(actionsOn('ingestSocial', idOf(ingestQueue))).not.toContain('sqs:ReceiveMessage');
    for (const resource of [tables.feedback, tables.aggregates, ingestDeadLetterQueue, alertsQueue, built.stack.stateful.rawBucket]) {
      expect(actionsOn('ingestSocial', idOf(resource))).toEqual([]);
    }
    expect(statementsWithAction('ingestSocial', 'ses:')).toEqual([]);
  });

  it('outputs each secret so the operator can put the provider’s value in it', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    for (const name of WEBHOOK_SECRET_NAMES) {
      const output = Object.values(outputs).find((o) => referencedIds(o.Value).includes(idOf(built.stack.webhookSecrets.secrets[name])));
      expect(output).toBeDefined();
    }
  });
});

describe('customer salt', () => {
  const HASHING: FunctionName[] = ['ingestApi', 'adminApi', 'ingestEmail', 'ingestExportFile', 'ingestSocial'];

  it('is a generated secret, encrypted with the data key, kept when the stack goes, never rotated', () => {
    const id = idOf(built.stack.stateful.customerSalt);
    const secret = resources[id]!;
    expect(secret.Properties.GenerateSecretString).toMatchObject({ PasswordLength: 64, ExcludePunctuation: true });
    expect(secret.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [idOf(built.stack.stateful.key), 'Arn'] });
    expect(secret.DeletionPolicy).toBe('Retain');
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 0);
  });

  it('is readable by the functions that hash customer ids, and only by them; none may change it', () => {
    const id = idOf(built.stack.stateful.customerSalt);
    for (const fn of Object.keys(FUNCTIONS) as FunctionName[]) {
      const actions = actionsOn(fn, id);
      if (HASHING.includes(fn)) {
        expect(actions, fn).toContain('secretsmanager:GetSecretValue');
        for (const action of actions) expect(action, fn).toMatch(/^secretsmanager:(GetSecretValue|DescribeSecret)$/);
        expect(environmentOf(fn)[ENV.customerSaltSecretArn], fn).toEqual({ Ref: id });
      } else {
        expect(actions, fn).toEqual([]);
        expect(environmentOf(fn), fn).not.toHaveProperty(ENV.customerSaltSecretArn);
      }
    }
  });
});

describe('HTTP API', () => {
  it.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r.fn] as const))('routes %s to %s with payload 2.0', (routeKey, fn) => {
    const route = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === routeKey);
    expect(route).toBeDefined();
    const integrationId = referencedIds(route!.Properties.Target)[0]!;
    const integration = resources[integrationId]!.Properties;
    expect(integration.PayloadFormatVersion).toBe('2.0');
    expect(referencedIds(integration.IntegrationUri)).toEqual([idOf(built.stack.pipeline.functions[fn])]);
  });

  it('routes the incident actions (ack, assign, resolve) to the admin API, whose role may write incidents', () => {
    for (const action of ['ack', 'assign', 'resolve']) {
      const route = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Route' && r.Properties.RouteKey === `POST /v1/alerts/{id}/${action}`);
      expect(route, action).toBeDefined();
      const integration = resources[referencedIds(route!.Properties.Target)[0]!]!.Properties;
      expect(referencedIds(integration.IntegrationUri)).toEqual([idOf(built.stack.pipeline.functions.adminApi)]);
    }
    const controlId = idOf(built.stack.stateful.tables.control);
    const onIncidents = statementsOf('adminApi').filter(
      (s) => referencedIds(s.Resource).includes(controlId) && (s.Condition?.['ForAllValues:StringLike']?.['dynamodb:LeadingKeys'] as string[] | undefined)?.includes(CONTROL_FAMILIES.incidents),
    );
    expect(onIncidents.flatMap((s) => asArray(s.Action)).sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem']);
  });

  it('serves exactly the ROUTES plus a $default route to the read API, on a throttled, access-logged $default stage', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Route', ROUTES.length + 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default' });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context.requestId') },
    });
  });
});

describe('export files', () => {
  const rawBucketArn = () => ({ 'Fn::GetAtt': [idOf(built.stack.stateful.rawBucket), 'Arn'] });
  const objectsUnder = (prefix: string) => ({ 'Fn::Join': ['', [rawBucketArn(), `/${prefix}*`]] });

  it('S3 notifies the exports queue of every object created under exports/, and nothing else', () => {
    const notifications = Object.values(resources).filter((r) => r.Type === 'Custom::S3BucketNotifications');
    expect(notifications[0]!.Properties.NotificationConfiguration.QueueConfigurations).toEqual([
      {
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: EXPORTS_PREFIX }] } },
        QueueArn: { 'Fn::GetAtt': [idOf(built.stack.stateful.queues.exports.queue), 'Arn'] },
      },
    ]);
    // Only S3, and only for this bucket, may send to the queue.
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: idOf(built.stack.stateful.queues.exports.queue) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Condition: { ArnLike: { 'aws:SourceArn': rawBucketArn() } } }),
        ]),
      },
    });
  });

  it('ingestExportFile reads the exports queue one message at a time, with the time to read a chunk', () => {
    const fnId = idOf(built.stack.pipeline.functions.ingestExportFile);
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [idOf(built.stack.stateful.queues.exports.queue), 'Arn'] },
      FunctionName: { Ref: fnId },
      BatchSize: 1,
    });
    expect(resources[fnId]!.Properties.Timeout).toBe(900);
    expect(QUEUES.exports.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * FUNCTIONS.ingestExportFile.timeoutSeconds);
  });

  it('ingestExportFile reads objects only under exports/, queues rows and continuations, and nothing more', () => {
    const { rawBucket, key, tables, ingestQueue, queues, alertsQueue } = built.stack.stateful;
    const s3 = statementsWithAction('ingestExportFile', 's3:');
    expect(s3.length).toBeGreaterThan(0);
    for (const statement of s3) {
      expect(asArray(statement.Resource).filter((r) => JSON.stringify(r).includes('/'))).toEqual([objectsUnder(EXPORTS_PREFIX)]);
      for (const action of asArray(statement.Action)) expect(action).toMatch(/^s3:(Get|List)/);
    }
    expect(actionsOn('ingestExportFile', idOf(key))).toContain('kms:Decrypt');
    expect(actionsOn('ingestExportFile', idOf(ingestQueue))).toContain('sqs:SendMessage');
    expect(actionsOn('ingestExportFile', idOf(queues.exports.queue))).toEqual(expect.arrayContaining(['sqs:SendMessage', 'sqs:ReceiveMessage']));
    expect(actionsOn('ingestExportFile', idOf(queues.exports.deadLetterQueue))).toContain('sqs:SendMessage');
    for (const untouched of [tables.feedback, tables.aggregates, alertsQueue]) expect(actionsOn('ingestExportFile', idOf(untouched))).toEqual([]);
  });

  it('ingestApi may only create objects under exports/uploads/ (what its presigned URLs allow)', () => {
    const s3 = statementsWithAction('ingestApi', 's3:');
    expect(s3.length).toBeGreaterThan(0);
    for (const statement of s3) {
      expect(asArray(statement.Resource)).toEqual([objectsUnder(`${EXPORTS_PREFIX}uploads/`)]);
      for (const action of asArray(statement.Action)) expect(action).toMatch(/^s3:(PutObject|Abort)/);
    }
  });
});

describe('operations', () => {
  const alarmOn = (metricName: string) =>
    Object.values(resources).find((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.MetricName === metricName)!.Properties;

  const alarmsOn = (metricName: string) =>
    Object.values(resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.MetricName === metricName)
      .map((r) => r.Properties);
  /** The alarm on `metricName` whose QueueName dimension is this queue. */
  const queueAlarm = (metricName: string, queue: IConstruct) => {
    const found = alarmsOn(metricName).filter((a) => referencedIds(a.Dimensions).includes(idOf(queue)));
    expect(found).toHaveLength(1);
    expect(found[0]!.Dimensions).toEqual([{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(queue), 'QueueName'] } }]);
    return found[0]!;
  };

  it('alarms on any DLQ message and an old backlog, notifying the operator topic', () => {
    const topicRef = { Ref: idOf(built.stack.operations.topic) };
    const { ingestQueue, ingestDeadLetterQueue } = built.stack.stateful;
    const dlq = queueAlarm('ApproximateNumberOfMessagesVisible', ingestDeadLetterQueue);
    expect(dlq).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    const age = queueAlarm('ApproximateAgeOfOldestMessage', ingestQueue);
    expect(age.Threshold).toBe(BACKLOG_AGE_THRESHOLD_SECONDS);
    for (const alarm of [dlq, age]) expect(alarm.AlarmActions).toEqual([topicRef]);
  });

  it.each(['Errors', 'Throttles'])('alarms on %s of every function, one alarm each, notifying the operator topic (and back to OK)', (metricName) => {
    const topicRef = { Ref: idOf(built.stack.operations.topic) };
    const alarms = alarmsOn(metricName);
    const watched = alarms.map((a) => referencedIds(a.Dimensions)).flat().sort();
    const functionIds = (Object.keys(FUNCTIONS) as FunctionName[]).map((fn) => idOf(built.stack.pipeline.functions[fn])).sort();
    expect(watched).toEqual(functionIds);
    for (const alarm of alarms) {
      expect(alarm).toMatchObject({ Namespace: 'AWS/Lambda', Statistic: 'Sum', Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
      expect(alarm.AlarmActions).toEqual([topicRef]);
      expect(alarm.OKActions).toEqual([topicRef]);
    }
  });

  it('alarms on the API 5xx rate (5xx / Count as a math expression, with a minimum volume), notifying the operator topic', () => {
    const topicRef = { Ref: idOf(built.stack.operations.topic) };
    const apiId = idOf(built.stack.httpApi.api);
    // (The other math-expression alarm, on emails SES refused, is tested in deploy-readiness.test.ts.)
    const rateAlarms = Object.values(resources)
      .filter((r) => r.Type === 'AWS::CloudWatch::Alarm' && r.Properties.Metrics && JSON.stringify(r.Properties.Metrics).includes('AWS/ApiGateway'))
      .map((r) => r.Properties);
    expect(rateAlarms).toHaveLength(1);
    const alarm = rateAlarms[0]!;
    const queries = alarm.Metrics as Json[];
    const byId = Object.fromEntries(queries.map((q) => [q.Id, q]));
    expect(byId.errors.MetricStat.Metric).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: '5xx', Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }] });
    expect(byId.requests.MetricStat.Metric).toMatchObject({ Namespace: 'AWS/ApiGateway', MetricName: 'Count', Dimensions: [{ Name: 'ApiId', Value: { Ref: apiId } }] });
    const expression = queries.find((q) => q.Expression);
    expect(expression!.Expression).toBe(`IF(requests >= ${API_5XX_MIN_REQUESTS}, 100 * errors / requests, 0)`);
    expect(expression!.ReturnData ?? true).toBe(true);
    expect(alarm).toMatchObject({ Threshold: API_5XX_RATE_THRESHOLD_PERCENT, ComparisonOperator: 'GreaterThanThreshold', AlarmActions: [topicRef], OKActions: [topicRef] });
  });

  it('has a dashboard graphing the application metrics, the queues, the functions, the API and the tables', () => {
    const dashboards = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Dashboard');
    expect(dashboards).toHaveLength(1);
    const body = JSON.stringify(dashboards[0]!.Properties.DashboardBody);
    for (const name of Object.values(METRIC)) expect(body).toContain(`\\"${name}\\"`);
    expect(body).toContain(METRICS_NAMESPACE);
    for (const value of [...CHANNELS, ...REJECT_REASONS, ...SENTIMENT_LABELS]) expect(body).toContain(`\\"${value}\\"`);
    for (const awsMetric of ['ApproximateNumberOfMessagesVisible', 'ApproximateAgeOfOldestMessage', 'Errors', 'Throttles', 'Duration', '5xx', '4xx', 'Latency', 'ConsumedWriteCapacityUnits', 'ConsumedReadCapacityUnits', 'WriteThrottleEvents']) {
      expect(body).toContain(`\\"${awsMetric}\\"`);
    }
    expect(body).toContain('p95');
    for (const fn of Object.keys(FUNCTIONS) as FunctionName[]) expect(referencedIds(dashboards[0]!.Properties.DashboardBody)).toContain(idOf(built.stack.pipeline.functions[fn]));
  });

  it('alarms on any alerts-DLQ message and on an old alerts backlog, notifying the operator topic', () => {
    const topicRef = { Ref: idOf(built.stack.operations.topic) };
    const { alertsQueue, alertsDeadLetterQueue } = built.stack.stateful;
    const dlq = queueAlarm('ApproximateNumberOfMessagesVisible', alertsDeadLetterQueue);
    expect(dlq).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Maximum', TreatMissingData: 'notBreaching' });
    const age = queueAlarm('ApproximateAgeOfOldestMessage', alertsQueue);
    expect(age).toMatchObject({ Threshold: ALERTS_BACKLOG_AGE_THRESHOLD_SECONDS, ComparisonOperator: 'GreaterThanThreshold' });
    expect(ALERTS_BACKLOG_AGE_THRESHOLD_SECONDS).toBe(QUEUES.alerts.maxReceiveCount * QUEUES.alerts.visibilityTimeoutSeconds);
    for (const alarm of [dlq, age]) {
      expect(alarm.AlarmActions).toEqual([topicRef]);
      expect(alarm.OKActions).toEqual([topicRef]);
    }
    // Nothing watches the queues' own depth twice over: one DLQ alarm per queue pair, plus the
    // dead-letter queues of the three asynchronously invoked functions (email ingestion, digest, daily summary).
    expect(alarmsOn('ApproximateNumberOfMessagesVisible')).toHaveLength(Object.keys(QUEUES).length + 3);
    for (const q of [built.stack.pipeline.emailDeadLetterQueue, built.stack.pipeline.digestDeadLetterQueue, built.stack.pipeline.dailySummary.deadLetterQueue]) {
      expect(queueAlarm('ApproximateNumberOfMessagesVisible', q)).toMatchObject({ Threshold: 0, AlarmActions: [topicRef] });
    }
    expect(alarmsOn('ApproximateAgeOfOldestMessage')).toHaveLength(Object.keys(QUEUES).length);
  });

  it('encrypts the topic, requires TLS and subscribes alarmEmail', () => {
    const topicId = idOf(built.stack.operations.topic);
    expect(resources[topicId]!.Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: CONTEXT.alarmEmail, TopicArn: { Ref: topicId } });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('outputs the API URL, the queue URLs, the sender identity and the table names', () => {
    for (const output of ['ApiUrl', 'IngestQueueUrl', 'AlertsQueueUrl', 'AlertsDeadLetterQueueUrl', 'SenderIdentityName', 'FeedbackTableName', 'AggregatesTableName', 'ControlTableName', 'RawBucketName', 'InboundEmailLocation']) {
      template.hasOutput(output, {});
    }
  });
});

describe('weekly digest', () => {
  it('runs sendDigest every Monday morning, with retries and a dead-letter queue for failed deliveries', () => {
    const fnId = idOf(built.stack.pipeline.functions.sendDigest);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 6 ? * MON *)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fnId, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 2 }, DeadLetterConfig: Match.anyValue() })],
    });
    template.hasResourceProperties('AWS::Lambda::Function', { DeadLetterConfig: { TargetArn: Match.anyValue() } });
    // It reads the verbatims its briefs and notes quote, and the week's scores; it writes neither table.
    expect(actionsOn('sendDigest', idOf(built.stack.stateful.tables.feedback))).toContain('dynamodb:Query');
    for (const table of [built.stack.stateful.tables.feedback, built.stack.stateful.tables.aggregates]) {
      for (const write of TABLE_WRITE_ACTIONS) expect(actionsOn('sendDigest', idOf(table))).not.toContain(write);
    }
  });
});

describe('daily summary', () => {
  const schedules = () => Object.values(resources).filter((r) => r.Type === 'AWS::Scheduler::Schedule');

  it('runs sendDailySummary at 18:00 on the wall clock of the configured zone, with the scheduled time as its input', () => {
    const fnId = idOf(built.stack.pipeline.functions.sendDailySummary);
    expect(schedules()).toHaveLength(1);
    const { Properties: schedule } = schedules()[0]!;
    expect(schedule).toMatchObject({ ScheduleExpression: 'cron(0 18 * * ? *)', ScheduleExpressionTimezone: 'Europe/Paris', State: 'ENABLED' });
    expect(schedule.Target.Arn).toEqual({ 'Fn::GetAtt': [fnId, 'Arn'] });
    expect(JSON.parse(schedule.Target.Input)).toEqual({ time: '<aws.scheduler.scheduled-time>' });
    // Another zone: 18:00 there (the scheduler follows its DST), and the function's days are that zone's.
    const montreal = buildApp({ context: { ...NO_BUNDLING, ...CONTEXT, timeZone: 'America/Montreal' } });
    const other = Template.fromStack(montreal.stack);
    other.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 18 * * ? *)', ScheduleExpressionTimezone: 'America/Montreal' });
    const fn = other.toJSON().Resources[montreal.stack.getLogicalId(montreal.stack.pipeline.functions.sendDailySummary.node.defaultChild as CfnElement)];
    expect(fn.Properties.Environment.Variables[ENV.timeZone]).toBe('America/Montreal');
  });

  it('retries a failed delivery, then dead-letters it (schedule and function), and alarms the operator on that queue', () => {
    const dlqId = idOf(built.stack.pipeline.dailySummary.deadLetterQueue);
    const { Properties: schedule } = schedules()[0]!;
    expect(schedule.Target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 2 });
    expect(referencedIds(schedule.Target.DeadLetterConfig.Arn)).toEqual([dlqId]);
    const fn = resources[idOf(built.stack.pipeline.functions.sendDailySummary)]!.Properties;
    expect(referencedIds(fn.DeadLetterConfig.TargetArn)).toEqual([dlqId]);
    const alarm = built.stack.operations.functionDeadLetterAlarms.SendDailySummary!;
    expect(referencedIds(resources[idOf(alarm)]!.Properties.Dimensions)).toEqual([dlqId]);
  });

  it('lets the scheduler invoke this one function and nothing else', () => {
    const { Properties: schedule } = schedules()[0]!;
    const roleId = referencedIds(schedule.Target.RoleArn)[0]!;
    const statements = Object.values(resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && referencedIds(r.Properties.Roles).includes(roleId))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[]);
    const fnId = idOf(built.stack.pipeline.functions.sendDailySummary);
    const dlqId = idOf(built.stack.pipeline.dailySummary.deadLetterQueue);
    for (const statement of statements) {
      const targets = referencedIds(statement.Resource);
      if (asArray(statement.Action).includes('lambda:InvokeFunction')) expect(targets).toEqual([fnId, fnId].slice(0, targets.length));
      else expect([asArray(statement.Action), targets]).toEqual([['sqs:SendMessage'], [dlqId]]);
    }
    expect(statements.flatMap((s) => asArray(s.Action)).sort()).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
    // Only EventBridge Scheduler, for this account's schedules, may assume the role.
    const trust = resources[roleId]!.Properties.AssumeRolePolicyDocument.Statement as Statement[];
    expect(trust).toEqual([
      expect.objectContaining({
        Action: 'sts:AssumeRole',
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' }, 'aws:SourceArn': expect.anything() } },
      }),
    ]);
  });

  it('reads the daily budget and the zone, never the tables of feedback and scores', () => {
    expect(environmentOf('sendDailySummary')).toMatchObject({ [ENV.alertDailyBudget]: '4', [ENV.timeZone]: 'Europe/Paris', [ENV.senderEmail]: CONTEXT.senderEmail });
    expect(environmentOf('evaluateAlerts')).toMatchObject({ [ENV.alertUpdateHours]: '3', [ENV.alertDailyBudget]: '4' });
    const { feedback, aggregates } = built.stack.stateful.tables;
    for (const table of [feedback, aggregates]) expect(actionsOn('sendDailySummary', idOf(table))).toEqual([]);
  });
});

describe('cdk-nag Serverless pack', () => {
  it('reports no unsuppressed error or warning', () => {
    const findings = [
      ...Annotations.fromStack(built.stack).findError('*', Match.stringLikeRegexp('Serverless-.*')),
      ...Annotations.fromStack(built.stack).findWarning('*', Match.stringLikeRegexp('Serverless-.*')),
    ];
    expect(findings.map((e) => `${e.id}: ${String(e.entry.data).split('\n')[0]}`)).toEqual([]);
  });
});

describe('cdk-nag AwsSolutions', () => {
  it('reports no unsuppressed error', () => {
    const errors = Annotations.fromStack(built.stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((e) => `${e.id}: ${String(e.entry.data).split('\n')[0]}`)).toEqual([]);
  });

  it('reports no unsuppressed warning', () => {
    const warnings = Annotations.fromStack(built.stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(warnings.map((w) => `${w.id}: ${String(w.entry.data).split('\n')[0]}`)).toEqual([]);
  });
});

describe('parseStackConfig', () => {
  const from = (context: Record<string, unknown>) => parseStackConfig((key) => context[key]);

  it('defaults to the embedded model, the prod stage, 365 days of retention, built-in departments, French mail from placeholder addresses, staff names redacted', () => {
    expect(from({})).toEqual({
      sentimentEngine: 'embedded',
      stage: 'prod',
      redactionKeepStaffNames: false,
      retentionDays: 365,
      rawRetentionDays: 30,
      timeZone: 'Europe/Paris',
      mailLanguage: 'fr',
      officerEmail: 'officer@example.com',
      senderEmail: 'customer-voice@example.com',
      senderIdentityExists: false,
      socialOwnAccounts: {},
      alertUpdateHours: 6,
      alertDailyBudget: 5,
      notifications: [],
      placeholders: ['officerEmail', 'senderEmail'],
    });
  });

  it('takes alertUpdateHours (hours > 0) and alertDailyBudget (a whole number ≥ 1) from -c text or cdk.json numbers, and names the key it refuses', () => {
    expect(from({ alertUpdateHours: '1.5', alertDailyBudget: '12' })).toMatchObject({ alertUpdateHours: 1.5, alertDailyBudget: 12 });
    expect(from({ alertUpdateHours: 24, alertDailyBudget: 1 })).toMatchObject({ alertUpdateHours: 24, alertDailyBudget: 1 });
    for (const bad of ['0', '-2', 'six', 'Infinity']) {
      expect(() => from({ alertUpdateHours: bad })).toThrow(/alertUpdateHours must be a number of hours greater than 0/);
    }
    for (const bad of ['0', '2.5', 'five', -1]) {
      expect(() => from({ alertDailyBudget: bad })).toThrow(/alertDailyBudget must be a whole number of emails, at least 1/);
    }
  });

  it('takes socialOwnAccounts as an object (cdk.json) or JSON text (-c), and refuses non-numeric X ids', () => {
    expect(from({ socialOwnAccounts: { meta: ['1'] } }).socialOwnAccounts).toEqual({ meta: ['1'] });
    expect(from({ socialOwnAccounts: '{"x":["2"]}' }).socialOwnAccounts).toEqual({ x: ['2'] });
    expect(() => from({ socialOwnAccounts: '{"x":["@acme"]}' })).toThrow(/numeric user ids/);
    expect(() => from({ socialOwnAccounts: '{x:' })).toThrow(/invalid JSON/);
  });

  it('takes the mail settings given, with no placeholder left', () => {
    expect(from({ officerEmail: 'cco@acme.fr', senderEmail: 'voix@acme.fr', mailLanguage: 'en' })).toMatchObject({
      officerEmail: 'cco@acme.fr',
      senderEmail: 'voix@acme.fr',
      mailLanguage: 'en',
      placeholders: [],
    });
  });

  it('with senderDomain alone, sends from customer-voice@<domain> (no placeholder)', () => {
    expect(from({ senderDomain: 'Acme.fr' })).toMatchObject({ senderDomain: 'acme.fr', senderEmail: 'customer-voice@acme.fr', placeholders: ['officerEmail'] });
    expect(from({ senderDomain: 'acme.fr', senderEmail: 'voix@ACME.fr' }).senderEmail).toBe('voix@ACME.fr');
  });

  it('takes inboundDomain (lower-cased) and inboundRecipients as a comma-separated list or an array, trimmed and de-duplicated', () => {
    expect(from({ inboundDomain: ' Feedback.Acme.fr ' })).toMatchObject({ inboundDomain: 'feedback.acme.fr' });
    expect(from({ inboundRecipients: 'avis@acme.fr, SAV@acme.fr,avis@acme.fr,' }).inboundRecipients).toEqual(['avis@acme.fr', 'sav@acme.fr']);
    expect(from({ inboundRecipients: ['avis@acme.fr'] }).inboundRecipients).toEqual(['avis@acme.fr']);
    expect(from({ inboundDomain: 'acme.fr', inboundRecipients: 'avis@ACME.fr' })).toMatchObject({ inboundDomain: 'acme.fr', inboundRecipients: ['avis@acme.fr'] });
    expect(from({})).not.toHaveProperty('inboundDomain');
  });

  it('coerces -c strings and keeps departments as minified JSON', () => {
    const departments = { departments: [{ id: 'billing', names: { en: 'Billing', fr: 'Facturation' } }] };
    const config = from({ retentionDays: '90', departments: JSON.stringify(departments, null, 2) });
    expect(config.retentionDays).toBe(90);
    expect(config.departments).toBe(JSON.stringify(departments));
  });

  it('reads redactionKeepStaffNames as a boolean, from cdk.json or the command line; false by default', () => {
    expect(from({}).redactionKeepStaffNames).toBe(false);
    expect(from({ redactionKeepStaffNames: true }).redactionKeepStaffNames).toBe(true);
    expect(from({ redactionKeepStaffNames: 'true' }).redactionKeepStaffNames).toBe(true);
    expect(from({ redactionKeepStaffNames: 'false' }).redactionKeepStaffNames).toBe(false);
  });

  it('keeps exportProfiles as minified JSON, from an object, JSON text or a file', () => {
    const profiles = { reviews: { kind: 'mapping', text: ['Title', 'Review'], ratings: { csat: { column: 'Stars', scale: [0, 5] } } } };
    expect(from({ exportProfiles: profiles }).exportProfiles).toBe(JSON.stringify(profiles));
    expect(from({ exportProfiles: JSON.stringify(profiles, null, 2) }).exportProfiles).toBe(JSON.stringify(profiles));
    expect(Object.keys(JSON.parse(from({ exportProfiles: 'test/fixtures/exports/mapping-reviews.json' }).exportProfiles!))).toEqual(['shop-reviews', 'survey-webhooks', 'nps-2026']);
    expect(from({})).not.toHaveProperty('exportProfiles');
  });

  it.each([
    [{ exportProfiles: { reviews: { kind: 'mapping' } } }, 'exportProfiles.reviews.text'],
    [{ exportProfiles: { generic: { kind: 'mapping', text: 't' } } }, 'built-in profile'],
    [{ exportProfiles: 'profiles/missing.json' }, 'exportProfiles: "profiles/missing.json" is neither JSON nor an existing file'],
    [{ sentimentEngine: 'vader' }, 'sentimentEngine'],
    [{ retentionDays: '0' }, 'retentionDays'],
    [{ timeZone: 'Mars/Olympus' }, 'timeZone'],
    [{ officerEmail: 'not-an-email' }, 'officerEmail'],
    [{ senderEmail: 'nobody' }, 'senderEmail'],
    [{ mailLanguage: 'de' }, 'mailLanguage'],
    [{ senderIdentityExists: 'maybe' }, 'senderIdentityExists'],
    [{ redactionKeepStaffNames: 'sometimes' }, 'redactionKeepStaffNames'],
    [{ senderDomain: 'not a domain' }, 'senderDomain'],
    [{ senderDomain: 'acme.fr', senderEmail: 'voice@other.fr' }, 'senderEmail'],
    [{ departments: '{"departments":[]}' }, 'departments'],
    [{ inboundDomain: 'not a domain' }, 'inboundDomain'],
    [{ inboundRecipients: 'avis@acme.fr,nobody' }, 'inboundRecipients'],
    [{ inboundRecipients: ' , ' }, 'inboundRecipients'],
    [{ inboundRecipients: Array.from({ length: 101 }, (_, i) => `a${i}@acme.fr`).join(',') }, 'inboundRecipients'],
    [{ inboundDomain: 'acme.fr', inboundRecipients: 'avis@acme.fr,avis@other.fr' }, 'inboundRecipients'],
  ])('rejects %j naming the bad key', (context, key) => {
    expect(() => from(context)).toThrow(InvalidStackConfigError);
    expect(() => from(context)).toThrow(new RegExp(key));
  });

  it('fails buildApp before any bundling on bad context', () => {
    expect(() => buildApp({ context: { sentimentEngine: 'vader' } })).toThrow(/Invalid CDK context[\s\S]*at sentimentEngine/);
  });
});

describe('mail settings', () => {
  const placeholderWarnings = (b: BuiltApp) =>
    Annotations.fromStack(b.stack)
      .findWarning('*', Match.stringLikeRegexp('is not set'))
      .map((w) => String(w.entry.data));

  it('warns (without failing) at synth when officerEmail and senderEmail are left at their placeholders', () => {
    const b = buildApp({ context: NO_BUNDLING });
    const warnings = placeholderWarnings(b);
    expect(warnings).toHaveLength(2);
    expect(warnings.find((w) => w.startsWith('officerEmail'))).toMatch(/officer@example\.com[\s\S]*-c officerEmail=/);
    expect(warnings.find((w) => w.startsWith('senderEmail'))).toMatch(/customer-voice@example\.com[\s\S]*-c senderEmail=[\s\S]*senderDomain/);
    const env = Template.fromStack(b.stack).toJSON().Resources[b.stack.getLogicalId(b.stack.pipeline.functions.evaluateAlerts.node.defaultChild as CfnElement)].Properties.Environment.Variables;
    expect(env).toMatchObject({ [ENV.officerEmail]: 'officer@example.com', [ENV.senderEmail]: 'customer-voice@example.com', [ENV.mailLanguage]: 'fr' });
  });

  it('gives no placeholder warning once both addresses are set', () => {
    expect(placeholderWarnings(built)).toEqual([]);
  });

  it('with senderDomain, verifies the domain (DKIM records as outputs) and grants sending on the domain identity', () => {
    const b = buildApp({ context: { ...NO_BUNDLING, officerEmail: 'cco@acme.fr', senderDomain: 'acme.fr' } });
    const t = Template.fromStack(b.stack);
    t.resourceCountIs('AWS::SES::EmailIdentity', 1);
    t.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'acme.fr' });
    for (const i of [1, 2, 3]) t.hasOutput(`SenderDkimRecord${i}`, {});
    const identityId = b.stack.getLogicalId(b.stack.senderIdentity.node.defaultChild as CfnElement);
    const roleId = b.stack.getLogicalId(b.stack.pipeline.functions.evaluateAlerts.role!.node.defaultChild as CfnElement);
    const ses = Object.values(t.toJSON().Resources as Record<string, Json>)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && referencedIds(r.Properties.Roles).includes(roleId))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Statement[])
      .filter((s) => asArray(s.Action).some((a) => a.startsWith('ses:')));
    expect(ses.flatMap((s) => asArray(s.Action)).sort()).toEqual(SES_SEND_ACTIONS);
    expect(ses.flatMap((s) => referencedIds(s.Resource)).filter((id) => !PSEUDO_PARAMETERS.includes(id))).toEqual([identityId]);
    expect(placeholderWarnings(b)).toEqual([]);
  });

  it('with senderIdentityExists, creates no identity and grants sending on the existing one by ARN', () => {
    const b = buildApp({ context: { ...NO_BUNDLING, officerEmail: 'cco@acme.fr', senderDomain: 'acme.fr', senderIdentityExists: 'true' } });
    const t = Template.fromStack(b.stack);
    t.resourceCountIs('AWS::SES::EmailIdentity', 0);
    expect(Object.keys(t.toJSON().Outputs).filter((id) => id.startsWith('SenderDkim'))).toEqual([]);
    t.hasOutput('SenderIdentityName', { Value: 'acme.fr' });
    // With the recipients' identities (the SES sandbox), policy minimisation merges the grants into one statement.
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: SES_SEND_ACTIONS,
            Resource: Match.arrayWith([{ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':identity/acme\\.fr$')])] }]),
          }),
        ]),
      },
    });
  });
});
