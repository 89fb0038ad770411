import { describe, expect, it } from 'vitest';
import { hashCustomerId } from '../../shared/domain/customer';
import { describeIssues, feedbackIdOf, FeedbackInputSchema, implausibleOccurredAt, toEnvelope, FeedbackEnvelopeSchema } from '../../shared/domain/feedback';

const receivedAt = new Date('2026-11-24T12:00:00Z');

describe('feedbackIdOf', () => {
  it('uses the source id when there is one, so a re-send with other text is the same feedback', () => {
    const a = feedbackIdOf({ source: { channel: 'api', provider: 'crm', externalId: 'T-1' }, text: 'first' });
    const b = feedbackIdOf({ source: { channel: 'api', provider: 'crm', externalId: 'T-1' }, text: 'edited' });
    const otherProvider = feedbackIdOf({ source: { channel: 'api', provider: 'zendesk', externalId: 'T-1' }, text: 'first' });
    expect(a).toBe(b);
    expect(a).not.toBe(otherProvider);
    expect(a).toMatch(/^fb_[0-9a-f]{32}$/);
  });

  it('falls back to a content hash that separates customers and moments', () => {
    const base = { source: { channel: 'api' as const, provider: 'crm' }, text: 'Great service' };
    const id = feedbackIdOf({ ...base, occurredAt: '2026-11-24T10:00:00.000Z', customer: { idHash: 'cus_a' } });
    expect(feedbackIdOf({ ...base, occurredAt: '2026-11-24T10:00:00.000Z', customer: { idHash: 'cus_a' } })).toBe(id);
    expect(feedbackIdOf({ ...base, occurredAt: '2026-11-24T10:00:00.000Z', customer: { idHash: 'cus_b' } })).not.toBe(id);
    expect(feedbackIdOf({ ...base, occurredAt: '2026-11-24T11:00:00.000Z', customer: { idHash: 'cus_a' } })).not.toBe(id);
  });

  it('does not collide when parts shift between fields', () => {
    const a = feedbackIdOf({ source: { channel: 'api', provider: 'ab', externalId: 'c' }, text: 'x' });
    const b = feedbackIdOf({ source: { channel: 'api', provider: 'a', externalId: 'bc' }, text: 'x' });
    expect(a).not.toBe(b);
  });
});

describe('feedbackIdOf: who may claim an id', () => {
  it('keys source ids by the sending key, so one source cannot suppress another source\'s items', () => {
    const zendesk = feedbackIdOf({ source: { channel: 'api', provider: 'zendesk', sender: 'zendesk', externalId: '42' }, text: 'x' });
    const impostor = feedbackIdOf({ source: { channel: 'api', provider: 'zendesk', sender: 'crm', externalId: '42' }, text: 'x' });
    expect(impostor).not.toBe(zendesk);
  });

  it('tells apart the same short answer with other ratings, or sent on another day without time or customer', () => {
    const base = { source: { channel: 'api' as const, provider: 'survey' }, text: 'RAS' };
    const day1 = feedbackIdOf({ ...base, receivedAt: '2026-11-24T10:00:00.000Z', ratings: { nps: 0 } });
    expect(feedbackIdOf({ ...base, receivedAt: '2026-11-24T18:00:00.000Z', ratings: { nps: 0 } })).toBe(day1);
    expect(feedbackIdOf({ ...base, receivedAt: '2026-11-24T10:00:00.000Z', ratings: { nps: 10 } })).not.toBe(day1);
    expect(feedbackIdOf({ ...base, receivedAt: '2026-11-25T10:00:00.000Z', ratings: { nps: 0 } })).not.toBe(day1);
  });
});

describe('implausibleOccurredAt', () => {
  const received = new Date('2026-11-24T12:00:00Z');
  it('accepts the recent past and refuses the future and the far past, saying why', () => {
    expect(implausibleOccurredAt('2026-11-24T11:00:00Z', received)).toBeUndefined();
    expect(implausibleOccurredAt('2020-01-01T00:00:00Z', received)).toBeUndefined();
    expect(implausibleOccurredAt('2026-12-01T00:00:00Z', received)).toMatch(/future/);
    expect(implausibleOccurredAt('0001-01-01T00:00:00Z', received)).toMatch(/years ago/);
  });
});

describe('toEnvelope', () => {
  it('hashes the customer, never carries the raw id, and defaults occurredAt to receipt time', () => {
    const input = FeedbackInputSchema.parse({ text: ' Colis jamais arrivé ', customer: { id: 'Jane@Example.com', consent: true } });
    const idHash = hashCustomerId(input.customer!.id!, 'salt');
    const envelope = toEnvelope(input, { channel: 'api', provider: 'crm', receivedAt, customerIdHash: idHash });
    expect(FeedbackEnvelopeSchema.parse(envelope)).toEqual(envelope);
    expect(JSON.stringify(envelope)).not.toContain('Jane@Example.com');
    expect(JSON.stringify(envelope).toLowerCase()).not.toContain('jane@example.com');
    expect(envelope.customer).toEqual({ idHash, consent: true });
    expect(envelope.occurredAt).toBe(receivedAt.toISOString());
    expect(envelope.text).toBe('Colis jamais arrivé');
  });

  it('hashes the same customer alike whatever the case and spacing, and differently with another salt', () => {
    expect(hashCustomerId(' JANE@example.com', 's1')).toBe(hashCustomerId('jane@example.com', 's1'));
    expect(hashCustomerId('jane@example.com', 's1')).not.toBe(hashCustomerId('jane@example.com', 's2'));
  });
});

describe('FeedbackInputSchema', () => {
  it('explains each problem with its path', () => {
    const result = FeedbackInputSchema.safeParse({ text: '', ratings: { nps: 11 }, colour: 'red' });
    expect(result.success).toBe(false);
    const message = describeIssues(result.error!, 'items[2]');
    expect(message).toContain('items[2].text: text is empty');
    expect(message).toContain('items[2].ratings.nps');
    expect(message).toMatch(/colour/);
  });

  it('caps metadata at 50 entries', () => {
    const metadata = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
    expect(describeIssues(FeedbackInputSchema.safeParse({ text: 'ok', metadata }).error!)).toContain('at most 50');
  });

  it('rejects a date that is not ISO 8601 with a hint', () => {
    const result = FeedbackInputSchema.safeParse({ text: 'ok', occurredAt: '24/11/2026' });
    expect(describeIssues(result.error!)).toContain('occurredAt: must be an ISO 8601 date-time');
  });
});
