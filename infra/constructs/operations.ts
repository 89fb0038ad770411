import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, MathExpression, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { QUEUES, type FunctionName, type QueueShape } from '../../shared/resources';
import { applicationMetricsOf, OperationsDashboard } from './dashboard';
import { METRIC } from '../../shared/metrics';

export interface OperationsProps {
  readonly ingestQueue: IQueue;
  readonly ingestDeadLetterQueue: IQueue;
  /** Every function of the stack: each gets an errors and a throttles alarm. */
  readonly functions: Record<FunctionName, IFunction>;
  readonly httpApi: IHttpApi;
  /** For the dashboard's consumed capacity and throttle graphs. */
  readonly tables: Record<string, ITable>;
  readonly alertsQueue: IQueue;
  readonly alertsDeadLetterQueue: IQueue;
  readonly exportsQueue: IQueue;
  readonly exportsDeadLetterQueue: IQueue;
  readonly notificationsQueue: IQueue;
  /** Slack, Teams and webhook deliveries that failed for good (each with its reason). */
  readonly notificationsDeadLetterQueue: IQueue;
  /** Dead-letter queues of asynchronously invoked functions (email ingestion, weekly digest). */
  readonly functionDeadLetterQueues: Record<string, IQueue>;
  readonly alarmEmail?: string;
}

/**
 * A message failing every delivery is at most maxReceiveCount × visibility timeout
 * old when it reaches the DLQ; anything older means the consumer is not keeping up.
 */
export const backlogAgeThresholdSeconds = (shape: QueueShape): number => shape.maxReceiveCount * shape.visibilityTimeoutSeconds;
export const BACKLOG_AGE_THRESHOLD_SECONDS = backlogAgeThresholdSeconds(QUEUES.ingest);
export const ALERTS_BACKLOG_AGE_THRESHOLD_SECONDS = backlogAgeThresholdSeconds(QUEUES.alerts);
/**
 * Export messages are read as soon as they arrive (a chunk takes at most the function's 15
 * minutes); one waiting an hour means the export function is failing or throttled.
 */
export const EXPORTS_BACKLOG_AGE_THRESHOLD_SECONDS = 3600;
export const NOTIFICATIONS_BACKLOG_AGE_THRESHOLD_SECONDS = backlogAgeThresholdSeconds(QUEUES.notifications);

/**
 * API 5xx rate (percent of requests over 5 minutes) that pages the operator. Our 5xx are our
 * faults only (callers' mistakes are 4xx), so a few percent is already an incident; below
 * API_5XX_MIN_REQUESTS requests a single failure is left to the function errors alarm.
 */
export const API_5XX_RATE_THRESHOLD_PERCENT = 5;
export const API_5XX_MIN_REQUESTS = 20;

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/** Operator alarms on the ingest and alert pipelines, notified through an encrypted SNS topic. */
export class Operations extends Construct {
  readonly topic: Topic;
  readonly alarms: {
    deadLetters: Alarm;
    backlogAge: Alarm;
    alertDeadLetters: Alarm;
    alertBacklogAge: Alarm;
    exportDeadLetters: Alarm;
    exportBacklogAge: Alarm;
    notificationDeadLetters: Alarm;
    notificationBacklogAge: Alarm;
    api5xxRate: Alarm;
    emailsRefused: Alarm;
  };
  readonly functionDeadLetterAlarms: Record<string, Alarm> = {};
  readonly functionAlarms = {} as Record<FunctionName, { errors: Alarm; throttles: Alarm }>;
  readonly dashboard: OperationsDashboard;

  constructor(scope: Construct, id: string, props: OperationsProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);
    const applicationMetric = applicationMetricsOf(this);

    // A key of its own: CloudWatch must be allowed to use it, and that grant should not
    // extend to the key that encrypts customer data.
    const key = new Key(this, 'TopicKey', {
      description: 'customer-voice: encrypts the operator alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublishEncrypted',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    this.topic = new Topic(this, 'OperatorTopic', {
      displayName: 'customer-voice operator alarms',
      masterKey: key,
      enforceSSL: true,
    });
    // A topic policy replaces SNS's default one, so CloudWatch must be allowed explicitly,
    // and only for this account's alarms (confused deputy).
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowThisAccountsAlarms',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': account },
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
        },
      }),
    );
    if (props.alarmEmail) {
      this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
      NagSuppressions.addResourceSuppressions(
        this.topic,
        [
          {
            id: 'Serverless-SNSRedrivePolicy',
            reason:
              'The only subscription is the operator\'s alarm email: SNS retries email delivery itself, and an unwatched dead-letter queue for alarm notifications would add nothing (the alarms stay visible in CloudWatch).',
          },
        ],
        true,
      );
    }

    const action = new SnsAction(this.topic);
    this.alarms = {
      deadLetters: this.deadLetterAlarm(
        'DeadLettersAlarm',
        props.ingestDeadLetterQueue,
        'Feedback messages reached the ingest DLQ: inspect the reason, fix, then `customer-voice replay-dlq`.',
      ),
      backlogAge: new Alarm(this, 'IngestBacklogAgeAlarm', {
        alarmDescription: `The oldest ingest message is older than ${BACKLOG_AGE_THRESHOLD_SECONDS} s: the processor is not keeping up or is throttled.`,
        metric: props.ingestQueue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: BACKLOG_AGE_THRESHOLD_SECONDS,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      alertDeadLetters: this.deadLetterAlarm(
        'AlertDeadLettersAlarm',
        props.alertsDeadLetterQueue,
        'Alert evaluations reached the alerts DLQ (alerts may not have been emailed): check evaluate-alerts logs and SES sending, fix, then redrive the DLQ to the alerts queue.',
      ),
      alertBacklogAge: new Alarm(this, 'AlertsBacklogAgeAlarm', {
        alarmDescription: `The oldest alerts-queue message is older than ${ALERTS_BACKLOG_AGE_THRESHOLD_SECONDS} s: evaluate-alerts is failing, throttled or not keeping up.`,
        metric: props.alertsQueue.metricApproximateAgeOfOldestMessage({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: ALERTS_BACKLOG_AGE_THRESHOLD_SECONDS,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      exportDeadLetters: this.deadLetterAlarm(
        'ExportDeadLettersAlarm',
        props.exportsDeadLetterQueue,
        'Export-file messages reached the exports DLQ: read the job at GET /v1/exports/{jobId} and the ingest-export-file logs, fix, then redrive the DLQ to the exports queue (rows already queued count once).',
      ),
      exportBacklogAge: new Alarm(this, 'ExportsBacklogAgeAlarm', {
        alarmDescription: `The oldest exports-queue message is older than ${EXPORTS_BACKLOG_AGE_THRESHOLD_SECONDS} s: ingest-export-file is failing, throttled or not keeping up.`,
        metric: props.exportsQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: EXPORTS_BACKLOG_AGE_THRESHOLD_SECONDS,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      notificationDeadLetters: this.deadLetterAlarm(
        'NotificationDeadLettersAlarm',
        props.notificationsDeadLetterQueue,
        'A Slack, Teams or webhook delivery failed for good and is in the notifications DLQ with its reason (cv-error-reason): fix the target (its URL in its secret, or the receiver), then `customer-voice replay-dlq --queue notifications`.',
      ),
      notificationBacklogAge: new Alarm(this, 'NotificationsBacklogAgeAlarm', {
        alarmDescription: `The oldest notifications-queue message is older than ${NOTIFICATIONS_BACKLOG_AGE_THRESHOLD_SECONDS} s: deliverNotification is failing, throttled or not keeping up (a retry is a new message, so waiting retries do not age).`,
        metric: props.notificationsQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: NOTIFICATIONS_BACKLOG_AGE_THRESHOLD_SECONDS,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      api5xxRate: new Alarm(this, 'Api5xxRateAlarm', {
        alarmDescription: `More than ${API_5XX_RATE_THRESHOLD_PERCENT} % of API requests answered 5xx over 5 minutes (with at least ${API_5XX_MIN_REQUESTS} requests): our fault, not the callers'. Check the functions' errors and logs, then the access logs (integrationError).`,
        metric: new MathExpression({
          label: 'API 5xx rate (%)',
          expression: `IF(requests >= ${API_5XX_MIN_REQUESTS}, 100 * errors / requests, 0)`,
          usingMetrics: {
            errors: props.httpApi.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
            requests: props.httpApi.metricCount({ period: Duration.minutes(5), statistic: 'Sum' }),
          },
          period: Duration.minutes(5),
        }),
        threshold: API_5XX_RATE_THRESHOLD_PERCENT,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
      // Refused emails are not retried (SES would refuse them again), so no DLQ would show them: this alarm does.
      emailsRefused: new Alarm(this, 'EmailsRefusedAlarm', {
        alarmDescription:
          'SES refused an alert or digest email for good, or an interface brief or note of recognition failed (none is retried): in the SES sandbox, verify the recipient or request production access; otherwise check the sender identity and the evaluate-alerts / send-digest logs. `customer-voice doctor` checks both.',
        metric: new MathExpression({
          label: 'Emails refused by SES or weekly notes failed',
          expression: 'alerts + digests + notes',
          usingMetrics: {
            alerts: applicationMetric(METRIC.alertEmailsRejected),
            digests: applicationMetric(METRIC.digestEmailsRejected),
            notes: applicationMetric(METRIC.weeklyNotesFailed),
          },
          period: Duration.minutes(5),
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }),
    };
    for (const [name, fn] of Object.entries(props.functions) as [FunctionName, IFunction][]) {
      this.functionAlarms[name] = {
        // SQS consumers report record failures as partial batch responses, so an error here is a
        // whole invocation failing (crash, timeout, out of memory), never one bad record.
        errors: new Alarm(this, `${pascal(name)}ErrorsAlarm`, {
          alarmDescription: `${name} failed whole invocations (crash, timeout or out of memory — not a single bad record): check its logs.`,
          metric: fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
        throttles: new Alarm(this, `${pascal(name)}ThrottlesAlarm`, {
          alarmDescription: `${name} was throttled (account or reserved concurrency exhausted): API callers got 429/5xx, queues back up. See docs/scaling.md for the concurrency settings.`,
          metric: fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 0,
          comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
          evaluationPeriods: 1,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        }),
      };
    }
    for (const [name, queue] of Object.entries(props.functionDeadLetterQueues)) {
      this.functionDeadLetterAlarms[name] = this.deadLetterAlarm(
        `${name}DeadLettersAlarm`,
        queue,
        `${name}: an invocation failed after its retries and landed in its dead-letter queue; inspect the message and the function's logs.`,
      );
    }
    const functionAlarms = Object.values(this.functionAlarms).flatMap((a) => [a.errors, a.throttles]);
    for (const alarm of [...Object.values(this.alarms), ...Object.values(this.functionDeadLetterAlarms), ...functionAlarms]) {
      alarm.addAlarmAction(action);
      // The recovery notice tells the operator the incident is over.
      alarm.addOkAction(action);
    }

    this.dashboard = new OperationsDashboard(this, 'Dashboard', {
      functions: props.functions,
      queues: {
        ingest: { queue: props.ingestQueue, deadLetterQueue: props.ingestDeadLetterQueue },
        alerts: { queue: props.alertsQueue, deadLetterQueue: props.alertsDeadLetterQueue },
      },
      functionDeadLetterQueues: props.functionDeadLetterQueues,
      httpApi: props.httpApi,
      tables: props.tables,
    });
  }

  /** Any message in a dead-letter queue is an incident: alarm at the first one. */
  private deadLetterAlarm(id: string, queue: IQueue, description: string): Alarm {
    return new Alarm(this, id, {
      alarmDescription: description,
      metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 0,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
  }
}
