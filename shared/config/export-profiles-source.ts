import { readFileSync } from 'node:fs';
import { InvalidExportProfilesConfigError, parseExportProfilesConfig, type ExportProfilesConfig } from '../domain/export-profiles/config';
import { ENV } from '../resources';

// Replaced at bundle time by the deployment's configuration (see EXPORT_PROFILES_BUILD_CONSTANT).
declare const __CV_EXPORT_PROFILES_CONFIG__: string | undefined;

/**
 * The export profiles a deployment adds: the ones compiled into the bundle at deploy time,
 * else EXPORT_PROFILES_CONFIG (the local stack: JSON text or a path to a JSON file), else none.
 * Read once, at cold start: the handlers pass them to the export use cases.
 */
export function deployedExportProfiles(fromEnv: string | undefined = process.env[ENV.exportProfiles]): ExportProfilesConfig {
  const compiled = typeof __CV_EXPORT_PROFILES_CONFIG__ === 'string' ? __CV_EXPORT_PROFILES_CONFIG__ : undefined;
  return loadExportProfilesConfig(compiled ?? fromEnv, compiled ? 'the deployed export profiles configuration' : ENV.exportProfiles);
}

/** JSON text, or a path to a JSON file (what a developer puts in EXPORT_PROFILES_CONFIG). */
export function loadExportProfilesConfig(jsonOrFile: string | undefined, source = 'export profiles config'): ExportProfilesConfig {
  const value = jsonOrFile?.trim();
  if (!value) return {};
  if (value.startsWith('{')) return parseExportProfilesConfig(value, source);
  let text: string;
  try {
    text = readFileSync(value, 'utf8');
  } catch (error) {
    throw new InvalidExportProfilesConfigError(`cannot read the export profiles file ${value}: ${(error as Error).message}`, { cause: error });
  }
  if (!text.trim()) throw new InvalidExportProfilesConfigError(`the export profiles file ${value} is empty`);
  return parseExportProfilesConfig(text, `export profiles file ${value}`);
}
