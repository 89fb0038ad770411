import { describe, expect, it } from 'vitest';
import { renderDigestEmail } from '../../shared/app/digest-email';
import { digestRecognition, RecognitionNoteError, sendRecognitionNotes, type RecognitionDeps } from '../../shared/app/send-recognition';
import { buildDigest, type Digest, type DigestScopeInput } from '../../shared/domain/digest';
import { improvementZ, MIN_RECOGNITION_POINTS, RECOGNITION_Z, recognisedDepartments } from '../../shared/domain/recognition';
import { emptyCounters, scoreOf, type Score } from '../../shared/domain/scores';
import { HOSTILE_VERBATIM } from '../support/incidents';
import { briefsConfig, items, OFFICER, recordingMailer, RUN_AT, WEEK, weeklyWorld, ZONE } from '../support/briefs';

const score = (positive: number, negative: number, neutral = 0): Score => scoreOf({ ...emptyCounters(), count: positive + negative + neutral, positive, negative, neutral });
const dept = (id: string, previous: Score, current: Score): DigestScopeInput => ({ id, names: { en: id.toUpperCase(), fr: id.toUpperCase() }, previous, current });
const digestOf = (departments: DigestScopeInput[]) => buildDigest({ weekStart: WEEK, zone: ZONE, departments });

describe('improvementZ', () => {
  it('is the two-sample z of the mean item score (+1, 0, −1): 3.51 for −10 → +30 over 100 items each', () => {
    // mean −0.1, variance 0.69; mean 0.3, variance 0.61; SE √(0.0069 + 0.0061) = 0.1140.
    expect(improvementZ(score(50, 20, 30), score(30, 40, 30))).toBeCloseTo(3.508, 3);
    expect(improvementZ(score(30, 40, 30), score(50, 20, 30))).toBeCloseTo(-3.508, 3);
    expect(improvementZ(score(10, 0), score(0, 10))).toBe(Number.POSITIVE_INFINITY);
    expect(improvementZ(score(0, 0), score(5, 5))).toBe(0);
  });
});

describe('recognisedDepartments', () => {
  it('recognises real progress only: ranked, at least the minimum points, and beyond noise, at most three', () => {
    // Prepare
    const digest = digestOf([
      dept('big', score(30, 40, 30), score(50, 20, 30)), // +40 pts on 100 items: z 3.5
      dept('lucky', score(6, 8, 6), score(9, 6, 5)), // +25 pts on 20 items: z 0.94, noise
      dept('steady', score(400, 100, 500), score(430, 100, 470)), // +3 pts on 1000 items: significant, too small
      dept('small', score(5, 5), score(15, 0)), // 10 and 15 items: below the digest's minimum volume (20)
      dept('second', score(50, 30, 20), score(65, 20, 15)), // +25 pts
      dept('third', score(40, 40, 20), score(55, 30, 15)), // +25 pts, NPS tie: by id
      dept('fourth', score(40, 40, 20), score(52, 30, 18)), // +22 pts
    ]);
    // Act
    const recognised = recognisedDepartments(digest.ranking);
    // Assess
    expect(recognised.map((r) => r.department.id)).toEqual(['big', 'second', 'third']);
    expect(recognised.every((r) => r.z >= RECOGNITION_Z && (r.department.progress ?? 0) >= MIN_RECOGNITION_POINTS)).toBe(true);
    expect(digest.ranking.find((d) => d.id === 'lucky')!.progress).toBe(25);
    expect(digest.ranking.find((d) => d.id === 'steady')!.progress).toBe(3);
  });
});

/** Billing improved beyond noise this week (8 → 40 positive of 50), delivery too, sales (opted out) most of all. */
function improvingWeek() {
  const world = weeklyWorld();
  world.add(items('b-old-pos', 10, { departments: ['billing'], sentiment: 'positive', weeksBefore: 1 }));
  world.add(items('b-old-neg', 30, { departments: ['billing'], sentiment: 'negative', weeksBefore: 1 }));
  world.add(items('b-pos', 40, { departments: ['billing'], sentiment: 'positive', texts: ['Remboursement reçu en deux jours, merci !', 'Invoice finally correct, thank you.', 'Remboursement reçu en deux jours, merci !!', HOSTILE_VERBATIM, 'Clear bill, easy payment.'] }));
  world.add(items('b-neg', 10, { departments: ['billing'], sentiment: 'negative' }));
  world.add(items('s-old', 30, { departments: ['sales'], sentiment: 'negative', weeksBefore: 1 }));
  world.add(items('s-pos', 30, { departments: ['sales'], sentiment: 'positive', texts: ['Great salesperson'] }));
  world.add(items('d-old', 25, { departments: ['delivery'], sentiment: 'negative', weeksBefore: 1 }));
  world.add(items('d-old-pos', 25, { departments: ['delivery'], sentiment: 'positive', weeksBefore: 1 }));
  world.add(items('d-pos', 40, { departments: ['delivery'], sentiment: 'positive', texts: ['Livré à l’heure'] }));
  world.add(items('d-neg', 10, { departments: ['delivery'], sentiment: 'negative' }));
  return world;
}

async function digestFor(world: ReturnType<typeof weeklyWorld>): Promise<Digest> {
  const config = briefsConfig();
  const week = async (id: string, weeksBefore: number) => {
    const rows = await world.aggregates.series(`DEPT#${id}#week#${ZONE}`, new Date(0), new Date('2100-01-01'));
    const start = new Date(Date.parse(WEEK) - weeksBefore * 7 * 86_400_000);
    return scoreOf(rows.find((r) => Date.parse(r.window) === start.getTime())?.counters ?? emptyCounters());
  };
  const departments = await Promise.all(config.departments.map(async (d) => ({ id: d.id, names: d.names, current: await week(d.id, 0), previous: await week(d.id, 1) })));
  const digest = buildDigest({ weekStart: WEEK, zone: ZONE, departments });
  digest.recognition = await digestRecognition(digest, world.feedback);
  return digest;
}

function deps(world: ReturnType<typeof weeklyWorld>, mailer = recordingMailer()): RecognitionDeps {
  return { ...world, mailer, departments: briefsConfig(), email: { lang: 'fr', from: 'customer-voice@example.com', dashboardUrl: 'https://dash.example.com' }, zone: ZONE, now: () => RUN_AT };
}

describe('digest recognition', () => {
  it('opens the digest with the most improved department and distinct positive words of its customers', async () => {
    // Prepare
    const digest = await digestFor(improvingWeek());
    // Act
    const email = renderDigestEmail(digest, { lang: 'en', from: 'customer-voice@example.com', officer: OFFICER, departments: briefsConfig(), zone: ZONE });
    // Assess: sales (+100) leads, the opening is above the ranking; three distinct quotes (the near-copy left out).
    expect(digest.recognition!.recognised.map((r) => r.department.id)).toEqual(['sales', 'billing', 'delivery']);
    const body = email.text.slice(email.text.indexOf('Most improved this week'));
    expect(email.text.indexOf('Most improved this week')).toBeLessThan(email.text.indexOf('Ranking by progress'));
    expect(body).toContain('Sales: sentiment index -100 → 100 (+200 pts) over 30 items');
    expect(body).toContain('Also clearly improving: Billing (+110 pts), Delivery (+60 pts).');
    expect(body).toContain('- “Great salesperson”');
    expect(email.html).not.toContain('<img');
  });

  it('says so when no department improved beyond noise', async () => {
    const digest = digestOf([dept('lucky', score(6, 8, 6), score(9, 6, 5))]);
    digest.recognition = await digestRecognition(digest, weeklyWorld().feedback);
    const email = renderDigestEmail(digest, { lang: 'fr', from: 'customer-voice@example.com', officer: OFFICER, departments: briefsConfig(), zone: ZONE });
    expect(email.text).toContain('Aucun département n’a progressé au-delà des variations ordinaires cette semaine');
  });
});

describe('sendRecognitionNotes', () => {
  it('thanks the owners of the recognised departments in their language, once a week, and never a department that opted out', async () => {
    // Prepare
    const world = improvingWeek();
    const digest = await digestFor(world);
    const mailer = recordingMailer();
    // Act
    const outcome = await sendRecognitionNotes(deps(world, mailer), digest);
    const again = await sendRecognitionNotes(deps(world, mailer), digest);
    // Assess: billing's owners in French and English, delivery's in French; sales opted out.
    expect(outcome.skipped).toEqual([{ department: 'sales', reason: 'opted-out' }]);
    expect(mailer.sent.map((e) => [e.to, e.headers?.['X-Customer-Voice-Kind']])).toEqual([
      [['billing-owner@example.com'], 'recognition'],
      [['billing-uk@example.com'], 'recognition'],
      [['delivery@example.com'], 'recognition'],
    ]);
    expect(again.sent).toEqual([]);
    expect(again.alreadySent).toHaveLength(3);
    const [fr, en] = mailer.sent;
    expect(fr!.subject).toBe('[customer-voice] Bravo : Facturation progresse de +110 pts — semaine du 2026-11-30');
    expect(en!.text).toContain('Billing’s sentiment index went from -50 to 60 (+110 points) in the week of 2026-11-30: 50 items, against 40 the week before.');
    expect(en!.text.match(/^> /gm)).toHaveLength(3);
    expect(en!.text).not.toContain('jean.dupont@gmail.com');
    expect(en!.text).toContain('https://dash.example.com/departments/billing');
    // Delivery's words are its own, read for its note.
    expect(mailer.sent[2]!.text).toContain('Livré à l’heure');
  });

  it('reports a note that could not be sent and still sends the others', async () => {
    const world = improvingWeek();
    const digest = await digestFor(world);
    const mailer = recordingMailer(['billing-uk@example.com']);
    const error = await sendRecognitionNotes(deps(world, mailer), digest).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RecognitionNoteError);
    expect((error as RecognitionNoteError).failures.map((f) => f.department)).toEqual(['billing']);
    expect(mailer.sent.map((e) => e.to)).toEqual([['billing-owner@example.com'], ['delivery@example.com']]);
  });
});
