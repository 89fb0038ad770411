import { readFileSync } from 'node:fs';
import { InvalidDepartmentsConfigError, parseDepartmentsConfig, type DepartmentsConfig } from '../domain/departments/schema';

// Replaced at bundle time by the deployment's configuration (see DEPARTMENTS_BUILD_CONSTANT).
declare const __CV_DEPARTMENTS_CONFIG__: string | undefined;

/**
 * The department configuration a function runs with: the one compiled into its bundle at
 * deploy time, else DEPARTMENTS_CONFIG (the local stack), else the built-in defaults.
 */
export function deployedDepartments(fromEnv: string | undefined): DepartmentsConfig {
  const compiled = typeof __CV_DEPARTMENTS_CONFIG__ === 'string' ? __CV_DEPARTMENTS_CONFIG__ : undefined;
  return parseDepartmentsConfig(compiled ?? fromEnv, compiled ? 'the deployed department configuration' : 'DEPARTMENTS_CONFIG');
}

/**
 * The configuration from JSON text (CDK context, an environment variable) or a JSON file; the
 * defaults when neither is given. Giving both is ambiguous and refused.
 */
export function loadDepartmentsConfig(from: { json?: string; file?: string } = {}): DepartmentsConfig {
  if (from.json?.trim() && from.file) throw new InvalidDepartmentsConfigError('give the departments config either as JSON or as a file, not both');
  if (from.file) {
    let text: string;
    try {
      text = readFileSync(from.file, 'utf8');
    } catch (error) {
      throw new InvalidDepartmentsConfigError(`cannot read the departments config file ${from.file}: ${(error as Error).message}`, { cause: error });
    }
    if (!text.trim()) throw new InvalidDepartmentsConfigError(`the departments config file ${from.file} is empty`);
    return parseDepartmentsConfig(text, `departments config file ${from.file}`);
  }
  return parseDepartmentsConfig(from.json);
}
