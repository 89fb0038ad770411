import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { App, Aspects, Validations, type IPolicyValidationPlugin } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import type { FunctionName } from '../shared/resources';
import { InvalidStackConfigError, parseStackConfig, type StackConfig } from './config';
import { REPO_ROOT } from './paths';
import { CustomerVoiceStack } from './stack';
import { STACK_NAME, stackNameOf } from './stage';

export { STACK_NAME };

export interface BuildAppOptions {
  /** Context values (as `-c key=value` would give them); the CLI passes its own through the environment. */
  readonly context?: Record<string, unknown>;
  /** Cloud assembly directory; a temporary directory when omitted outside the CLI. */
  readonly outdir?: string;
  /** Test-only: absolute entry files replacing FUNCTIONS[name].entry. */
  readonly entryOverrides?: Partial<Record<FunctionName, string>>;
  /** Where CDK_DEFAULT_REGION is read from; process.env unless a test pins it. */
  readonly processEnv?: Readonly<Record<string, string | undefined>>;
  /** Policy validation run on the synthesised templates (the Control Tower guard rules in the infra tests). */
  readonly policyValidation?: readonly IPolicyValidationPlugin[];
}

export interface BuiltApp {
  readonly app: App;
  readonly stack: CustomerVoiceStack;
  readonly config: StackConfig;
}

/**
 * cdk.json's context (feature flags) as the base, so a synth from a test produces
 * the same template as `npx cdk synth`; values from the CLI or `options.context` win.
 */
function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as { context?: Record<string, unknown> };
  return cdkJson.context ?? {};
}

/** Builds the app (validated config, stack, cdk-nag) without synthesizing it. */
export function buildApp(options: BuildAppOptions = {}): BuiltApp {
  const app = new App({
    outdir: options.outdir,
    context: { ...cdkJsonContext(), ...options.context },
  });
  if (options.policyValidation?.length) Validations.of(app).addPlugins(...options.policyValidation);
  const processEnv = options.processEnv ?? process.env;
  const config = parseStackConfig((key) => app.node.tryGetContext(key), { defaultRegion: processEnv.CDK_DEFAULT_REGION });
  const stack = new CustomerVoiceStack(app, stackNameOf(config.stage), {
    config,
    entryOverrides: options.entryOverrides,
    // A known region pins the stack to it (`-c region` then decides where `cdk deploy` goes); the account stays the profile's.
    env: config.region ? { region: config.region } : undefined,
  });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  Aspects.of(app).add(new ServerlessChecks({ verbose: true }));
  return { app, stack, config };
}

const isEntryPoint = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isEntryPoint) {
  try {
    buildApp().app.synth();
  } catch (error) {
    // A configuration mistake deserves its message, not a stack trace.
    if (!(error instanceof InvalidStackConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
