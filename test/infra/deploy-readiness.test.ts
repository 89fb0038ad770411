import { Template } from 'aws-cdk-lib/assertions';
import { Token, type CfnElement } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { bootstrapVersionParameter } from '../../cli/doctor/account-checks';
import { bootstrapRequirementOf } from '../../cli/doctor/bootstrap-requirement';
import { buildApp, type BuildAppOptions, type BuiltApp } from '../../infra/app';
import { InvalidStackConfigError } from '../../infra/config';
import { INBOUND_RULE_NAME, INBOUND_RULE_SET_NAME } from '../../infra/constructs/inbound-email';
import { REGIONAL_SERVICES } from '../../infra/regions';
import { FUNCTION_NAME_METADATA } from '../../infra/constructs/house-function';
import { METRICS_NAMESPACE } from '../../shared/metrics';
import { ENV, FUNCTIONS } from '../../shared/resources';

type Json = Record<string, any>;
/** Skips esbuild: these tests only inspect configuration-dependent resources. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const MAIL = { officerEmail: 'cco@acme.fr', senderEmail: 'voix@acme.fr' };
/** No CDK_DEFAULT_REGION from the machine running the tests. */
const NO_REGION_ENV = {};

const build = (context: Record<string, unknown>, options: Omit<BuildAppOptions, 'context'> = {}) =>
  buildApp({ context: { ...NO_BUNDLING, ...MAIL, ...context }, processEnv: NO_REGION_ENV, ...options });

const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const logicalId = (b: BuiltApp, construct: { node: { defaultChild?: unknown } }) => b.stack.getLogicalId(construct.node.defaultChild as CfnElement);

/** Comprehend actions granted to processFeedback's role, and the resources they are granted on. */
function comprehendGrants(b: BuiltApp): { actions: string[]; resources: unknown[] } {
  const roleId = logicalId(b, b.stack.pipeline.functions.processFeedback.role! as never);
  const statements = Object.values(Template.fromStack(b.stack).toJSON().Resources as Record<string, Json>)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as Json[])
    .filter((s) => asArray<string>(s.Action).some((a) => a.startsWith('comprehend:')));
  return { actions: statements.flatMap((s) => asArray<string>(s.Action)).sort(), resources: statements.flatMap((s) => asArray(s.Resource)) };
}

function expectRefused(run: () => unknown, ...messages: RegExp[]): void {
  let error: unknown;
  try {
    run();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(InvalidStackConfigError);
  for (const message of messages) expect((error as Error).message).toMatch(message);
}

describe('sentiment engine and Comprehend permissions', () => {
  it('defaults to the embedded model on AWS, with no Comprehend permission at all', () => {
    const b = build({});
    expect(b.config.sentimentEngine).toBe('embedded');
    expect(comprehendGrants(b).actions).toEqual([]);
    expect(JSON.stringify(Template.fromStack(b.stack).toJSON())).not.toContain('comprehend:');
    const env = Template.fromStack(b.stack).toJSON().Resources[logicalId(b, b.stack.pipeline.functions.processFeedback)].Properties.Environment.Variables;
    expect(env[ENV.sentimentEngine]).toBe('embedded');
  });

  it('grants the comprehend engine sentiment and PII detection (names, addresses), on Resource "*" only since Comprehend has no resource ARNs', () => {
    const grants = comprehendGrants(build({ sentimentEngine: 'comprehend' }));
    expect(grants.actions).toEqual(['comprehend:BatchDetectSentiment', 'comprehend:DetectPiiEntities']);
    expect(grants.resources).toEqual(['*']);
  });

  it('grants the hybrid engine sentiment only: its PII redaction stays with the patterns', () => {
    expect(comprehendGrants(build({ sentimentEngine: 'hybrid' })).actions).toEqual(['comprehend:BatchDetectSentiment']);
  });

  it('never grants language detection: it is local (tinyld) for every engine', () => {
    for (const engine of ['comprehend', 'hybrid']) expect(comprehendGrants(build({ sentimentEngine: engine })).actions).not.toContain('comprehend:BatchDetectDominantLanguage');
  });
});

describe('regions', () => {
  it('refuses at synth an engine that calls Comprehend in a region without it, saying what to do', () => {
    for (const engine of ['comprehend', 'hybrid']) {
      expectRefused(
        () => build({ sentimentEngine: engine, region: 'eu-west-3' }),
        /Amazon Comprehend is not offered in eu-west-3/,
        new RegExp(`sentimentEngine=${engine} calls it`),
        /-c sentimentEngine=embedded/,
        /-c comprehendRegions=/,
      );
    }
  });

  it('takes the region from CDK_DEFAULT_REGION when -c region is not given, and -c region wins over it', () => {
    expectRefused(() => build({ sentimentEngine: 'hybrid' }, { processEnv: { CDK_DEFAULT_REGION: 'eu-north-1' } }), /not offered in eu-north-1/);
    const b = build({ sentimentEngine: 'hybrid', region: 'eu-west-1' }, { processEnv: { CDK_DEFAULT_REGION: 'eu-north-1' } });
    expect(b.stack.region).toBe('eu-west-1');
  });

  it('deploys the embedded engine to Paris, pinned to the region', () => {
    const b = build({ region: 'eu-west-3' });
    expect(b.stack.region).toBe('eu-west-3');
    expect(comprehendGrants(b).actions).toEqual([]);
  });

  it('synthesises without a region (the account and region are the profile’s at deploy; doctor checks them)', () => {
    const b = build({ sentimentEngine: 'comprehend', inboundDomain: 'avis.acme.fr' });
    expect(Token.isUnresolved(b.stack.region)).toBe(true);
    expect(comprehendGrants(b).actions).toContain('comprehend:BatchDetectSentiment');
  });

  it('refuses SES receiving (inboundDomain / inboundRecipients) in a region that does not receive email', () => {
    expectRefused(() => build({ inboundDomain: 'avis.acme.fr', region: 'eu-west-3' }), /Amazon SES email receiving is not offered in eu-west-3/, /inboundDomain/, /-c sesReceivingRegions=/);
    expectRefused(() => build({ inboundRecipients: 'avis@acme.fr', region: 'eu-south-1' }), /receiving is not offered in eu-south-1/);
    expect(build({ inboundDomain: 'avis.acme.fr', region: 'eu-west-1' }).stack.inboundEmail.ruleSet).toBeDefined();
  });

  it('reports both missing services at once', () => {
    expectRefused(() => build({ sentimentEngine: 'comprehend', inboundDomain: 'avis.acme.fr', region: 'eu-north-1' }), /Comprehend is not offered[\s\S]*SES email receiving is not offered/);
  });

  it('lets context replace a row of the table when AWS adds a region', () => {
    expect(build({ sentimentEngine: 'comprehend', region: 'eu-west-3', comprehendRegions: 'eu-west-3,eu-west-1' }).config.comprehendRegions).toEqual(['eu-west-3', 'eu-west-1']);
    expect(build({ inboundDomain: 'avis.acme.fr', region: 'eu-west-3', sesReceivingRegions: ['eu-west-3'] }).stack.inboundEmail.ruleSet).toBeDefined();
    // The replacement is the whole row, not an addition.
    expectRefused(() => build({ sentimentEngine: 'comprehend', region: 'eu-west-1', comprehendRegions: 'eu-west-3' }), /not offered in eu-west-1/);
  });

  it('keeps one table: Paris and Stockholm lack Comprehend, Ireland and Frankfurt have both services', () => {
    for (const region of ['eu-west-3', 'eu-north-1', 'eu-south-1']) expect(REGIONAL_SERVICES.comprehend.regions).not.toContain(region);
    for (const region of ['eu-west-1', 'eu-central-1']) {
      expect(REGIONAL_SERVICES.comprehend.regions).toContain(region);
      expect(REGIONAL_SERVICES.sesReceiving.regions).toContain(region);
    }
  });

  it.each([[{ region: 'Paris' }], [{ comprehendRegions: 'eu-west-1,mars-1' }], [{ sesReceivingRegions: ' , ' }]])('rejects a malformed region in %j', (context) => {
    expectRefused(() => build(context), /Invalid CDK context/);
  });
});

describe('stage', () => {
  const namesOf = (b: BuiltApp) => {
    const resources = Object.values(Template.fromStack(b.stack).toJSON().Resources as Record<string, Json>);
    const one = (type: string) => resources.filter((r) => r.Type === type).map((r) => r.Properties);
    return {
      stack: b.stack.stackName,
      dashboards: one('AWS::CloudWatch::Dashboard').map((p) => p.DashboardName),
      apis: one('AWS::ApiGatewayV2::Api').map((p) => p.Name),
      ruleSets: one('AWS::SES::ReceiptRuleSet').map((p) => p.RuleSetName),
      rules: one('AWS::SES::ReceiptRule').map((p) => p.Rule.Name),
      sourceArns: one('AWS::S3::BucketPolicy')
        .flatMap((p) => p.PolicyDocument.Statement as Json[])
        .map((s) => s.Condition?.StringEquals?.['aws:SourceArn'])
        .filter(Boolean)
        .map((arn) => JSON.stringify(arn)),
      activation: Template.fromStack(b.stack).toJSON().Outputs.InboundRuleSetActivation?.Value as string | undefined,
    };
  };

  /** Where the stage's functions publish their metrics, and where its dashboard and alarms read them. */
  const metricNamespacesOf = (b: BuiltApp) => {
    const resources = Object.values(Template.fromStack(b.stack).toJSON().Resources as Record<string, Json>);
    const published = resources
      .filter((r) => r.Type === 'AWS::Lambda::Function' && r.Metadata?.[FUNCTION_NAME_METADATA])
      .map((r) => r.Properties.Environment.Variables.POWERTOOLS_METRICS_NAMESPACE as string);
    const dashboard = JSON.stringify(resources.find((r) => r.Type === 'AWS::CloudWatch::Dashboard')!.Properties.DashboardBody);
    const alarm = Template.fromStack(b.stack).toJSON().Resources[logicalId(b, b.stack.operations.alarms.emailsRefused)].Properties;
    return {
      published: [...new Set(published)],
      publishers: published.length,
      dashboard: [...new Set([...dashboard.matchAll(/\\"([A-Za-z-]*CustomerVoice)\\"/g)].map((m) => m[1]))],
      alarm: [...new Set((alarm.Metrics as Json[]).filter((m) => m.MetricStat).map((m) => m.MetricStat.Metric.Namespace as string))],
    };
  };

  it('each stage publishes and reads its metrics in its own namespace: prod keeps CustomerVoice, staging’s never reach prod’s alarms', () => {
    const prod = metricNamespacesOf(build({}));
    expect(prod).toEqual({ published: [METRICS_NAMESPACE], publishers: Object.keys(FUNCTIONS).length, dashboard: [METRICS_NAMESPACE], alarm: [METRICS_NAMESPACE] });
    const staging = metricNamespacesOf(build({ stage: 'staging' }));
    expect(staging).toEqual({ published: ['staging-CustomerVoice'], publishers: Object.keys(FUNCTIONS).length, dashboard: ['staging-CustomerVoice'], alarm: ['staging-CustomerVoice'] });
  });

  it('prod (the default) keeps the historical physical names, so an existing deployment is not renamed', () => {
    const names = namesOf(build({ inboundDomain: 'avis.acme.fr', region: 'eu-west-1' }));
    expect(names).toMatchObject({
      stack: 'CustomerVoice',
      dashboards: ['customer-voice'],
      apis: ['customer-voice'],
      ruleSets: [INBOUND_RULE_SET_NAME],
      rules: [INBOUND_RULE_NAME],
    });
    expect(names.sourceArns.join()).toContain(`receipt-rule-set/${INBOUND_RULE_SET_NAME}:receipt-rule/${INBOUND_RULE_NAME}`);
    expect(names.activation).toBe(`aws ses set-active-receipt-rule-set --rule-set-name ${INBOUND_RULE_SET_NAME} --region eu-west-1`);
  });

  it('another stage prefixes every physical name, so both stages live side by side', () => {
    const names = namesOf(build({ stage: 'Staging', inboundDomain: 'avis.acme.fr', region: 'eu-west-1' }));
    expect(names).toMatchObject({
      stack: 'staging-CustomerVoice',
      dashboards: ['staging-customer-voice'],
      apis: ['staging-customer-voice'],
      ruleSets: [`staging-${INBOUND_RULE_SET_NAME}`],
      rules: [`staging-${INBOUND_RULE_NAME}`],
    });
    // SES may only write for this stage's rule.
    expect(names.sourceArns.join()).toContain(`receipt-rule-set/staging-${INBOUND_RULE_SET_NAME}:receipt-rule/staging-${INBOUND_RULE_NAME}`);
    expect(names.activation).toContain(`--rule-set-name staging-${INBOUND_RULE_SET_NAME}`);
  });

  it.each(['pr od', '1st', 'a-very-long-stage-name', 'prod!'])('rejects the stage %j', (stage) => {
    expectRefused(() => build({ stage }), /stage must be/);
  });
});

describe('SES sandbox', () => {
  /** The resources of the SES statements of a function's role, rendered as text. */
  const sesResources = (b: BuiltApp, fn: 'evaluateAlerts' | 'sendDigest') => {
    const roleId = logicalId(b, b.stack.pipeline.functions[fn].role! as never);
    return Object.values(Template.fromStack(b.stack).toJSON().Resources as Record<string, Json>)
      .filter((r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties.Roles).includes(`"${roleId}"`))
      .flatMap((r) => r.Properties.PolicyDocument.Statement as Json[])
      .filter((s) => asArray<string>(s.Action).includes('ses:SendEmail'))
      .flatMap((s) => asArray(s.Resource))
      .map((r) => JSON.stringify(r));
  };

  it('grants sending on the identities of the officer and of every department owner copied on alerts, by name', () => {
    const departments = {
      departments: [
        { id: 'billing', names: { en: 'Billing', fr: 'Facturation' }, owners: ['Marie@Acme.fr', 'compta@finance.acme.fr'] },
        { id: 'delivery', names: { en: 'Delivery', fr: 'Livraison' }, owners: ['marie@acme.fr'] },
      ],
    };
    const b = build({ departments: JSON.stringify(departments) });
    for (const fn of ['evaluateAlerts', 'sendDigest'] as const) {
      const identities = sesResources(b, fn)
        .map((r) => /:identity\/([^"]+)"/.exec(r)?.[1])
        .filter((identity): identity is string => identity !== undefined)
        .sort();
      expect(identities).toEqual(['acme.fr', 'cco@acme.fr', 'compta@finance.acme.fr', 'finance.acme.fr', 'marie@acme.fr']);
      expect(sesResources(b, fn).join()).not.toContain('identity/*');
    }
  });
});

describe('refused emails', () => {
  it('alarm the operator at the first alert or digest SES refuses for good, and at a brief or note of recognition that failed (none is retried, so no DLQ shows them)', () => {
    const b = build({});
    const alarm = Template.fromStack(b.stack).toJSON().Resources[logicalId(b, b.stack.operations.alarms.emailsRefused)].Properties;
    const metricNames = (alarm.Metrics as Json[]).filter((m) => m.MetricStat).map((m) => m.MetricStat.Metric.MetricName).sort();
    expect(metricNames).toEqual(['AlertEmailsRejected', 'DigestEmailsRejected', 'WeeklyNotesFailed']);
    expect(alarm).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', TreatMissingData: 'notBreaching' });
    expect(alarm.AlarmActions).toEqual([{ Ref: logicalId(b, b.stack.operations.topic) }]);
    expect(alarm.AlarmDescription).toMatch(/sandbox[\s\S]*customer-voice doctor/);
  });
});

describe('what the operator needs after deploying', () => {
  it('outputs the exports queue and its DLQ URLs (the alarm says to redrive one to the other)', () => {
    const b = build({});
    const outputs = Template.fromStack(b.stack).toJSON().Outputs as Record<string, Json>;
    expect(outputs.ExportsQueueUrl!.Value).toEqual({ Ref: logicalId(b, b.stack.stateful.queues.exports.queue) });
    expect(outputs.ExportsDeadLetterQueueUrl!.Value).toEqual({ Ref: logicalId(b, b.stack.stateful.queues.exports.deadLetterQueue) });
  });

  it('gives CDK’s bucket-notifications handler a log group of the stack’s, with a retention, removed with the stack', () => {
    const b = build({});
    const template = Template.fromStack(b.stack).toJSON();
    const [handlerId, handler] = Object.entries(template.Resources as Record<string, Json>).find(
      ([id, r]) => r.Type === 'AWS::Lambda::Function' && id.startsWith('BucketNotificationsHandler'),
    )!;
    const logGroupRef = handler.Properties.LoggingConfig?.LogGroup;
    expect(logGroupRef, handlerId).toEqual({ Ref: expect.any(String) });
    const logGroup = template.Resources[logGroupRef.Ref];
    expect(logGroup).toMatchObject({ Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 }, DeletionPolicy: 'Delete' });
  });
});

describe('the bootstrap stack doctor asks for', () => {
  it('is what the synthesised stack requires, under the qualifier the context sets', () => {
    // Prepare: a custom qualifier, as `cdk bootstrap --qualifier` and the context key set it.
    const context = { ...MAIL, '@aws-cdk/core:bootstrapQualifier': 'acme42', inboundDomain: 'avis.acme.fr', region: 'eu-west-3' };
    // Act: the region (Paris, no SES receiving) is the doctor's to report, not a reason to refuse the synth.
    const requirement = bootstrapRequirementOf(context);
    // Assess: CDK's default synthesizer has required version 6 since its lookup-role change.
    expect(requirement.qualifier).toBe('acme42');
    expect(Number.isInteger(requirement.requiredVersion)).toBe(true);
    expect(requirement.requiredVersion).toBeGreaterThanOrEqual(6);
    expect(bootstrapVersionParameter(requirement.qualifier)).toBe('/cdk-bootstrap/acme42/version');
  });
});
