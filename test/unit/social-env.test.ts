import { describe, expect, it } from 'vitest';
import { ConfigurationError, loadEnv, loadWebhookSecretArns } from '../../shared/config/env';
import { ENV, webhookSecretArnVariable } from '../../shared/resources';

describe('the social function environment', () => {
  it('reads the own accounts and the local secrets as validated JSON, with no own accounts by default', () => {
    const env = loadEnv(['socialOwnAccounts', 'webhookSecrets'], {
      [ENV.socialOwnAccounts]: '{"x":["2244994945"]}',
      [ENV.webhookSecrets]: '{"x":"s1","meta-verify-token":"s2"}',
    });
    expect(env).toEqual({ socialOwnAccounts: { x: ['2244994945'] }, webhookSecrets: { x: 's1', 'meta-verify-token': 's2' } });
    expect(loadEnv(['socialOwnAccounts', 'webhookSecrets'], {})).toEqual({ socialOwnAccounts: {}, webhookSecrets: undefined });
  });

  it('fails at cold start, naming the variable, on bad JSON or an unknown secret name', () => {
    expect(() => loadEnv(['socialOwnAccounts'], { [ENV.socialOwnAccounts]: '{x' })).toThrow(/SOCIAL_OWN_ACCOUNTS: must be JSON/);
    expect(() => loadEnv(['webhookSecrets'], { [ENV.webhookSecrets]: '{"tiktok":"s"}' })).toThrow(ConfigurationError);
  });

  it('needs one secret ARN variable per name on AWS, and lists the missing ones', () => {
    const all = Object.fromEntries(['generic', 'x', 'meta', 'meta-verify-token', 'trustpilot'].map((n) => [webhookSecretArnVariable(n), `arn:${n}`]));
    expect(loadWebhookSecretArns(all)['meta-verify-token']).toBe('arn:meta-verify-token');
    const { [webhookSecretArnVariable('meta-verify-token')]: _dropped, ...partial } = all;
    expect(() => loadWebhookSecretArns(partial)).toThrow(/WEBHOOK_SECRET_ARN_META_VERIFY_TOKEN/);
  });
});
