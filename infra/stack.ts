import { Annotations, CfnOutput, Fn, Lazy, Stack, type StackProps } from 'aws-cdk-lib';
import { EmailIdentity, Identity, type IEmailIdentity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { INBOUND_EMAIL_PREFIX, type FunctionName } from '../shared/resources';
import { DASHBOARD_OUTPUTS } from '../shared/domain/dashboard/contract';
import type { PlaceholderKey, StackConfig } from './config';
import { DashboardAuth } from './constructs/dashboard-auth';
import { DashboardSite } from './constructs/dashboard-site';
import { FeedbackFunctions } from './constructs/feedback-functions';
import { PublicHttpApi } from './constructs/http-api';
import { InboundEmail } from './constructs/inbound-email';
import { NotificationTargetSecrets } from './constructs/notifications';
import { Operations } from './constructs/operations';
import { StatefulResources } from './constructs/stateful';
import { WebhookSecretStore } from './constructs/webhook-secrets';
import { applyControlTowerControls } from './control-tower-controls';
import { setStage } from './stage';

export { STACK_NAME, stackNameOf } from './stage';

/** Synth warnings (ids `customer-voice:placeholder-<key>`) for mail settings left at their example.com placeholder. */
const PLACEHOLDER_WARNINGS: Record<PlaceholderKey, (config: StackConfig) => string> = {
  officerEmail: (c) =>
    `officerEmail is not set: alert and digest emails would go to the placeholder ${c.officerEmail}. ` +
    'Set it before deploying: `npx cdk deploy -c officerEmail=cco@your-company.com` (or in cdk.json "context").',
  senderEmail: (c) =>
    `senderEmail is not set: emails would be sent from the placeholder ${c.senderEmail}, an SES identity nobody can verify. ` +
    'Set `-c senderEmail=voice@your-company.com` (an address you can verify) or `-c senderDomain=your-company.com` (DKIM records to publish).',
};

export interface CustomerVoiceStackProps extends StackProps {
  readonly config: StackConfig;
  /** Test-only: absolute entry files replacing FUNCTIONS[name].entry. */
  readonly entryOverrides?: Partial<Record<FunctionName, string>>;
}

/** The whole pipeline in one stack: data (stateful), functions, HTTP API, operations. */
export class CustomerVoiceStack extends Stack {
  readonly stateful: StatefulResources;
  readonly pipeline: FeedbackFunctions;
  readonly httpApi: PublicHttpApi;
  readonly operations: Operations;
  /** S3 notification to ingestEmail, and SES receiving when inboundDomain / inboundRecipients is set. */
  readonly inboundEmail: InboundEmail;
  /** The SES identity alert and digest emails are sent from: the sender address, or its domain with senderDomain. */
  readonly senderIdentity: IEmailIdentity;
  /** Secrets Manager secrets the social webhooks are verified with (values replaced by the operator). */
  readonly webhookSecrets: WebhookSecretStore;
  /** One secret per Slack, Teams or webhook target of the `notifications` context (its URL, and a webhook's signing secret). */
  readonly notificationTargets: NotificationTargetSecrets;
  /** Who may open the dashboard: Cognito user pool, hosted sign-in, the page's client, the API's JWT authorizer. */
  readonly dashboardAuth: DashboardAuth;
  /** The dashboard page: S3 behind CloudFront, which also routes /v1/* to the API. */
  readonly dashboardSite: DashboardSite;

  constructor(scope: Construct, id: string, props: CustomerVoiceStackProps) {
    super(scope, id, {
      description: 'customer-voice: voice-of-the-customer pipeline (ingest, classify, attribute, score, alert)',
      ...props,
    });
    const { config } = props;
    // Before any child: constructs name their physical resources after the stage (infra/stage.ts).
    setStage(this, config.stage);
    for (const key of config.placeholders) {
      Annotations.of(this).addWarningV2(`customer-voice:placeholder-${key}`, PLACEHOLDER_WARNINGS[key](config));
    }

    this.stateful = new StatefulResources(this, 'Stateful', { rawRetentionDays: config.rawRetentionDays });
    // Creating the identity makes SES send the verification email (address) or expect the DKIM records (domain).
    const senderIdentityName = config.senderDomain ?? config.senderEmail;
    const createdIdentity = config.senderIdentityExists
      ? undefined
      : new EmailIdentity(this, 'SenderIdentity', {
          identity: config.senderDomain ? Identity.domain(config.senderDomain) : Identity.email(config.senderEmail),
        });
    this.senderIdentity = createdIdentity ?? EmailIdentity.fromEmailIdentityName(this, 'SenderIdentity', senderIdentityName);
    this.webhookSecrets = new WebhookSecretStore(this, 'WebhookSecrets');
    this.notificationTargets = new NotificationTargetSecrets(this, 'NotificationTargets', { targets: config.notifications, key: this.stateful.key });
    // The page's URL is the distribution's, built after the API it fronts: resolved lazily. No cycle in
    // CloudFormation: the distribution needs the API resource only (not its routes or functions), the
    // email functions and the sign-in client need the distribution, the routes need the client.
    const dashboardUrl = Lazy.string({ produce: () => this.dashboardSite.url });
    this.dashboardAuth = new DashboardAuth(this, 'DashboardAuth', { pageUrl: dashboardUrl });
    this.pipeline = new FeedbackFunctions(this, 'Functions', {
      dashboardUrl,
      stateful: this.stateful,
      webhookSecrets: this.webhookSecrets,
      notificationTargets: this.notificationTargets,
      config,
      senderIdentity: this.senderIdentity,
      entryOverrides: props.entryOverrides,
    });
    this.inboundEmail = new InboundEmail(this, 'InboundEmail', {
      rawBucket: this.stateful.rawBucket,
      key: this.stateful.key,
      ingestEmail: this.pipeline.functions.ingestEmail,
      inboundDomain: config.inboundDomain,
      inboundRecipients: config.inboundRecipients,
      activation: config.activateInboundRuleSet,
    });
    this.httpApi = new PublicHttpApi(this, 'Http', { functions: this.pipeline.functions, dashboardAuthorizer: this.dashboardAuth.authorizer });
    this.dashboardSite = new DashboardSite(this, 'DashboardSite', {
      api: this.httpApi.api,
      signIn: { url: this.dashboardAuth.signInUrl, clientId: this.dashboardAuth.client.userPoolClientId },
      customDomain: config.dashboardDomain && config.dashboardCertificateArn ? { name: config.dashboardDomain, certificateArn: config.dashboardCertificateArn } : undefined,
      serverAccessLogsBucket: this.stateful.accessLogsBucket,
    });
    this.operations = new Operations(this, 'Operations', {
      ingestQueue: this.stateful.ingestQueue,
      ingestDeadLetterQueue: this.stateful.ingestDeadLetterQueue,
      functions: this.pipeline.functions,
      httpApi: this.httpApi.api,
      tables: this.stateful.tables,
      alertsQueue: this.stateful.alertsQueue,
      alertsDeadLetterQueue: this.stateful.alertsDeadLetterQueue,
      exportsQueue: this.stateful.queues.exports.queue,
      exportsDeadLetterQueue: this.stateful.queues.exports.deadLetterQueue,
      notificationsQueue: this.stateful.queues.notifications.queue,
      notificationsDeadLetterQueue: this.stateful.queues.notifications.deadLetterQueue,
      functionDeadLetterQueues: {
        IngestEmail: this.pipeline.emailDeadLetterQueue,
        SendDigest: this.pipeline.digestDeadLetterQueue,
        SendDailySummary: this.pipeline.dailySummary.deadLetterQueue,
      },
      alarmEmail: config.alarmEmail,
    });

    const { tables } = this.stateful;
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.url });
    new CfnOutput(this, 'IngestQueueUrl', { value: this.stateful.ingestQueue.queueUrl });
    new CfnOutput(this, 'IngestDeadLetterQueueUrl', { value: this.stateful.ingestDeadLetterQueue.queueUrl });
    new CfnOutput(this, 'AlertsQueueUrl', { value: this.stateful.alertsQueue.queueUrl });
    new CfnOutput(this, 'AlertsDeadLetterQueueUrl', { value: this.stateful.alertsDeadLetterQueue.queueUrl });
    // The exports alarm tells the operator to redrive its DLQ to this queue.
    new CfnOutput(this, 'ExportsQueueUrl', { value: this.stateful.queues.exports.queue.queueUrl });
    new CfnOutput(this, 'ExportsDeadLetterQueueUrl', { value: this.stateful.queues.exports.deadLetterQueue.queueUrl });
    new CfnOutput(this, 'NotificationsDeadLetterQueueUrl', { value: this.stateful.queues.notifications.deadLetterQueue.queueUrl });
    for (const [name, secret] of Object.entries(this.notificationTargets.secrets)) {
      new CfnOutput(this, `NotificationTarget${name.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase())}`, {
        description: `Notification target "${name}": put its URL in this secret (keep the generated "secret" of a webhook and give it to the receiver): aws secretsmanager get-secret-value / put-secret-value --secret-id <this>.`,
        value: secret.secretArn,
      });
    }
    new CfnOutput(this, 'SenderIdentityName', { value: this.senderIdentity.emailIdentityName });
    if (config.senderDomain && createdIdentity) {
      // The three CNAME records (Easy DKIM) to publish in the domain's DNS before SES verifies it.
      createdIdentity.dkimRecords.forEach((record, i) => {
        new CfnOutput(this, `SenderDkimRecord${i + 1}`, { value: Fn.join(' CNAME ', [record.name, record.value]) });
      });
    }
    new CfnOutput(this, 'FeedbackTableName', { value: tables.feedback.tableName });
    new CfnOutput(this, 'AggregatesTableName', { value: tables.aggregates.tableName });
    new CfnOutput(this, 'ControlTableName', { value: tables.control.tableName });
    new CfnOutput(this, 'RawBucketName', { value: this.stateful.rawBucket.bucketName });
    for (const [name, secret] of Object.entries(this.webhookSecrets.secrets)) {
      new CfnOutput(this, `SocialSecret${name.replace(/(^|-)(\w)/g, (_, _dash: string, c: string) => c.toUpperCase())}`, {
        description: `Social webhook secret "${name}": replace its generated value with \`aws secretsmanager put-secret-value --secret-id <this> --secret-string <value>\`.`,
        value: secret.secretArn,
      });
    }
    new CfnOutput(this, DASHBOARD_OUTPUTS.url, { description: 'The dashboard page (sign in with a user of the pool: customer-voice users invite).', value: this.dashboardSite.url });
    new CfnOutput(this, DASHBOARD_OUTPUTS.userPoolId, { value: this.dashboardAuth.userPool.userPoolId });
    new CfnOutput(this, DASHBOARD_OUTPUTS.clientId, { value: this.dashboardAuth.client.userPoolClientId });
    new CfnOutput(this, DASHBOARD_OUTPUTS.signInDomain, { value: this.dashboardAuth.signInUrl });
    if (config.dashboardDomain) {
      new CfnOutput(this, 'DashboardDomainCname', {
        description: `The DNS record that points ${config.dashboardDomain} at the distribution (publish it in the domain's zone).`,
        value: Fn.join(' CNAME ', [config.dashboardDomain, this.dashboardSite.distribution.distributionDomainName]),
      });
    }
    new CfnOutput(this, 'OperatorTopicArn', { value: this.operations.topic.topicArn });
    new CfnOutput(this, 'InboundEmailLocation', {
      description: 'Every object created here is ingested by ingestEmail (SES receiving, or emails dropped by other means).',
      value: `s3://${this.stateful.rawBucket.bucketName}/${INBOUND_EMAIL_PREFIX}`,
    });
    if (this.inboundEmail.activation) {
      new CfnOutput(this, 'InboundRuleSetActivation', {
        description: `SES receipt rule set for ${this.inboundEmail.recipients!.join(', ')}: activated by the stack (-c activateInboundRuleSet=${config.activateInboundRuleSet === 'takeover' ? 'takeover' : 'true'}), deactivated by cdk destroy while it is still the active one.`,
        value: `active: ${this.inboundEmail.ruleSetName}`,
      });
      new CfnOutput(this, 'InboundRuleSetReplaced', {
        description: 'The receipt rule set that was active before the stack activated its own ((none) if none); after cdk destroy, reactivate it with `aws ses set-active-receipt-rule-set --rule-set-name <it>` if it should receive again.',
        value: this.inboundEmail.activation.previousActiveRuleSet,
      });
    } else if (this.inboundEmail.ruleSet) {
      // Left inactive (no -c activateInboundRuleSet): a region has only one active set.
      new CfnOutput(this, 'InboundRuleSetActivation', {
        description: `SES receipt rule set for ${this.inboundEmail.recipients!.join(', ')}: inactive until activated: deploy with -c activateInboundRuleSet=true (or =takeover to replace another active set), or run this command (it replaces the region's active set).`,
        value: `aws ses set-active-receipt-rule-set --rule-set-name ${this.inboundEmail.ruleSetName} --region ${this.region}`,
      });
    } else {
      new CfnOutput(this, 'InboundEmailReceiving', {
        value: `SES receiving not configured: set -c inboundDomain=<domain with MX to SES inbound> or -c inboundRecipients=<a@x,b@x> to create a receipt rule set; until then only objects put under ${INBOUND_EMAIL_PREFIX} are ingested.`,
      });
    }
    // Last: the Control Tower controls look at every construct above (infra/control-tower-controls.ts).
    applyControlTowerControls(this);
  }
}
