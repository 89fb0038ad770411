import { DynamoAggregateReader } from '../shared/adapters/dynamo-aggregates';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo-feedback-store';
import { DynamoTopicSummaries } from '../shared/adapters/dynamo-topic-summaries';
import { DynamoIncidentStore } from '../shared/adapters/dynamo-incidents';
import { DynamoNotificationMarkers } from '../shared/adapters/dynamo-notification-markers';
import { DynamoSendMarkers } from '../shared/adapters/dynamo-send-markers';
import { OutboxMailer } from '../shared/adapters/outbox-mailer';
import { SesMailer } from '../shared/adapters/ses-mailer';
import { digestNotifier } from '../shared/app/notification-events';
import { deployedDepartments } from '../shared/config/departments-source';
import { loadEnv } from '../shared/config/env';
import { AGGREGATE_SHARDS, FUNCTIONS } from '../shared/resources';
import { dynamoDocumentClient } from './commons/clients/dynamodb';
import { createLogger } from './commons/clients/logger';
import { sesClient } from './commons/clients/sesv2';
import { notifierFromEnv } from './commons/notifier';
import { makeSendDigestHandler } from './handlers/send-digest-handler';

const logger = createLogger();
const env = loadEnv(FUNCTIONS.sendDigest.env);
// Slack, Teams and signed webhooks: nothing when none is configured.
const notifier = notifierFromEnv(env);
// Verbatims only (the department index and the items it names): the customers' words the emails quote.
const feedback = new DynamoFeedbackStore(dynamoDocumentClient, { feedback: env.feedbackTable, aggregates: env.aggregatesTable });
/** Newest items of a department read for the "what is new" examples (as the alert evaluator reads them). */
const TOPIC_EXAMPLE_CANDIDATES = 50;

/** Weekly schedule → the digest to the officer, then the interface briefs and the notes of recognition (SES, or the local outbox). */
export const handler = makeSendDigestHandler({
  aggregates: new DynamoAggregateReader(dynamoDocumentClient, env.aggregatesTable, AGGREGATE_SHARDS),
  topics: new DynamoTopicSummaries(dynamoDocumentClient, { table: env.aggregatesTable, zone: env.timeZone, shards: AGGREGATE_SHARDS }),
  departments: deployedDepartments(env.departments),
  incidents: new DynamoIncidentStore(dynamoDocumentClient, env.controlTable),
  feedback,
  topicExamples: async (id, from, to) => feedback.verbatims(id, from, to, TOPIC_EXAMPLE_CANDIDATES),
  markers: new DynamoSendMarkers(dynamoDocumentClient, env.controlTable),
  digestMarkers: new DynamoNotificationMarkers(dynamoDocumentClient, env.controlTable),
  notifier,
  mailer: env.outboxDir ? new OutboxMailer(env.outboxDir) : new SesMailer(sesClient),
  email: { lang: env.mailLanguage, from: env.senderEmail, officer: env.officerEmail, dashboardUrl: env.dashboardUrl },
  zone: env.timeZone,
  notify: digestNotifier(notifier, { departments: deployedDepartments(env.departments), lang: env.mailLanguage, zone: env.timeZone, dashboardUrl: env.dashboardUrl }),
  logger,
});
