import { notificationRoutesFromEnv } from '../../shared/adapters/notification-routes';
import { notifierFor } from '../../shared/adapters/sqs-notifications';
import type { Notifier } from '../../shared/ports/notifier';
import { sqsClient } from './clients/sqs';

/**
 * The Notifier a producing function publishes through (incidents, recoveries, digests, briefs):
 * the notifications queue, fanned out over the targets of CV_NOTIFY_CONFIG (local) or
 * NOTIFY_TARGETS (AWS, no secret read); one that does nothing when none is configured.
 */
export function notifierFromEnv(env: { notificationsQueueUrl?: string; notifyConfig?: string; notifyTargets?: string }): Notifier {
  return notifierFor(sqsClient, env.notificationsQueueUrl, notificationRoutesFromEnv(env));
}
