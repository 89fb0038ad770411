import { Logger } from '@aws-lambda-powertools/logger';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { DynamoAggregateReader } from '../shared/adapters/dynamo-aggregates';
import { DynamoAlertStateStore } from '../shared/adapters/dynamo-alert-states';
import { documentClient } from '../shared/adapters/dynamo-client';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo-feedback-store';
import { OutboxMailer } from '../shared/adapters/outbox-mailer';
import { SesMailer } from '../shared/adapters/ses-mailer';
import { deployedDepartments } from '../shared/config/departments-source';
import { loadEnv } from '../shared/config/env';
import { AGGREGATE_SHARDS } from '../shared/resources';
import { makeEvaluateAlertsHandler } from './handlers/evaluate-alerts-handler';

const env = loadEnv(['feedbackTable', 'aggregatesTable', 'controlTable', 'departments', 'timeZone', 'officerEmail', 'senderEmail', 'mailLanguage', 'outboxDir']);
const doc = documentClient(new DynamoDBClient({}));
const store = new DynamoFeedbackStore(doc, { feedback: env.feedbackTable, aggregates: env.aggregatesTable });

/** Alerts queue → rules re-assessed for the touched cells → alert and recovery emails (SES, or the local outbox). */
export const handler = makeEvaluateAlertsHandler(
  {
    aggregates: new DynamoAggregateReader(doc, env.aggregatesTable, AGGREGATE_SHARDS),
    departments: deployedDepartments(env.departments),
    states: new DynamoAlertStateStore(doc, env.controlTable),
    // OUTBOX_DIR is set only by the local stack: there, emails are .eml files, exactly what SES would send.
    mailer: env.outboxDir ? new OutboxMailer(env.outboxDir) : new SesMailer(new SESv2Client({})),
    verbatims: async (scope, from, to) => (scope.kind === 'dept' ? store.verbatims(scope.id, from, to, 10) : []),
    email: { lang: env.mailLanguage, from: env.senderEmail, officer: env.officerEmail },
  },
  env.timeZone,
  new Logger({ serviceName: 'customer-voice' }),
);
