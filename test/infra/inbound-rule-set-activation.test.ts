import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../infra/app';
import { InvalidStackConfigError, parseStackConfig } from '../../infra/config';
import { INBOUND_RULE_SET_NAME } from '../../infra/constructs/inbound-email';
import { ACTIVATION_ACTIONS, ACTIVATION_RESOURCE_TYPE } from '../../infra/constructs/inbound-rule-set-activation';

type Json = Record<string, any>;
/** Skips esbuild: these tests only read the template. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const BASE = { officerEmail: 'cco@acme.fr', senderEmail: 'voix@acme.fr', inboundDomain: 'avis.acme.fr', region: 'eu-west-1' };

const build = (context: Record<string, unknown>) => buildApp({ context: { ...NO_BUNDLING, ...BASE, ...context }, processEnv: {} });
const idOf = (b: BuiltApp, construct: { node: { defaultChild?: unknown } }) => b.stack.getLogicalId(construct.node.defaultChild as CfnElement);
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

function activationOf(b: BuiltApp): { id: string; resource: Json } | undefined {
  const found = Object.entries(Template.fromStack(b.stack).toJSON().Resources as Record<string, Json>).find(([, r]) => r.Type === ACTIVATION_RESOURCE_TYPE);
  return found && { id: found[0], resource: found[1] };
}

/** Every statement of the policies attached to a role. */
function statementsOf(b: BuiltApp, roleId: string): Json[] {
  return Object.values(Template.fromStack(b.stack).toJSON().Resources as Record<string, Json>)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Json[]);
}

describe('-c activateInboundRuleSet', () => {
  it('is off by default: no custom resource, the rule set stays inactive and the output gives the command', () => {
    const b = build({});
    expect(activationOf(b)).toBeUndefined();
    expect(b.stack.inboundEmail.activation).toBeUndefined();
    expect(Template.fromStack(b.stack).toJSON().Outputs.InboundRuleSetActivation.Value).toMatch(/^aws ses set-active-receipt-rule-set/);
    // `false`, from -c (text) or cdk.json (a boolean), is the same as unset.
    for (const value of ['false', false]) expect(parseStackConfig((key) => ({ ...BASE, activateInboundRuleSet: value })[key]).activateInboundRuleSet).toBeUndefined();
  });

  it('=true activates the stack’s set without replacing another, once its rule and the policies SES writes with exist', () => {
    const b = build({ activateInboundRuleSet: 'true' });
    const { resource } = activationOf(b)!;
    expect(resource.Properties).toMatchObject({ RuleSetName: INBOUND_RULE_SET_NAME, Mode: 'if-none-active' });
    const inbound = b.stack.inboundEmail;
    expect(resource.DependsOn).toEqual(
      expect.arrayContaining([idOf(b, inbound.ruleSet!), idOf(b, inbound.rule!), idOf(b, b.stack.stateful.rawBucket.policy!), idOf(b, b.stack.stateful.key)]),
    );
    // Through the provider framework's function, which calls our handler.
    const serviceToken = resource.Properties.ServiceToken['Fn::GetAtt'][0] as string;
    const framework = Template.fromStack(b.stack).toJSON().Resources[serviceToken];
    expect(framework.Properties.Environment.Variables.USER_ON_EVENT_FUNCTION_ARN).toEqual({ 'Fn::GetAtt': [idOf(b, inbound.activation!.handler), 'Arn'] });
    const outputs = Template.fromStack(b.stack).toJSON().Outputs as Record<string, Json>;
    expect(outputs.InboundRuleSetActivation!.Value).toBe(`active: ${INBOUND_RULE_SET_NAME}`);
    expect(outputs.InboundRuleSetReplaced!.Value).toEqual({ 'Fn::GetAtt': [activationOf(b)!.id, 'PreviousActiveRuleSet'] });
  });

  it('=takeover is passed to the handler, with the stage’s set name', () => {
    const b = build({ activateInboundRuleSet: 'takeover', stage: 'staging' });
    expect(activationOf(b)!.resource.Properties).toMatchObject({ RuleSetName: `staging-${INBOUND_RULE_SET_NAME}`, Mode: 'takeover' });
    expect(build({ activateInboundRuleSet: true }).stack.inboundEmail.activation).toBeDefined();
  });

  it('grants the handler the two SES calls it makes and nothing else of SES (they take no resource ARN, hence "*")', () => {
    const b = build({ activateInboundRuleSet: 'true' });
    const handlerRole = idOf(b, b.stack.inboundEmail.activation!.handler.role as never);
    const statements = statementsOf(b, handlerRole);
    const sesActions = statements.flatMap((s) => asArray<string>(s.Action)).filter((a) => a.startsWith('ses:'));
    expect(sesActions.sort()).toEqual([...ACTIVATION_ACTIONS].sort());
    const onStar = statements.filter((s) => asArray(s.Resource).includes('*')).flatMap((s) => asArray<string>(s.Action));
    expect(onStar.sort()).toEqual([...ACTIVATION_ACTIONS, 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'].sort());
    // Its logs go to a group of the stack's, kept 30 days and removed with it.
    const fn = Template.fromStack(b.stack).toJSON().Resources[idOf(b, b.stack.inboundEmail.activation!.handler)];
    const logGroup = Template.fromStack(b.stack).toJSON().Resources[fn.Properties.LoggingConfig.LogGroup.Ref];
    expect(logGroup).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Delete' });
    expect(fn.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
  });

  it('uses no AWS managed policy and is cdk-nag clean', () => {
    const b = build({ activateInboundRuleSet: 'takeover' });
    const roles = Object.entries(Template.fromStack(b.stack).toJSON().Resources as Record<string, Json>).filter(([id, r]) => r.Type === 'AWS::IAM::Role' && id.includes('Activation'));
    expect(roles.length).toBe(2);
    for (const [id, role] of roles) expect(role.Properties.ManagedPolicyArns, id).toBeUndefined();
    const annotations = Annotations.fromStack(b.stack);
    const findings = [
      ...annotations.findError('*', Match.stringLikeRegexp('(AwsSolutions|Serverless)-.*')),
      ...annotations.findWarning('*', Match.stringLikeRegexp('(AwsSolutions|Serverless)-.*')),
    ];
    expect(findings.map((e) => `${e.id}: ${String(e.entry.data).split('\n')[0]}`)).toEqual([]);
  });

  it('is refused without a rule set to activate, or with a value it does not know', () => {
    expect(() => buildApp({ context: { ...NO_BUNDLING, activateInboundRuleSet: 'true' }, processEnv: {} })).toThrow(
      expect.objectContaining({ name: InvalidStackConfigError.name, message: expect.stringMatching(/activateInboundRuleSet needs a receipt rule set[\s\S]*inboundDomain/) }),
    );
    expect(() => build({ activateInboundRuleSet: 'always' })).toThrow(/activateInboundRuleSet must be true, takeover or false/);
  });
});
