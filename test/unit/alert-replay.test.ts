import { describe, expect, it } from 'vitest';
import { classifyEmail, duplicateQuotes } from '../../cli/bench/alerts/email-classifier';
import { alertScenario, zonedInstant } from '../../cli/bench/alerts/scenario';
import { departmentsOfThread, stepOf, tallyAlertEmails, type ObservedEmail } from '../../cli/bench/alerts/tally';
import { buildMimeMessage } from '../../shared/adapters/mime';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import type { OutgoingEmail } from '../../shared/ports/mailer';

const eml = (email: Partial<OutgoingEmail> & Pick<OutgoingEmail, 'subject' | 'text'>) =>
  Buffer.from(buildMimeMessage({ from: 'customer-voice@example.com', to: ['officer@example.com'], html: '<p>x</p>', ...email }, { date: new Date('2026-11-17T10:00:00Z'), id: 'test' }).raw);

describe('alertScenario', () => {
  it('replays the same 30 days for the same seed, and other days for another seed', () => {
    // Prepare / Act
    const first = alertScenario(15);
    const again = alertScenario(15);
    const other = alertScenario(16);

    // Assess
    expect(again).toEqual(first);
    expect(other.steps.map((s) => s.items.map((i) => i.text))).not.toEqual(first.steps.map((s) => s.items.map((i) => i.text)));
    expect(first.days).toHaveLength(30);
    const billing = first.steps.filter((s) => s.phase === 'incident' && s.label.startsWith('billing'));
    expect(billing.flatMap((s) => s.items)).toHaveLength(60);
    // Backfilled history arrives after the incident's posts, with occurredAt before its day.
    const backfill = first.steps.filter((s) => s.phase === 'backfill');
    expect(first.steps.indexOf(backfill[0]!)).toBeGreaterThan(first.steps.indexOf(billing.at(-1)!));
    expect(backfill.flatMap((s) => s.items).every((i) => i.occurredAt < billing[0]!.items[0]!.occurredAt.slice(0, 10))).toBe(true);
    // Every item happened before the clock instant it is posted at.
    const late = first.steps.flatMap((s) => s.items.filter((i) => i.occurredAt > s.at).map((i) => i.externalId));
    expect(late).toEqual([]);
  });

  it('places local wall-clock times in the zone, across a DST change', () => {
    expect(zonedInstant('2026-11-17', 21, 0, 'Europe/Paris').toISOString()).toBe('2026-11-17T20:00:00.000Z');
    expect(zonedInstant('2026-10-14', 15, 30, 'Europe/Paris').toISOString()).toBe('2026-10-14T13:30:00.000Z');
  });
});

describe('classifyEmail', () => {
  it('reads the alert headers of today’s emails and the window their subject names', async () => {
    // Prepare
    const open = eml({
      subject: '[customer-voice] Billing: negative share 100% (threshold 35%) — day 2026-11-17',
      text: 'What customers say:\n> [2026-11-17 09:12] Charged twice!\n> [2026-11-17 09:30] charged   twice\n> Nobody answers\n',
      cc: ['billing-owner@example.com'],
      headers: { 'X-Customer-Voice-Alert-Action': 'open', 'X-Customer-Voice-Alert-Id': 'ALERT#dept#billing#day#Europe/Paris#negative-share#1' },
    });
    const recover = eml({
      subject: '[customer-voice] Back to normal — Billing: volume 3 items (threshold 40) — day 2026-11-09',
      text: 'Back to normal\n',
      headers: { 'X-Customer-Voice-Alert-Action': 'recover', 'X-Customer-Voice-Alert-Id': 'ALERT#journey#billing#day#Europe/Paris#volume-spike#1' },
    });
    const digest = eml({ subject: '[customer-voice] Weekly digest — week of 2026-11-16', text: 'digest\n' });

    // Act
    const [a, r, d] = await Promise.all([classifyEmail(open), classifyEmail(recover), classifyEmail(digest)]);

    // Assess
    expect(a).toMatchObject({ kind: 'incident', style: 'alert', window: '2026-11-17', thread: 'ALERT#dept#billing#day#Europe/Paris#negative-share#1' });
    expect(a.recipients).toEqual(['officer@example.com', 'billing-owner@example.com']);
    expect(a.quotes).toEqual(['Charged twice!', 'charged   twice', 'Nobody answers']);
    expect(duplicateQuotes(a.quotes)).toBe(1);
    expect(r).toMatchObject({ kind: 'recovery', style: 'alert', window: '2026-11-09' });
    expect(d.kind).toBe('digest');
  });

  it('reads #15’s kind and incident headers, the window from the incident id when the subject has none', async () => {
    // Prepare
    const incident = eml({
      subject: '[customer-voice] Billing: 4 rules broken, negative share 100% of 60 items',
      text: '> I was charged twice\n> Nobody answers\n',
      headers: { 'X-Customer-Voice-Kind': 'incident', 'X-Customer-Voice-Incident': 'billing+delivery-2026-11-17' },
    });
    const update = eml({ subject: 'Billing: worse', text: 'x\n', headers: { 'X-Customer-Voice-Kind': 'incident-update', 'X-Customer-Voice-Incident': 'billing-2026-11-17' } });
    const summary = eml({ subject: 'Today', text: 'x\n', headers: { 'X-Customer-Voice-Kind': 'daily-summary' } });

    // Act
    const [i, u, s] = await Promise.all([classifyEmail(incident), classifyEmail(update), classifyEmail(summary)]);

    // Assess
    expect(i).toMatchObject({ kind: 'incident', style: 'kind', thread: 'billing+delivery-2026-11-17', window: '2026-11-17' });
    expect(duplicateQuotes(i.quotes)).toBe(0);
    expect(u).toMatchObject({ kind: 'incident-update', window: '2026-11-17' });
    expect(s.kind).toBe('daily-summary');
    expect(departmentsOfThread(i.thread, DEFAULT_DEPARTMENTS)).toEqual(['billing', 'delivery']);
    expect(departmentsOfThread('ALERT#journey#billing#day#Europe/Paris#volume-spike#1', DEFAULT_DEPARTMENTS)).toEqual(['billing']);
  });
});

describe('tallyAlertEmails', () => {
  it('counts an incident’s emails per recipient, its recovery, and a recovery from an older window as false', () => {
    // Prepare: the billing incident's day is the 16th of the calendar.
    const scenario = alertScenario(15);
    const [billing] = scenario.incidents;
    const day = billing!.days[0]!;
    const timings = [
      { postedAtMs: 1_000, day },
      { postedAtMs: 5_000, day },
      { postedAtMs: 9_000, day: '2026-11-18' },
    ];
    const email = (over: Partial<ObservedEmail>): ObservedEmail => ({
      kind: 'incident', style: 'alert', recipients: ['officer@example.com'], subject: 's', quotes: [], file: 'f', writtenAtMs: 0, step: 0, ...over,
    });
    const emails = [
      email({ thread: 'ALERT#dept#billing#x#1', window: day, writtenAtMs: 2_000, step: stepOf(2_000, timings) }),
      email({ thread: 'ALERT#dept#contact-centre#x#1', window: day, writtenAtMs: 2_500, step: stepOf(2_500, timings) }),
      email({ thread: 'ALERT#dept#product#x#1', window: day, writtenAtMs: 2_600, step: stepOf(2_600, timings) }),
      email({ kind: 'recovery', thread: 'ALERT#dept#billing#x#1', window: '2026-11-09', writtenAtMs: 6_000, step: stepOf(6_000, timings) }),
      email({ kind: 'recovery', thread: 'ALERT#dept#contact-centre#x#1', window: '2026-11-18', writtenAtMs: 9_500, step: stepOf(9_500, timings) }),
    ];

    // Act
    const figures = tallyAlertEmails(emails, scenario, timings, { officer: 'officer@example.com', departments: DEFAULT_DEPARTMENTS });

    // Assess
    expect(figures.incidents[0]).toMatchObject({ emails: 2, emailsPerRecipientMax: 2, emailsToOfficer: 2, recoveries: 1, falseRecoveries: 1 });
    expect(figures.incidents[0]!.latenciesSeconds).toEqual([1, 1.5]);
    expect(figures.strayEmails.count).toBe(1);
    expect(figures.staleWindowEmails).toBe(1);
    expect(figures.latencyP95Seconds).toBe(1.5);
  });
});
