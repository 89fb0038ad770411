import { Logger } from '@aws-lambda-powertools/logger';
import { DescribeActiveReceiptRuleSetCommand, SESClient, SetActiveReceiptRuleSetCommand } from '@aws-sdk/client-ses';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeActivateInboundRuleSetHandler } from '../../functions/handlers/activate-inbound-rule-set-handler';
import { planRuleSetActivation, type RuleSetActivationMode } from '../../shared/domain/receipt-rule-set-activation';

const OURS = 'customer-voice-inbound';
const ses = mockClient(SESClient);
const handler = makeActivateInboundRuleSetHandler({ ses: new SESClient({ region: 'eu-west-1' }), logger: new Logger({ logLevel: 'SILENT' }) });

/** A request as the provider framework hands it to the onEvent handler. */
function request(type: 'Create' | 'Update' | 'Delete', mode: RuleSetActivationMode | string = 'if-none-active', ruleSet = OURS): CloudFormationCustomResourceEvent {
  const common = {
    ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:framework',
    ResponseURL: 'https://cloudformation-custom-resource-response-euwest1.s3.amazonaws.com/x',
    StackId: 'arn:aws:cloudformation:eu-west-1:123456789012:stack/CustomerVoice/1',
    RequestId: 'req-1',
    LogicalResourceId: 'InboundEmailActivation',
    ResourceType: 'Custom::InboundRuleSetActivation',
    ResourceProperties: { ServiceToken: 'arn:aws:lambda:eu-west-1:123456789012:function:framework', RuleSetName: ruleSet, Mode: mode },
  };
  if (type === 'Create') return { ...common, RequestType: 'Create' };
  if (type === 'Update') return { ...common, RequestType: 'Update', PhysicalResourceId: OURS, OldResourceProperties: common.ResourceProperties };
  return { ...common, RequestType: 'Delete', PhysicalResourceId: OURS };
}

const activeIs = (name: string | undefined) =>
  ses.on(DescribeActiveReceiptRuleSetCommand).resolves(name ? { Metadata: { Name: name, CreatedTimestamp: new Date(0) }, Rules: [], $metadata: {} } : { $metadata: {} });
const activations = () => ses.commandCalls(SetActiveReceiptRuleSetCommand).map((call) => call.args[0].input);

beforeEach(() => {
  ses.reset();
  ses.on(SetActiveReceiptRuleSetCommand).resolves({ $metadata: {} });
});

describe('planRuleSetActivation', () => {
  const props = (Mode: RuleSetActivationMode) => ({ RuleSetName: OURS, Mode });

  it('activates ours when none is active, and leaves it when it already is', () => {
    expect(planRuleSetActivation('Create', props('if-none-active'), undefined)).toEqual({ kind: 'activate' });
    expect(planRuleSetActivation('Update', props('takeover'), OURS)).toEqual({ kind: 'none' });
  });

  it('refuses to replace another active set unless the mode is takeover', () => {
    expect(planRuleSetActivation('Create', props('if-none-active'), 'legacy')).toEqual({ kind: 'refuse', active: 'legacy' });
    expect(planRuleSetActivation('Update', props('takeover'), 'legacy')).toEqual({ kind: 'activate', replacing: 'legacy' });
  });

  it('on delete deactivates only while ours is the active set, whatever the mode', () => {
    for (const mode of ['if-none-active', 'takeover'] as const) {
      expect(planRuleSetActivation('Delete', props(mode), OURS)).toEqual({ kind: 'deactivate' });
      expect(planRuleSetActivation('Delete', props(mode), 'legacy')).toEqual({ kind: 'none' });
      expect(planRuleSetActivation('Delete', props(mode), undefined)).toEqual({ kind: 'none' });
    }
  });
});

describe('the receipt rule set activation handler', () => {
  it('activates the stack’s set when no set is active, and records that none was', async () => {
    activeIs(undefined);
    const response = await handler(request('Create'));
    expect(activations()).toEqual([{ RuleSetName: OURS }]);
    expect(response).toEqual({ PhysicalResourceId: OURS, Data: { PreviousActiveRuleSet: '(none)' } });
  });

  it('fails the deployment under activateInboundRuleSet=true when another set is active, naming it and both ways on', async () => {
    activeIs('legacy-inbound');
    const failure = handler(request('Create', 'if-none-active'));
    await expect(failure).rejects.toThrow(/"legacy-inbound" is active in eu-west-1/);
    await expect(handler(request('Update', 'if-none-active'))).rejects.toThrow(/activateInboundRuleSet=takeover[\s\S]*without activateInboundRuleSet/);
    expect(activations()).toEqual([]);
  });

  it('with takeover replaces the active set and records which one it replaced', async () => {
    activeIs('legacy-inbound');
    const response = await handler(request('Create', 'takeover'));
    expect(activations()).toEqual([{ RuleSetName: OURS }]);
    expect(response.Data).toEqual({ PreviousActiveRuleSet: 'legacy-inbound' });
  });

  it('changes nothing when the stack’s set is already active (a redeploy)', async () => {
    activeIs(OURS);
    const response = await handler(request('Update', 'if-none-active'));
    expect(activations()).toEqual([]);
    expect(response).toEqual({ PhysicalResourceId: OURS, Data: { PreviousActiveRuleSet: OURS } });
  });

  it('on delete deactivates the set while it is still the active one, so CloudFormation can delete it', async () => {
    activeIs(OURS);
    expect(await handler(request('Delete'))).toMatchObject({ PhysicalResourceId: OURS });
    // No name: SES leaves the region without an active set.
    expect(activations()).toEqual([{}]);
  });

  it('on delete leaves alone a set activated since by someone else', async () => {
    activeIs('activated-by-hand');
    await handler(request('Delete', 'takeover'));
    expect(activations()).toEqual([]);
  });

  it('refuses properties it does not understand on create, and lets a delete of such a resource go', async () => {
    activeIs(undefined);
    await expect(handler(request('Create', 'always'))).rejects.toThrow(/Invalid properties[\s\S]*Mode/);
    await expect(handler(request('Delete', 'always'))).resolves.toEqual({ PhysicalResourceId: OURS });
    expect(activations()).toEqual([]);
  });

  it('lets an SES failure through, so the deployment fails rather than report a set active that is not', async () => {
    activeIs(undefined);
    ses.on(SetActiveReceiptRuleSetCommand).rejects(Object.assign(new Error('Rule set does not exist: customer-voice-inbound'), { name: 'RuleSetDoesNotExistException' }));
    await expect(handler(request('Create'))).rejects.toThrow(/does not exist/);
  });
});
