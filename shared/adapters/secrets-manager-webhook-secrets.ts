import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { WebhookSecretName } from '../domain/webhook-signatures';
import type { WebhookSecrets } from '../ports/webhook-secrets';
import { PromiseCache } from './promise-cache';

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
  private readonly cache: PromiseCache<WebhookSecretName, string>;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretIds: Record<WebhookSecretName, string>,
    options: { cacheTtlMs?: number; now?: () => number } = {},
  ) {
    this.cache = new PromiseCache(options.cacheTtlMs ?? 300_000, options.now);
  }

  secretFor(name: WebhookSecretName): Promise<string> {
    return this.cache.get(name, () => this.read(name));
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
