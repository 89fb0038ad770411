/**
 * A synthesized function bundle imported cold in a fresh Node process, as Lambda's init phase
 * does: the environment its template gives it, and the script that times the import. The bench
 * measures init with it; the bundle tests check that every bundle initialises with it.
 */
import type { FunctionBundle } from '../../infra/assembly';

/** Only the variables the bundle's template declares, plus what the runtime and the SDK need to start. */
export function bundleEnvironment(bundle: FunctionBundle): Record<string, string> {
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  // Values CloudFormation resolves at deploy time (queue URLs, table names) are taken from the
  // local stack's environment, which this process still holds.
  for (const [key, value] of Object.entries(bundle.environment)) env[key] = typeof value === 'string' ? value : (process.env[key] ?? `unresolved-${key}`);
  return env;
}

/** For `node --input-type=module -e`: imports `file`, exits 3 without a handler, prints `{ initMs }`. */
export function coldImportScript(file: string): string {
  return `const t = performance.now(); const m = await import(${JSON.stringify(file)}); if (typeof m.handler !== 'function') process.exit(3); process.stdout.write(JSON.stringify({ initMs: performance.now() - t }));`;
}
