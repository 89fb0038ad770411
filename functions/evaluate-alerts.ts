import { DynamoAggregateReader } from '../shared/adapters/dynamo-aggregates';
import { DynamoAlertStateStore } from '../shared/adapters/dynamo-alert-states';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo-feedback-store';
import { OutboxMailer } from '../shared/adapters/outbox-mailer';
import { SesMailer } from '../shared/adapters/ses-mailer';
import { deployedDepartments } from '../shared/config/departments-source';
import { loadEnv } from '../shared/config/env';
import { AGGREGATE_SHARDS, FUNCTIONS } from '../shared/resources';
import { functionClock } from './commons/clock';
import { dynamoDocumentClient } from './commons/clients/dynamodb';
import { createLogger } from './commons/clients/logger';
import { sesClient } from './commons/clients/sesv2';
import { makeEvaluateAlertsHandler } from './handlers/evaluate-alerts-handler';

const logger = createLogger();
const env = loadEnv(FUNCTIONS.evaluateAlerts.env);
const store = new DynamoFeedbackStore(dynamoDocumentClient, { feedback: env.feedbackTable, aggregates: env.aggregatesTable });

/** Alerts queue → rules re-assessed for the touched cells → alert and recovery emails (SES, or the local outbox). */
export const handler = makeEvaluateAlertsHandler({
  aggregates: new DynamoAggregateReader(dynamoDocumentClient, env.aggregatesTable, AGGREGATE_SHARDS),
  departments: deployedDepartments(env.departments),
  states: new DynamoAlertStateStore(dynamoDocumentClient, env.controlTable),
  // OUTBOX_DIR is set only by the local stack: there, emails are .eml files, exactly what SES would send.
  mailer: env.outboxDir ? new OutboxMailer(env.outboxDir) : new SesMailer(sesClient),
  verbatims: async (scope, from, to) => (scope.kind === 'dept' ? store.verbatims(scope.id, from, to, 10) : []),
  email: { lang: env.mailLanguage, from: env.senderEmail, officer: env.officerEmail },
  zone: env.timeZone,
  logger,
  now: functionClock,
});
