import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import middy from '@middy/core';
import type { ScheduledEvent } from 'aws-lambda';
import { DynamoAggregateReader } from '../shared/adapters/dynamo-aggregates';
import { DynamoAlertStateStore } from '../shared/adapters/dynamo-alert-states';
import { documentClient } from '../shared/adapters/dynamo-client';
import { OutboxMailer } from '../shared/adapters/outbox-mailer';
import { SesMailer } from '../shared/adapters/ses-mailer';
import { sendWeeklyDigest } from '../shared/app/weekly-digest';
import { deployedDepartments } from '../shared/config/departments-source';
import { loadEnv } from '../shared/config/env';
import { METRIC } from '../shared/metrics';
import { AGGREGATE_SHARDS } from '../shared/resources';
import { createMetrics } from './commons/metrics';

const env = loadEnv(['aggregatesTable', 'controlTable', 'departments', 'timeZone', 'officerEmail', 'senderEmail', 'mailLanguage', 'outboxDir']);
const doc = documentClient(new DynamoDBClient({}));
const logger = new Logger({ serviceName: 'customer-voice' });
const metrics = createMetrics(logger);
const deps = {
  aggregates: new DynamoAggregateReader(doc, env.aggregatesTable, AGGREGATE_SHARDS),
  departments: deployedDepartments(env.departments),
  alerts: new DynamoAlertStateStore(doc, env.controlTable),
  mailer: env.outboxDir ? new OutboxMailer(env.outboxDir) : new SesMailer(new SESv2Client({})),
  email: { lang: env.mailLanguage, from: env.senderEmail, officer: env.officerEmail },
  zone: env.timeZone,
};

/** Weekly schedule → the progress digest: departments ranked by improvement, Pareto journeys, hotspots, alerts. */
export const handler = middy(async (event: ScheduledEvent): Promise<{ week: string; messageId: string }> => {
  const { digest, messageId } = await sendWeeklyDigest({ ...deps, now: () => new Date(event.time) });
  logger.info('weekly digest sent', { week: digest.week.start, ranked: digest.ranking.length, alerts: digest.alerts.length });
  metrics.addMetric(METRIC.digestsSent, MetricUnit.Count, 1);
  return { week: digest.week.start, messageId };
}).use(logMetrics(metrics));
