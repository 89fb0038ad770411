import { Template } from 'aws-cdk-lib/assertions';
import type { CfnElement } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../infra/app';
import { InvalidStackConfigError, parseStackConfig } from '../../infra/config';
import { TARGET_URL_PLACEHOLDER } from '../../shared/domain/notifications/targets';
import { ENV, FUNCTIONS, QUEUES, type FunctionName } from '../../shared/resources';
import { nagFindings, referencedIds } from '../support/cloudformation';

type Json = Record<string, any>;
/** Skips esbuild and the page's Vite build: these tests inspect the template. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };
const NOTIFICATIONS = [
  { kind: 'slack', name: 'ops-slack' },
  { kind: 'webhook', name: 'crm', departments: ['billing'], events: ['incident', 'recovery'] },
  { kind: 'teams' },
];

let built: BuiltApp;
let template: Template;
let resources: Record<string, Json>;

const idOf = (construct: IConstruct): string => built.stack.getLogicalId((construct.node.defaultChild ?? construct) as CfnElement);
const asArray = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
const statementsOf = (fn: FunctionName) => {
  const roleId = idOf(built.stack.pipeline.functions[fn].role!);
  return Object.values(resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && referencedIds(r.Properties.Roles).includes(roleId))
    .flatMap((r) => r.Properties.PolicyDocument.Statement as { Effect: string; Action: string | string[]; Resource: unknown }[]);
};
const actionsOn = (fn: FunctionName, logicalId: string) => statementsOf(fn).filter((s) => referencedIds(s.Resource).includes(logicalId)).flatMap((s) => asArray(s.Action));
const environmentOf = (fn: FunctionName): Record<string, unknown> => resources[idOf(built.stack.pipeline.functions[fn])]!.Properties.Environment.Variables;

beforeAll(() => {
  built = buildApp({ context: { ...NO_BUNDLING, officerEmail: 'cco@acme.fr', senderEmail: 'voix@acme.fr', notifications: JSON.stringify(NOTIFICATIONS) }, processEnv: {} });
  template = Template.fromStack(built.stack);
  resources = template.toJSON().Resources;
}, 300_000);

describe('notification targets', () => {
  const secretIds = () => Object.values(built.stack.notificationTargets.secrets).map(idOf);

  it('creates one secret per entry, holding a placeholder URL (and a generated signing secret for the webhook), encrypted with the data key', () => {
    expect(Object.keys(built.stack.notificationTargets.secrets)).toEqual(['ops-slack', 'crm', 'teams-2']);
    const crm = resources[idOf(built.stack.notificationTargets.secrets.crm!)]!.Properties;
    expect(crm.GenerateSecretString).toMatchObject({ SecretStringTemplate: JSON.stringify({ url: TARGET_URL_PLACEHOLDER }), GenerateStringKey: 'secret' });
    expect(referencedIds(crm.KmsKeyId)).toEqual([idOf(built.stack.stateful.key)]);
    expect(resources[idOf(built.stack.notificationTargets.secrets['ops-slack']!)]!.Properties.Description).toContain('Slack incoming webhook URL');
  });

  it('lets deliverNotification alone read them, and nothing else of Secrets Manager', () => {
    for (const id of secretIds()) {
      expect(actionsOn('deliverNotification', id)).toEqual(expect.arrayContaining(['secretsmanager:GetSecretValue']));
      for (const fn of Object.keys(FUNCTIONS) as FunctionName[]) if (fn !== 'deliverNotification') expect(actionsOn(fn, id), fn).toEqual([]);
    }
    const secretResources = statementsOf('deliverNotification').filter((s) => asArray(s.Action).some((a) => a.startsWith('secretsmanager:'))).flatMap((s) => referencedIds(s.Resource));
    expect(new Set(secretResources)).toEqual(new Set(secretIds()));
  });

  it('gives the functions the targets’ routing and secret ARNs, never a URL', () => {
    const variable = environmentOf('deliverNotification')[ENV.notifyTargets];
    const text = JSON.stringify(variable);
    for (const name of ['ops-slack', 'crm', 'teams-2']) expect(text).toContain(name);
    for (const id of secretIds()) expect(referencedIds(variable)).toContain(id);
    for (const fn of ['evaluateAlerts', 'sendDigest'] as const) expect(environmentOf(fn)[ENV.notifyTargets]).toEqual(variable);
    // No function reads a local-only variable on AWS.
    for (const fn of Object.keys(FUNCTIONS) as FunctionName[]) expect(environmentOf(fn)).not.toHaveProperty(ENV.notifyConfig);
    // The secrets' descriptions name where a URL comes from; no URL itself is anywhere.
    expect(JSON.stringify(template.toJSON())).not.toMatch(/hooks\.slack\.com\/services\/[A-Z0-9]|webhook\.office\.com|logic\.azure\.com/);
  });

  it('outputs each secret’s ARN with what to put in it', () => {
    const outputs = template.toJSON().Outputs as Record<string, Json>;
    expect(referencedIds(outputs.NotificationTargetOpsSlack!.Value)).toEqual([idOf(built.stack.notificationTargets.secrets['ops-slack']!)]);
    expect(outputs.NotificationTargetCrm!.Description).toContain('put its URL in this secret');
  });
});

describe('notifications queue and delivery function', () => {
  const queue = () => built.stack.stateful.queues.notifications.queue;
  const dlq = () => built.stack.stateful.queues.notifications.deadLetterQueue;

  it('redrives to its DLQ, encrypted with a key of its own that producers may use instead of the data key', () => {
    const props = resources[idOf(queue())]!.Properties;
    expect(props.RedrivePolicy).toMatchObject({ maxReceiveCount: QUEUES.notifications.maxReceiveCount });
    expect(referencedIds(props.RedrivePolicy.deadLetterTargetArn)).toEqual([idOf(dlq())]);
    expect(referencedIds(props.KmsMasterKeyId)).toEqual([idOf(built.stack.stateful.notificationsQueueKey)]);
    expect(referencedIds(resources[idOf(dlq())]!.Properties.KmsMasterKeyId)).toEqual([idOf(built.stack.stateful.notificationsQueueKey)]);
    for (const fn of ['evaluateAlerts', 'sendDigest'] as const) {
      expect(actionsOn(fn, idOf(queue()))).toEqual(expect.arrayContaining(['sqs:SendMessage']));
      expect(actionsOn(fn, idOf(dlq()))).toEqual([]);
      // Sending to a KMS queue takes the key's data-key actions (SQS's rule), on this key only, never the data key's for it.
      expect(actionsOn(fn, idOf(built.stack.stateful.notificationsQueueKey))).toEqual(expect.arrayContaining(['kms:GenerateDataKey*']));
    }
  });

  it('feeds deliverNotification with partial batch failures; it may send to the queue (retries) and its DLQ, and nothing else of SQS', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: QUEUES.notifications.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      EventSourceArn: { 'Fn::GetAtt': [idOf(queue()), 'Arn'] },
      FunctionName: { Ref: idOf(built.stack.pipeline.functions.deliverNotification) },
    });
    const sqsResources = statementsOf('deliverNotification').filter((s) => asArray(s.Action).some((a) => a.startsWith('sqs:'))).flatMap((s) => referencedIds(s.Resource));
    expect(new Set(sqsResources)).toEqual(new Set([idOf(queue()), idOf(dlq())]));
  });

  it('reaches the control table only for its delivery markers', () => {
    const control = idOf(built.stack.stateful.tables.control);
    const onControl = statementsOf('deliverNotification').filter((s) => referencedIds(s.Resource).includes(control)) as unknown as { Action: string[]; Condition: Json }[];
    expect(onControl).toHaveLength(1);
    expect(onControl[0]!.Action.sort()).toEqual(['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']);
    expect(onControl[0]!.Condition['ForAllValues:StringLike']['dynamodb:LeadingKeys']).toEqual(['NOTIFY#*']);
    for (const table of ['feedback', 'aggregates'] as const) expect(actionsOn('deliverNotification', idOf(built.stack.stateful.tables[table]))).toEqual([]);
  });

  it('alarms the operator at the first dead letter, saying how to replay it, and on an old backlog', () => {
    const alarms = Object.values(resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    const on = (metric: string, q: IConstruct) => alarms.find((a) => a.Properties.MetricName === metric && referencedIds(a.Properties.Dimensions).includes(idOf(q)));
    const dead = on('ApproximateNumberOfMessagesVisible', dlq());
    expect(dead?.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(dead?.Properties.AlarmDescription).toContain('customer-voice replay-dlq --queue notifications');
    expect(referencedIds(dead?.Properties.AlarmActions)).toEqual([idOf(built.stack.operations.topic)]);
    expect(on('ApproximateAgeOfOldestMessage', queue())).toBeDefined();
  });

  it('is cdk-nag clean (AwsSolutions and Serverless)', async () => {
    expect(await nagFindings(built.stack)).toEqual([]);
  });
});

describe('the notifications context at synth', () => {
  const parse = (notifications: unknown, extra: Record<string, unknown> = {}) => () => parseStackConfig((key) => ({ notifications, ...extra })[key]);

  it('refuses a URL in cdk.json, naming where it goes instead', () => {
    expect(parse([{ kind: 'slack', url: 'https://hooks.slack.com/services/T/B/X' }])).toThrow(InvalidStackConfigError);
    expect(parse([{ kind: 'slack', url: 'https://hooks.slack.com/services/T/B/X' }])).toThrow(/remove it from cdk\.json/);
  });
  it('refuses an unknown kind, event or department with what is allowed', () => {
    expect(parse([{ kind: 'email' }])).toThrow(/notifications"\[0\]\.kind: Invalid option: expected one of "slack"\|"teams"\|"webhook"/);
    expect(parse([{ kind: 'slack', events: ['weekly'] }])).toThrow(/notifications"\[0\]\.events\.0/);
    expect(parse([{ kind: 'slack', departments: ['nowhere'] }])).toThrow(/unknown department\(s\) nowhere; known: [a-z-, ]*billing/);
    expect(parse('[{"kind":')).toThrow(/notifications: invalid JSON/);
  });
  it('defaults to no target', () => {
    expect(parseStackConfig(() => undefined).notifications).toEqual([]);
  });
});
