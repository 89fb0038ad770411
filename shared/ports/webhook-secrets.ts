/**
 * The secrets social webhooks are verified with, one per name: each provider's signing
 * secret (X consumer secret, Meta app secret, our generic HMAC key, the Trustpilot URL
 * password) and Meta's subscription verify token.
 */
export const WEBHOOK_SECRET_NAMES = ['generic', 'x', 'meta', 'meta-verify-token', 'trustpilot'] as const;
export type WebhookSecretName = (typeof WEBHOOK_SECRET_NAMES)[number];

export interface WebhookSecrets {
  /** The current value; throws when the store cannot be read (our fault, not the caller's). */
  secretFor(name: WebhookSecretName): Promise<string>;
}
