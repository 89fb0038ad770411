import { Duration } from 'aws-cdk-lib';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { NagSuppressions } from 'cdk-nag';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import { WEBHOOK_SECRET_NAMES } from '../../shared/domain/webhook-signatures';
import { COMPREHEND_OPERATIONS_BY_ENGINE, comprehendOperationsOf } from '../../shared/domain/comprehend-usage';
import { EXPORTS_PREFIX } from '../../shared/domain/export-jobs';
import {
  DIGEST_SCHEDULE,
  DEPARTMENTS_BUILD_CONSTANT,
  EXPORT_PROFILES_BUILD_CONSTANT,
  FUNCTIONS,
  INBOUND_EMAIL_PREFIX,
  QUEUES,
  webhookSecretArnVariable,
  type FunctionName,
  type QueueName,
} from '../../shared/resources';
import type { StackConfig } from '../config';
import { grantControlAccess } from './control-access';
import { DailySummary } from './daily-summary';
import { functionDeadLetterQueue } from './function-dead-letter-queue';
import { functionEnvironments, type EnvironmentConfig } from './function-environment';
import { HouseFunction } from './house-function';
import { NotificationDelivery, type NotificationTargetSecrets } from './notifications';
import { grantSesSending, mailRecipients } from './ses-sending';
import type { StatefulResources } from './stateful';
import type { WebhookSecretStore } from './webhook-secrets';

export interface FeedbackFunctionsProps {
  readonly stateful: StatefulResources;
  readonly config: EnvironmentConfig & Pick<StackConfig, 'departments' | 'exportProfiles'>;
  /** The dashboard page's URL, which the email-sending functions link to (DASHBOARD_URL). */
  readonly dashboardUrl: string;
  /** Signing secrets of the social webhooks, read by ingestSocial only. */
  readonly webhookSecrets: WebhookSecretStore;
  /** The Slack, Teams and webhook targets' secrets (read by deliverNotification only). */
  readonly notificationTargets: NotificationTargetSecrets;
  /** The SES identity evaluateAlerts sends from (the sender address, or its domain). */
  readonly senderIdentity: IEmailIdentity;
  /** Test-only: absolute entry files replacing FUNCTIONS[name].entry. */
  readonly entryOverrides?: Partial<Record<FunctionName, string>>;
}

/**
 * Every Comprehend action an engine may be granted (see shared/domain/comprehend-usage.ts). They
 * have no resource-level permissions: the only valid Resource is '*'.
 */
export const COMPREHEND_ACTIONS = [
  ...new Set(Object.values(COMPREHEND_OPERATIONS_BY_ENGINE).flatMap((operations) => operations.map((operation) => `comprehend:${operation}`))),
];

/** Which function consumes which queue (SQS event source). */
const CONSUMERS = { ingest: 'processFeedback', alerts: 'evaluateAlerts', exports: 'ingestExportFile', notifications: 'deliverNotification' } as const satisfies Record<QueueName, FunctionName>;

/** The Lambda functions of the pipeline, their environment and their (grant-only) permissions. */
export class FeedbackFunctions extends Construct {
  readonly functions: Record<FunctionName, HouseFunction>;
  /** Where S3 events for ingestEmail land once its asynchronous invocation has failed every retry. */
  readonly emailDeadLetterQueue: Queue;
  readonly digestDeadLetterQueue: Queue;
  /** The 18:00 summary of what the daily budget held back: its function, schedule and dead letters. */
  readonly dailySummary: DailySummary;

  constructor(scope: Construct, id: string, props: FeedbackFunctionsProps) {
    super(scope, id);
    const { tables, ingestQueue, ingestDeadLetterQueue, alertsQueue, rawBucket, queues, key } = props.stateful;
    const entry = (name: FunctionName) => props.entryOverrides?.[name];
    // Compiled into the bundles (no 4 KB environment cap); absent: the built-in departments.
    const define = props.config.departments ? { [DEPARTMENTS_BUILD_CONSTANT]: JSON.stringify(props.config.departments) } : undefined;

    // AWS guidance for SQS event sources: visibility timeout ≥ 6 × the consumer's timeout.
    for (const [queue, consumer] of Object.entries(CONSUMERS) as [QueueName, FunctionName][]) {
      if (QUEUES[queue].visibilityTimeoutSeconds < 6 * FUNCTIONS[consumer].timeoutSeconds) {
        throw new Error(`QUEUES.${queue}.visibilityTimeoutSeconds must be at least 6 × FUNCTIONS.${consumer}.timeoutSeconds`);
      }
    }

    // `?profile=<name>` of the deployment's own export profiles (inline, uploaded or dropped); absent: the built-in ones only.
    const exportProfilesDefine = props.config.exportProfiles ? { [EXPORT_PROFILES_BUILD_CONSTANT]: JSON.stringify(props.config.exportProfiles) } : undefined;

    const environment = functionEnvironments(props.stateful, props.config, props.dashboardUrl, props.notificationTargets.targetsJson);
    const exportsQueue = queues.exports.queue;
    const ingestApi = new HouseFunction(this, 'IngestApi', {
      name: 'ingestApi',
      entryOverride: entry('ingestApi'),
      define: exportProfilesDefine,
      environment: environment('ingestApi'),
    });
    ingestQueue.grantSendMessages(ingestApi);
    // Presigned upload URLs carry this function's permission: PutObject on exports/uploads/* only.
    rawBucket.grantPut(ingestApi, `${EXPORTS_PREFIX}uploads/*`);
    NagSuppressions.addResourceSuppressions(
      ingestApi.role!,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "Generated by rawBucket.grantPut(fn, 'exports/uploads/*'): the presigned upload URLs it hands out may only create objects under the uploads prefix, one per job id.",
          appliesTo: ['Action::s3:Abort*', { regex: `/^Resource::<StatefulRawBucket[A-Za-z0-9]*\\.Arn>\\/exports\\/uploads\\/\\*$/g` }],
        },
      ],
      true,
    );

    const readApi = new HouseFunction(this, 'ReadApi', {
      name: 'readApi',
      entryOverride: entry('readApi'),
      define,
      environment: environment('readApi'),
    });
    tables.aggregates.grantReadData(readApi);
    // Verbatims for GET /v1/feedback (redacted text and attribution reasons).
    tables.feedback.grantReadData(readApi);

    const processFeedback = new HouseFunction(this, 'ProcessFeedback', {
      name: 'processFeedback',
      entryOverride: entry('processFeedback'),
      define,
      environment: environment('processFeedback'),
      // Read at cold start beside index.mjs: the embedded sentiment model (shared/adapters/embedded-sentiment.ts)
      // and the redaction's first names (shared/adapters/first-names-file.ts).
      besideBundle: ['models/sentiment-fr-en.json', 'data/first-names.json'],
    });
    tables.feedback.grantReadWriteData(processFeedback);
    tables.aggregates.grantReadWriteData(processFeedback);
    // Poison messages are moved to the DLQ by the processor itself, with their reason attached.
    ingestDeadLetterQueue.grantSendMessages(processFeedback);
    // The aggregate cells each batch touched: evaluateAlerts' work list.
    alertsQueue.grantSendMessages(processFeedback);
    const ingestSource = new SqsEventSource(ingestQueue, {
      batchSize: QUEUES.ingest.batchSize,
      maxBatchingWindow: Duration.seconds(QUEUES.ingest.batchingWindowSeconds),
      reportBatchItemFailures: true,
    });
    processFeedback.addEventSource(ingestSource);
    suppressEventSourceDestination(
      processFeedback,
      'records that keep failing move to the ingest DLQ through the queue redrive policy (maxReceiveCount), and poison messages are dead-lettered by the function with their reason.',
    );
    // Only the Comprehend operations the chosen engine makes (none for embedded and lexicon).
    const comprehendActions = comprehendOperationsOf(props.config.sentimentEngine).map((operation) => `comprehend:${operation}`);
    if (comprehendActions.length > 0) {
      // A separate policy so its Resource '*' suppression cannot hide any other wildcard.
      const comprehendPolicy = new Policy(this, 'ProcessFeedbackComprehendPolicy', {
        statements: [new PolicyStatement({ actions: comprehendActions, resources: ['*'] })],
      });
      processFeedback.role!.attachInlinePolicy(comprehendPolicy);
      NagSuppressions.addResourceSuppressions(comprehendPolicy, [
        {
          id: 'AwsSolutions-IAM5',
          reason: `${comprehendActions.join(', ')} do not support resource-level permissions; Resource must be '*'. Actions are listed explicitly, never 'comprehend:*'.`,
          appliesTo: ['Resource::*'],
        },
      ]);
    }

    const adminApi = new HouseFunction(this, 'AdminApi', {
      name: 'adminApi',
      entryOverride: entry('adminApi'),
      // The departments' owners: who may act on which incident from the dashboard.
      define,
      environment: environment('adminApi'),
      // Resolve notes are redacted with the first names (shared/adapters/first-names-file.ts), read at cold start.
      besideBundle: ['data/first-names.json'],
    });
    // Erasure: finds a customer's items through the byCustomer index and anonymises them.
    tables.feedback.grantReadWriteData(adminApi);
    // Erasure also deletes the customer's raw emails (and only those: the inbound prefix).
    rawBucket.grantDelete(adminApi, `${INBOUND_EMAIL_PREFIX}*`);
    NagSuppressions.addResourceSuppressions(
      adminApi.role!,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "Generated by rawBucket.grantDelete(fn, 'inbound/*'): s3:DeleteObject* (object and its versions) on the inbound email prefix only, to erase a customer's raw emails.",
          appliesTo: ['Action::s3:DeleteObject*', { regex: `/^Resource::<StatefulRawBucket[A-Za-z0-9]*\\.Arn>\\/${INBOUND_EMAIL_PREFIX.replace(/\//g, '\\/')}\\*$/g` }],
        },
      ],
      true,
    );

    const evaluateAlerts = new HouseFunction(this, 'EvaluateAlerts', {
      name: 'evaluateAlerts',
      entryOverride: entry('evaluateAlerts'),
      // Alert rules and thresholds are per department.
      define,
      environment: environment('evaluateAlerts'),
      // The emails' verbatims are redacted once more with the first names, read at cold start.
      besideBundle: ['data/first-names.json'],
    });
    // Scores to evaluate, verbatims to quote in the email.
    tables.aggregates.grantReadData(evaluateAlerts);
    tables.feedback.grantReadData(evaluateAlerts);
    // ses:SendEmail and ses:SendRawEmail on the sender identity, and on the recipients' (the SES sandbox checks them).
    const recipients = mailRecipients(props.config.officerEmail, props.config.departments);
    grantSesSending(evaluateAlerts, props.senderIdentity, recipients);
    evaluateAlerts.addEventSource(
      new SqsEventSource(alertsQueue, {
        batchSize: QUEUES.alerts.batchSize,
        maxBatchingWindow: Duration.seconds(QUEUES.alerts.batchingWindowSeconds),
        reportBatchItemFailures: true,
      }),
    );
    suppressEventSourceDestination(
      evaluateAlerts,
      'cells that keep failing move to the alerts DLQ through the queue redrive policy (maxReceiveCount), and the operator is alarmed on that DLQ.',
    );

    // Failed digest deliveries (EventBridge could not invoke, or the function failed after its retries) land here.
    const digestDeadLetters = functionDeadLetterQueue(
      this,
      'DigestDeadLetterQueue',
      'for the weekly digest schedule and function',
      'it is inspected, not redriven.',
    );
    this.digestDeadLetterQueue = digestDeadLetters;
    const sendDigest = new HouseFunction(this, 'SendDigest', {
      name: 'sendDigest',
      deadLetterQueue: digestDeadLetters,
      entryOverride: entry('sendDigest'),
      define,
      environment: environment('sendDigest'),
    });
    // Week scores of every scope, and the alert states of the week; the verbatims its briefs and notes of recognition quote.
    tables.aggregates.grantReadData(sendDigest);
    tables.feedback.grantReadData(sendDigest);
    grantSesSending(sendDigest, props.senderIdentity, recipients);
    new Rule(this, 'WeeklyDigest', {
      description: 'Weekly progress digest to the customer officer',
      schedule: Schedule.cron({ weekDay: DIGEST_SCHEDULE.weekDay, hour: DIGEST_SCHEDULE.hour, minute: DIGEST_SCHEDULE.minute }),
      targets: [new LambdaFunction(sendDigest, { retryAttempts: 2, deadLetterQueue: digestDeadLetters })],
    });

    this.dailySummary = new DailySummary(this, 'DailySummary', {
      timeZone: props.config.timeZone,
      environment: environment('sendDailySummary'),
      define,
      senderIdentity: props.senderIdentity,
      recipients,
      entryOverride: entry('sendDailySummary'),
    });

    // Email channel: invoked asynchronously by S3 for each object under INBOUND_EMAIL_PREFIX (see InboundEmail);
    // events whose invocation keeps failing (after Lambda's 2 async retries) land here.
    const emailDeadLetters = functionDeadLetterQueue(
      this,
      'IngestEmailDeadLetterQueue',
      'for the S3-triggered ingestEmail function',
      'S3 event records hold bucket and key only, no email content; the object stays in the raw bucket and is replayed from there.',
    );
    this.emailDeadLetterQueue = emailDeadLetters;
    const ingestEmail = new HouseFunction(this, 'IngestEmail', {
      name: 'ingestEmail',
      deadLetterQueue: emailDeadLetters,
      entryOverride: entry('ingestEmail'),
      environment: environment('ingestEmail'),
    });
    // GetObject on inbound/* only (plus kms:Decrypt on the data key, added by the grant since the bucket uses it).
    rawBucket.grantRead(ingestEmail, `${INBOUND_EMAIL_PREFIX}*`);
    ingestQueue.grantSendMessages(ingestEmail);
    NagSuppressions.addResourceSuppressions(
      ingestEmail.role!,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "Generated by rawBucket.grantRead(fn, 'inbound/*'): the s3:GetObject*/GetBucket*/List* action families are read-only, and object access is limited to the inbound email prefix of the raw bucket.",
          appliesTo: [
            'Action::s3:GetObject*',
            'Action::s3:GetBucket*',
            'Action::s3:List*',
            { regex: `/^Resource::<StatefulRawBucket[A-Za-z0-9]*\\.Arn>\\/${INBOUND_EMAIL_PREFIX.replace(/\//g, '\\/')}\\*$/g` },
          ],
        },
      ],
      true,
    );

    // Export files: S3 notifies the exports queue of each object under exports/ (uploads and drops);
    // the function reads a chunk per message and queues the next chunk's continuation there too.
    const ingestExportFile = new HouseFunction(this, 'IngestExportFile', {
      name: 'ingestExportFile',
      entryOverride: entry('ingestExportFile'),
      define: exportProfilesDefine,
      environment: environment('ingestExportFile'),
    });
    rawBucket.grantRead(ingestExportFile, `${EXPORTS_PREFIX}*`);
    ingestQueue.grantSendMessages(ingestExportFile);
    exportsQueue.grantSendMessages(ingestExportFile);
    queues.exports.deadLetterQueue.grantSendMessages(ingestExportFile);
    ingestExportFile.addEventSource(new SqsEventSource(exportsQueue, { batchSize: QUEUES.exports.batchSize }));
    rawBucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(exportsQueue), { prefix: EXPORTS_PREFIX });
    suppressEventSourceDestination(
      ingestExportFile,
      'messages that keep failing move to the exports DLQ through the queue redrive policy (maxReceiveCount); unrecognised messages are dead-lettered by the function with their reason.',
    );
    NagSuppressions.addResourceSuppressions(
      ingestExportFile.role!,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "Generated by rawBucket.grantRead(fn, 'exports/*'): the s3:GetObject*/GetBucket*/List* action families are read-only, and object access is limited to the exports prefix of the raw bucket.",
          appliesTo: [
            'Action::s3:GetObject*',
            'Action::s3:GetBucket*',
            'Action::s3:List*',
            { regex: `/^Resource::<StatefulRawBucket[A-Za-z0-9]*\\.Arn>\\/exports\\/\\*$/g` },
          ],
        },
      ],
      true,
    );

    // Social channel: provider webhooks, authenticated by their signatures (secrets in Secrets Manager).
    const ingestSocial = new HouseFunction(this, 'IngestSocial', {
      name: 'ingestSocial',
      entryOverride: entry('ingestSocial'),
      environment: {
        ...environment('ingestSocial'),
        // One variable per secret, named after it: not an ENV key (see FUNCTIONS.ingestSocial).
        ...Object.fromEntries(WEBHOOK_SECRET_NAMES.map((name) => [webhookSecretArnVariable(name), props.webhookSecrets.secrets[name].secretArn])),
      },
    });
    ingestQueue.grantSendMessages(ingestSocial);
    for (const name of WEBHOOK_SECRET_NAMES) props.webhookSecrets.secrets[name].grantRead(ingestSocial);

    // Slack, Teams and signed webhooks: incidents, recoveries and digests are queued, one delivery per target.
    const deliverNotification = new NotificationDelivery(this, 'Notifications', {
      queues: queues.notifications,
      secrets: props.notificationTargets,
      environment: environment('deliverNotification'),
      producers: [evaluateAlerts, sendDigest],
      entryOverride: entry('deliverNotification'),
    }).fn;

    this.functions = { ingestApi, readApi, adminApi, processFeedback, evaluateAlerts, sendDigest, sendDailySummary: this.dailySummary.fn, ingestEmail, ingestExportFile, ingestSocial, deliverNotification };

    // The functions that hash customer ids read the salt (never write it: see control-access.ts).
    for (const [name, fn] of Object.entries(this.functions) as [FunctionName, HouseFunction][]) {
      if ((FUNCTIONS[name].env as readonly string[]).includes('customerSaltSecretArn')) props.stateful.customerSalt.grantRead(fn);
    }

    // The control table holds API keys, the salt, alert states, erasure receipts and export jobs:
    // each function gets the item families and actions CONTROL_ACCESS lists, never the whole table.
    for (const [name, fn] of Object.entries(this.functions) as [FunctionName, HouseFunction][]) grantControlAccess(name, fn, tables.control, key);

    for (const fn of Object.values(this.functions)) {
      NagSuppressions.addResourceSuppressions(
        fn.role!,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'Generated by grant methods on the customer-managed key (table/queue encryption): KMS data-key actions are wildcards by AWS naming (GenerateDataKey, GenerateDataKeyWithoutPlaintext, ReEncryptFrom/To); the Resource is that one key.',
            appliesTo: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
          },
          {
            id: 'AwsSolutions-IAM5',
            reason:
              "Generated by the feedback table's grant methods: '<table>/index/*' covers that table's own secondary indexes (byCustomer, used for erasure), nothing else.",
            appliesTo: [{ regex: '/^Resource::<StatefulFeedbackTable[A-Za-z0-9]*\\.Arn>\\/index\\/\\*$/g' }],
          },
        ],
        true,
      );
    }
  }
}

function suppressEventSourceDestination(fn: HouseFunction, failureHandling: string): void {
  NagSuppressions.addResourceSuppressions(
    fn,
    [
      {
        id: 'Serverless-LambdaEventSourceMappingDestination',
        reason: `SQS event source mappings take no on-failure destination; ${failureHandling}`,
      },
    ],
    true,
  );
}
