import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SecretsManagerNotificationTargets } from '../../shared/adapters/notification-targets';
import { notificationRoutesFromEnv } from '../../shared/adapters/notification-routes';
import { deliverNotification, type NotificationDeliveryDeps } from '../../shared/app/deliver-notification';
import { DELIVERY_POLICY } from '../../shared/domain/notifications/delivery';
import { TARGET_URL_PLACEHOLDER } from '../../shared/domain/notifications/targets';
import { TargetNotConfiguredError } from '../../shared/ports/notification-delivery';

const secrets = mockClient(SecretsManagerClient);
const REFS = JSON.stringify([
  { name: 'ops', kind: 'slack', secretArn: 'arn:aws:secretsmanager:eu-west-3:1:secret:ops' },
  { name: 'crm', kind: 'webhook', departments: ['billing'], secretArn: 'arn:aws:secretsmanager:eu-west-3:1:secret:crm' },
]);
const valueOf = (arn: string, value: unknown) => secrets.on(GetSecretValueCommand, { SecretId: arn }).resolves({ SecretString: JSON.stringify(value) });

beforeEach(() => secrets.reset());

describe('SecretsManagerNotificationTargets', () => {
  it('reads a target’s URL and signing secret from its secret, once per TTL', async () => {
    // Prepare
    valueOf('arn:aws:secretsmanager:eu-west-3:1:secret:crm', { url: 'https://crm.example/hook', secret: 's'.repeat(48) });
    let now = 0;
    const targets = new SecretsManagerNotificationTargets(new SecretsManagerClient({}), REFS, { cacheTtlMs: 1000, now: () => now });
    // Act
    const first = await targets.resolve('crm');
    await targets.resolve('crm');
    now = 1500;
    await targets.resolve('crm');
    // Assess
    expect(first).toEqual({ name: 'crm', kind: 'webhook', departments: ['billing'], events: undefined, url: 'https://crm.example/hook', secret: 's'.repeat(48) });
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    expect(await targets.resolve('gone')).toBeUndefined();
  });

  it('says what to put in a secret still at its placeholder, or without a webhook’s signing secret', async () => {
    valueOf('arn:aws:secretsmanager:eu-west-3:1:secret:ops', { url: TARGET_URL_PLACEHOLDER, generated: 'x' });
    valueOf('arn:aws:secretsmanager:eu-west-3:1:secret:crm', { url: 'https://crm.example/hook' });
    const targets = new SecretsManagerNotificationTargets(new SecretsManagerClient({}), REFS);
    await expect(targets.resolve('ops')).rejects.toThrow(TargetNotConfiguredError);
    await expect(targets.resolve('ops')).rejects.toThrow(/still has the placeholder URL: put its slack webhook URL in its secret/);
    await expect(targets.resolve('crm')).rejects.toThrow(/no signing "secret"/);
  });

  it('gives producers the routing without reading any secret', () => {
    expect(notificationRoutesFromEnv({ notifyTargets: REFS })).toEqual([
      { name: 'ops', kind: 'slack', departments: undefined, events: undefined },
      { name: 'crm', kind: 'webhook', departments: ['billing'], events: undefined },
    ]);
    expect(notificationRoutesFromEnv({})).toEqual([]);
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
  });
});

describe('deliverNotification: what cannot be delivered is parked with its reason, never posted', () => {
  const parked: { code: string; message: string }[] = [];
  const posts: string[] = [];
  const deps = (resolve: NotificationDeliveryDeps['targets']['resolve']): NotificationDeliveryDeps => ({
    targets: { resolve },
    http: { post: async (url) => (posts.push(url), { status: 200 }) },
    markers: { acquire: async () => ({ state: 'acquired' }), complete: async () => undefined, release: async () => undefined },
    retries: { retry: async () => undefined },
    deadLetters: { send: async (_body, failure) => void parked.push(failure) },
    policy: DELIVERY_POLICY,
    now: () => new Date('2026-12-02T10:00:00Z'),
  });
  const message = (target: string) =>
    JSON.stringify({ target, event: { kind: 'digest', eventId: 'digest:w', occurredAt: '2026-12-02T10:00:00Z', departments: [], title: 't', summary: 's', figures: [], verbatims: [], lang: 'en' } });

  beforeEach(() => {
    parked.length = 0;
    posts.length = 0;
  });

  type Resolve = NotificationDeliveryDeps['targets']['resolve'];
  const none: Resolve = async () => undefined;
  const placeholder: Resolve = async () => {
    throw new TargetNotConfiguredError('Notification target "ops" still has the placeholder URL');
  };
  it.each([
    ['not JSON', '{', none, 'invalid-message'],
    ['not a delivery', JSON.stringify({ target: 'ops' }), none, 'invalid-message'],
    ['an unknown target', message('gone'), none, 'unknown-target'],
    ['a target still at its placeholder', message('ops'), placeholder, 'target-not-configured'],
  ] as const)('%s', async (_what, body, resolve, code) => {
    const result = await deliverNotification(body, { attempt: 1, messageId: 'm1' }, deps(resolve));
    expect(result).toMatchObject({ status: 'dead-lettered', code });
    expect(parked.map((p) => p.code)).toEqual([code]);
    expect(posts).toEqual([]);
  });
});
