import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../../shared/config/env';
import { loadSocialEnv } from '../../shared/config/social-env';
import { ENV, webhookSecretArnVariable } from '../../shared/resources';

const ARNS = Object.fromEntries(['generic', 'x', 'meta', 'meta-verify-token', 'trustpilot'].map((n) => [webhookSecretArnVariable(n), `arn:${n}`]));

describe('loadSocialEnv', () => {
  it('locally: reads the own accounts and the secrets themselves as validated JSON', () => {
    const env = loadSocialEnv({ [ENV.socialOwnAccounts]: '{"x":["2244994945"]}', [ENV.webhookSecrets]: '{"x":"s1","meta-verify-token":"s2"}' });
    expect(env).toEqual({ ownAccounts: { x: ['2244994945'] }, localSecrets: { x: 's1', 'meta-verify-token': 's2' }, secretArns: undefined });
  });

  it('on AWS: needs one secret ARN variable per name, and has no own accounts by default', () => {
    const env = loadSocialEnv(ARNS);
    expect(env.ownAccounts).toEqual({});
    expect(env.secretArns?.['meta-verify-token']).toBe('arn:meta-verify-token');
    const { [webhookSecretArnVariable('meta-verify-token')]: _dropped, ...partial } = ARNS;
    expect(() => loadSocialEnv(partial)).toThrow(/WEBHOOK_SECRET_ARN_META_VERIFY_TOKEN: required/);
  });

  it('fails at cold start, naming the variable, on bad JSON or an unknown secret name', () => {
    expect(() => loadSocialEnv({ ...ARNS, [ENV.socialOwnAccounts]: '{x' })).toThrow(/SOCIAL_OWN_ACCOUNTS: must be JSON/);
    expect(() => loadSocialEnv({ [ENV.webhookSecrets]: '{"tiktok":"s"}' })).toThrow(ConfigurationError);
  });
});
