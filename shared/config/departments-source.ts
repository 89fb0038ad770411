import { parseDepartmentsConfig, type DepartmentsConfig } from '../domain/departments';

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
