import path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, CfnFunction, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTIONS, type FunctionName } from '../../shared/resources';
import { REPO_ROOT } from '../paths';
import { stageOf } from '../stage';

/** Template metadata key naming the FUNCTIONS entry a Lambda was built from (see infra/assembly.ts). */
export const FUNCTION_NAME_METADATA = 'customer-voice:function';

export interface HouseFunctionProps {
  /** esbuild `define`: identifiers replaced by JSON literals at bundle time. */
  readonly define?: Record<string, string>;
  /** For functions invoked asynchronously (schedules): where failed invocations land. */
  readonly deadLetterQueue?: IQueue;
  readonly name: FunctionName;
  readonly environment?: Record<string, string>;
  /** Test-only: build another entry file (absolute path) instead of FUNCTIONS[name].entry. */
  readonly entryOverride?: string;
  /** Repository files copied into the asset beside `index.mjs` (data the code reads at cold start, not bundled). */
  readonly besideBundle?: readonly string[];
}

/** How every function of ours is bundled (the pipeline's, and the deploy-time custom resource handlers'). */
export const HOUSE_BUNDLING = {
  format: OutputFormat.ESM,
  target: 'node22',
  minify: true,
  sourceMap: true,
  // Stack traces still map to file:line; leaving sources out halves the map.
  sourcesContent: false,
  mainFields: ['module', 'main'],
  // ESM bundles of CommonJS dependencies still call require() for Node built-ins.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
  // Bundle the AWS SDK too: what is tested locally is exactly what is deployed.
  externalModules: [],
  forceDockerBundling: false,
} satisfies BundlingOptions;

/**
 * NodejsFunction with the house defaults (ARM64, Node 22, X-Ray, ESM bundle
 * including the AWS SDK, explicit log group), so each function is three lines.
 */
export class HouseFunction extends NodejsFunction {
  readonly functionKey: FunctionName;

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    const spec = FUNCTIONS[props.name];
    const logGroup = new LogGroup(scope, `${id}LogGroup`, {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // Own role instead of the AWSLambdaBasicExecutionRole managed policy: logs may
    // only go to this function's log group (cdk-nag IAM4), not to any log group.
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `customer-voice ${props.name} execution role`,
    });
    logGroup.grantWrite(role);

    super(scope, id, {
      entry: props.entryOverride ?? path.join(REPO_ROOT, spec.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      role,
      logGroup,
      deadLetterQueue: props.deadLetterQueue,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'customer-voice',
        // Read by createMetrics (functions/commons/metrics.ts): one namespace per stage.
        POWERTOOLS_METRICS_NAMESPACE: stageOf(scope).metricsNamespace,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        ...HOUSE_BUNDLING,
        // Build-time constants (e.g. the department configuration), beyond Lambda's 4 KB environment.
        define: props.define,
        ...(props.besideBundle?.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                // Part of the asset, so its hash (and the deployment) follows the file's content.
                afterBundling: (inputDir: string, outputDir: string) =>
                  (props.besideBundle ?? []).map((file) => `cp ${JSON.stringify(path.join(inputDir, file))} ${JSON.stringify(`${outputDir}/`)}`),
              },
            }
          : {}),
      },
    });
    this.functionKey = props.name;
    (this.node.defaultChild as CfnFunction).addMetadata(FUNCTION_NAME_METADATA, props.name);

    NagSuppressions.addResourceSuppressions(
      this,
      [
        {
          id: 'AwsSolutions-L1',
          reason: 'The design pins nodejs22.x (ARM64) for every function; the runtime is upgraded deliberately, with the local emulator stack, not by a linter.',
        },
        {
          id: 'Serverless-LambdaLatestVersion',
          reason: 'The design pins nodejs22.x (ARM64) for every function; the runtime is upgraded deliberately, with the local emulator stack, not by a linter.',
        },
        ...(props.deadLetterQueue
          ? []
          : [
              {
                id: 'Serverless-LambdaDLQ',
                reason:
                  "Invoked synchronously (API Gateway answers the caller) or by an SQS event source whose failures go to that queue's own DLQ (redrive policy); only scheduled functions are invoked asynchronously, and they get a DLQ.",
              },
            ]),
      ],
    );
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason: 'X-Ray PutTraceSegments/PutTelemetryRecords (added by Tracing.ACTIVE) support no resource-level permissions.',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
  }
}
