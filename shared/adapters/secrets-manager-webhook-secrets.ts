import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { WebhookSecretName } from '../domain/webhook-signatures';
import type { WebhookSecrets } from '../ports/webhook-secrets';

/** Raised when a secret has no usable value: a deployment fault, answered 503 rather than letting everyone in. */
export class WebhookSecretUnavailableError extends Error {
  override readonly name = 'WebhookSecretUnavailableError';
}

/**
 * One Secrets Manager secret per name. Values are cached per container for a few minutes:
 * a burst of deliveries costs one read, and a value the operator replaces in the console is
 * picked up within `cacheTtlMs`.
 */
export class SecretsManagerWebhookSecrets implements WebhookSecrets {
  private readonly cache = new Map<WebhookSecretName, { value: Promise<string>; until: number }>();

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretIds: Record<WebhookSecretName, string>,
    private readonly options: { cacheTtlMs?: number; now?: () => number } = {},
  ) {}

  secretFor(name: WebhookSecretName): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    const hit = this.cache.get(name);
    if (hit && hit.until > now) return hit.value;
    const value = this.read(name).catch((error: unknown) => {
      // A failed read must not be served from the cache until it expires.
      this.cache.delete(name);
      throw error;
    });
    this.cache.set(name, { value, until: now + (this.options.cacheTtlMs ?? 300_000) });
    return value;
  }

  private async read(name: WebhookSecretName): Promise<string> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretIds[name] }));
    const value = out.SecretString?.trim();
    if (!value) throw new WebhookSecretUnavailableError(`The ${name} webhook secret has no string value.`);
    return value;
  }
}

/** Fixed values (the local stack's generated secrets). */
export class StaticWebhookSecrets implements WebhookSecrets {
  constructor(private readonly values: Partial<Record<WebhookSecretName, string>>) {}

  async secretFor(name: WebhookSecretName): Promise<string> {
    const value = this.values[name];
    if (!value) throw new WebhookSecretUnavailableError(`No ${name} webhook secret is configured.`);
    return value;
  }
}
