import type { Context, ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeSendDigestHandler } from '../../functions/handlers/send-digest-handler';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { EmailUnavailableError, type Mailer, type OutgoingEmail } from '../../shared/ports/mailer';
import { silentLogger } from '../support/handler-deps';

const context = { awsRequestId: 'req', functionName: 'sendDigest' } as unknown as Context;
const monday = { time: '2026-06-15T06:00:00Z' } as ScheduledEvent;

function setup(mailer: Mailer) {
  return makeSendDigestHandler({
    aggregates: { series: async () => [], scanAll: async function* () {} },
    departments: DEFAULT_DEPARTMENTS,
    incidents: { list: async () => [] },
    mailer,
    email: { lang: 'en', from: 'customer-voice@example.com', officer: 'officer@example.com' },
    zone: 'Europe/Paris',
    logger: silentLogger(),
  });
}

describe('makeSendDigestHandler', () => {
  it("sends the digest of the week before the schedule's time to the officer and answers its week and message id", async () => {
    // Prepare
    const sent: OutgoingEmail[] = [];
    const handler = setup({ send: async (email) => (sent.push(email), { messageId: 'm-1' }) });
    // Act
    const result = await handler(monday, context);
    // Assess
    expect(result).toEqual({ week: '2026-06-07T22:00:00.000Z', messageId: 'm-1' });
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]!.to)).toContain('officer@example.com');
  });

  it('fails the invocation when the email cannot be sent, so the schedule retries and then dead-letters it', async () => {
    // Prepare
    const handler = setup({ send: async () => Promise.reject(new EmailUnavailableError('SES throttled')) });
    // Act / Assess
    await expect(handler(monday, context)).rejects.toBeInstanceOf(EmailUnavailableError);
  });
});
