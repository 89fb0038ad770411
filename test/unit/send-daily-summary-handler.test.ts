import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeSendDailySummaryHandler } from '../../functions/handlers/send-daily-summary-handler';
import type { Incident } from '../../shared/domain/alerts/incident';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import type { Mailer, OutgoingEmail } from '../../shared/ports/mailer';
import { InMemoryIncidentStore, storedIncident } from '../support/stored-incidents';
import { silentLogger } from '../support/handler-deps';

const context = { awsRequestId: 'req', functionName: 'sendDailySummary' } as unknown as Context;

function setup(incidents: Incident[], mailer: Mailer, claimed = new Set<string>()) {
  const store = new InMemoryIncidentStore();
  for (const i of incidents) store.rows.set(i.id, structuredClone(i));
  return makeSendDailySummaryHandler({
    incidents: store,
    markers: { claim: async (m) => (claimed.has(m) ? false : (claimed.add(m), true)) },
    mailer,
    departments: DEFAULT_DEPARTMENTS,
    email: { from: 'customer-voice@example.com' },
    zone: 'Europe/Paris',
    dailyBudget: 5,
    logger: silentLogger(),
  });
}

describe('makeSendDailySummaryHandler', () => {
  it('summarizes the local day of the scheduled time, not of the invocation', async () => {
    // Prepare: held back at 23:10 Paris on Dec 1; the schedule's time is 18:00 Paris on Dec 2.
    const incident = { ...storedIncident(), deferred: [{ recipient: 'cco@example.com', lang: 'en' as const, kind: 'incident' as const, at: '2026-12-01T22:10:00.000Z', summarizedAt: null }] };
    const sent: OutgoingEmail[] = [];
    const claimed = new Set<string>();
    const handler = setup([incident], { send: async (e) => (sent.push(e), { messageId: 'm-1' }) }, claimed);
    // Act
    const outcome = await handler({ time: '2026-12-02T17:00:00Z' }, context);
    // Assess
    expect(outcome.day).toBe('2026-12-02');
    expect(outcome.sent).toEqual([{ recipient: 'cco@example.com', incidents: [incident.id], messageId: 'm-1' }]);
    expect([...claimed]).toEqual(['summary#cco@example.com#2026-12-02']);
    expect(sent[0]!.headers).toMatchObject({ 'X-Customer-Voice-Kind': 'daily-summary' });
  });

  it('refuses an event whose time is not a date, naming it', async () => {
    const handler = setup([], { send: async () => ({ messageId: 'x' }) });
    await expect(handler({ time: 'tomorrow' }, context)).rejects.toThrow(/time must be an ISO date.*"tomorrow"/);
  });
});
