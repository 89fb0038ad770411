import { loadExportProfilesConfig, type ExportProfilesConfig } from '../domain/export-profiles';
import { ENV } from '../resources';

// Replaced at bundle time by the deployment's configuration (see EXPORT_PROFILES_BUILD_CONSTANT).
declare const __CV_EXPORT_PROFILES_CONFIG__: string | undefined;

let cached: { key: string; config: ExportProfilesConfig } | undefined;

/**
 * The export profiles a deployment adds: the ones compiled into the bundle at deploy time,
 * else EXPORT_PROFILES_CONFIG (the local stack: JSON text or a path to a JSON file), else none.
 * Read once per value: the handler calls this on every request.
 */
export function deployedExportProfiles(fromEnv: string | undefined = process.env[ENV.exportProfiles]): ExportProfilesConfig {
  const compiled = typeof __CV_EXPORT_PROFILES_CONFIG__ === 'string' ? __CV_EXPORT_PROFILES_CONFIG__ : undefined;
  const key = compiled ?? fromEnv ?? '';
  if (cached?.key !== key) {
    cached = { key, config: loadExportProfilesConfig(key, compiled ? 'the deployed export profiles configuration' : ENV.exportProfiles) };
  }
  return cached.config;
}
