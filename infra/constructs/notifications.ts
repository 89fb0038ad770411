import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { TARGET_URL_PLACEHOLDER, type DeployedTargetRef, type TargetRoute } from '../../shared/domain/notifications/targets';
import { QUEUES } from '../../shared/resources';
import { HouseFunction } from './house-function';
import type { QueuePair } from './stateful';

/** What the operator puts in each target's secret, by kind. */
const SECRET_CONTENT = {
  slack: 'replace "url" with the Slack incoming webhook URL (https://hooks.slack.com/services/…)',
  teams: 'replace "url" with the URL of the Teams Workflows flow "Post to a channel when a webhook request is received"',
  webhook: 'replace "url" with the receiver\'s HTTPS URL; "secret" (generated) signs each delivery: give it to the receiver',
} as const;

/**
 * One Secrets Manager secret per notification target of the `notifications` context, holding
 * `{"url": …, "secret"?: …}`. The stack creates it with a placeholder URL (and, for a webhook,
 * a generated signing secret); the operator puts the real URL in it, so URLs never appear in
 * cdk.json or the template. Only the delivery function may read them.
 */
export class NotificationTargetSecrets extends Construct {
  readonly secrets: Record<string, Secret> = {};
  /** NOTIFY_TARGETS: the targets' routing and the ARN of each one's secret (tokens resolved at deploy). */
  readonly targetsJson: string;

  constructor(scope: Construct, id: string, props: { targets: readonly TargetRoute[]; key: IKey }) {
    super(scope, id);
    const refs: DeployedTargetRef[] = props.targets.map((target) => {
      const secret = new Secret(this, `Target-${target.name}`, {
        description: `customer-voice notification target "${target.name}" (${target.kind}): ${SECRET_CONTENT[target.kind]}.`,
        encryptionKey: props.key,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ url: TARGET_URL_PLACEHOLDER }),
          // A webhook's signing secret; Slack and Teams URLs carry their own credential, so the key is unused there.
          generateStringKey: target.kind === 'webhook' ? 'secret' : 'generated',
          passwordLength: 48,
          excludePunctuation: true,
        },
        removalPolicy: RemovalPolicy.DESTROY,
      });
      NagSuppressions.addResourceSuppressions(secret, [
        {
          id: 'AwsSolutions-SMG4',
          reason:
            "The URL belongs to Slack, Teams or the receiver and is rotated there (a new webhook URL is pasted here); a webhook's signing secret is shared with its receiver, so rotating it is a change both sides make together, which a rotation Lambda cannot do.",
        },
      ]);
      this.secrets[target.name] = secret;
      return { ...target, secretArn: secret.secretArn };
    });
    this.targetsJson = Stack.of(this).toJsonString(refs);
  }
}

export interface NotificationDeliveryProps {
  readonly queues: QueuePair;
  readonly secrets: NotificationTargetSecrets;
  readonly environment: Record<string, string>;
  /** The functions that publish events (incidents, digests, briefs): each may send to the queue, nothing else. */
  readonly producers: readonly IGrantable[];
  readonly entryOverride?: string;
}

/**
 * The delivery function: the notifications queue's consumer. It reads the targets' secrets, puts
 * retries back on its own queue, parks final failures in the DLQ with their reason; its control
 * table access (delivery markers) is granted with the other functions' (control-access.ts).
 */
export class NotificationDelivery extends Construct {
  readonly fn: HouseFunction;

  constructor(scope: Construct, id: string, props: NotificationDeliveryProps) {
    super(scope, id);
    const { queue, deadLetterQueue } = props.queues;
    this.fn = new HouseFunction(this, 'DeliverNotification', { name: 'deliverNotification', entryOverride: props.entryOverride, environment: props.environment });
    for (const secret of Object.values(props.secrets.secrets)) secret.grantRead(this.fn);
    queue.grantSendMessages(this.fn);
    deadLetterQueue.grantSendMessages(this.fn);
    this.fn.addEventSource(new SqsEventSource(queue, { batchSize: QUEUES.notifications.batchSize, maxBatchingWindow: Duration.seconds(QUEUES.notifications.batchingWindowSeconds), reportBatchItemFailures: true }));
    NagSuppressions.addResourceSuppressions(
      this.fn,
      [
        {
          id: 'Serverless-LambdaEventSourceMappingDestination',
          reason:
            'SQS event source mappings take no on-failure destination; the function parks failed deliveries in the notifications DLQ with their reason, and records that crash it move there through the redrive policy.',
        },
      ],
      true,
    );
    for (const producer of props.producers) queue.grantSendMessages(producer);
  }
}
