/**
 * What `customer-voice doctor` checks in an account and region before (or after) `cdk deploy`:
 * each check answers ok, fail (with what to do) or skipped (with why). SES through SESv2
 * (GetAccount, GetEmailIdentity), SES receiving through SES v1 (the active receipt rule set), the
 * CDK bootstrap version through SSM, DNS through an injected resolver (node:dns in the command).
 */
import type { SESClient } from '@aws-sdk/client-ses';
import { GetAccountCommand, GetEmailIdentityCommand, type GetEmailIdentityCommandOutput, type SESv2Client } from '@aws-sdk/client-sesv2';
import type { SSMClient } from '@aws-sdk/client-ssm';
import { comprehendOperationsOf, type SentimentEngineChoice } from '../../shared/domain/comprehend-usage';
import type { RuleSetActivationMode } from '../../shared/domain/receipt-rule-set-activation';
import { missingRegionalServices, type RegionTable } from '../../infra/regions';
import { activeReceiptRuleSet, bootstrapVersion, type BootstrapRequirement } from './account-checks';
import { fail, ok, skipped, type CheckResult } from './check-result';

export type { CheckResult, CheckStatus } from './check-result';

export interface DoctorTarget {
  readonly region: string;
  readonly engine: SentimentEngineChoice;
  /** The sender address, and its domain when the stack verifies the whole domain (senderDomain). */
  readonly senderEmail: string;
  readonly senderDomain?: string;
  readonly officerEmail: string;
  /** The email channel's domain (inboundDomain, or the domain of inboundRecipients). */
  readonly inboundDomain?: string;
  /** The stack's receipt rule set (this stage's name), when it creates one. */
  readonly inboundRuleSetName?: string;
  /** `-c activateInboundRuleSet`: how the deploy will activate that set, if at all. */
  readonly inboundActivation?: RuleSetActivationMode;
  /** The CDK bootstrap stack the synthesised stack needs (qualifier and minimum version). */
  readonly bootstrap: BootstrapRequirement;
}

export interface DnsResolver {
  resolveCname(name: string): Promise<string[]>;
  resolveMx(name: string): Promise<{ exchange: string; priority: number }[]>;
}

export interface DoctorDeps {
  readonly ses: SESv2Client;
  /** SES v1: receipt rule sets (SESv2 has no receiving operations). */
  readonly sesReceipt: SESClient;
  readonly ssm: SSMClient;
  readonly dns: DnsResolver;
  readonly regions: RegionTable;
}


const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();
const errorName = (error: unknown) => (error instanceof Error ? error.name : 'Error');

/** The identity, or undefined when SES does not know it in this region. */
async function identity(ses: SESv2Client, name: string): Promise<GetEmailIdentityCommandOutput | undefined> {
  try {
    return await ses.send(new GetEmailIdentityCommand({ EmailIdentity: name }));
  } catch (error) {
    if (errorName(error) === 'NotFoundException') return undefined;
    throw error;
  }
}

function regionalServices(target: DoctorTarget, regions: RegionTable): CheckResult[] {
  const results: CheckResult[] = [];
  const needsComprehend = comprehendOperationsOf(target.engine).length > 0;
  const comprehend = missingRegionalServices(regions, target.region, [
    { service: 'comprehend', because: `sentimentEngine=${target.engine} calls it`, instead: 'Use the embedded engine (the default), or another region.' },
  ]);
  if (!needsComprehend) results.push(skipped('Amazon Comprehend', `not needed: sentimentEngine=${target.engine} makes no Comprehend call`));
  else results.push(comprehend.length > 0 ? fail('Amazon Comprehend', comprehend[0]!) : ok('Amazon Comprehend', `offered in ${target.region}`));
  if (!target.inboundDomain) {
    results.push(skipped('SES email receiving', 'not needed: no inbound domain (the email channel only reads what is dropped in the raw bucket)'));
  } else {
    const receiving = missingRegionalServices(regions, target.region, [
      { service: 'sesReceiving', because: 'the email channel needs it', instead: 'Deploy the stack in a region that receives email, or leave inboundDomain unset.' },
    ]);
    results.push(receiving.length > 0 ? fail('SES email receiving', receiving[0]!) : ok('SES email receiving', `offered in ${target.region}`));
  }
  return results;
}

async function senderIdentity(target: DoctorTarget, ses: SESv2Client): Promise<{ result: CheckResult; found?: GetEmailIdentityCommandOutput }> {
  const name = target.senderDomain ?? target.senderEmail;
  const found = await identity(ses, name);
  if (!found) {
    return { result: fail('Sender identity', `${name} is not an SES identity in ${target.region}: \`cdk deploy\` creates it (or create it in the SES console), then ${target.senderDomain ? 'publish its DKIM records' : 'click the link AWS emails to it'}.`) };
  }
  if (found.VerifiedForSendingStatus) return { result: ok('Sender identity', `${name} is verified for sending`), found };
  const todo = target.senderDomain ? 'publish the three DKIM CNAME records (stack outputs SenderDkimRecord1..3, or below)' : `click the verification link AWS emailed to ${name} (resend it from the SES console)`;
  return { result: fail('Sender identity', `${name} is not verified yet (status ${found.VerificationStatus ?? 'unknown'}): ${todo}.`), found };
}

async function dkimRecords(target: DoctorTarget, found: GetEmailIdentityCommandOutput | undefined, dns: DnsResolver): Promise<CheckResult> {
  const name = 'DKIM records';
  if (!target.senderDomain) return skipped(name, 'the sender is a single address (no senderDomain): no DKIM records to publish');
  const tokens = found?.DkimAttributes?.Tokens ?? [];
  if (tokens.length === 0) return skipped(name, `SES has no DKIM tokens for ${target.senderDomain} yet: deploy the stack first`);
  const missing: string[] = [];
  for (const token of tokens) {
    const record = `${token}._domainkey.${target.senderDomain}`;
    const expected = `${token}.dkim.amazonses.com`;
    const answers = await dns.resolveCname(record).catch(() => [] as string[]);
    if (!answers.some((a) => a.replace(/\.$/, '').toLowerCase() === expected)) missing.push(`${record} CNAME ${expected}`);
  }
  if (missing.length > 0) return fail(name, `publish in ${target.senderDomain}'s DNS: ${missing.join('; ')}`);
  const status = found?.DkimAttributes?.Status;
  return status === 'SUCCESS' ? ok(name, `published, and SES has verified them`) : ok(name, `published; SES has not verified them yet (status ${status ?? 'unknown'}), it retries for 72 hours`);
}

async function sandbox(target: DoctorTarget, ses: SESv2Client): Promise<CheckResult[]> {
  const account = await ses.send(new GetAccountCommand({}));
  if (account.ProductionAccessEnabled) return [ok('SES sandbox', `production access in ${target.region}: any recipient`)];
  const results = [
    ok(
      'SES sandbox',
      `the account is in the SES sandbox in ${target.region}: emails go to verified identities only (200 a day). To leave it: SES console → Account dashboard → Request production access.`,
    ),
  ];
  const officer = target.officerEmail;
  const [byAddress, byDomain] = [await identity(ses, officer), await identity(ses, domainOf(officer))];
  const verified = [byAddress, byDomain].some((i) => i?.VerifiedForSendingStatus);
  results.push(
    verified
      ? ok('Officer address (sandbox)', `${officer} is a verified identity: alerts and digests can reach it`)
      : fail('Officer address (sandbox)', `${officer} is not verified: in the sandbox SES refuses to send to it. Verify it (SES console → Identities → Create identity → Email address) or leave the sandbox.`),
  );
  return results;
}

async function inboundMx(target: DoctorTarget, dns: DnsResolver): Promise<CheckResult> {
  const name = 'Inbound MX record';
  if (!target.inboundDomain) return skipped(name, 'no inbound domain');
  const expected = `inbound-smtp.${target.region}.amazonaws.com`;
  const records = await dns.resolveMx(target.inboundDomain).catch(() => []);
  if (records.some((r) => r.exchange.replace(/\.$/, '').toLowerCase() === expected)) return ok(name, `${target.inboundDomain} MX → ${expected}`);
  const found = records.map((r) => `${r.priority} ${r.exchange}`).join(', ') || 'none';
  return fail(name, `publish \`${target.inboundDomain}. MX 10 ${expected}\` (found: ${found}).`);
}

/** Every check, in the order a deployer fixes them. */
export async function runDoctor(target: DoctorTarget, deps: DoctorDeps): Promise<CheckResult[]> {
  const results = regionalServices(target, deps.regions);
  try {
    results.push(await bootstrapVersion(target.region, target.bootstrap, deps.ssm));
    const sender = await senderIdentity(target, deps.ses);
    results.push(sender.result, await dkimRecords(target, sender.found, deps.dns));
    results.push(...(await sandbox(target, deps.ses)));
    results.push(await activeReceiptRuleSet(target, deps.sesReceipt, deps.regions));
  } catch (error) {
    // Before any deployment the region checks still stand; the account's need credentials.
    if (errorName(error) !== 'CredentialsProviderError') throw error;
    results.push(fail('AWS credentials', `none found (${(error as Error).message}): set AWS_PROFILE or the AWS_* variables to check the account's CDK bootstrap, SES identities, sandbox and receipt rule set.`));
  }
  results.push(await inboundMx(target, deps.dns));
  return results;
}
