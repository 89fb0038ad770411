import { DynamoAggregateReader } from '../shared/adapters/dynamo-aggregates';
import { DynamoTopicSummaries } from '../shared/adapters/dynamo-topic-summaries';
import { DynamoAlertStateStore } from '../shared/adapters/dynamo-alert-states';
import { DynamoDeliveryBudget } from '../shared/adapters/dynamo-delivery-budget';
import { DynamoFeedbackStore } from '../shared/adapters/dynamo-feedback-store';
import { shippedFirstNames } from '../shared/adapters/first-names-file';
import { DynamoIncidentStore } from '../shared/adapters/dynamo-incidents';
import { OutboxMailer } from '../shared/adapters/outbox-mailer';
import { SesMailer } from '../shared/adapters/ses-mailer';
import { incidentRendererOf } from '../shared/app/incident-email';
import { incidentNotifier } from '../shared/app/notification-events';
import { upgradeAlertStates } from '../shared/app/upgrade-alert-states';
import { deployedDepartments } from '../shared/config/departments-source';
import { loadEnv } from '../shared/config/env';
import { incidentPolicyFromEnv } from '../shared/config/incident-policy';
import { incidentRecipients } from '../shared/domain/alerts/recipients';
import { excessOf, severityOf } from '../shared/domain/alerts/severity';
import { selectDistinctVerbatims } from '../shared/domain/alerts/verbatim-selection';
import { AGGREGATE_SHARDS, FUNCTIONS } from '../shared/resources';
import { functionClock } from './commons/clock';
import { dynamoDocumentClient } from './commons/clients/dynamodb';
import { createLogger } from './commons/clients/logger';
import { sesClient } from './commons/clients/sesv2';
import { notifierFromEnv } from './commons/notifier';
import { makeEvaluateAlertsHandler } from './handlers/evaluate-alerts-handler';

const logger = createLogger();
/** Newest items of a department read for an emerging topic's examples. */
const TOPIC_EXAMPLE_CANDIDATES = 50;
const env = loadEnv(FUNCTIONS.evaluateAlerts.env);
const store = new DynamoFeedbackStore(dynamoDocumentClient, { feedback: env.feedbackTable, aggregates: env.aggregatesTable });
const departments = deployedDepartments(env.departments);
const incidents = new DynamoIncidentStore(dynamoDocumentClient, env.controlTable);

/** Alerts queue → every scope of the touched local days assessed → incidents, and their emails (SES, or the local outbox). */
export const handler = makeEvaluateAlertsHandler({
  aggregates: new DynamoAggregateReader(dynamoDocumentClient, env.aggregatesTable, AGGREGATE_SHARDS),
  topics: new DynamoTopicSummaries(dynamoDocumentClient, { table: env.aggregatesTable, zone: env.timeZone, shards: AGGREGATE_SHARDS }),
  departments,
  incidents,
  budget: new DynamoDeliveryBudget(dynamoDocumentClient, env.controlTable),
  // OUTBOX_DIR is set only by the local stack: there, emails are .eml files, exactly what SES would send.
  mailer: env.outboxDir ? new OutboxMailer(env.outboxDir) : new SesMailer(sesClient),
  verbatims: async (scope, from, to) => (scope.kind === 'dept' ? store.verbatims(scope.id, from, to, 20) : []),
  // An emerging topic's examples: among the department's items since it emerged (read only when one fires).
  topicExamples: async (id, from, to) => store.verbatims(id, from, to, TOPIC_EXAMPLE_CANDIDATES),
  selectVerbatims: (candidates) => selectDistinctVerbatims(candidates).map((v) => ({ id: v.id, text: v.text, occurredAt: v.occurredAt })),
  recipients: (incident) => incidentRecipients(incident.scope, departments, env.officerEmail, env.mailLanguage),
  // Verbatims are redacted once more in the emails, with the first-name gazetteer (beside the bundle, read at cold start).
  render: incidentRendererOf({ from: env.senderEmail, departments, zone: env.timeZone, dashboardUrl: env.dashboardUrl, redaction: { firstNames: shippedFirstNames() } }),
  policy: incidentPolicyFromEnv(env),
  // Slack, Teams and signed webhooks (CV_NOTIFY_CONFIG locally, NOTIFY_TARGETS on AWS): nothing when none is configured.
  notify: incidentNotifier(notifierFromEnv(env), { departments, lang: env.mailLanguage, zone: env.timeZone, dashboardUrl: env.dashboardUrl }),
  zone: env.timeZone,
  // Alert states from before incidents become incidents once, sending nothing.
  beforeFirstEvaluation: () =>
    upgradeAlertStates({ alertStates: new DynamoAlertStateStore(dynamoDocumentClient, env.controlTable), incidents, departments, zone: env.timeZone, judge: { excessOf, severityOf } }),
  logger,
  now: functionClock,
});
