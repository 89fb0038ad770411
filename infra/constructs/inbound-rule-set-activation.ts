import path from 'node:path';
import { CustomResource, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ReceiptRuleSet } from 'aws-cdk-lib/aws-ses';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { NagSuppressions } from 'cdk-nag';
import { Construct, type IDependable } from 'constructs';
import {
  PREVIOUS_ACTIVE_RULE_SET_ATTRIBUTE,
  type RuleSetActivationMode,
  type RuleSetActivationProperties,
} from '../../shared/domain/receipt-rule-set-activation';
import { REPO_ROOT } from '../paths';
import { HOUSE_BUNDLING } from './house-function';

/** The deploy-time handler (not a FUNCTIONS entry: it runs only when CloudFormation calls it). */
export const ACTIVATION_HANDLER_ENTRY = 'functions/activate-inbound-rule-set.ts';
/** CloudFormation type of the activation, for readers of the template. */
export const ACTIVATION_RESOURCE_TYPE = 'Custom::InboundRuleSetActivation';
/** What the handler calls; SES receipt rule set operations support no resource-level permissions. */
export const ACTIVATION_ACTIONS = ['ses:DescribeActiveReceiptRuleSet', 'ses:SetActiveReceiptRuleSet'] as const;

export interface InboundRuleSetActivationProps {
  readonly ruleSet: ReceiptRuleSet;
  readonly ruleSetName: string;
  readonly mode: RuleSetActivationMode;
  /** Created before the activation and deleted after its deactivation (the rule, and the policies SES writes with). */
  readonly after: readonly IDependable[];
}

/**
 * `-c activateInboundRuleSet=true|takeover`: a custom resource (CDK Provider framework, our handler)
 * that activates the stack's receipt rule set once its rule exists, refusing (`true`) or replacing
 * (`takeover`) another active set, and on `cdk destroy` deactivates it while it is still the active
 * one, since SES refuses to delete an active set.
 */
export class InboundRuleSetActivation extends Construct {
  readonly resource: CustomResource;
  readonly handler: NodejsFunction;

  constructor(scope: Construct, id: string, props: InboundRuleSetActivationProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'LogGroup', { retention: RetentionDays.ONE_MONTH, removalPolicy: RemovalPolicy.DESTROY });
    const handlerRole = new Role(this, 'HandlerRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'customer-voice receipt rule set activation (deploy time)',
    });
    logGroup.grantWrite(handlerRole);
    handlerRole.addToPrincipalPolicy(new PolicyStatement({ actions: [...ACTIVATION_ACTIONS], resources: ['*'] }));

    this.handler = new NodejsFunction(this, 'Handler', {
      entry: path.join(REPO_ROOT, ACTIVATION_HANDLER_ENTRY),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      description: `Activates or deactivates the SES receipt rule set ${props.ruleSetName} (CloudFormation custom resource)`,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 256,
      timeout: Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      role: handlerRole,
      logGroup,
      environment: { POWERTOOLS_SERVICE_NAME: 'customer-voice', NODE_OPTIONS: '--enable-source-maps' },
      bundling: HOUSE_BUNDLING,
    });

    // Our own role for the framework's function, so it carries no AWS managed policy.
    const frameworkRole = new Role(this, 'ProviderRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'customer-voice receipt rule set activation: CDK provider framework (deploy time)',
    });
    logGroup.grantWrite(frameworkRole);
    const provider = new Provider(this, 'Provider', { onEventHandler: this.handler, frameworkOnEventRole: frameworkRole, logGroup });

    const properties: RuleSetActivationProperties = { RuleSetName: props.ruleSetName, Mode: props.mode };
    this.resource = new CustomResource(this, 'Resource', {
      serviceToken: provider.serviceToken,
      resourceType: ACTIVATION_RESOURCE_TYPE,
      properties,
    });
    this.resource.node.addDependency(props.ruleSet, ...props.after);
    suppressActivationFindings(this, handlerRole, frameworkRole);
  }

  /** The set that was active before the last activation, `(none)` when there was none. */
  get previousActiveRuleSet(): string {
    return this.resource.getAttString(PREVIOUS_ACTIVE_RULE_SET_ATTRIBUTE);
  }
}

function suppressActivationFindings(activation: InboundRuleSetActivation, handlerRole: Role, frameworkRole: Role): void {
  NagSuppressions.addResourceSuppressions(
    handlerRole,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'ses:DescribeActiveReceiptRuleSet and ses:SetActiveReceiptRuleSet support no resource-level permissions (Service Authorization Reference, Amazon SES v1: no resource type), nor do the X-Ray writes of Tracing.ACTIVE; these are the only actions on "*".',
        appliesTo: ['Resource::*'],
      },
    ],
    true,
  );
  NagSuppressions.addResourceSuppressions(
    frameworkRole,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason: "CDK's provider framework grants lambda:InvokeFunction on the activation handler and its versions (<arn>:*), nothing else.",
        appliesTo: [{ regex: '/^Resource::<.*Handler.*\\.Arn>:\\*$/' }],
      },
    ],
    true,
  );
  NagSuppressions.addResourceSuppressions(
    activation,
    [
      {
        id: 'AwsSolutions-L1',
        reason: 'The activation handler is pinned to nodejs22.x like every function of ours (upgraded deliberately, not by a linter).',
      },
      {
        id: 'Serverless-LambdaLatestVersion',
        reason: 'The activation handler is pinned to nodejs22.x like every function of ours (upgraded deliberately, not by a linter).',
      },
      {
        id: 'Serverless-LambdaDLQ',
        reason: 'Invoked synchronously by CloudFormation through the provider framework, which reports a failure to the deployment: no asynchronous invocation to dead-letter.',
      },
      {
        id: 'Serverless-LambdaTracing',
        reason: 'The provider framework function is CDK-owned code run only during deployments; the activation handler it calls has active tracing.',
      },
      {
        id: 'Serverless-LambdaDefaultMemorySize',
        reason: 'The provider framework function is CDK-owned (its memory is CDK’s choice) and runs only during deployments.',
      },
    ],
    true,
  );
}
