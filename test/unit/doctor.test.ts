import { DescribeActiveReceiptRuleSetCommand, SESClient } from '@aws-sdk/client-ses';
import { GetAccountCommand, GetEmailIdentityCommand, NotFoundException, SESv2Client } from '@aws-sdk/client-sesv2';
import { GetParameterCommand, ParameterNotFound, SSMClient } from '@aws-sdk/client-ssm';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { doctorReport } from '../../cli/commands/doctor';
import { runDoctor, type CheckResult, type DnsResolver, type DoctorTarget } from '../../cli/doctor/checks';
import { regionTable } from '../../infra/regions';

const ses = mockClient(SESv2Client);
const sesReceipt = mockClient(SESClient);
const ssm = mockClient(SSMClient);
const BOOTSTRAP_PARAMETER = '/cdk-bootstrap/hnb659fds/version';
const TOKENS = ['tok1abc', 'tok2def', 'tok3ghi'];

/** DNS answers as node:dns gives them; a name it does not hold rejects like ENOTFOUND. */
function dnsWith(records: { cname?: Record<string, string>; mx?: Record<string, string> } = {}): DnsResolver {
  const notFound = (name: string) => Promise.reject(Object.assign(new Error(`queryCname ENOTFOUND ${name}`), { code: 'ENOTFOUND' }));
  return {
    resolveCname: (name) => (records.cname?.[name] ? Promise.resolve([records.cname[name]!]) : notFound(name)),
    resolveMx: (name) => (records.mx?.[name] ? Promise.resolve([{ exchange: records.mx[name]!, priority: 10 }]) : notFound(name)),
  };
}

const verified = { IdentityType: 'EMAIL_ADDRESS' as const, VerifiedForSendingStatus: true, VerificationStatus: 'SUCCESS' as const, $metadata: {} };
const notFound = () => new NotFoundException({ message: 'Email identity not found', $metadata: { httpStatusCode: 404 } });

const TARGET: DoctorTarget = {
  region: 'eu-west-1',
  engine: 'embedded',
  senderEmail: 'voix@acme.fr',
  officerEmail: 'cco@acme.fr',
  bootstrap: { qualifier: 'hnb659fds', requiredVersion: 6 },
};
const byName = (results: CheckResult[], name: string) => results.find((r) => r.name === name);

async function doctor(target: Partial<DoctorTarget> = {}, dns = dnsWith()) {
  const clients = { ses: new SESv2Client({ region: 'eu-west-1' }), sesReceipt: new SESClient({ region: 'eu-west-1' }), ssm: new SSMClient({ region: 'eu-west-1' }) };
  return runDoctor({ ...TARGET, ...target }, { ...clients, dns, regions: regionTable() });
}

beforeEach(() => {
  ses.reset();
  ses.on(GetAccountCommand).resolves({ ProductionAccessEnabled: true, SendingEnabled: true, $metadata: {} });
  ses.on(GetEmailIdentityCommand).rejects(notFound());
  ses.on(GetEmailIdentityCommand, { EmailIdentity: 'voix@acme.fr' }).resolves(verified);
  ssm.reset();
  ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: 'parameter not found', $metadata: { httpStatusCode: 400 } }));
  ssm.on(GetParameterCommand, { Name: BOOTSTRAP_PARAMETER }).resolves({ Parameter: { Name: BOOTSTRAP_PARAMETER, Type: 'String', Value: '30' }, $metadata: {} });
  sesReceipt.reset();
  sesReceipt.on(DescribeActiveReceiptRuleSetCommand).resolves({ $metadata: {} });
});

const activeSet = (name: string) => sesReceipt.on(DescribeActiveReceiptRuleSetCommand).resolves({ Metadata: { Name: name }, Rules: [], $metadata: {} });
const RECEIVING = { inboundDomain: 'avis.acme.fr', inboundRuleSetName: 'customer-voice-inbound' } as const;

describe('customer-voice doctor', () => {
  it('passes a ready account: verified sender, production access, nothing the region lacks', async () => {
    const results = await doctor();
    expect(results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(byName(results, 'Sender identity')).toMatchObject({ status: 'ok' });
    expect(byName(results, 'SES sandbox')!.detail).toMatch(/production access/);
    expect(doctorReport(results)).toMatchObject({ failed: 0, text: expect.stringContaining('Ready to deploy.') });
  });

  it('fails an engine that calls Comprehend in Paris, and SES receiving there, saying what to do', async () => {
    const results = await doctor({ region: 'eu-west-3', engine: 'hybrid', inboundDomain: 'avis.acme.fr' });
    expect(byName(results, 'Amazon Comprehend')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/not offered in eu-west-3[\s\S]*embedded/) });
    expect(byName(results, 'SES email receiving')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/not offered in eu-west-3/) });
    expect(byName((await doctor({ region: 'eu-west-3' })), 'Amazon Comprehend')).toMatchObject({ status: 'skipped' });
  });

  it('fails an unknown or unverified sender identity, with the step that verifies it', async () => {
    ses.on(GetEmailIdentityCommand, { EmailIdentity: 'voix@acme.fr' }).rejects(notFound());
    expect(byName(await doctor(), 'Sender identity')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/not an SES identity in eu-west-1[\s\S]*cdk deploy/) });
    ses.on(GetEmailIdentityCommand, { EmailIdentity: 'voix@acme.fr' }).resolves({ ...verified, VerifiedForSendingStatus: false, VerificationStatus: 'PENDING' });
    expect(byName(await doctor(), 'Sender identity')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/PENDING[\s\S]*verification link/) });
  });

  it('in the sandbox, fails an officer address that is not verified, and accepts one verified by its domain', async () => {
    ses.on(GetAccountCommand).resolves({ ProductionAccessEnabled: false, SendingEnabled: true, $metadata: {} });
    const results = await doctor();
    expect(byName(results, 'SES sandbox')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/sandbox[\s\S]*Request production access/) });
    expect(byName(results, 'Officer address (sandbox)')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/cco@acme\.fr is not verified/) });
    expect(doctorReport(results).failed).toBe(1);
    ses.on(GetEmailIdentityCommand, { EmailIdentity: 'acme.fr' }).resolves({ ...verified, IdentityType: 'DOMAIN' });
    expect(byName(await doctor(), 'Officer address (sandbox)')).toMatchObject({ status: 'ok' });
  });

  it('checks each DKIM CNAME of a domain sender in DNS and names the missing ones', async () => {
    ses.on(GetEmailIdentityCommand, { EmailIdentity: 'acme.fr' }).resolves({
      IdentityType: 'DOMAIN',
      VerifiedForSendingStatus: false,
      VerificationStatus: 'PENDING',
      DkimAttributes: { SigningEnabled: true, Status: 'PENDING', Tokens: TOKENS },
      $metadata: {},
    });
    const published = { [`tok1abc._domainkey.acme.fr`]: 'tok1abc.dkim.amazonses.com.', [`tok2def._domainkey.acme.fr`]: 'TOK2DEF.dkim.amazonses.com' };
    const results = await doctor({ senderDomain: 'acme.fr' }, dnsWith({ cname: published }));
    expect(byName(results, 'Sender identity')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/DKIM/) });
    const dkim = byName(results, 'DKIM records')!;
    expect(dkim.status).toBe('fail');
    expect(dkim.detail).toContain('tok3ghi._domainkey.acme.fr CNAME tok3ghi.dkim.amazonses.com');
    expect(dkim.detail).not.toContain('tok1abc._domainkey');
    const all = await doctor({ senderDomain: 'acme.fr' }, dnsWith({ cname: { ...published, 'tok3ghi._domainkey.acme.fr': 'tok3ghi.dkim.amazonses.com' } }));
    expect(byName(all, 'DKIM records')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/not verified them yet/) });
  });

  it('checks the inbound domain’s MX points to the region’s SES inbound endpoint', async () => {
    const missing = await doctor({ inboundDomain: 'avis.acme.fr' }, dnsWith({ mx: { 'avis.acme.fr': 'mx.other-host.fr' } }));
    expect(byName(missing, 'Inbound MX record')).toMatchObject({ status: 'fail', detail: expect.stringContaining('avis.acme.fr. MX 10 inbound-smtp.eu-west-1.amazonaws.com') });
    const good = await doctor({ inboundDomain: 'avis.acme.fr' }, dnsWith({ mx: { 'avis.acme.fr': 'inbound-smtp.eu-west-1.amazonaws.com.' } }));
    expect(byName(good, 'Inbound MX record')).toMatchObject({ status: 'ok' });
  });

  it('checks the CDK bootstrap version in SSM against what the synthesised stack requires', async () => {
    expect(byName(await doctor(), 'CDK bootstrap')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/version 30 in eu-west-1[\s\S]*needs 6/) });
    ssm.on(GetParameterCommand, { Name: BOOTSTRAP_PARAMETER }).resolves({ Parameter: { Value: '5' }, $metadata: {} });
    expect(byName(await doctor(), 'CDK bootstrap')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/version 5[\s\S]*needs 6 or later[\s\S]*`npx cdk bootstrap aws:\/\/<account>\/eu-west-1`/) });
  });

  it('fails an account and region never bootstrapped (under the stack’s qualifier), with the command', async () => {
    const custom = await doctor({ bootstrap: { qualifier: 'acme42', requiredVersion: 6 } });
    expect(byName(custom, 'CDK bootstrap')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/not bootstrapped[\s\S]*\/cdk-bootstrap\/acme42\/version[\s\S]*npx cdk bootstrap aws:\/\/<account>\/eu-west-1 --qualifier acme42/),
    });
    expect(doctorReport(custom).failed).toBe(1);
  });

  it('skips the active receipt rule set without SES receiving, and passes when the stack’s set is active', async () => {
    expect(byName(await doctor(), 'Active receipt rule set')).toMatchObject({ status: 'skipped' });
    expect(sesReceipt.commandCalls(DescribeActiveReceiptRuleSetCommand)).toHaveLength(0);
    activeSet('customer-voice-inbound');
    expect(byName(await doctor(RECEIVING), 'Active receipt rule set')).toMatchObject({ status: 'ok', detail: expect.stringContaining("the stack's") });
  });

  it('with no active set, passes when the deploy activates it and otherwise says how to', async () => {
    expect(byName(await doctor({ ...RECEIVING, inboundActivation: 'if-none-active' }), 'Active receipt rule set')).toMatchObject({ status: 'ok', detail: expect.stringContaining('cdk deploy activates') });
    expect(byName(await doctor(RECEIVING), 'Active receipt rule set')).toMatchObject({
      status: 'fail',
      detail: expect.stringMatching(/no email is received[\s\S]*activateInboundRuleSet=true[\s\S]*set-active-receipt-rule-set --rule-set-name customer-voice-inbound --region eu-west-1/),
    });
  });

  it('names another active set: fine under takeover, a failed deploy under true, no email without either', async () => {
    activeSet('legacy-inbound');
    const check = async (inboundActivation?: 'if-none-active' | 'takeover') => byName(await doctor({ ...RECEIVING, inboundActivation }), 'Active receipt rule set')!;
    expect(await check('takeover')).toMatchObject({ status: 'ok', detail: expect.stringMatching(/"legacy-inbound" is active[\s\S]*replaces it/) });
    expect(await check('if-none-active')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/cdk deploy will fail[\s\S]*takeover/) });
    expect(await check()).toMatchObject({ status: 'fail', detail: expect.stringMatching(/customer-voice-inbound is not receiving[\s\S]*add to it a rule/) });
  });

  it('does not ask SES for receipt rule sets in a region without SES receiving', async () => {
    const results = await doctor({ ...RECEIVING, region: 'eu-west-3' });
    expect(byName(results, 'Active receipt rule set')).toMatchObject({ status: 'skipped' });
    expect(sesReceipt.commandCalls(DescribeActiveReceiptRuleSetCommand)).toHaveLength(0);
  });

  it('lets an SES error other than "not found" through (credentials, throttling): no false verdict', async () => {
    ses.on(GetEmailIdentityCommand, { EmailIdentity: 'voix@acme.fr' }).rejects(Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException' }));
    await expect(doctor()).rejects.toThrow(/security token/);
  });

  it('without AWS credentials still checks the region, and says the account checks need credentials', async () => {
    const noCredentials = () => Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    ssm.on(GetParameterCommand).rejects(noCredentials());
    ses.on(GetEmailIdentityCommand).rejects(noCredentials());
    const results = await doctor({ region: 'eu-west-3', engine: 'comprehend' });
    expect(byName(results, 'Amazon Comprehend')).toMatchObject({ status: 'fail' });
    expect(byName(results, 'AWS credentials')).toMatchObject({ status: 'fail', detail: expect.stringContaining('AWS_PROFILE') });
    expect(byName(results, 'Sender identity')).toBeUndefined();
  });
});
