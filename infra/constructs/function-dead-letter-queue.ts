import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';

/** Where an asynchronously invoked function's failed invocations land (SSE, TLS only, 14 days). */
export function functionDeadLetterQueue(scope: Construct, id: string, purpose: string, whyNoRedrive: string): Queue {
  const queue = new Queue(scope, id, { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
  NagSuppressions.addResourceSuppressions(queue, [
    { id: 'AwsSolutions-SQS3', reason: `This is a dead-letter queue (${purpose}); it has none of its own.` },
    { id: 'Serverless-SQSRedrivePolicy', reason: `This is a dead-letter queue (${purpose}); ${whyNoRedrive}` },
  ]);
  return queue;
}
