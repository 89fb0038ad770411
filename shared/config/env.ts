// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';
import { isTimeZone } from '../domain/scores';
import { ENV, type EnvName } from '../resources';
import { alertDailyBudgetSchema, alertUpdateHoursSchema } from './incident-policy';

/** Raised at cold start when the function's environment is incomplete: fail fast with the variable's name. */
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
}

const nonEmpty = z.string().trim().min(1);

const schemas = {
  feedbackTable: nonEmpty,
  aggregatesTable: nonEmpty,
  controlTable: nonEmpty,
  ingestQueueUrl: z.url(),
  ingestDlqUrl: z.url(),
  // A literal list: importing the engines' own list would pull the model into every bundle.
  sentimentEngine: z.enum(['comprehend', 'lexicon', 'embedded', 'hybrid']).default('embedded'),
  retentionDays: z.coerce.number().int().min(1).max(3650).default(365),
  redactionKeepStaffNames: z.stringbool().default(false),
  departments: z.string().optional(),
  alertsQueueUrl: z.url().optional(),
  officerEmail: z.email().default('officer@example.com'),
  senderEmail: z.email().default('customer-voice@example.com'),
  mailLanguage: z.enum(['fr', 'en']).default('fr'),
  alertUpdateHours: alertUpdateHoursSchema(),
  alertDailyBudget: alertDailyBudgetSchema(),
  outboxDir: z.string().min(1).optional(),
  rawBucket: z.string().min(1),
  exportsQueueUrl: z.url(),
  exportsDlqUrl: z.url(),
  exportChunkRows: z.coerce.number().int().min(1).default(200_000),
  timeZone: z
    .string()
    .default('Europe/Paris')
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris'),
  // Unset: the control table holds the salt (older deployments, the local stack).
  customerSaltSecretArn: z.string().optional(),
  // Read by the export parser at cold start (locally; compiled into the bundles on AWS).
  exportProfiles: z.string().optional(),
  // JSON, parsed by shared/config/social-env.ts: its schemas stay out of the other bundles.
  socialOwnAccounts: z.string().optional(),
  webhookSecrets: z.string().optional(),
  // Emails put it in href attributes: http(s) only, never javascript: or data:.
  dashboardUrl: z.url({ protocol: /^https?$/, message: 'must be the dashboard page\'s http(s) URL, e.g. https://d1234.cloudfront.net/' }).optional(),
  notificationsQueueUrl: z.url().optional(),
  notificationsDlqUrl: z.url(),
  // JSON, parsed by shared/adapters/notification-targets.ts with the notification schemas.
  notifyTargets: z.string().optional(),
  notifyConfig: z.string().optional(),
} as const satisfies Record<EnvName, z.ZodType>;

type Schemas = typeof schemas;
export type EnvKey = keyof Schemas;
export type EnvOf<K extends EnvKey> = { [P in K]: z.output<Schemas[P]> };

/**
 * Reads and validates the named variables once (call it at module load, not per invocation).
 * Each function asks only for what it uses, so a missing variable names itself.
 */
export function loadEnv<K extends EnvKey>(keys: readonly K[], source: NodeJS.ProcessEnv = process.env): EnvOf<K> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const key of keys) {
    const variable = ENV[key];
    const raw = source[variable];
    const parsed = schemas[key].safeParse(raw === '' ? undefined : raw);
    if (parsed.success) out[key] = parsed.data;
    else problems.push(`${variable}: ${parsed.error.issues.map((i) => i.message).join(', ')}`);
  }
  if (problems.length > 0) throw new ConfigurationError(`Invalid function environment — ${problems.join('; ')}`);
  return out as EnvOf<K>;
}
