import type { WebhookSecretName } from '../domain/webhook-signatures';

export interface WebhookSecrets {
  /** The current value; throws when the store cannot be read (our fault, not the caller's). */
  secretFor(name: WebhookSecretName): Promise<string>;
}
