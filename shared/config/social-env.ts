// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';
import { SocialOwnAccountsSchema, type SocialOwnAccounts } from '../domain/social-mentions/delivery';
import { WEBHOOK_SECRET_NAMES, type WebhookSecretName } from '../domain/webhook-signatures';
import { ENV, webhookSecretArnVariable } from '../resources';
import { ConfigurationError } from './env';

/**
 * The social function's own settings, kept apart from env.ts so the other bundles (the
 * processor's is close to its 1 MB budget) do not carry the social schemas.
 */
export interface SocialEnv {
  ownAccounts: SocialOwnAccounts;
  /** Local runs only: the secrets themselves. */
  localSecrets?: Partial<Record<WebhookSecretName, string>>;
  /** On AWS: the Secrets Manager secret of every name. */
  secretArns?: Record<WebhookSecretName, string>;
}

const jsonOf = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const OwnAccountsVariable = jsonOf(SocialOwnAccountsSchema);
const LocalSecretsVariable = jsonOf(z.partialRecord(z.enum(WEBHOOK_SECRET_NAMES), z.string().min(1)));

/** Reads and validates the social settings once, at cold start; a problem names its variable. */
export function loadSocialEnv(source: NodeJS.ProcessEnv = process.env): SocialEnv {
  const problems: string[] = [];
  const read = <T>(variable: string, schema: z.ZodType<T>): T | undefined => {
    const raw = source[variable];
    if (raw === undefined || raw === '') return undefined;
    const parsed = schema.safeParse(raw);
    if (parsed.success) return parsed.data;
    problems.push(`${variable}: ${parsed.error.issues.map((i) => i.message).join(', ')}`);
    return undefined;
  };
  const ownAccounts = read(ENV.socialOwnAccounts, OwnAccountsVariable) ?? {};
  const localSecrets = read(ENV.webhookSecrets, LocalSecretsVariable);
  let secretArns: Record<WebhookSecretName, string> | undefined;
  if (!localSecrets) {
    const missing = WEBHOOK_SECRET_NAMES.map(webhookSecretArnVariable).filter((variable) => !source[variable]?.trim());
    if (missing.length > 0) problems.push(`${missing.join(', ')}: required (the secret ARN)`);
    else secretArns = Object.fromEntries(WEBHOOK_SECRET_NAMES.map((name) => [name, source[webhookSecretArnVariable(name)]!.trim()])) as Record<WebhookSecretName, string>;
  }
  if (problems.length > 0) throw new ConfigurationError(`Invalid function environment — ${problems.join('; ')}`);
  return { ownAccounts, localSecrets, secretArns };
}
