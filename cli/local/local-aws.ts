import { ENV } from '../../shared/resources';
import { LOCAL_REGION } from './lambda-events';
import type { LocalResources } from './provision';

/** The emulators accept any credentials; these keep the SDK from looking for real ones. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** SDK client settings for one local emulator endpoint. */
export function localClientConfig(endpoint: string) {
  return { endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS };
}

/**
 * What a function needs in its environment to run against the local stack: the emulators'
 * endpoints and the names of the same resources the CDK stack passes on AWS. Used by the dev
 * stack itself and by CLI commands that run a function's own handler in their own process.
 */
export function localFunctionEnvironment(stack: {
  endpoints: { dynamodb: string; sqs: string; s3: string };
  resources: LocalResources;
  outboxDir: string;
  /** The social webhook secrets (stack.json `secrets`); on AWS they are read from Secrets Manager. */
  secrets?: Record<string, string>;
}): Record<string, string> {
  const { endpoints, resources } = stack;
  return {
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_S3: endpoints.s3,
    [ENV.feedbackTable]: resources.tables.feedback,
    [ENV.aggregatesTable]: resources.tables.aggregates,
    [ENV.controlTable]: resources.tables.control,
    [ENV.ingestQueueUrl]: resources.queues.ingest.url,
    [ENV.ingestDlqUrl]: resources.queues.ingest.dlqUrl,
    [ENV.alertsQueueUrl]: resources.queues.alerts.url,
    [ENV.exportsQueueUrl]: resources.queues.exports.url,
    [ENV.exportsDlqUrl]: resources.queues.exports.dlqUrl,
    [ENV.notificationsQueueUrl]: resources.queues.notifications.url,
    [ENV.notificationsDlqUrl]: resources.queues.notifications.dlqUrl,
    [ENV.rawBucket]: resources.buckets.raw,
    // Emails are written to the outbox as .eml files, exactly what SES would send.
    [ENV.outboxDir]: stack.outboxDir,
    ...(stack.secrets ? { [ENV.webhookSecrets]: JSON.stringify(stack.secrets) } : {}),
    // EMF metrics are CloudWatch's business: locally they would bury the dev stack's output and
    // the CLI's JSON on stdout. POWERTOOLS_METRICS_DISABLED=false shows them again.
    POWERTOOLS_METRICS_DISABLED: process.env.POWERTOOLS_METRICS_DISABLED ?? 'true',
  };
}
