import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, ProjectionType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { QUEUES, SQS_MAX_MESSAGE_BYTES, TABLES, type QueueName, type QueueShape, type TableShape } from '../../shared/resources';

export interface StatefulResourcesProps {
  /** Days a raw email/export object lives in the raw bucket. */
  readonly rawRetentionDays: number;
}

export type TableName = keyof typeof TABLES;

/** A work queue and the dead-letter queue it redrives to. */
export interface QueuePair {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
}

/** What an operator does with a DLQ's messages, per queue (nag suppression reasons, alarm texts). */
const DEAD_LETTER_HANDLING: Record<QueueName, string> = {
  ingest: 'inspected and replayed with customer-voice replay-dlq',
  alerts: 'inspected and moved back to the alerts queue (SQS DLQ redrive) once the evaluator is fixed',
  exports: 'inspected and moved back to the exports queue (SQS DLQ redrive); the files stay in the raw bucket and rows already queued count once',
  notifications: 'inspected (each carries its reason) and replayed with customer-voice replay-dlq --queue notifications; a delivered event is never sent twice',
};

/** SQS keeps a message at most 14 days; a DLQ keeps its messages as long as possible so they can be replayed. */
const SQS_MAX_RETENTION = Duration.days(14);
/** Access logs are for incident forensics, not for business data. */
const ACCESS_LOG_RETENTION = Duration.days(90);

/**
 * Everything that holds data: the key, the tables, one queue and its DLQ per QUEUES
 * entry, the raw bucket. Shapes come from shared/resources.ts so the local stack matches.
 */
export class StatefulResources extends Construct {
  readonly key: Key;
  /** Encrypts the exports queue pair only (S3 sends to it; see the queues below). */
  readonly exportsQueueKey: Key;
  /** Encrypts the notifications queue pair: producers encrypt to it without being able to encrypt with the data key. */
  readonly notificationsQueueKey: Key;
  readonly tables: Record<TableName, Table>;
  /** One pair per QUEUES entry. */
  readonly queues: Record<QueueName, QueuePair>;
  readonly ingestQueue: Queue;
  readonly ingestDeadLetterQueue: Queue;
  /** Aggregate cells touched by processed batches, consumed by evaluateAlerts. */
  readonly alertsQueue: Queue;
  readonly alertsDeadLetterQueue: Queue;
  readonly rawBucket: Bucket;
  readonly accessLogsBucket: Bucket;
  /** The customer-id salt (HMAC key of every customer hash): generated once, never rotated, read-only to functions. */
  readonly customerSalt: Secret;

  constructor(scope: Construct, id: string, props: StatefulResourcesProps) {
    super(scope, id);

    this.key = new Key(this, 'DataKey', {
      description: 'customer-voice: encrypts feedback tables, ingest queues and raw objects',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.exportsQueueKey = new Key(this, 'ExportsQueueKey', {
      description: 'customer-voice: encrypts the exports queue (S3 notifications of export files, chunk continuations)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.notificationsQueueKey = new Key(this, 'NotificationsQueueKey', {
      description: 'customer-voice: encrypts the notifications queue (events for Slack, Teams and webhooks: redacted text only)',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.customerSalt = new Secret(this, 'CustomerSalt', {
      description: 'customer-voice: the salt of every customer-id hash (HMAC-SHA256). Never change it: erasure finds items by these hashes.',
      encryptionKey: this.key,
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(this.customerSalt, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          "The salt must never rotate: every stored customer hash was made with it, and erasure finds a customer's items by recomputing their hash. It is readable by the hashing functions only, encrypted with the stack's key.",
      },
    ]);

    this.tables = {
      feedback: this.table('FeedbackTable', TABLES.feedback),
      aggregates: this.table('AggregatesTable', TABLES.aggregates),
      control: this.table('ControlTable', TABLES.control),
    };

    // Construct IDs `<Name>Queue` / `<Name>DeadLetterQueue`: the ingest pair keeps its logical IDs.
    this.queues = {
      ingest: this.queuePair('Ingest', QUEUES.ingest, DEAD_LETTER_HANDLING.ingest),
      alerts: this.queuePair('Alerts', QUEUES.alerts, DEAD_LETTER_HANDLING.alerts),
      // S3 notifies this queue, so S3 must be allowed to use the queue's key, naming the bucket in
      // the key's policy: with the data key (which encrypts the bucket) that is a dependency cycle.
      // Its own key breaks it; its messages are object keys and job ids, no customer data.
      exports: this.queuePair(
        'Exports',
        QUEUES.exports,
        DEAD_LETTER_HANDLING.exports,
        this.exportsQueueKey,
      ),
      notifications: this.queuePair('Notifications', QUEUES.notifications, DEAD_LETTER_HANDLING.notifications, this.notificationsQueueKey),
    };
    this.ingestQueue = this.queues.ingest.queue;
    this.ingestDeadLetterQueue = this.queues.ingest.deadLetterQueue;
    this.alertsQueue = this.queues.alerts.queue;
    this.alertsDeadLetterQueue = this.queues.alerts.deadLetterQueue;

    // S3 server access logs can only be delivered to an SSE-S3 bucket (not SSE-KMS); the
    // logging service writes through the bucket policy CDK adds (serverAccessLogsUseBucketPolicy).
    this.accessLogsBucket = new Bucket(this, 'AccessLogsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: ACCESS_LOG_RETENTION }],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.rawBucket = new Bucket(this, 'RawBucket', {
      encryption: BucketEncryption.KMS,
      encryptionKey: this.key,
      bucketKeyEnabled: true,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogsBucket,
      serverAccessLogsPrefix: 'raw/',
      lifecycleRules: [
        {
          id: 'expire-raw-objects',
          expiration: Duration.days(props.rawRetentionDays),
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private queuePair(prefix: string, shape: QueueShape, deadLetterHandling: string, key: Key = this.key): QueuePair {
    const encryption = { encryption: QueueEncryption.KMS, encryptionMasterKey: key };
    const deadLetterQueue = new Queue(this, `${prefix}DeadLetterQueue`, {
      ...encryption,
      enforceSSL: true,
      retentionPeriod: SQS_MAX_RETENTION,
      maxMessageSizeBytes: SQS_MAX_MESSAGE_BYTES,
    });
    NagSuppressions.addResourceSuppressions(deadLetterQueue, [
      { id: 'Serverless-SQSRedrivePolicy', reason: `This is the dead-letter queue itself; its messages are ${deadLetterHandling}, not redriven further.` },
    ]);
    const queue = new Queue(this, `${prefix}Queue`, {
      ...encryption,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(shape.visibilityTimeoutSeconds),
      maxMessageSizeBytes: SQS_MAX_MESSAGE_BYTES,
      retentionPeriod: Duration.days(shape.retentionDays),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: shape.maxReceiveCount },
    });
    return { queue, deadLetterQueue };
  }

  private table(id: string, shape: TableShape): Table {
    const table = new Table(this, id, {
      partitionKey: { name: shape.partitionKey, type: AttributeType.STRING },
      sortKey: shape.sortKey ? { name: shape.sortKey, type: AttributeType.STRING } : undefined,
      timeToLiveAttribute: shape.ttlAttribute,
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: this.key,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    for (const index of shape.indexes ?? []) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: AttributeType.STRING },
        sortKey: index.sortKey ? { name: index.sortKey, type: AttributeType.STRING } : undefined,
        projectionType: ProjectionType.KEYS_ONLY,
      });
    }
    return table;
  }
}
