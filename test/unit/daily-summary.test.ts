import { describe, expect, it } from 'vitest';
import { DailySummaryError, sendDailySummaries, type DailySummaryDeps } from '../../shared/app/daily-summary';
import { dailySummaryMarker, heldBackByRecipient, localDayOf } from '../../shared/domain/alerts/daily-summary';
import type { DeferredNotice, Incident } from '../../shared/domain/alerts/incident';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import type { IncidentStore, SendMarkers } from '../../shared/ports/incidents';
import { InMemoryIncidentStore } from '../support/stored-incidents';
import { EmailUnavailableError, type Mailer, type OutgoingEmail } from '../../shared/ports/mailer';

/** The in-memory store with the DynamoDB store's contract (optimistic lock), seeded with `incidents`. */
function storeWith(incidents: Incident[]): InMemoryIncidentStore {
  const store = new InMemoryIncidentStore();
  for (const i of incidents) store.rows.set(i.id, structuredClone(i));
  return store;
}

class MemoryMarkers implements SendMarkers {
  readonly claimed = new Set<string>();
  async claim(marker: string) {
    if (this.claimed.has(marker)) return false;
    this.claimed.add(marker);
    return true;
  }
}

function outbox(): Mailer & { sent: OutgoingEmail[] } {
  const sent: OutgoingEmail[] = [];
  return { sent, send: async (e) => (sent.push(e), { messageId: `m${sent.length}` }) };
}

const ZONE = 'Europe/Paris';
// 18:00 in Paris on 2026-12-02 (UTC+1 in winter).
const NOW = new Date('2026-12-02T17:00:00Z');

function notice(recipient: string, lang: 'fr' | 'en', kind: DeferredNotice['kind'], at: string, summarizedAt: string | null = null): DeferredNotice {
  return { recipient, lang, kind, at, summarizedAt };
}

function incident(id: string, department: string, deferred: DeferredNotice[], over: Partial<Incident> = {}): Incident {
  return {
    id,
    scope: { department },
    zone: ZONE,
    window: '2026-12-01T23:00:00.000Z',
    severity: 'major',
    status: 'open',
    openedAt: '2026-12-02T08:10:00.000Z',
    updatedAt: '2026-12-02T11:00:00.000Z',
    recoveredAt: null,
    rules: [
      {
        rule: 'negative-share',
        kind: 'negative-share',
        source: { kind: 'dept', id: department },
        value: 0.64,
        threshold: 0.35,
        baseline: 0.2,
        volume: 58,
        window: '2026-12-01T23:00:00.000Z',
        firing: true,
        excess: 0.83,
        message: { en: 'x', fr: 'x' },
        firstSeenAt: '2026-12-02T08:10:00.000Z',
        lastSeenAt: '2026-12-02T11:00:00.000Z',
      },
      {
        rule: 'nps-below',
        kind: 'nps-below',
        source: { kind: 'dept', id: department },
        value: -40,
        threshold: 0,
        baseline: 12,
        volume: 21,
        window: '2026-12-01T23:00:00.000Z',
        firing: true,
        excess: 0.8,
        message: { en: 'x', fr: 'x' },
        firstSeenAt: '2026-12-02T09:00:00.000Z',
        lastSeenAt: '2026-12-02T11:00:00.000Z',
      },
    ],
    related: [],
    verbatims: [],
    lateDataAt: null,
    recoveryWindows: 0,
    recoveryLastWindow: null,
    notifiedSeverity: 'minor',
    lastUpdateEmailAt: null,
    pending: [],
    sent: [],
    deferred,
    acknowledged: null,
    assignee: null,
    resolved: null,
    migratedFrom: null,
    version: 3,
    ...over,
  };
}

function deps(incidents: IncidentStore, markers: SendMarkers, mailer: Mailer, now = NOW): DailySummaryDeps {
  return { incidents, markers, mailer, departments: DEFAULT_DEPARTMENTS, email: { from: 'cv@example.com' }, zone: ZONE, dailyBudget: 5, now: () => now };
}

/** Two recipients in two languages: the officer (fr) held back from both incidents, an owner (en) from one. */
function twoRecipients(): InMemoryIncidentStore {
  return storeWith([
    incident('billing-2026-12-02', 'billing', [
      notice('cco@example.com', 'fr', 'incident', '2026-12-02T14:00:00.000Z'),
      notice('Billing.Owner@example.com', 'en', 'incident', '2026-12-02T14:00:00.000Z'),
      notice('cco@example.com', 'fr', 'incident-update', '2026-12-02T15:30:00.000Z'),
    ]),
    incident('delivery-2026-12-02', 'delivery', [notice('CCO@example.com', 'fr', 'incident', '2026-12-02T16:00:00.000Z')], { severity: 'critical' }),
    incident('support-2026-12-01', 'support', [notice('cco@example.com', 'fr', 'incident', '2026-12-01T12:00:00.000Z', '2026-12-01T17:00:00.000Z')]),
  ]);
}

describe('sendDailySummaries', () => {
  it('sends one email per recipient, in their language, listing each held-back incident once', async () => {
    const store = twoRecipients();
    const mailer = outbox();

    const outcome = await sendDailySummaries(deps(store, new MemoryMarkers(), mailer));

    expect(outcome.day).toBe('2026-12-02');
    expect(mailer.sent).toHaveLength(2);
    const [owner, officer] = mailer.sent as [OutgoingEmail, OutgoingEmail];
    expect(owner.to).toEqual(['Billing.Owner@example.com']);
    expect(owner.subject).toBe('[customer-voice] Daily summary 2026-12-02: 1 incident held back');
    expect(owner.headers).toEqual({ 'X-Customer-Voice-Kind': 'daily-summary', 'X-Customer-Voice-Incidents': 'billing-2026-12-02' });
    expect(officer.to).toEqual(['cco@example.com']);
    expect(officer.subject).toBe('[customer-voice] Synthèse du 2026-12-02 : 2 incidents en attente');
    // The critical incident first; the billing incident once although two of its emails were held back.
    expect(officer.headers).toEqual({ 'X-Customer-Voice-Kind': 'daily-summary', 'X-Customer-Voice-Incidents': 'delivery-2026-12-02, billing-2026-12-02' });
    expect(officer.text.match(/Facturation — gravité majeure/g)).toHaveLength(1);
    expect(officer.text).toContain('Livraison (logistique) — gravité critique');
    expect(officer.text).toContain('Non envoyé : l’annonce de l’incident (2026-12-02 15:00), une mise à jour (2026-12-02 16:30)');
    expect(officer.text).not.toContain('Support');
    expect(outcome.sent.map((s) => s.incidents)).toEqual([['billing-2026-12-02'], ['delivery-2026-12-02', 'billing-2026-12-02']]);
  });

  it('marks the notices it carried as summarized, and a second run sends nothing', async () => {
    const store = twoRecipients();
    const markers = new MemoryMarkers();
    await sendDailySummaries(deps(store, markers, outbox()));

    const billing = (await store.get('billing-2026-12-02'))!;
    expect(billing.deferred.map((n) => n.summarizedAt)).toEqual([NOW.toISOString(), NOW.toISOString(), NOW.toISOString()]);
    // One write per recipient whose summary carried it (the owner's, then the officer's).
    expect(billing.version).toBe(5);

    const again = outbox();
    const outcome = await sendDailySummaries(deps(store, markers, again, new Date('2026-12-02T17:05:00Z')));
    expect(again.sent).toEqual([]);
    expect(outcome.sent).toEqual([]);
  });

  it('sends each recipient one summary when two runs race (the marker), even before the notices are marked', async () => {
    const store = twoRecipients();
    const markers = new MemoryMarkers();
    const mailer = outbox();

    const [a, b] = await Promise.all([sendDailySummaries(deps(store, markers, mailer)), sendDailySummaries(deps(store, markers, mailer))]);

    expect(mailer.sent.map((e) => e.to).sort()).toEqual([['Billing.Owner@example.com'], ['cco@example.com']]);
    expect([...a.alreadySent, ...b.alreadySent].sort()).toEqual(['Billing.Owner@example.com', 'cco@example.com']);
  });

  it('sends nothing when no notice is waiting', async () => {
    const store = storeWith([
      incident('billing-2026-12-02', 'billing', []),
      incident('support-2026-12-01', 'support', [notice('cco@example.com', 'fr', 'incident', '2026-12-01T12:00:00.000Z', '2026-12-01T17:00:00.000Z')]),
    ]);
    const mailer = outbox();
    const markers = new MemoryMarkers();

    const outcome = await sendDailySummaries(deps(store, markers, mailer));

    expect(mailer.sent).toEqual([]);
    expect(outcome).toEqual({ day: '2026-12-02', sent: [], alreadySent: [] });
    expect(markers.claimed.size).toBe(0);
  });

  it('carries a notice held back after yesterday’s summary into today’s', async () => {
    const store = storeWith([incident('billing-2026-12-01', 'billing', [notice('cco@example.com', 'en', 'incident-update', '2026-12-01T19:30:00.000Z')])]);
    const mailer = outbox();

    await sendDailySummaries(deps(store, new MemoryMarkers(), mailer));

    expect(mailer.sent).toHaveLength(1);
    expect(mailer.sent[0]!.text).toContain('Held back: an update (2026-12-01 20:30)');
  });

  it('marks the notices again on a fresh read when another writer changed the incident meanwhile', async () => {
    const store = twoRecipients();
    // Another writer (the evaluator) updates the billing incident just before the summary's write lands.
    store.beforePut = (next) => {
      const stored = store.rows.get(next.id)!;
      store.rows.set(next.id, { ...stored, updatedAt: 'concurrent', version: stored.version + 1 });
    };

    await sendDailySummaries(deps(store, new MemoryMarkers(), outbox()));

    const billing = (await store.get('billing-2026-12-02'))!;
    expect(billing.updatedAt).toBe('concurrent'); // the other writer's change is kept
    expect(billing.deferred.every((n) => n.summarizedAt === NOW.toISOString())).toBe(true);
  });

  it('still sends the other recipients when one send fails, then reports the failure; the failed notices wait', async () => {
    const store = twoRecipients();
    const sent: OutgoingEmail[] = [];
    const mailer: Mailer = {
      send: async (e) => {
        if (e.to[0] === 'Billing.Owner@example.com') throw new EmailUnavailableError('throttled');
        sent.push(e);
        return { messageId: 'ok' };
      },
    };

    await expect(sendDailySummaries(deps(store, new MemoryMarkers(), mailer))).rejects.toBeInstanceOf(DailySummaryError);

    expect(sent.map((e) => e.to)).toEqual([['cco@example.com']]);
    const billing = (await store.get('billing-2026-12-02'))!;
    expect(billing.deferred.filter((n) => n.summarizedAt === null).map((n) => n.recipient)).toEqual(['Billing.Owner@example.com']);
  });
});

describe('heldBackByRecipient', () => {
  it('groups addresses case-insensitively and leaves out notices deferred after now', () => {
    const summaries = heldBackByRecipient(
      [incident('billing-2026-12-02', 'billing', [notice('CCO@example.com', 'fr', 'incident', '2026-12-02T10:00:00.000Z'), notice('cco@example.com', 'fr', 'incident-update', '2026-12-02T18:00:00.000Z')])],
      NOW,
    );
    expect(summaries).toHaveLength(1);
    expect(summaries[0]!.incidents[0]!.notices.map((n) => n.kind)).toEqual(['incident']);
  });
});

describe('the daily summary marker and day', () => {
  it('names the recipient (lower-cased) and the local day of the configured zone', () => {
    expect(dailySummaryMarker(' CCO@Example.com ', '2026-12-02')).toBe('summary#cco@example.com#2026-12-02');
    // 23:30 UTC on Dec 2 is already Dec 3 in Paris.
    expect(localDayOf(new Date('2026-12-02T23:30:00Z'), ZONE)).toBe('2026-12-03');
    expect(localDayOf(new Date('2026-12-02T23:30:00Z'), 'UTC')).toBe('2026-12-02');
  });
});
