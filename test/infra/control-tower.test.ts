import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type BuiltApp } from '../../infra/app';
import { ACCEPTED_FINDINGS } from '../../infra/control-tower-controls';
import { REPO_ROOT } from '../../infra/paths';

type Json = Record<string, any>;
interface Violation {
  ruleName: string;
  description: string;
  violatingConstructs: { constructPath: string }[];
  reason?: string;
}
interface ValidationReport {
  pluginReports: { pluginName: string; violations: Violation[]; suppressedViolations?: Violation[] }[];
}

/**
 * One synth with the Control Tower guard rules, of the stack with every optional part (SES
 * receiving and its activation, Comprehend) and one canary: a queue with neither a DLQ nor
 * encryption, which no acceptance covers. The canary must be all the report finds: the validator
 * runs, and the accepted findings are accepted only where the table says.
 */
let outdir: string;
let built: BuiltApp;
let report: ValidationReport;
let synthError: unknown;

beforeAll(() => {
  outdir = mkdtempSync(path.join(tmpdir(), 'cv-guard-'));
  built = buildApp({
    outdir,
    context: {
      'aws:cdk:bundling-stacks': [],
      '@aws-cdk/core:validationReportJson': true,
      officerEmail: 'cco@acme.fr',
      senderEmail: 'voix@acme.fr',
      inboundDomain: 'avis.acme.fr',
      activateInboundRuleSet: 'takeover',
      sentimentEngine: 'hybrid',
      // One target of each kind: their secrets are under the controls too.
      notifications: [{ kind: 'slack' }, { kind: 'teams', departments: ['billing'] }, { kind: 'webhook', name: 'crm' }],
    },
    processEnv: {},
    policyValidation: [new CfnGuardValidator()],
  });
  new Queue(built.stack, 'Canary', { encryption: QueueEncryption.UNENCRYPTED, enforceSSL: true });
  try {
    built.app.synth();
  } catch (error) {
    synthError = error;
  }
  report = JSON.parse(readFileSync(path.join(outdir, 'validation-report.json'), 'utf8')) as ValidationReport;
}, 300_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const guardReport = () => report.pluginReports.find((p) => p.pluginName === 'cdk-validator-cfnguard')!;
const controlOf = (v: Violation) => /^\[(CT\.[A-Z0-9.]+)\]/.exec(v.description)?.[1];

describe('the AWS Control Tower proactive controls (cfn-guard)', () => {
  it('find nothing in the stack but the canary, and fail the synth for it', () => {
    const findings = guardReport().violations.flatMap((v) => v.violatingConstructs.map((c) => `${controlOf(v)} ${c.constructPath}`));
    expect(findings.sort()).toEqual(['CT.SQS.PR.1 CustomerVoice/Canary/Resource', 'CT.SQS.PR.2 CustomerVoice/Canary/Resource']);
    expect(String(synthError)).toMatch(/CT\.SQS\.PR\.1[\s\S]*CustomerVoice\/Canary/);
  });

  it('accept each finding of the table with its reason, and the table holds no acceptance left unused', () => {
    const suppressed = guardReport().suppressedViolations ?? [];
    for (const finding of ACCEPTED_FINDINGS) {
      const found = suppressed.filter((v) => v.ruleName === finding.rule);
      expect(found.length, finding.control).toBeGreaterThan(0);
      expect(found.every((v) => controlOf(v) === finding.control), finding.control).toBe(true);
    }
    expect(new Set(suppressed.map((v) => v.ruleName))).toEqual(new Set(ACCEPTED_FINDINGS.map((f) => f.rule)));
  });

  it('CT.KMS.PR.3 is met, not accepted: every key denies grants that are not for an AWS service', () => {
    // The template as written before validation failed (Template.fromStack would synthesise again).
    const template = JSON.parse(readFileSync(path.join(outdir, `${built.stack.artifactId}.template.json`), 'utf8')) as { Resources: Record<string, Json> };
    const keys = Object.values(template.Resources).filter((r) => r.Type === 'AWS::KMS::Key');
    expect(keys.length).toBeGreaterThanOrEqual(3);
    for (const key of keys) {
      expect(key.Properties.KeyPolicy.Statement).toContainEqual({
        Sid: 'DenyGrantsOutsideAwsServices',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      });
    }
  });

  it('the README lists every accepted finding', () => {
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    expect(ACCEPTED_FINDINGS.filter((f) => !readme.includes(`| ${f.control} |`)).map((f) => f.control)).toEqual([]);
  });
});
