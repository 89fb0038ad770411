import { ENV, FUNCTIONS, isDeployedEnv, type DeployedEnvName, type FunctionName } from '../../shared/resources';
import type { StackConfig } from '../config';
import type { StatefulResources } from './stateful';

export type EnvironmentConfig = Pick<
  StackConfig,
  'sentimentEngine' | 'redactionKeepStaffNames' | 'retentionDays' | 'timeZone' | 'officerEmail' | 'senderEmail' | 'mailLanguage' | 'socialOwnAccounts' | 'alertUpdateHours' | 'alertDailyBudget'
>;

/**
 * The value of every variable the stack sets (those ENV_NOT_DEPLOYED leaves out are compiled into
 * the bundles or local only), and each function's environment: exactly the keys FUNCTIONS[name].env lists.
 */
export function functionEnvironments(
  stateful: StatefulResources,
  config: EnvironmentConfig,
  /** The dashboard page's URL for the email links: a token, the distribution being built after the functions (see the stack). */
  dashboardUrl: string,
  /** NOTIFY_TARGETS (NotificationTargetSecrets.targetsJson): the targets' routing and secret ARNs. */
  notifyTargets = '[]',
): (name: FunctionName) => Record<string, string> {
  const { tables, ingestQueue, ingestDeadLetterQueue, alertsQueue, rawBucket, queues } = stateful;
  const deployedEnv: Record<DeployedEnvName, string> = {
    feedbackTable: tables.feedback.tableName,
    aggregatesTable: tables.aggregates.tableName,
    controlTable: tables.control.tableName,
    ingestQueueUrl: ingestQueue.queueUrl,
    ingestDlqUrl: ingestDeadLetterQueue.queueUrl,
    alertsQueueUrl: alertsQueue.queueUrl,
    exportsQueueUrl: queues.exports.queue.queueUrl,
    exportsDlqUrl: queues.exports.deadLetterQueue.queueUrl,
    rawBucket: rawBucket.bucketName,
    // The functions that hash customer ids read the salt (never write it: see control-access.ts).
    customerSaltSecretArn: stateful.customerSalt.secretArn,
    sentimentEngine: config.sentimentEngine,
    redactionKeepStaffNames: String(config.redactionKeepStaffNames),
    retentionDays: String(config.retentionDays),
    // Export dates written without an offset are read in the deployment's zone.
    timeZone: config.timeZone,
    officerEmail: config.officerEmail,
    senderEmail: config.senderEmail,
    mailLanguage: config.mailLanguage,
    alertUpdateHours: String(config.alertUpdateHours),
    alertDailyBudget: String(config.alertDailyBudget),
    socialOwnAccounts: JSON.stringify(config.socialOwnAccounts),
    dashboardUrl,
    notificationsQueueUrl: queues.notifications.queue.queueUrl,
    notificationsDlqUrl: queues.notifications.deadLetterQueue.queueUrl,
    notifyTargets,
  };
  return (name) => Object.fromEntries(FUNCTIONS[name].env.filter(isDeployedEnv).map((key) => [ENV[key], deployedEnv[key]]));
}
