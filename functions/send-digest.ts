import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { ScheduledEvent } from 'aws-lambda';
import { documentClient, DynamoAggregateReader, DynamoAlertStateStore } from '../shared/adapters/dynamo-stores';
import { OutboxMailer } from '../shared/adapters/outbox-mailer';
import { SesMailer } from '../shared/adapters/ses-mailer';
import { sendWeeklyDigest } from '../shared/app/weekly-digest';
import { deployedDepartments } from '../shared/config/departments-source';
import { loadEnv } from '../shared/config/env';
import { AGGREGATE_SHARDS } from '../shared/resources';

const env = loadEnv(['aggregatesTable', 'controlTable', 'departments', 'timeZone', 'officerEmail', 'senderEmail', 'mailLanguage', 'outboxDir']);
const doc = documentClient(new DynamoDBClient({}));
const logger = new Logger({ serviceName: 'customer-voice' });
const deps = {
  aggregates: new DynamoAggregateReader(doc, env.aggregatesTable, AGGREGATE_SHARDS),
  departments: deployedDepartments(env.departments),
  alerts: new DynamoAlertStateStore(doc, env.controlTable),
  mailer: env.outboxDir ? new OutboxMailer(env.outboxDir) : new SesMailer(new SESv2Client({})),
  email: { lang: env.mailLanguage, from: env.senderEmail, officer: env.officerEmail },
  zone: env.timeZone,
};

/** Weekly schedule → the progress digest: departments ranked by improvement, Pareto journeys, hotspots, alerts. */
export const handler = async (event: ScheduledEvent): Promise<{ week: string; messageId: string }> => {
  const { digest, messageId } = await sendWeeklyDigest({ ...deps, now: () => new Date(event.time) });
  logger.info('weekly digest sent', { week: digest.week.start, ranked: digest.ranking.length, alerts: digest.alerts.length });
  return { week: digest.week.start, messageId };
};
