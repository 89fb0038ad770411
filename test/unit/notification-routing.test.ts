import { describe, expect, it } from 'vitest';
import { backoffSeconds, DELIVERY_POLICY, outcomeOf, retryAfterSeconds } from '../../shared/domain/notifications/delivery';
import { NotificationConfigError, parseDeployedTargets, parseNotificationTargets, targetsFor } from '../../shared/domain/notifications/targets';

describe('parseNotificationTargets (CV_NOTIFY_CONFIG)', () => {
  it('names entries <kind>-<index> unless named, and keeps their filters', () => {
    const targets = parseNotificationTargets([
      { kind: 'slack', url: 'https://hooks.slack.com/services/T/B/X' },
      { kind: 'webhook', name: 'crm', url: 'https://crm.example/hook', secret: 's'.repeat(16), events: ['incident'] },
    ]);
    expect(targets.map((t) => t.name)).toEqual(['slack-0', 'crm']);
    expect(targets[1]!.events).toEqual(['incident']);
  });

  it.each([
    [[{ kind: 'email', url: 'https://x.example' }], 'CV_NOTIFY_CONFIG[0].kind'],
    [[{ kind: 'slack', url: 'ftp://x.example' }], 'CV_NOTIFY_CONFIG[0].url'],
    [[{ kind: 'slack', url: 'https://x.example', secret: 's'.repeat(16) }], 'secret is for kind "webhook" only'],
    [[{ kind: 'slack', url: 'https://x.example', events: ['weekly'] }], 'CV_NOTIFY_CONFIG[0].events.0'],
    [[{ kind: 'webhook', url: 'https://x.example' }], 'has no "secret"'],
    [[{ kind: 'slack', name: 'a', url: 'https://x.example' }, { kind: 'teams', name: 'a', url: 'https://y.example' }], 'two entries are named "a"'],
  ])('refuses %j, saying where: %s', (config, message) => {
    expect(() => parseNotificationTargets(config)).toThrow(NotificationConfigError);
    expect(() => parseNotificationTargets(config)).toThrow(message);
  });
});

describe('parseDeployedTargets (CDK context)', () => {
  it('refuses a URL or secret in cdk.json, pointing at the secret the stack creates', () => {
    expect(() => parseDeployedTargets([{ kind: 'slack', url: 'https://hooks.slack.com/x' }])).toThrow(/remove it from cdk\.json.*Secrets Manager/);
  });
  it('refuses unknown departments, naming the known ones', () => {
    expect(() => parseDeployedTargets([{ kind: 'teams', departments: ['billing', 'nope'] }], ['billing', 'delivery'])).toThrow('unknown department(s) nope; known: billing, delivery');
  });
});

describe('targetsFor', () => {
  const targets = parseDeployedTargets([
    { kind: 'slack', name: 'officer' },
    { kind: 'teams', name: 'billing-team', departments: ['billing'] },
    { kind: 'webhook', name: 'incidents-only', events: ['incident', 'recovery'] },
  ]);
  const names = (kind: 'incident' | 'digest' | 'brief', departments: string[]) => targetsFor(targets, { kind, departments }).map((t) => t.name);

  it('sends a department’s incident to the unfiltered targets and that department’s', () => {
    expect(names('incident', ['billing'])).toEqual(['officer', 'billing-team', 'incidents-only']);
    expect(names('incident', ['delivery'])).toEqual(['officer', 'incidents-only']);
  });
  it('sends a brief to both departments’ targets, and the officer-wide digest only to unfiltered targets that want it', () => {
    expect(names('brief', ['delivery', 'billing'])).toEqual(['officer', 'billing-team']);
    expect(names('digest', [])).toEqual(['officer']);
  });
});

describe('outcomeOf', () => {
  const now = new Date('2026-12-02T10:00:00.000Z');

  it('delivers on 2xx', () => {
    expect(outcomeOf({ status: 204 }, 1, DELIVERY_POLICY, now)).toEqual({ kind: 'delivered' });
  });
  it('waits what a 429 asks (seconds or an HTTP date), capped at SQS’s 15 minutes', () => {
    expect(outcomeOf({ status: 429, retryAfter: '7' }, 1, DELIVERY_POLICY, now)).toMatchObject({ kind: 'retry', afterSeconds: 7 });
    expect(outcomeOf({ status: 429, retryAfter: 'Wed, 02 Dec 2026 10:01:00 GMT' }, 1, DELIVERY_POLICY, now)).toMatchObject({ kind: 'retry', afterSeconds: 60 });
    expect(outcomeOf({ status: 429, retryAfter: '86400' }, 1, DELIVERY_POLICY, now)).toMatchObject({ kind: 'retry', afterSeconds: 900 });
  });
  it('backs off on 429 without Retry-After, 408 and 5xx, doubling each attempt', () => {
    expect(outcomeOf({ status: 503 }, 1, DELIVERY_POLICY, now)).toMatchObject({ kind: 'retry', afterSeconds: 15 });
    expect(outcomeOf({ status: 408 }, 3, DELIVERY_POLICY, now)).toMatchObject({ kind: 'retry', afterSeconds: 60 });
    expect(outcomeOf({ status: 429 }, 2, DELIVERY_POLICY, now)).toMatchObject({ kind: 'retry', afterSeconds: 30 });
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffSeconds(a, DELIVERY_POLICY))).toEqual([15, 30, 60, 120, 240, 480, 900, 900]);
  });
  it('treats other 4xx (and redirects) as refused for good, keeping the receiver’s answer', () => {
    for (const status of [400, 401, 403, 404, 410, 302]) expect(outcomeOf({ status, body: 'no_service' }, 1, DELIVERY_POLICY, now).kind).toBe('permanent');
    expect(outcomeOf({ status: 404, body: 'no_service' }, 1, DELIVERY_POLICY, now)).toMatchObject({ reason: expect.stringContaining('no_service') });
  });
  it('reads Retry-After defensively', () => {
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
    expect(retryAfterSeconds(undefined, now)).toBeUndefined();
    expect(retryAfterSeconds('Wed, 02 Dec 2026 09:00:00 GMT', now)).toBe(0);
  });
});
