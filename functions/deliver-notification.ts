import { SqsDeadLetterQueue } from '../shared/adapters/sqs-dead-letter';
import { DynamoNotificationMarkers } from '../shared/adapters/dynamo-notification-markers';
import { FetchNotificationHttp } from '../shared/adapters/http-notification-poster';
import { notificationTargetsFromEnv } from '../shared/adapters/notification-targets';
import { SqsDeliveryRetries } from '../shared/adapters/sqs-notifications';
import { ConfigurationError, loadEnv } from '../shared/config/env';
import { DELIVERY_POLICY } from '../shared/domain/notifications/delivery';
import { FUNCTIONS } from '../shared/resources';
import { functionClock } from './commons/clock';
import { dynamoDocumentClient } from './commons/clients/dynamodb';
import { createLogger } from './commons/clients/logger';
import { secretsManagerClient } from './commons/clients/secrets-manager';
import { sqsClient } from './commons/clients/sqs';
import { makeDeliverNotificationHandler } from './handlers/deliver-notification-handler';

const logger = createLogger();
const env = loadEnv(FUNCTIONS.deliverNotification.env);
if (!env.notificationsQueueUrl) throw new ConfigurationError('Invalid function environment — NOTIFICATIONS_QUEUE_URL: required by the delivery function (its retries go there)');

/** Notifications queue → Slack, Teams and signed webhooks, once per event and target (leases in the control table). */
export const handler = makeDeliverNotificationHandler({
  // No target configured: nothing is ever queued, and a stray message is parked as unknown-target.
  targets: notificationTargetsFromEnv(env, secretsManagerClient) ?? { resolve: async () => undefined },
  http: new FetchNotificationHttp(),
  markers: new DynamoNotificationMarkers(dynamoDocumentClient, env.controlTable),
  retries: new SqsDeliveryRetries(sqsClient, env.notificationsQueueUrl),
  deadLetters: new SqsDeadLetterQueue(sqsClient, env.notificationsDlqUrl),
  policy: DELIVERY_POLICY,
  now: functionClock,
  logger,
});
