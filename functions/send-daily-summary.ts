import { DynamoIncidentStore } from '../shared/adapters/dynamo-incidents';
import { DynamoSendMarkers } from '../shared/adapters/dynamo-send-markers';
import { OutboxMailer } from '../shared/adapters/outbox-mailer';
import { SesMailer } from '../shared/adapters/ses-mailer';
import { deployedDepartments } from '../shared/config/departments-source';
import { loadEnv } from '../shared/config/env';
import { FUNCTIONS } from '../shared/resources';
import { dynamoDocumentClient } from './commons/clients/dynamodb';
import { createLogger } from './commons/clients/logger';
import { sesClient } from './commons/clients/sesv2';
import { makeSendDailySummaryHandler } from './handlers/send-daily-summary-handler';

const logger = createLogger();
const env = loadEnv(FUNCTIONS.sendDailySummary.env);

/** 18:00 local → each recipient's summary of the incidents the daily budget held back (SES, or the local outbox). */
export const handler = makeSendDailySummaryHandler({
  incidents: new DynamoIncidentStore(dynamoDocumentClient, env.controlTable),
  markers: new DynamoSendMarkers(dynamoDocumentClient, env.controlTable),
  mailer: env.outboxDir ? new OutboxMailer(env.outboxDir) : new SesMailer(sesClient),
  departments: deployedDepartments(env.departments),
  email: { from: env.senderEmail, dashboardUrl: env.dashboardUrl },
  zone: env.timeZone,
  dailyBudget: env.alertDailyBudget,
  logger,
});
