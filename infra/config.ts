import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { isTimeZone } from '../shared/domain/scores';
import { DepartmentsConfigSchema } from '../shared/domain/departments';
import { REPO_ROOT } from './paths';

/**
 * `departments` context: an object (cdk.json), JSON text, or a path to a JSON file
 * (relative to the repo root). Validated with the domain schema; kept as minified JSON.
 */
const DepartmentsContextSchema = z
  .unknown()
  .transform((value, ctx) => {
    let candidate: unknown = value;
    if (typeof value === 'string') {
      const text = value.trim().startsWith('{')
        ? value
        : existsSync(path.resolve(REPO_ROOT, value))
          ? readFileSync(path.resolve(REPO_ROOT, value), 'utf8')
          : undefined;
      if (text === undefined) {
        ctx.addIssue({ code: 'custom', message: `departments: "${value}" is neither JSON nor an existing file` });
        return z.NEVER;
      }
      try {
        candidate = JSON.parse(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: `departments: invalid JSON (${(error as Error).message})` });
        return z.NEVER;
      }
    }
    const parsed = DepartmentsConfigSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path });
      return z.NEVER;
    }
    return JSON.stringify(candidate);
  });

/**
 * Deployment configuration, read from CDK context (`cdk.json` or `-c key=value`).
 * Values given with `-c` arrive as strings, hence the coercions.
 */
export const StackConfigSchema = z.object({
  /** Chief Customer Officer: receives alert and digest emails (used by the alert/digest functions). */
  officerEmail: z.email().optional(),
  /** Verified SES identity the alert/digest emails are sent from. */
  senderEmail: z.email().optional(),
  sentimentEngine: z.enum(['comprehend', 'lexicon', 'embedded', 'hybrid']).default('comprehend'),
  /** Days a processed feedback item is kept (DynamoDB TTL). */
  retentionDays: z.coerce.number().int().min(1).max(3650).default(365),
  /** IANA zone whose days and weeks are aggregated besides UTC. */
  timeZone: z
    .string()
    .default('Europe/Paris')
    .refine(isTimeZone, 'timeZone must be an IANA time zone such as Europe/Paris'),
  /**
   * Days a raw email/export object is kept in S3. Raw objects still hold unredacted
   * personal data and are only needed until processed or replayed, hence short.
   */
  rawRetentionDays: z.coerce.number().int().min(1).max(3650).default(30),
  /** Operator address subscribed to the alarm topic (confirmation email required). */
  alarmEmail: z.email().optional(),
  /** Department configuration (see shared/domain/departments.ts); the built-in defaults when absent. */
  departments: DepartmentsContextSchema.optional(),
});

export type StackConfig = z.infer<typeof StackConfigSchema>;

export const CONTEXT_KEYS = Object.keys(StackConfigSchema.shape) as (keyof typeof StackConfigSchema.shape)[];

export class InvalidStackConfigError extends Error {
  constructor(details: string, options?: { cause?: unknown }) {
    super(
      `Invalid CDK context for customer-voice:\n${details}\n` +
        'Set values in cdk.json "context" or on the command line, e.g. ' +
        '`npx cdk deploy -c officerEmail=cco@example.com -c sentimentEngine=lexicon -c retentionDays=365`.',
      options,
    );
    this.name = 'InvalidStackConfigError';
  }
}

/** Validates the known context keys; unknown keys (feature flags, lookups) are ignored. */
export function parseStackConfig(readContext: (key: string) => unknown): StackConfig {
  const raw: Record<string, unknown> = {};
  for (const key of CONTEXT_KEYS) {
    const value = readContext(key);
    // An empty `-c alarmEmail=` means "not set", not "invalid email".
    if (value !== undefined && value !== null && value !== '') raw[key] = value;
  }
  const parsed = StackConfigSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidStackConfigError(z.prettifyError(parsed.error), { cause: parsed.error });
  return parsed.data;
}
