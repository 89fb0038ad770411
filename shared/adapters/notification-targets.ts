import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { TARGET_URL_PLACEHOLDER, TargetSecretSchema, type DeployedTargetRef } from '../domain/notifications/targets';
import { TargetNotConfiguredError, type NotificationTargets, type ResolvedTarget } from '../ports/notification-delivery';
import { ConfiguredNotificationTargets, parseDeployedRefs } from './notification-routes';
import { PromiseCache } from './promise-cache';

/**
 * Deployed targets: routing from NOTIFY_TARGETS (set by the stack, no URL in it), URL and signing
 * secret from each target's Secrets Manager secret, read when first needed and kept a few
 * minutes, so a URL the operator replaces is picked up without a deployment.
 */
export class SecretsManagerNotificationTargets implements NotificationTargets {
  private readonly refs: DeployedTargetRef[];
  private readonly cache: PromiseCache<string, ResolvedTarget>;

  constructor(
    private readonly client: SecretsManagerClient,
    refsJson: string,
    options: { cacheTtlMs?: number; now?: () => number } = {},
  ) {
    this.refs = parseDeployedRefs(refsJson);
    this.cache = new PromiseCache(options.cacheTtlMs ?? 300_000, options.now);
  }

  routes() {
    return this.refs;
  }

  async resolve(name: string): Promise<ResolvedTarget | undefined> {
    const ref = this.refs.find((r) => r.name === name);
    return ref ? this.cache.get(name, () => this.read(ref)) : undefined;
  }

  private async read(ref: DeployedTargetRef): Promise<ResolvedTarget> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: ref.secretArn }));
    let json: unknown;
    try {
      json = JSON.parse(out.SecretString ?? '');
    } catch {
      throw new TargetNotConfiguredError(`The secret of notification target "${ref.name}" is not JSON: put {"url": "https://…"${ref.kind === 'webhook' ? ', "secret": "<signing secret>"' : ''}} in it.`);
    }
    const parsed = TargetSecretSchema.safeParse(json);
    if (!parsed.success) throw new TargetNotConfiguredError(`The secret of notification target "${ref.name}" is not valid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}.`);
    if (parsed.data.url === TARGET_URL_PLACEHOLDER) {
      throw new TargetNotConfiguredError(`Notification target "${ref.name}" still has the placeholder URL: put its ${ref.kind} webhook URL in its secret (aws secretsmanager put-secret-value), then replay the DLQ.`);
    }
    if (ref.kind === 'webhook' && !parsed.data.secret) throw new TargetNotConfiguredError(`Webhook target "${ref.name}" has no signing "secret" in its secret.`);
    return { name: ref.name, kind: ref.kind, departments: ref.departments, events: ref.events, url: parsed.data.url, secret: ref.kind === 'webhook' ? parsed.data.secret : undefined };
  }
}

/**
 * The targets a function's environment names: CV_NOTIFY_CONFIG locally (URLs inline), else
 * NOTIFY_TARGETS on AWS (secrets in Secrets Manager); undefined when neither is set.
 */
export function notificationTargetsFromEnv(
  env: { notifyConfig?: string; notifyTargets?: string },
  secrets: SecretsManagerClient,
): NotificationTargets | undefined {
  if (env.notifyConfig?.trim()) return new ConfiguredNotificationTargets(env.notifyConfig);
  if (env.notifyTargets?.trim()) return new SecretsManagerNotificationTargets(secrets, env.notifyTargets);
  return undefined;
}
