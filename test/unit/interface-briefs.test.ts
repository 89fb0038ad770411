import { describe, expect, it } from 'vitest';
import { NoTargetsNotifier } from '../../shared/adapters/no-targets-notifier';
import { InterfaceBriefError, sendInterfaceBriefs, type InterfaceBriefDeps } from '../../shared/app/send-interface-briefs';
import { activeHotspots, briefAudiences, hotspotBriefMinOf, journeysInvolved, type PairWeek } from '../../shared/domain/interface-briefs';
import { parseDepartmentsConfig } from '../../shared/domain/departments/schema';
import type { NotificationEvent } from '../../shared/domain/notifications/contract';
import { emptyCounters, scoreOf } from '../../shared/domain/scores';
import { billingIncident } from '../support/incidents';
import { briefsConfig, items, OFFICER, recordingMailer, RUN_AT, SHARED_COMPLAINTS, WEEK, weeklyWorld, ZONE } from '../support/briefs';

const week = (negative: number) => ({ window: WEEK, score: scoreOf({ ...emptyCounters(), count: negative, negative }) });
const pair = (id: string, negative: number, incident = false): PairWeek => ({ id, weeks: [week(negative)], openIncident: incident ? { id: `${id}-2026-12-01`, openedAt: '2026-12-01T10:00:00.000Z' } : null });

describe('activeHotspots', () => {
  it('briefs a pair with an open incident or at least its threshold of shared negative items, the lower of its two departments’ thresholds', () => {
    // Prepare: sales brings its pairs' threshold down to 4; the default is 10.
    const config = briefsConfig();
    // Act
    const hot = activeHotspots([pair('billing+delivery', 10), pair('billing+support', 9), pair('delivery+support', 0, true), pair('billing+sales', 4), pair('delivery+sales', 3)], config);
    // Assess: most shared items first; 9 < 10 is not a hotspot; an open incident is one whatever the count.
    expect(hot.map((h) => [h.id, h.reasons, h.threshold])).toEqual([
      ['billing+delivery', ['volume'], 10],
      ['billing+sales', ['volume'], 4],
      ['delivery+support', ['incident'], 10],
    ]);
    expect(hotspotBriefMinOf('sales+support', config)).toBe(4);
    expect(hot[0]!.departments).toEqual(['billing', 'delivery']);
  });
});

describe('briefAudiences', () => {
  it('groups the owners of both departments by language, each once, with the officer in copy of the email in their language', () => {
    // Act
    const audiences = briefAudiences('billing+delivery', briefsConfig(), OFFICER, 'fr');
    // Assess: billing-owner (mail language fr) and delivery (fr) share one email; billing-uk reads English.
    expect(audiences).toEqual([
      { lang: 'fr', to: ['billing-owner@example.com', 'delivery@example.com'], cc: [OFFICER] },
      { lang: 'en', to: ['billing-uk@example.com'], cc: [] },
    ]);
  });

  it('copies the officer on the first email when no owner reads their language, never twice when they own a department, and alone without owners', () => {
    const config = parseDepartmentsConfig(
      JSON.stringify({
        departments: [
          { id: 'a', names: { en: 'A', fr: 'A' }, owners: [{ email: 'a@example.com', lang: 'fr' }, 'Both@Example.com'] },
          { id: 'b', names: { en: 'B', fr: 'B' }, owners: ['both@example.com'] },
          { id: 'c', names: { en: 'C', fr: 'C' } },
          { id: 'd', names: { en: 'D', fr: 'D' } },
        ],
      }),
    );
    expect(briefAudiences('a+b', config, 'cco@example.com', 'en')).toEqual([
      { lang: 'fr', to: ['a@example.com'], cc: [] },
      { lang: 'en', to: ['Both@Example.com'], cc: ['cco@example.com'] },
    ]);
    const allFrench = parseDepartmentsConfig(
      JSON.stringify({ departments: ['a', 'b'].map((id) => ({ id, names: { en: id, fr: id }, owners: [{ email: `${id}@example.com`, lang: 'fr' }] })) }),
    );
    expect(briefAudiences('a+b', allFrench, 'cco@example.com', 'en')).toEqual([{ lang: 'fr', to: ['a@example.com', 'b@example.com'], cc: ['cco@example.com'] }]);
    expect(briefAudiences('a+c', config, 'a@example.com', 'fr')).toEqual([{ lang: 'fr', to: ['a@example.com', 'Both@Example.com'], cc: [] }]);
    expect(briefAudiences('c+d', config, ['cco@example.com'], 'en')).toEqual([{ lang: 'en', to: ['cco@example.com'], cc: [] }]);
  });
});

describe('journeysInvolved', () => {
  it('counts each journey once per item, most frequent first', () => {
    const j = (...ids: string[]) => ({ journeys: ids.map((id) => ({ id })) });
    expect(journeysInvolved([j('delivery', 'billing'), j('delivery', 'delivery'), j(), j('billing'), j('delivery')])).toEqual([
      { id: 'delivery', items: 3 },
      { id: 'billing', items: 2 },
    ]);
  });
});

function deps(world: ReturnType<typeof weeklyWorld>, mailer = recordingMailer(), events: NotificationEvent[] = []): InterfaceBriefDeps {
  return {
    ...world,
    mailer,
    notifier: { publish: async (e) => void events.push(e) },
    departments: briefsConfig(),
    email: { lang: 'fr', from: 'customer-voice@example.com', officer: OFFICER, dashboardUrl: 'https://dash.example.com' },
    zone: ZONE,
    now: () => RUN_AT,
  };
}

/** Twelve shared negative items billing × delivery this week (3 the week before), three billing × support, one open incident delivery × support. */
async function hotWeek() {
  const world = weeklyWorld();
  world.add(items('bd', 12, { departments: ['billing', 'delivery'], sentiment: 'negative', journeys: ['delivery'], texts: SHARED_COMPLAINTS }));
  world.add(items('bd-pos', 4, { departments: ['billing', 'delivery'], sentiment: 'positive', texts: ['Tout est parfait, merci'] }));
  world.add(items('bd-old', 3, { departments: ['billing', 'delivery'], sentiment: 'negative', weeksBefore: 1 }));
  world.add(items('bs', 3, { departments: ['billing', 'support'], sentiment: 'negative' }));
  world.add(items('b', 30, { departments: ['billing'], sentiment: 'negative' }));
  await world.incidents.put({ ...billingIncident(), id: 'delivery+support-2026-12-01', scope: { pair: ['delivery', 'support'] }, status: 'open', version: 1 });
  return world;
}

describe('sendInterfaceBriefs', () => {
  it('sends one brief per active pair to the owners of both departments in their language, the officer in copy, and hands each pair to the notifier once', async () => {
    // Prepare
    const world = await hotWeek();
    const mailer = recordingMailer();
    const events: NotificationEvent[] = [];
    // Act
    const outcome = await sendInterfaceBriefs(deps(world, mailer, events));
    // Assess: billing × delivery (12 ≥ 10) and delivery × support (open incident); not billing × support (3).
    expect(outcome.week).toBe(WEEK);
    expect(outcome.hotspots).toEqual(['billing+delivery', 'delivery+support']);
    expect(mailer.sent.map((e) => [e.to, e.cc ?? [], e.headers?.['X-Customer-Voice-Kind']])).toEqual([
      [['billing-owner@example.com', 'delivery@example.com'], [OFFICER], 'brief'],
      [['billing-uk@example.com'], [], 'brief'],
      [['delivery@example.com', 'support@example.com'], [OFFICER], 'brief'],
    ]);
    const [fr, en] = mailer.sent;
    // Both departments named, the shared count, the journeys, five DISTINCT verbatims (the near-copy left out).
    expect(fr!.subject).toBe('[customer-voice] Point d’interface — Facturation × Livraison — semaine du 2026-11-30 : 12 avis négatifs en commun');
    expect(en!.text).toContain('To the owners of Billing and of Delivery');
    expect(en!.text).toContain('Delivery: 12 of 12 shared negative items read');
    expect(en!.text.match(/^> /gm)).toHaveLength(5);
    expect(en!.text).toContain('The aim is to understand the hand-off, not to find who is at fault');
    expect(en!.text).not.toMatch(/blame|fault of|responsible for the problem/i);
    expect(en!.text).toContain('https://dash.example.com/interfaces');
    // Only the shared negative items of the week were read (positive ones and last week's left out).
    expect(world.feedback.reads[0]).toMatchObject({ department: 'billing', from: WEEK, filter: { alsoDepartment: 'delivery', sentiment: 'negative' } });
    expect(en!.text).not.toContain('Tout est parfait');
    // The trend: eight weeks, last week's 3 and this week's 12.
    expect(en!.text).toMatch(/wk 23 Nov\s+#+\s+3\n/);
    expect(en!.text).toMatch(/wk 30 Nov\s+#+\s+12 \*/);
    // The incident pair names its incident in a header, not in the subject.
    expect(mailer.sent[2]!.headers?.['X-Customer-Voice-Incident']).toBe('delivery+support-2026-12-01');
    expect(mailer.sent[2]!.subject).not.toContain('2026-12-01');
    expect(events.map((e) => [e.kind, e.eventId, e.departments, e.lang])).toEqual([
      ['brief', `brief#${WEEK}#billing+delivery`, ['billing', 'delivery'], 'fr'],
      ['brief', `brief#${WEEK}#delivery+support`, ['delivery', 'support'], 'fr'],
    ]);
    expect(events[0]!.verbatims).toHaveLength(5);
    expect(JSON.stringify(events[0])).not.toContain('jean.dupont@gmail.com');
  });

  it('sends nothing the second time in the same week, nor when a retry runs beside it', async () => {
    // Prepare
    const world = await hotWeek();
    const mailer = recordingMailer();
    const events: NotificationEvent[] = [];
    await sendInterfaceBriefs(deps(world, mailer, events));
    // Act: the same week again, twice at once.
    const [again, retry] = await Promise.all([sendInterfaceBriefs(deps(world, mailer, events)), sendInterfaceBriefs(deps(world, mailer, events))]);
    // Assess
    expect(mailer.sent).toHaveLength(3);
    expect(events).toHaveLength(2);
    expect([...again.sent, ...retry.sent]).toEqual([]);
    expect(again.alreadySent).toHaveLength(3);
  });

  it('still sends the other briefs when one email fails, reports the failure, and does not send it twice on a rerun', async () => {
    // Prepare
    const world = await hotWeek();
    const mailer = recordingMailer(['billing-uk@example.com']);
    // Act
    const error = await sendInterfaceBriefs(deps(world, mailer)).catch((e: unknown) => e);
    // Assess
    expect(error).toBeInstanceOf(InterfaceBriefError);
    expect((error as InterfaceBriefError).failures.map((f) => [f.pair, f.what])).toEqual([['billing+delivery', 'email (en)']]);
    expect((error as InterfaceBriefError).outcome.sent).toHaveLength(2);
    await sendInterfaceBriefs(deps(world, recordingMailer()));
    expect(mailer.sent).toHaveLength(2);
  });

  it('sends nothing in a quiet week', async () => {
    const world = weeklyWorld();
    world.add(items('bd', 9, { departments: ['billing', 'delivery'], sentiment: 'negative' }));
    const mailer = recordingMailer();
    expect(await sendInterfaceBriefs({ ...deps(world, mailer), notifier: new NoTargetsNotifier() })).toMatchObject({ hotspots: [], sent: [] });
    expect(mailer.sent).toEqual([]);
  });
});
