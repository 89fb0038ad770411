import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BOOTSTRAP_QUALIFIER_CONTEXT, DefaultStackSynthesizer } from 'aws-cdk-lib';
import { buildApp } from '../../infra/app';
import type { BootstrapRequirement } from './account-checks';

/**
 * The bootstrap stack the deployment needs, read from a synthesis of it (without bundling, which
 * changes no requirement): the highest `requiresBootstrapStackVersion` of the stack and its asset
 * manifest, as `cdk deploy` will check them, and the qualifier it will look under.
 */
export function bootstrapRequirementOf(context: Record<string, unknown>): BootstrapRequirement {
  const outdir = mkdtempSync(path.join(tmpdir(), 'customer-voice-doctor-'));
  try {
    // No region: the doctor reports what the region lacks itself, one finding per service.
    const { app } = buildApp({ context: { ...context, region: undefined, 'aws:cdk:bundling-stacks': [] }, outdir, processEnv: {} });
    const assembly = app.synth();
    const versions = assembly.artifacts.map((artifact) => (artifact as { requiresBootstrapStackVersion?: number }).requiresBootstrapStackVersion ?? 0);
    const qualifier = app.node.tryGetContext(BOOTSTRAP_QUALIFIER_CONTEXT) as string | undefined;
    return { qualifier: qualifier ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER, requiredVersion: Math.max(0, ...versions) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
