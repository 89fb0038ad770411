/**
 * The AWS Control Tower proactive controls (the CloudFormation Guard rules bundled with
 * @cdklabs/cdk-validator-cfnguard) as this stack meets them: what the stack does to pass one
 * (grants on its KMS keys), and, in one table, each finding it accepts with its reason. The infra
 * tests run the validator on the synthesised stack; the README lists the same table.
 */
import { Validations } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IConstruct } from 'constructs';
import type { CustomerVoiceStack } from './stack';

/** How the validator names its plugin in acknowledgement ids (`<plugin>::<guard rule>`). */
const GUARD_PLUGIN = 'cdk-validator-cfnguard';

export interface AcceptedFinding {
  /** The control's id, as AWS Control Tower and the report name it. */
  readonly control: string;
  /** The guard rule reporting it (what an acknowledgement names). */
  readonly rule: string;
  readonly reason: string;
  /** The constructs it is accepted on (their resources and those below them); the rule still applies anywhere else. */
  readonly on: (stack: CustomerVoiceStack) => readonly IConstruct[];
}

const deadLetterQueues = (stack: CustomerVoiceStack) => [
  ...Object.values(stack.stateful.queues).map((pair) => pair.deadLetterQueue),
  stack.pipeline.emailDeadLetterQueue,
  stack.pipeline.digestDeadLetterQueue,
  stack.pipeline.dailySummary.deadLetterQueue,
];
const buckets = (stack: CustomerVoiceStack) => [stack.stateful.rawBucket, stack.stateful.accessLogsBucket];
/** The dashboard's private page bucket (built files only, rewritten on each deploy) and CloudFront's log bucket. */
const dashboardBuckets = (stack: CustomerVoiceStack) => [stack.dashboardSite.bucket, stack.dashboardSite.logsBucket];
const distribution = (stack: CustomerVoiceStack) => [stack.dashboardSite.distribution];

/** Every Control Tower finding the stack accepts, and why. */
export const ACCEPTED_FINDINGS: readonly AcceptedFinding[] = [
  {
    control: 'CT.APIGATEWAY.PR.5',
    rule: 'api_gw_v2_authorization_type_configured_check',
    reason:
      'The dashboard routes carry the Cognito JWT authorizer; the others authenticate in their function: API keys (hashed, per source, in the control table) and per-provider webhook signatures, which an API Gateway authorizer cannot check; GET /v1/health is public on purpose.',
    on: (stack) => [stack.httpApi],
  },
  {
    control: 'CT.LAMBDA.PR.2',
    rule: 'lambda_function_public_access_prohibited_check',
    reason:
      "Each API Gateway permission has a SourceArn naming this API's route (execute-api:<region>:<account>:<api>/*/*/<path>), not public; the rule reads only literal or Ref/GetAtt values, and the ARN is an Fn::Join.",
    on: (stack) => [stack.httpApi],
  },
  {
    control: 'CT.LAMBDA.PR.3',
    rule: 'lambda_inside_vpc_check',
    reason:
      'The functions reach only AWS APIs (DynamoDB, SQS, S3, SES, Secrets Manager, KMS, Comprehend) over TLS with IAM; a VPC would add NAT or one interface endpoint per service (billed per hour and AZ) and protect no resource of ours.',
    on: (stack) => [stack],
  },
  {
    control: 'CT.CLOUDWATCH.PR.2',
    rule: 'cloudwatch_log_group_retention_period_check',
    reason:
      'Log groups keep 30 days on purpose: operational logs, kept no longer than the raw emails and exports (rawRetentionDays, 30 by default) they may help to debug.',
    on: (stack) => [stack],
  },
  {
    control: 'CT.CLOUDWATCH.PR.3',
    rule: 'cloudwatch_log_group_encrypted_check',
    reason:
      'CloudWatch Logs encrypts every log group at rest; a customer managed key would need the regional logs service principal in its key policy for operational logs (the feedback text is stored, redacted, in the KMS-encrypted tables).',
    on: (stack) => [stack],
  },
  {
    control: 'CT.S3.PR.2',
    rule: 's3_bucket_logging_enabled_check',
    reason: 'The access-log bucket itself: logging its own accesses into itself would loop; the raw bucket logs to it.',
    on: (stack) => [stack.stateful.accessLogsBucket],
  },
  {
    control: 'CT.S3.PR.10',
    rule: 's3_bucket_default_encryption_kms_check',
    reason:
      'S3 delivers server access logs only to a bucket encrypted with SSE-S3, not SSE-KMS; the raw bucket uses the KMS data key. The dashboard buckets hold the built page (no data: the data comes from the API) and CloudFront logs, which CloudFront delivers to SSE-S3 buckets.',
    on: (stack) => [stack.stateful.accessLogsBucket, ...dashboardBuckets(stack)],
  },
  {
    control: 'CT.S3.PR.11',
    rule: 's3_bucket_versioning_enabled_check',
    reason:
      'Raw emails and exports hold unredacted personal data and expire after rawRetentionDays; old versions would outlive that expiry and an erasure. Access logs are written once and expire by lifecycle. The page bucket is rebuilt from the repository on every deploy; CloudFront logs expire by lifecycle.',
    on: (stack) => [...buckets(stack), ...dashboardBuckets(stack)],
  },
  {
    control: 'CT.S3.PR.9',
    rule: 's3_bucket_object_lock_enabled_check',
    reason:
      'Object Lock would forbid the expiry and the erasure the product owes for the personal data in raw objects, the access logs’ expiry, the page deployment’s pruning of old files and the CloudFront logs’ expiry.',
    on: (stack) => [...buckets(stack), ...dashboardBuckets(stack)],
  },
  {
    control: 'CT.S3.PR.4',
    rule: 's3_event_notifications_enabled_check',
    reason:
      'The raw bucket notifies ingestEmail and the exports queue through Custom::S3BucketNotifications (CDK), which the rule cannot see; nothing consumes the access-log bucket’s objects, the page files or the CloudFront logs.',
    on: (stack) => [...buckets(stack), ...dashboardBuckets(stack)],
  },
  {
    control: 'CT.S3.PR.6',
    rule: 's3_lifecycle_policy_check',
    reason: 'The page bucket holds the live page: an expiry rule would delete it; each deploy prunes the files the new build no longer has.',
    on: (stack) => [stack.dashboardSite.bucket],
  },
  {
    control: 'CT.CLOUDFRONT.PR.4',
    rule: 'cloudfront_origin_failover_enabled_check',
    reason: 'One S3 origin in the stack’s region, beside the single-region API the page reads; a replica bucket and origin group would not keep the dashboard up when its API is down.',
    on: distribution,
  },
  {
    control: 'CT.CLOUDFRONT.PR.6',
    rule: 'cloudfront_custom_ssl_certificate_check',
    reason: 'Without -c dashboardDomain the distribution serves HTTPS with CloudFront’s own *.cloudfront.net certificate; with dashboardDomain and dashboardCertificateArn it uses that ACM certificate.',
    on: distribution,
  },
  {
    control: 'CT.CLOUDFRONT.PR.7',
    rule: 'cloudfront_sni_enabled_check',
    reason: 'SNI applies to a custom certificate only: with -c dashboardDomain the distribution uses sni-only; the default *.cloudfront.net certificate has no SSL support method.',
    on: distribution,
  },
  {
    control: 'CT.CLOUDFRONT.PR.9',
    rule: 'cloudfront_security_policy_check',
    reason: 'With the default *.cloudfront.net certificate CloudFront fixes the minimum protocol itself; with -c dashboardDomain the distribution requires TLSv1.2_2021.',
    on: distribution,
  },
  {
    control: 'CT.SQS.PR.1',
    rule: 'sqs_dlq_check',
    reason:
      'These are the dead-letter queues (of the ingest, alerts and exports queues and of the scheduled or S3-invoked functions): the end of the line, watched by alarms; a dead-letter queue of theirs would only move the messages. The redrive-allow policy the control also accepts (byQueue, naming the source) is not set: the source queue already names its dead-letter queue in its redrive policy, so the dead-letter queue naming the source by reference is a CloudFormation cycle. The cycle-free ways are fixed, stage-aware queue names (each ARN built from its name, no reference), which replaces every queue on the next deploy and loses what they hold unless drained first, or a custom resource setting the attribute once both exist (one more function to own); neither is worth a replacement for a control whose purpose the alarms already serve.',
    on: deadLetterQueues,
  },
];

/**
 * CT.KMS.PR.3: only AWS services may be given grants on the stack's keys (DynamoDB and the other
 * services create grants for the resources they encrypt; no person or function of ours needs one).
 */
function denyGrantsOutsideAwsServices(stack: CustomerVoiceStack): void {
  for (const key of stack.node.findAll().filter((c): c is Key => c instanceof Key)) {
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'DenyGrantsOutsideAwsServices',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      }),
    );
  }
}

/** Called once the stack holds all its constructs. */
export function applyControlTowerControls(stack: CustomerVoiceStack): void {
  denyGrantsOutsideAwsServices(stack);
  for (const finding of ACCEPTED_FINDINGS) {
    for (const construct of finding.on(stack)) {
      Validations.of(construct).acknowledge({ id: `${GUARD_PLUGIN}::${finding.rule}`, reason: `${finding.control}: ${finding.reason}` });
    }
  }
}
