import type { Logger } from '@aws-lambda-powertools/logger';
import { DescribeActiveReceiptRuleSetCommand, SetActiveReceiptRuleSetCommand, type SESClient } from '@aws-sdk/client-ses';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  activationPhysicalId,
  NO_ACTIVE_RULE_SET,
  parseActivationPhysicalId,
  PREVIOUS_ACTIVE_RULE_SET_ATTRIBUTE,
  planRuleSetActivation,
  refusalMessage,
  RuleSetActivationPropertiesSchema,
} from '../../shared/domain/receipt-rule-set-activation';

export interface ActivateInboundRuleSetDeps {
  /** SES v1 client of the stack's region. */
  readonly ses: SESClient;
  readonly logger: Logger;
}

/** What the CDK Provider framework expects back from an onEvent handler. */
export interface ActivationResponse {
  readonly PhysicalResourceId: string;
  readonly Data?: Record<string, string>;
}

/** The provider framework reports the message of what is thrown as the deployment's failure reason. */
export class RuleSetActivationRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RuleSetActivationRefusedError';
  }
}

/**
 * The onEvent handler of the stack's Custom::InboundRuleSetActivation (CDK Provider framework):
 * create/update activates the stack's receipt rule set unless another is active and the mode
 * refuses to replace it; delete deactivates it only while it is still the active one, so
 * CloudFormation can then delete it (SES refuses to delete an active set).
 *
 * After a takeover at create, delete gives the region back the set ours replaced (if it still
 * exists; otherwise it deactivates ours), so `cdk destroy` leaves receiving as it found it.
 *
 * The physical id is the rule set's name (and the set replaced at create: activationPhysicalId),
 * stable across updates: a changed id would make CloudFormation send a Delete for the old one after
 * the update. A set taken over by an update is named in the output but not restored on delete.
 */
export function makeActivateInboundRuleSetHandler({ ses, logger }: ActivateInboundRuleSetDeps) {
  return async (event: CloudFormationCustomResourceEvent): Promise<ActivationResponse> => {
    const parsed = RuleSetActivationPropertiesSchema.safeParse(event.ResourceProperties);
    if (!parsed.success) {
      // A Delete of a resource whose Create never got valid properties has nothing to undo.
      if (event.RequestType === 'Delete') return { PhysicalResourceId: event.PhysicalResourceId };
      throw new Error(`Invalid properties for the receipt rule set activation: ${parsed.error.message}`);
    }
    const properties = parsed.data;
    const active = (await ses.send(new DescribeActiveReceiptRuleSetCommand({}))).Metadata?.Name;
    const current = event.RequestType === 'Create' ? undefined : parseActivationPhysicalId(event.PhysicalResourceId);
    const step = planRuleSetActivation(event.RequestType, properties, active, current?.replaced);
    const fields = { request: event.RequestType, ruleSet: properties.RuleSetName, mode: properties.Mode, active: active ?? NO_ACTIVE_RULE_SET };

    switch (step.kind) {
      case 'refuse':
        logger.error('receipt rule set not activated: another set is active', fields);
        throw new RuleSetActivationRefusedError(refusalMessage(properties.RuleSetName, step.active, await ses.config.region()));
      case 'activate':
        await ses.send(new SetActiveReceiptRuleSetCommand({ RuleSetName: properties.RuleSetName }));
        if (step.replacing) logger.warn('receipt rule set activated in place of another, which no longer receives', { ...fields, replaced: step.replacing });
        else logger.info('receipt rule set activated', fields);
        break;
      case 'deactivate':
        // No name: the region is left with no active set (the way SES deactivates one).
        await ses.send(new SetActiveReceiptRuleSetCommand({}));
        logger.info('receipt rule set deactivated before its deletion', fields);
        break;
      case 'restore':
        try {
          await ses.send(new SetActiveReceiptRuleSetCommand({ RuleSetName: step.ruleSet }));
          logger.info('receipt rule set replaced at create is active again, before the deletion of ours', { ...fields, restored: step.ruleSet });
        } catch (error) {
          if ((error as { name?: string }).name !== 'RuleSetDoesNotExistException') throw error;
          // Deleted since: nothing to give back, and ours must still stop being active to be deleted.
          await ses.send(new SetActiveReceiptRuleSetCommand({}));
          logger.warn('receipt rule set replaced at create no longer exists; ours deactivated, none active', { ...fields, replaced: step.ruleSet });
        }
        break;
      case 'none':
        logger.info('receipt rule set activation: nothing to change', fields);
    }
    return {
      PhysicalResourceId: physicalIdAfter(event, properties.RuleSetName, step),
      Data: { [PREVIOUS_ACTIVE_RULE_SET_ATTRIBUTE]: active ?? NO_ACTIVE_RULE_SET },
    };
  };
}

/** The id the resource keeps: a delete's own; at create, ours and what it took over; on update the same while the set's name is. */
function physicalIdAfter(event: CloudFormationCustomResourceEvent, ruleSet: string, step: { kind: string; replacing?: string }): string {
  if (event.RequestType === 'Delete') return event.PhysicalResourceId;
  if (event.RequestType === 'Create') return activationPhysicalId(ruleSet, step.kind === 'activate' ? step.replacing : undefined);
  return parseActivationPhysicalId(event.PhysicalResourceId).ruleSet === ruleSet ? event.PhysicalResourceId : ruleSet;
}
