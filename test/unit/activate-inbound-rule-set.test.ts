import { Logger } from '@aws-lambda-powertools/logger';
import { DescribeActiveReceiptRuleSetCommand, SESClient, SetActiveReceiptRuleSetCommand } from '@aws-sdk/client-ses';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { makeActivateInboundRuleSetHandler } from '../../functions/handlers/activate-inbound-rule-set-handler';
import { activationPhysicalId, parseActivationPhysicalId, planRuleSetActivation, type RuleSetActivationMode } from '../../shared/domain/receipt-rule-set-activation';

const OURS = 'customer-voice-inbound';
const ses = mockClient(SESClient);
const handler = makeActivateInboundRuleSetHandler({ ses: new SESClient({ region: 'eu-west-1' }), logger: new Logger({ logLevel: 'SILENT' }) });

/** A request as the provider framework hands it to the onEvent handler. */
function request(type: 'Create' | 'Update' | 'Delete', mode: RuleSetActivationMode | string = 'if-none-active', ruleSet = OURS, physicalId = OURS): CloudFormationCustomResourceEvent {
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
  if (type === 'Update') return { ...common, RequestType: 'Update', PhysicalResourceId: physicalId, OldResourceProperties: common.ResourceProperties };
  return { ...common, RequestType: 'Delete', PhysicalResourceId: physicalId };
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

  it('on delete gives back the set ours replaced at create, while ours is still the active one', () => {
    expect(planRuleSetActivation('Delete', props('takeover'), OURS, 'legacy')).toEqual({ kind: 'restore', ruleSet: 'legacy' });
    expect(planRuleSetActivation('Delete', props('takeover'), 'other', 'legacy')).toEqual({ kind: 'none' });
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
    expect(parseActivationPhysicalId(response.PhysicalResourceId)).toEqual({ ruleSet: OURS, replaced: 'legacy-inbound' });
  });

  it('after a takeover, keeps the id through updates and gives the replaced set back on delete (cdk destroy)', async () => {
    // Prepare: created in place of legacy-inbound.
    activeIs('legacy-inbound');
    const { PhysicalResourceId: id } = await handler(request('Create', 'takeover'));
    activeIs(OURS);
    // Act
    const updated = await handler(request('Update', 'takeover', OURS, id));
    const deleted = await handler(request('Delete', 'takeover', OURS, id));
    // Assess: the same id (no Delete of an old one after the update); legacy-inbound active again.
    expect(updated.PhysicalResourceId).toBe(id);
    expect(deleted.PhysicalResourceId).toBe(id);
    expect(activations()).toEqual([{ RuleSetName: OURS }, { RuleSetName: 'legacy-inbound' }]);
  });

  it('after a takeover, deactivates ours on delete when the replaced set was deleted since', async () => {
    activeIs(OURS);
    ses.on(SetActiveReceiptRuleSetCommand, { RuleSetName: 'legacy-inbound' }).rejects(Object.assign(new Error('Rule set does not exist: legacy-inbound'), { name: 'RuleSetDoesNotExistException' }));
    await handler(request('Delete', 'takeover', OURS, activationPhysicalId(OURS, 'legacy-inbound')));
    expect(activations()).toEqual([{ RuleSetName: 'legacy-inbound' }, {}]);
  });

  it('after a takeover, leaves alone on delete a set activated since by someone else', async () => {
    activeIs('activated-by-hand');
    await handler(request('Delete', 'takeover', OURS, activationPhysicalId(OURS, 'legacy-inbound')));
    expect(activations()).toEqual([]);
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
