import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { CfnFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { EventType, type Bucket } from 'aws-cdk-lib/aws-s3';
import { LambdaDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { ReceiptRule, ReceiptRuleSet, TlsPolicy, type IReceiptRuleAction, type ReceiptRuleActionConfig } from 'aws-cdk-lib/aws-ses';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { INBOUND_EMAIL_PREFIX } from '../../shared/resources';
import type { RuleSetActivationMode } from '../../shared/domain/receipt-rule-set-activation';
import { stageOf } from '../stage';
import { InboundRuleSetActivation } from './inbound-rule-set-activation';

/**
 * Fixed names (the prod stage's; other stages prefix them, see infra/stage.ts): the SES principal's
 * aws:SourceArn condition must name the rule before the rule exists.
 */
export const INBOUND_RULE_SET_NAME = 'customer-voice-inbound';
export const INBOUND_RULE_NAME = 'customer-voice-inbound-to-raw-bucket';

export interface InboundEmailProps {
  readonly rawBucket: Bucket;
  /** The data key the raw bucket is encrypted with (default SSE-KMS). */
  readonly key: IKey;
  readonly ingestEmail: IFunction;
  /** SES receiving is created only with a domain or recipient list (CDK context inboundDomain / inboundRecipients). */
  readonly inboundDomain?: string;
  readonly inboundRecipients?: readonly string[];
  /** Activate the rule set at deploy time (`-c activateInboundRuleSet`); inactive when undefined. */
  readonly activation?: RuleSetActivationMode;
}

/**
 * SES receipt rule "deliver to S3" without the aws-ses-actions S3 class: that class adds a bucket and a key
 * policy statement conditioned on the account only; ours (InboundEmail) also pins aws:SourceArn to this rule.
 *
 * No KmsKeyArn on purpose: with it, SES encrypts the message client-side (S3 Encryption Client envelope,
 * readable only through an encryption client, which the JavaScript SDK v3 lacks). Without it, the object is
 * encrypted at rest by the bucket's default SSE-KMS with the same data key, and ingestEmail reads it with a
 * plain GetObject (kms:Decrypt is granted by rawBucket.grantRead).
 */
class DeliverToRawBucket implements IReceiptRuleAction {
  constructor(private readonly bucket: Bucket) {}

  bind(): ReceiptRuleActionConfig {
    return { s3Action: { bucketName: this.bucket.bucketName, objectKeyPrefix: INBOUND_EMAIL_PREFIX } };
  }
}

/**
 * The email channel's wiring: every object created under INBOUND_EMAIL_PREFIX in the raw bucket invokes
 * ingestEmail (S3 event notification, always present: emails may be dropped there by other means), and,
 * when configured, an SES receipt rule set delivering received emails there.
 */
export class InboundEmail extends Construct {
  /** Undefined without inboundDomain / inboundRecipients. */
  readonly ruleSet?: ReceiptRuleSet;
  readonly rule?: ReceiptRule;
  readonly recipients?: readonly string[];
  /** This stage's rule set name, whether or not the set is created. */
  readonly ruleSetName: string;
  /** The custom resource activating the set, with -c activateInboundRuleSet. */
  readonly activation?: InboundRuleSetActivation;

  constructor(scope: Construct, id: string, props: InboundEmailProps) {
    super(scope, id);
    const { rawBucket, key } = props;
    const names = stageOf(this);
    this.ruleSetName = names.physical(INBOUND_RULE_SET_NAME);
    const ruleName = names.physical(INBOUND_RULE_NAME);

    rawBucket.addEventNotification(EventType.OBJECT_CREATED, new LambdaDestination(props.ingestEmail), { prefix: INBOUND_EMAIL_PREFIX });
    suppressBucketNotificationsHandler(Stack.of(this));
    bucketNotificationsHandlerLogGroup(Stack.of(this));

    // A domain recipient makes SES accept every address of the domain; explicit addresses narrow it.
    const recipients = props.inboundRecipients?.length ? props.inboundRecipients : props.inboundDomain ? [props.inboundDomain] : undefined;
    if (!recipients) return;
    this.recipients = recipients;

    const { account, region, partition } = Stack.of(this);
    // Confused-deputy protection: only SES acting for this account's receipt rule.
    const sesConditions = {
      StringEquals: {
        'aws:SourceAccount': account,
        'aws:SourceArn': `arn:${partition}:ses:${region}:${account}:receipt-rule-set/${this.ruleSetName}:receipt-rule/${ruleName}`,
      },
    };
    rawBucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowSesInboundEmailPuts',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [rawBucket.arnForObjects(`${INBOUND_EMAIL_PREFIX}*`)],
        conditions: sesConditions,
      }),
    );
    // The bucket's default encryption is SSE-KMS with the data key: SES's PutObject needs a data key from it.
    key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'AllowSesInboundEmailEncryption',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Encrypt'],
        resources: ['*'],
        conditions: sesConditions,
      }),
    );

    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: this.ruleSetName });
    this.rule = this.ruleSet.addRule('ToRawBucket', {
      receiptRuleName: ruleName,
      recipients: [...recipients],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      enabled: true,
      actions: [new DeliverToRawBucket(rawBucket)],
    });
    // SES test-writes to the bucket when the rule is created: the bucket and key policies must be in place.
    this.rule.node.addDependency(rawBucket.policy!);
    this.rule.node.addDependency(key);

    if (props.activation) {
      // Active only once its rule can deliver; on destroy, deactivated before the set and rule go.
      this.activation = new InboundRuleSetActivation(this, 'Activation', {
        ruleSet: this.ruleSet,
        ruleSetName: this.ruleSetName,
        mode: props.activation,
        after: [this.rule, rawBucket.policy!, key],
      });
    }
  }
}

/** Id of the log group given to CDK's bucket-notifications handler (one per stack, like the handler). */
export const BUCKET_NOTIFICATIONS_LOG_GROUP_ID = 'BucketNotificationsHandlerLogGroup';

/**
 * CDK's bucket-notifications handler would log to the group Lambda creates on first run, kept
 * forever and left behind by `cdk destroy`; it logs to a group of the stack's instead, with a
 * retention, and goes with the stack.
 */
function bucketNotificationsHandlerLogGroup(stack: Stack): void {
  if (stack.node.tryFindChild(BUCKET_NOTIFICATIONS_LOG_GROUP_ID)) return;
  const handler = stack.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
  const fn = handler?.node.tryFindChild('Resource') as CfnFunction | undefined;
  if (!fn) throw new Error('CDK no longer creates BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Resource: review its log group');
  const logGroup = new LogGroup(stack, BUCKET_NOTIFICATIONS_LOG_GROUP_ID, { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
  fn.addPropertyOverride('LoggingConfig', { LogGroup: logGroup.logGroupName, LogFormat: 'Text' });
}

/**
 * The stack-level singleton Lambda CDK adds to configure bucket notifications (Custom::S3BucketNotifications):
 * CDK owns its code, runtime and role; it runs only during deployments.
 */
function suppressBucketNotificationsHandler(stack: Stack): void {
  const handler = stack.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
  if (!handler) throw new Error('CDK no longer creates BucketNotificationsHandler050a0587b7544547bf325f094a3db834: review its cdk-nag suppressions');
  const path = `/${stack.stackName}/${handler.node.id}`;
  NagSuppressions.addResourceSuppressionsByPath(stack, `${path}/Role/Resource`, [
    {
      id: 'AwsSolutions-IAM4',
      reason:
        'Role of the CDK-generated BucketNotificationsHandler (deploy-time custom resource configuring the raw bucket notification): CDK attaches AWSLambdaBasicExecutionRole and exposes no way to replace it.',
      appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    },
  ]);
}
