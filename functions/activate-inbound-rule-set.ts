import { createLogger } from './commons/clients/logger';
import { sesReceiptClient } from './commons/clients/ses';
import { makeActivateInboundRuleSetHandler } from './handlers/activate-inbound-rule-set-handler';

/** Deploy-time only: the stack's Custom::InboundRuleSetActivation (with -c activateInboundRuleSet). */
export const handler = makeActivateInboundRuleSetHandler({ ses: sesReceiptClient, logger: createLogger() });
