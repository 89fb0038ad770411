import type { Context, ScheduledEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeSendDigestHandler } from '../../functions/handlers/send-digest-handler';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { EmailRejectedError, EmailUnavailableError, type Mailer, type OutgoingEmail } from '../../shared/ports/mailer';
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import { NoTargetsNotifier } from '../../shared/adapters/no-targets-notifier';
import { silentLogger } from '../support/handler-deps';
import { MemoryDeliveryMarkers, MemoryMarkers } from '../support/memory-incidents';
import { briefsConfig, items, OFFICER, recordingMailer, RUN_AT, SHARED_COMPLAINTS, WEEK, weeklyWorld, ZONE } from '../support/briefs';

/** No verbatims, fresh markers, no notification target: the digest alone is under test here. */
const weekly = () => ({ feedback: { verbatims: async () => [] }, markers: new MemoryMarkers(), notifier: new NoTargetsNotifier(), digestMarkers: new MemoryDeliveryMarkers() });

const context = { awsRequestId: 'req', functionName: 'sendDigest' } as unknown as Context;
const monday = { time: '2026-06-15T06:00:00Z' } as ScheduledEvent;

function setup(mailer: Mailer, digestMarkers = new MemoryDeliveryMarkers()) {
  return makeSendDigestHandler({
    aggregates: { series: async () => [], scanAll: async function* () {} },
    departments: DEFAULT_DEPARTMENTS,
    incidents: { list: async () => [] },
    mailer,
    ...weekly(),
    digestMarkers,
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
    expect(result).toEqual({ week: '2026-06-07T22:00:00.000Z', messageId: 'm-1', briefs: 0, recognitionNotes: 0 });
    expect(sent).toHaveLength(1);
    expect(JSON.stringify(sent[0]!.to)).toContain('officer@example.com');
  });

  it('fails the invocation when the email cannot be sent, so the schedule retries and then dead-letters it', async () => {
    // Prepare
    const handler = setup({ send: async () => Promise.reject(new EmailUnavailableError('SES throttled')) });
    // Act / Assess
    await expect(handler(monday, context)).rejects.toBeInstanceOf(EmailUnavailableError);
  });

  it('does not retry an email SES refuses for good (sandbox, unverified identity): logs why, counts it, and ends the invocation', async () => {
    // Prepare
    const errors: { message: string; attributes: unknown }[] = [];
    const counted: [string, string, number][] = [];
    const logger = Object.assign(silentLogger(), { error: (message: string, attributes: unknown) => errors.push({ message, attributes }) });
    const metrics = {
      addMetric: (name: string, unit: string, value: number) => counted.push([name, unit, value]),
      publishStoredMetrics: () => undefined,
      captureColdStartMetric: () => undefined,
      setThrowOnEmptyMetrics: () => undefined,
      setDefaultDimensions: () => undefined,
    } as unknown as Metrics;
    const refusal = new EmailRejectedError('SES refused email <x>: AccessDeniedException: not authorized', 'AccessDeniedException');
    const handler = makeSendDigestHandler({
      aggregates: { series: async () => [], scanAll: async function* () {} },
      departments: DEFAULT_DEPARTMENTS,
      incidents: { list: async () => [] },
      mailer: { send: async () => Promise.reject(refusal) },
      ...weekly(),
      email: { lang: 'en', from: 'customer-voice@example.com', officer: 'officer@example.com' },
      zone: 'Europe/Paris',
      logger: logger as never,
      metrics,
    });
    // Act
    const result = await handler(monday, context);
    // Assess
    expect(result).toEqual({ rejected: 'AccessDeniedException', briefs: 0, recognitionNotes: 0 });
    expect(errors).toEqual([{ message: 'weekly digest refused by SES; not retried', attributes: { code: 'AccessDeniedException', reason: refusal.message } }]);
    expect(counted).toEqual([
      ['DigestEmailsRejected', MetricUnit.Count, 1],
      ['BriefsSent', MetricUnit.Count, 0],
      ['RecognitionNotesSent', MetricUnit.Count, 0],
    ]);
  });
});

describe('makeSendDigestHandler: the weekly briefs and notes after the digest', () => {
  const counting = () => {
    const counted: [string, number][] = [];
    const metrics = {
      addMetric: (name: string, _unit: string, value: number) => counted.push([name, value]),
      publishStoredMetrics: () => undefined,
      captureColdStartMetric: () => undefined,
      setThrowOnEmptyMetrics: () => undefined,
      setDefaultDimensions: () => undefined,
    } as unknown as Metrics;
    return { counted, metrics };
  };
  const world = () => {
    const w = weeklyWorld();
    w.add(items('bd', 12, { departments: ['billing', 'delivery'], sentiment: 'negative', texts: SHARED_COMPLAINTS }));
    return w;
  };
  const handlerOf = (w: ReturnType<typeof weeklyWorld>, mailer: Mailer, extra: { metrics?: Metrics; logger?: ReturnType<typeof silentLogger>; digestMarkers?: MemoryDeliveryMarkers } = {}) =>
    makeSendDigestHandler({
      ...w,
      notifier: new NoTargetsNotifier(),
      digestMarkers: extra.digestMarkers ?? new MemoryDeliveryMarkers(),
      departments: briefsConfig(),
      mailer,
      email: { lang: 'en', from: 'customer-voice@example.com', officer: OFFICER },
      zone: ZONE,
      logger: extra.logger ?? silentLogger(),
      ...(extra.metrics ? { metrics: extra.metrics } : {}),
    });

  it('sends the digest, then the week’s brief, and counts them; Lambda’s retry of the same event (after a timeout) sends nothing again', async () => {
    // Prepare
    const w = world();
    const mailer = recordingMailer();
    const digestMarkers = new MemoryDeliveryMarkers();
    const { counted, metrics } = counting();
    const monday = { id: 'ev-1', time: RUN_AT.toISOString() } as ScheduledEvent;
    // Act
    const first = await handlerOf(w, mailer, { metrics, digestMarkers })(monday, context);
    const retry = await handlerOf(w, mailer, { digestMarkers })(monday, context);
    // Assess
    expect(first).toMatchObject({ week: WEEK, briefs: 2, recognitionNotes: 0 });
    expect(retry).toEqual({ week: WEEK, alreadySent: true, briefs: 0, recognitionNotes: 0 });
    expect(mailer.sent.map((e) => e.headers?.['X-Customer-Voice-Kind'])).toEqual(['digest', 'brief', 'brief']);
    expect(counted).toContainEqual(['BriefsSent', 2]);
  });

  it('sends the digest again on another event of the same week (`digest --week`), and on the retry of a run whose send failed', async () => {
    // Prepare: SES unavailable for the first attempt only.
    const w = world();
    const sent: string[] = [];
    let attempts = 0;
    const mailer: Mailer = {
      send: async (email) => {
        if (++attempts === 1) throw new EmailUnavailableError('SES throttled');
        sent.push(String(email.headers?.['X-Customer-Voice-Kind']));
        return { messageId: `m-${attempts}` };
      },
    };
    const digestMarkers = new MemoryDeliveryMarkers();
    const monday = { id: 'ev-5', time: RUN_AT.toISOString() } as ScheduledEvent;
    // Act
    await expect(handlerOf(w, mailer, { digestMarkers })(monday, context)).rejects.toBeInstanceOf(EmailUnavailableError);
    const retry = await handlerOf(w, mailer, { digestMarkers })(monday, context);
    const rerun = await handlerOf(w, mailer, { digestMarkers })({ id: 'ev-6', time: RUN_AT.toISOString() } as ScheduledEvent, context);
    // Assess: the retry took the lease the failed send gave up; the operator's rerun is a new event.
    expect(retry).toMatchObject({ week: WEEK, messageId: 'm-2', briefs: 2 });
    expect(rerun).toMatchObject({ week: WEEK, messageId: 'm-5', briefs: 0 });
    expect(sent).toEqual(['digest', 'brief', 'brief', 'digest']);
  });

  it('keeps the briefs for the end of the week when the digest is asked for mid-week', async () => {
    // Prepare: Thursday of the brief's week.
    const w = world();
    const mailer = recordingMailer();
    // Act
    const midWeek = await handlerOf(w, mailer)({ id: 'ev-2', time: '2026-12-03T12:00:00Z' } as ScheduledEvent, context);
    const monday = await handlerOf(w, mailer)({ id: 'ev-3', time: RUN_AT.toISOString() } as ScheduledEvent, context);
    // Assess: the week's markers were not spent on Thursday.
    expect(midWeek).toMatchObject({ week: WEEK, briefs: 0 });
    expect(monday).toMatchObject({ week: WEEK, briefs: 2 });
  });

  it('logs and counts a brief that fails, and still answers with the digest (no retry: it would send the digest twice)', async () => {
    // Prepare
    const w = world();
    const mailer = recordingMailer(['billing-uk@example.com']);
    const { counted, metrics } = counting();
    const errors: string[] = [];
    const logger = Object.assign(silentLogger(), { error: (message: string) => errors.push(message) });
    // Act
    const result = await handlerOf(w, mailer, { metrics, logger })({ id: 'ev-4', time: RUN_AT.toISOString() } as ScheduledEvent, context);
    // Assess
    expect(result).toMatchObject({ week: WEEK, briefs: 1 });
    expect(errors).toEqual(['interface briefs failed; not retried (their send markers are taken)']);
    expect(counted).toContainEqual(['WeeklyNotesFailed', 1]);
  });

  it('publishes the digest to the chat and webhook targets (officer-wide, its week as the id) before emailing it', async () => {
    // Prepare
    const { digestNotifier } = await import('../../shared/app/notification-events');
    const order: string[] = [];
    const published: { eventId: string; kind: string; departments: string[]; title: string }[] = [];
    const handler = makeSendDigestHandler({
      aggregates: { series: async () => [], scanAll: async function* () {} },
      departments: DEFAULT_DEPARTMENTS,
      incidents: { list: async () => [] },
      // SES unavailable the first time: the run fails after publishing, and is retried.
      mailer: { send: async () => (order.push('email'), order.length === 2 ? Promise.reject(new EmailUnavailableError('SES throttled')) : { messageId: 'm-1' }) },
      email: { lang: 'en', from: 'customer-voice@example.com', officer: 'officer@example.com' },
      zone: 'Europe/Paris',
      notify: digestNotifier({ publish: async (e) => void (order.push('notify'), published.push(e)) }, { departments: DEFAULT_DEPARTMENTS, lang: 'en', zone: 'Europe/Paris' }),
      ...weekly(),
      logger: silentLogger(),
    });
    // Act: the run, then Lambda's retry.
    await expect(handler(monday, context)).rejects.toBeInstanceOf(EmailUnavailableError);
    await handler(monday, context);
    // Assess: the same id both times, which the delivery deduplicates on.
    expect(order).toEqual(['notify', 'email', 'notify', 'email']);
    expect(published.map((e) => e.eventId)).toEqual(['digest:2026-06-07T22:00:00.000Z', 'digest:2026-06-07T22:00:00.000Z']);
    expect(published[0]).toMatchObject({ kind: 'digest', departments: [] });
    expect(published[0]!.title).toMatch(/^Digest for the week/);
  });
});
