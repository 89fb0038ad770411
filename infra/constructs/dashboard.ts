import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Dashboard, GraphWidget, type IMetric, Metric, PeriodOverride, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct, type IConstruct } from 'constructs';
import { CHANNELS } from '../../shared/domain/feedback';
import { NOTIFICATION_KINDS } from '../../shared/domain/notifications/contract';
import { DEAD_LETTER_CODES } from '../../shared/domain/notifications/delivery';
import { REJECT_REASONS } from '../../shared/domain/reject-reasons';
import { SENTIMENT_LABELS } from '../../shared/domain/sentiment';
import { DIMENSION, METRIC, METRICS_SERVICE, type MetricName } from '../../shared/metrics';
import { stageOf } from '../stage';

export interface OperationsDashboardProps {
  readonly functions: Record<string, IFunction>;
  readonly queues: Record<string, { queue: IQueue; deadLetterQueue: IQueue }>;
  /** Dead-letter queues of asynchronously invoked functions. */
  readonly functionDeadLetterQueues: Record<string, IQueue>;
  readonly httpApi: IHttpApi;
  readonly tables: Record<string, ITable>;
}

const PERIOD = Duration.minutes(5);
const WIDTH = 8;
const HEIGHT = 6;

/** Builds one of the functions' own metrics (shared/metrics.ts), summed per period. */
export type ApplicationMetric = (name: MetricName, dimensions?: Record<string, string>, label?: string) => Metric;

/** The functions' metrics as the stage of `scope` publishes them (its own namespace, infra/stage.ts). */
export function applicationMetricsOf(scope: IConstruct): ApplicationMetric {
  const { metricsNamespace } = stageOf(scope);
  return (name, dimensions = {}, label) =>
    new Metric({
      namespace: metricsNamespace,
      metricName: name,
      dimensionsMap: { [DIMENSION.service]: METRICS_SERVICE, ...dimensions },
      statistic: 'Sum',
      period: PERIOD,
      label,
    });
}

const graph = (title: string, left: IMetric[], options: { stacked?: boolean; right?: IMetric[] } = {}) =>
  new GraphWidget({ title, left, right: options.right, stacked: options.stacked, width: WIDTH, height: HEIGHT, period: PERIOD });

/**
 * The operator's one page: what comes in (per channel, rejections per reason), what is
 * processed and how customers feel, alerts sent, then the plumbing that explains a drop —
 * queues, functions, API, tables.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const functions = Object.entries(props.functions);
    const queues = Object.entries(props.queues);
    const deadLetterQueues = [
      ...queues.map(([name, q]) => [`${name} DLQ`, q.deadLetterQueue] as const),
      ...Object.entries(props.functionDeadLetterQueues).map(([name, q]) => [`${name} DLQ`, q] as const),
    ];
    const tables = Object.entries(props.tables);
    const api = props.httpApi;
    const applicationMetric = applicationMetricsOf(this);

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: stageOf(this).physical('customer-voice'),
      defaultInterval: Duration.hours(6),
      periodOverride: PeriodOverride.AUTO,
    });
    this.dashboard.addWidgets(
      new TextWidget({
        markdown:
          '# customer-voice\nItems flow API/export/email/social → ingest queue → processFeedback → tables → alerts queue → evaluateAlerts. ' +
          'A drop in *processed* with a growing *age of oldest message* means the processor is behind; anything in a DLQ is an incident (`customer-voice replay-dlq`).',
        width: 24,
        height: 2,
      }),
    );
    this.dashboard.addWidgets(
      graph('Items ingested per channel', CHANNELS.map((c) => applicationMetric(METRIC.itemsIngested, { [DIMENSION.channel]: c }, c)), { stacked: true }),
      graph('Items rejected per reason', REJECT_REASONS.map((r) => applicationMetric(METRIC.itemsRejected, { [DIMENSION.reason]: r }, r)), { stacked: true }),
      graph('Items processed', [applicationMetric(METRIC.itemsProcessed, {}, 'processed')], {
        right: [applicationMetric(METRIC.messagesDeadLettered, {}, 'dead-lettered'), applicationMetric(METRIC.recordsRetried, {}, 'retried')],
      }),
    );
    this.dashboard.addWidgets(
      graph('Sentiment mix (processed items)', SENTIMENT_LABELS.map((s) => applicationMetric(METRIC.itemsBySentiment, { [DIMENSION.sentiment]: s }, s)), { stacked: true }),
      graph('Alerts and digests sent', [
        applicationMetric(METRIC.alertsSent, {}, 'alerts'),
        applicationMetric(METRIC.alertRecoveriesSent, {}, 'recoveries'),
        applicationMetric(METRIC.alertEmailsRejected, {}, 'refused by SES'),
        applicationMetric(METRIC.digestEmailsRejected, {}, 'digests refused by SES'),
        applicationMetric(METRIC.digestsSent, {}, 'digests'),
        applicationMetric(METRIC.dailySummariesSent, {}, 'daily summaries'),
        applicationMetric(METRIC.briefsSent, {}, 'interface briefs'),
        applicationMetric(METRIC.recognitionNotesSent, {}, 'notes of recognition'),
        applicationMetric(METRIC.weeklyNotesFailed, {}, 'briefs or notes failed'),
      ]),
      graph('Queue depth (visible messages)', queues.map(([name, q]) => q.queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label: name }))),
    );
    this.dashboard.addWidgets(
      graph('Age of oldest message (s)', queues.map(([name, q]) => q.queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum', label: name }))),
      graph('Dead-letter queue depth', deadLetterQueues.map(([name, q]) => q.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label: name }))),
      graph('Function errors', functions.map(([name, fn]) => fn.metricErrors({ period: PERIOD, statistic: 'Sum', label: name }))),
    );
    this.dashboard.addWidgets(
      graph('Function throttles', functions.map(([name, fn]) => fn.metricThrottles({ period: PERIOD, statistic: 'Sum', label: name }))),
      graph('Function duration p95 (ms)', functions.map(([name, fn]) => fn.metricDuration({ period: PERIOD, statistic: 'p95', label: name }))),
      graph('Function concurrent executions', functions.map(([name, fn]) => fn.metric('ConcurrentExecutions', { period: PERIOD, statistic: 'Maximum', label: name }))),
    );
    this.dashboard.addWidgets(
      graph('API requests and errors', [api.metricCount({ period: PERIOD, statistic: 'Sum', label: 'requests' })], {
        right: [api.metricClientError({ period: PERIOD, statistic: 'Sum', label: '4xx' }), api.metricServerError({ period: PERIOD, statistic: 'Sum', label: '5xx' })],
      }),
      graph('API latency (ms)', [
        api.metricLatency({ period: PERIOD, statistic: 'p50', label: 'p50' }),
        api.metricLatency({ period: PERIOD, statistic: 'p95', label: 'p95' }),
        api.metricIntegrationLatency({ period: PERIOD, statistic: 'p95', label: 'integration p95' }),
      ]),
      graph('DynamoDB consumed capacity (units per period)', tables.map(([name, t]) => t.metricConsumedWriteCapacityUnits({ period: PERIOD, statistic: 'Sum', label: `${name} WCU` })), {
        right: tables.map(([name, t]) => t.metricConsumedReadCapacityUnits({ period: PERIOD, statistic: 'Sum', label: `${name} RCU` })),
      }),
    );
    this.dashboard.addWidgets(
      graph('Slack, Teams and webhook deliveries', NOTIFICATION_KINDS.map((k) => applicationMetric(METRIC.notificationsDelivered, { [DIMENSION.channel]: k }, k)), {
        right: [
          applicationMetric(METRIC.notificationsRetried, {}, 'retried'),
          ...DEAD_LETTER_CODES.map((code) => applicationMetric(METRIC.notificationsDeadLettered, { [DIMENSION.reason]: code }, `DLQ ${code}`)),
        ],
      }),
      graph(
        'DynamoDB throttle events',
        tables.flatMap(([name, t]) => [
          t.metric('WriteThrottleEvents', { period: PERIOD, statistic: 'Sum', label: `${name} write` }),
          t.metric('ReadThrottleEvents', { period: PERIOD, statistic: 'Sum', label: `${name} read` }),
        ]),
      ),
    );
  }
}
