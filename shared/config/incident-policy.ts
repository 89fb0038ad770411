// Namespace import: lets esbuild tree-shake zod.
import * as z from 'zod';
import { DEFAULT_INCIDENT_POLICY, type IncidentPolicy } from '../domain/alerts/incident';
import type { EnvOf } from './env';

/**
 * `alertUpdateHours` (CDK context) / ALERT_UPDATE_HOURS (function environment): hours, > 0.
 * `label` starts the message (the context key; the environment names its variable itself).
 */
export function alertUpdateHoursSchema(label?: string) {
  const message = `${label ? `${label} ` : ''}must be a number of hours greater than 0, e.g. ${DEFAULT_INCIDENT_POLICY.updateHours}`;
  return z.coerce.number({ error: message }).positive(message).refine(Number.isFinite, message).default(DEFAULT_INCIDENT_POLICY.updateHours);
}

/** `alertDailyBudget` (CDK context) / ALERT_DAILY_BUDGET (function environment): a whole number ≥ 1. */
export function alertDailyBudgetSchema(label?: string) {
  const message = `${label ? `${label} ` : ''}must be a whole number of emails, at least 1, e.g. ${DEFAULT_INCIDENT_POLICY.dailyBudget}`;
  return z.coerce.number({ error: message }).int(message).min(1, message).default(DEFAULT_INCIDENT_POLICY.dailyBudget);
}

/**
 * The incident policy of a deployment: `alertUpdateHours` and `alertDailyBudget` from the function
 * environment (ALERT_UPDATE_HOURS, ALERT_DAILY_BUDGET, validated by `loadEnv`), the recovery
 * hysteresis as the domain sets it.
 */
export function incidentPolicyFromEnv(env: EnvOf<'alertUpdateHours' | 'alertDailyBudget'>): IncidentPolicy {
  return { ...DEFAULT_INCIDENT_POLICY, updateHours: env.alertUpdateHours, dailyBudget: env.alertDailyBudget };
}
