import { readFileSync } from 'node:fs';
import path from 'node:path';
import { FUNCTIONS, type FunctionName } from '../shared/resources';
import { FUNCTION_NAME_METADATA } from './constructs/house-function';
import { STACK_NAME } from './stack';

export interface FunctionBundle {
  /** Logical ID of the AWS::Lambda::Function in the template. */
  readonly logicalId: string;
  /** Directory of the bundled code, exactly what is zipped and uploaded. */
  readonly dir: string;
  /** Absolute path of the module holding the handler (`index.mjs`). */
  readonly file: string;
  /** Exported handler name in `file`. */
  readonly exportName: string;
  readonly environment: Record<string, unknown>;
}

interface Manifest {
  artifacts: Record<string, { type: string; properties?: { templateFile?: string; file?: string } }>;
}
interface LambdaResource {
  Type: string;
  Metadata?: Record<string, unknown>;
  Properties: { Handler: string; Code: { S3Key?: unknown }; Environment?: { Variables?: Record<string, unknown> } };
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;

/**
 * Where each function's bundle lies in a synthesized cloud assembly (`cdk.out` or
 * `app.synth().directory`): template Code.S3Key `<hash>.zip` → the asset manifest's
 * `files[<hash>].source.path` (`asset.<hash>`) under the assembly directory.
 */
export function functionBundles(assemblyDir: string, stackName = STACK_NAME): Record<FunctionName, FunctionBundle> {
  const manifest = readJson<Manifest>(path.join(assemblyDir, 'manifest.json'));
  const stackArtifact = manifest.artifacts[stackName];
  const templateFile = stackArtifact?.properties?.templateFile;
  const assetsArtifact = manifest.artifacts[`${stackName}.assets`];
  if (!templateFile || !assetsArtifact?.properties?.file) {
    throw new Error(`No stack "${stackName}" with an asset manifest in ${assemblyDir}; run \`npx cdk synth\` first`);
  }
  const template = readJson<{ Resources: Record<string, LambdaResource> }>(path.join(assemblyDir, templateFile));
  const assets = readJson<{ files: Record<string, { source: { path: string } }> }>(path.join(assemblyDir, assetsArtifact.properties.file));

  const bundles: Partial<Record<FunctionName, FunctionBundle>> = {};
  for (const [logicalId, resource] of Object.entries(template.Resources)) {
    const name = resource.Metadata?.[FUNCTION_NAME_METADATA] as FunctionName | undefined;
    if (resource.Type !== 'AWS::Lambda::Function' || !name) continue;
    const s3Key = resource.Properties.Code.S3Key;
    const hash = typeof s3Key === 'string' ? s3Key.replace(/\.zip$/, '') : undefined;
    const source = hash ? assets.files[hash]?.source.path : undefined;
    if (!source) throw new Error(`Function ${name} (${logicalId}) has no file asset in ${assemblyDir}`);
    const [moduleName, exportName] = resource.Properties.Handler.split('.') as [string, string];
    const dir = path.join(assemblyDir, source);
    bundles[name] = {
      logicalId,
      dir,
      file: path.join(dir, `${moduleName}.mjs`),
      exportName,
      environment: resource.Properties.Environment?.Variables ?? {},
    };
  }
  const missing = (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) => !bundles[name]);
  if (missing.length > 0) throw new Error(`No bundle found for ${missing.join(', ')} in ${assemblyDir}`);
  return bundles as Record<FunctionName, FunctionBundle>;
}
