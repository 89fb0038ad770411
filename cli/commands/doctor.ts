import { readFileSync } from 'node:fs';
import { promises as dns } from 'node:dns';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SESClient } from '@aws-sdk/client-ses';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SSMClient } from '@aws-sdk/client-ssm';
import { parseStackConfig, type StackConfig } from '../../infra/config';
import { REPO_ROOT } from '../../infra/paths';
import { INBOUND_RULE_SET_NAME } from '../../infra/constructs/inbound-email';
import { regionTable } from '../../infra/regions';
import { stageNames } from '../../infra/stage';
import { bootstrapRequirementOf } from '../doctor/bootstrap-requirement';
import { runDoctor, type CheckResult, type DoctorTarget } from '../doctor/checks';
import { UsageError, type Command } from './command';

const MARK: Record<CheckResult['status'], string> = { ok: '✔', fail: '✖', skipped: '–' };

/** The deployment's context as `cdk deploy` would read it: cdk.json's, then the flags (`-c key=value`). */
export function deploymentContext(overrides: Record<string, string | undefined>): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return { ...cdkJson.context, ...Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined)) };
}

/** The deployment's settings; the region is checked by the doctor itself, one finding per service, rather than refused here. */
export function deploymentConfig(context: Record<string, unknown>): StackConfig {
  return parseStackConfig((key) => (key === 'region' ? undefined : context[key]));
}

/** What doctor prints: one line per check, then what failed. */
export function doctorReport(results: readonly CheckResult[]): { text: string; failed: number } {
  const failed = results.filter((r) => r.status === 'fail').length;
  const lines = results.map((r) => `${MARK[r.status]} ${r.name}: ${r.detail}`);
  lines.push('', failed === 0 ? 'Ready to deploy.' : `${failed} check${failed > 1 ? 's' : ''} failed: fix ${failed > 1 ? 'them' : 'it'} as said above, then run doctor again.`);
  return { text: lines.join('\n'), failed };
}

export const doctor: Command = {
  usage: `  doctor [--region <r>] [-c key=value …]
                              checks an AWS account and region for the stack, before or after deploying: Comprehend and SES
                              receiving in the region (as the engine and inboundDomain need), the CDK bootstrap version, the
                              sender identity, DKIM records, the SES sandbox and the officer's address, the active receipt rule
                              set, the inbound MX record; exits 1 naming what to do for each failure.
                              Reads cdk.json's context like cdk deploy; AWS credentials from the usual chain.`,
  async run(args) {
    const { values } = parseArgs({ args, options: { region: { type: 'string' }, c: { type: 'string', multiple: true } } });
    const overrides: Record<string, string> = {};
    for (const pair of values.c ?? []) {
      const at = pair.indexOf('=');
      if (at <= 0) throw new UsageError(`-c takes key=value, got "${pair}"`);
      overrides[pair.slice(0, at)] = pair.slice(at + 1);
    }
    const region = values.region ?? overrides.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? process.env.CDK_DEFAULT_REGION;
    if (!region) throw new UsageError('Which region? Give --region eu-west-1 (or set AWS_REGION).');
    const context = deploymentContext(overrides);
    const config = deploymentConfig(context);
    const receives = Boolean(config.inboundDomain || config.inboundRecipients);
    const placeholders = config.placeholders.map<CheckResult>((key) => ({
      name: `Context ${key}`,
      status: 'fail',
      detail: `not set: emails would use the placeholder ${key === 'officerEmail' ? config.officerEmail : config.senderEmail}. Set -c ${key}=… (or cdk.json "context").`,
    }));
    const target: DoctorTarget = {
      region,
      engine: config.sentimentEngine,
      senderEmail: config.senderEmail,
      senderDomain: config.senderDomain,
      officerEmail: config.officerEmail,
      inboundDomain: config.inboundDomain ?? config.inboundRecipients?.[0]?.split('@')[1],
      inboundRuleSetName: receives ? stageNames(config.stage).physical(INBOUND_RULE_SET_NAME) : undefined,
      inboundActivation: config.activateInboundRuleSet,
      bootstrap: bootstrapRequirementOf(context),
    };
    const ses = new SESv2Client({ region });
    const sesReceipt = new SESClient({ region });
    const ssm = new SSMClient({ region });
    try {
      const regions = regionTable({ comprehend: config.comprehendRegions, sesReceiving: config.sesReceivingRegions });
      const results = await runDoctor(target, { ses, sesReceipt, ssm, dns, regions });
      const report = doctorReport([...placeholders, ...results]);
      process.stdout.write(`customer-voice doctor — ${region}, stage ${config.stage}\n\n${report.text}\n`);
      if (report.failed > 0) process.exitCode = 1;
    } finally {
      for (const client of [ses, sesReceipt, ssm]) client.destroy();
    }
  },
};
