import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { BUCKETS, QUEUES, SQS_MAX_MESSAGE_BYTES, TABLES, type QueueName, type TableShape } from '../../shared/resources';

export interface LocalResources {
  tables: { feedback: string; aggregates: string; control: string };
  queues: Record<QueueName, { url: string; arn: string; dlqUrl: string; dlqArn: string }>;
  buckets: { raw: string };
}

export async function ensureTable(ddb: DynamoDBClient, shape: TableShape): Promise<void> {
  const keys: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[] = [{ AttributeName: shape.partitionKey, KeyType: 'HASH' }];
  const attrs = [{ AttributeName: shape.partitionKey, AttributeType: 'S' as const }];
  if (shape.sortKey) {
    keys.push({ AttributeName: shape.sortKey, KeyType: 'RANGE' });
    attrs.push({ AttributeName: shape.sortKey, AttributeType: 'S' as const });
  }
  const indexes = (shape.indexes ?? []).map((index) => {
    for (const name of [index.partitionKey, index.sortKey]) {
      if (name && !attrs.some((a) => a.AttributeName === name)) attrs.push({ AttributeName: name, AttributeType: 'S' });
    }
    return {
      IndexName: index.name,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        ...(index.sortKey ? [{ AttributeName: index.sortKey, KeyType: 'RANGE' as const }] : []),
      ],
      Projection: { ProjectionType: 'KEYS_ONLY' as const },
    };
  });
  try {
    await ddb.send(
      new CreateTableCommand({
        TableName: shape.localName,
        KeySchema: keys,
        AttributeDefinitions: attrs,
        BillingMode: 'PAY_PER_REQUEST',
        ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  if (shape.ttlAttribute) {
    const ttl = await ddb.send(new DescribeTimeToLiveCommand({ TableName: shape.localName }));
    if (ttl.TimeToLiveDescription?.TimeToLiveStatus !== 'ENABLED') {
      await ddb.send(
        new UpdateTimeToLiveCommand({ TableName: shape.localName, TimeToLiveSpecification: { AttributeName: shape.ttlAttribute, Enabled: true } }),
      );
    }
  }
}

async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }));
  const arn = out.Attributes?.QueueArn;
  if (!arn) throw new Error(`queue ${url} has no ARN`);
  return arn;
}

/** Creates (idempotently) the same tables, queues and bucket the CDK stack declares. */
export async function provisionLocalResources(clients: { ddb: DynamoDBClient; sqs: SQSClient; s3: S3Client }): Promise<LocalResources> {
  await Promise.all(Object.values(TABLES).map((shape) => ensureTable(clients.ddb, shape)));

  const queues = {} as LocalResources['queues'];
  for (const [name, q] of Object.entries(QUEUES) as [QueueName, (typeof QUEUES)[QueueName]][]) {
    const retention = String(q.retentionDays * 86_400);
    const dlq = await clients.sqs.send(new CreateQueueCommand({ QueueName: q.deadLetterLocalName, Attributes: { MessageRetentionPeriod: String(14 * 86_400), MaximumMessageSize: String(SQS_MAX_MESSAGE_BYTES) } }));
    const dlqUrl = dlq.QueueUrl!;
    const dlqArn = await queueArn(clients.sqs, dlqUrl);
    const main = await clients.sqs.send(new CreateQueueCommand({ QueueName: q.localName }));
    const url = main.QueueUrl!;
    await clients.sqs.send(
      new SetQueueAttributesCommand({
        QueueUrl: url,
        Attributes: {
          VisibilityTimeout: String(q.visibilityTimeoutSeconds),
          MessageRetentionPeriod: retention,
          MaximumMessageSize: String(SQS_MAX_MESSAGE_BYTES),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: q.maxReceiveCount }),
        },
      }),
    );
    queues[name] = { url, arn: await queueArn(clients.sqs, url), dlqUrl, dlqArn };
  }

  try {
    await clients.s3.send(new CreateBucketCommand({ Bucket: BUCKETS.raw.localName }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  }

  return {
    tables: { feedback: TABLES.feedback.localName, aggregates: TABLES.aggregates.localName, control: TABLES.control.localName },
    queues,
    buckets: { raw: BUCKETS.raw.localName },
  };
}
