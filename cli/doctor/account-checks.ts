/**
 * The doctor's checks of what `cdk deploy` needs from the account besides SES sending: the CDK
 * bootstrap stack (its version in SSM) and the region's active SES receipt rule set.
 */
import { DescribeActiveReceiptRuleSetCommand, type SESClient } from '@aws-sdk/client-ses';
import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import type { RuleSetActivationMode } from '../../shared/domain/receipt-rule-set-activation';
import { offersService, type RegionTable } from '../../infra/regions';
import { fail, ok, skipped, type CheckResult } from './check-result';

export interface BootstrapRequirement {
  /** The bootstrap qualifier (`@aws-cdk/core:bootstrapQualifier`, else CDK's default hnb659fds). */
  readonly qualifier: string;
  /** The highest `requiresBootstrapStackVersion` of the synthesised stack and its assets. */
  readonly requiredVersion: number;
}

const errorName = (error: unknown) => (error instanceof Error ? error.name : 'Error');

/** `cdk bootstrap` writes its stack's version to this parameter; `cdk deploy` reads it the same way. */
export const bootstrapVersionParameter = (qualifier: string) => `/cdk-bootstrap/${qualifier}/version`;

export async function bootstrapVersion(region: string, requirement: BootstrapRequirement, ssm: SSMClient): Promise<CheckResult> {
  const name = 'CDK bootstrap';
  const parameter = bootstrapVersionParameter(requirement.qualifier);
  const qualifierFlag = requirement.qualifier === 'hnb659fds' ? '' : ` --qualifier ${requirement.qualifier}`;
  const command = `npx cdk bootstrap aws://<account>/${region}${qualifierFlag}`;
  let value: string | undefined;
  try {
    value = (await ssm.send(new GetParameterCommand({ Name: parameter }))).Parameter?.Value;
  } catch (error) {
    if (errorName(error) !== 'ParameterNotFound') throw error;
  }
  if (value === undefined) return fail(name, `${region} is not bootstrapped for CDK (no ${parameter}): run \`${command}\` once, then deploy.`);
  const version = Number(value);
  if (!Number.isInteger(version)) return fail(name, `${parameter} holds "${value}", not a version: run \`${command}\` to repair the bootstrap stack.`);
  if (version < requirement.requiredVersion) {
    return fail(name, `bootstrap stack version ${version} in ${region}, the stack needs ${requirement.requiredVersion} or later: run \`${command}\` (it upgrades the bootstrap stack in place).`);
  }
  return ok(name, `bootstrap stack version ${version} in ${region} (the stack needs ${requirement.requiredVersion} or later)`);
}

export interface ReceivingTarget {
  readonly region: string;
  readonly inboundRuleSetName?: string;
  readonly inboundActivation?: RuleSetActivationMode;
}

/** Which receipt rule set receives the region's email, against the one the stack creates and how it is activated. */
export async function activeReceiptRuleSet(target: ReceivingTarget, ses: SESClient, regions: RegionTable): Promise<CheckResult> {
  const name = 'Active receipt rule set';
  const ours = target.inboundRuleSetName;
  if (!ours) return skipped(name, 'no inbound domain or recipients: the stack creates no receipt rule set');
  if (!offersService(regions, 'sesReceiving', target.region)) return skipped(name, `SES does not receive email in ${target.region} (see above)`);
  const active = (await ses.send(new DescribeActiveReceiptRuleSetCommand({}))).Metadata?.Name;
  const activateByHand = `aws ses set-active-receipt-rule-set --rule-set-name ${ours} --region ${target.region}`;
  if (active === ours) return ok(name, `${ours}, the stack's, receives ${target.region}'s email`);
  if (active === undefined) {
    return target.inboundActivation
      ? ok(name, `none active in ${target.region}: cdk deploy activates ${ours} (-c activateInboundRuleSet)`)
      : fail(name, `none active in ${target.region}, so no email is received: deploy with -c activateInboundRuleSet=true, or after deploying run \`${activateByHand}\`.`);
  }
  if (target.inboundActivation === 'takeover') {
    return ok(name, `"${active}" is active in ${target.region}: cdk deploy replaces it with ${ours} (takeover), and "${active}"'s rules stop receiving`);
  }
  const refused = target.inboundActivation === 'if-none-active' ? 'cdk deploy will fail (-c activateInboundRuleSet=true does not replace it)' : `${ours} is not receiving`;
  return fail(
    name,
    `"${active}" is the active set in ${target.region} (one per region), so ${refused}: deploy with -c activateInboundRuleSet=takeover if "${active}" may stop receiving, ` +
      `or keep it and add to it a rule delivering to the raw bucket's inbound/ prefix.`,
  );
}
