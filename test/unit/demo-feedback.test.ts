import { describe, expect, it } from 'vitest';
import { DEMO_STORY, generateDemoFeedback, loadDemoTemplates } from '../../cli/demo/demo-feedback';
import { attributorFor } from '../../shared/app/attribute';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { FeedbackInputSchema, MAX_ITEMS_PER_REQUEST } from '../../shared/domain/feedback';

const attribute = attributorFor(DEFAULT_DEPARTMENTS);
const departmentsOf = (text: string, lang: string) =>
  attribute({ text, lang, source: { channel: 'api', provider: 'demo' } })
    .departments.map((d) => d.id)
    .sort();
const NOW = new Date('2026-12-02T15:00:00Z');
const ZONE = 'Europe/Paris';

describe('the demo templates', () => {
  it('are attributed by the default configuration to exactly the departments they are written for', async () => {
    for (const t of await loadDemoTemplates()) expect(departmentsOf(t.text, t.lang), t.text).toEqual([...t.departments].sort());
  });

  it('cover every default department in French and English, praise and complaint', async () => {
    const templates = await loadDemoTemplates();
    for (const d of DEFAULT_DEPARTMENTS.departments) {
      for (const tone of ['positive', 'negative'] as const) {
        const langs = new Set(templates.filter((t) => t.departments.length === 1 && t.departments[0] === d.id && t.tone === tone).map((t) => t.lang));
        expect([...langs].sort(), `${d.id} ${tone}`).toEqual(['en', 'fr']);
        // Survey answers carry the ratings: without both tones a department's NPS would be all one way.
        expect(templates.some((t) => t.departments.length === 1 && t.departments[0] === d.id && t.tone === tone && t.via === 'survey'), `${d.id} ${tone} survey`).toBe(true);
      }
    }
  });
});

describe('generateDemoFeedback', () => {
  it('gives the same items and ids for the same seed, only the dates follow now', async () => {
    const templates = await loadDemoTemplates();
    const a = generateDemoFeedback(templates, { now: NOW, zone: ZONE });
    const b = generateDemoFeedback(templates, { now: new Date(NOW.getTime() + 3 * 86_400_000), zone: ZONE });
    expect(a.map((i) => [i.externalId, i.text, i.ratings])).toEqual(b.map((i) => [i.externalId, i.text, i.ratings]));
    expect(new Set(a.map((i) => i.externalId)).size).toBe(a.length);
    expect(generateDemoFeedback(templates, { now: NOW, zone: ZONE, seed: 9 }).map((i) => i.text)).not.toEqual(a.map((i) => i.text));
  });

  it('makes valid API items spread over the last eight weeks, none in the future', async () => {
    const items = generateDemoFeedback(await loadDemoTemplates(), { now: NOW, zone: ZONE });
    for (const item of items) expect(FeedbackInputSchema.safeParse(item).success, JSON.stringify(item)).toBe(true);
    const times = items.map((i) => Date.parse(i.occurredAt!));
    expect(Math.max(...times)).toBeLessThanOrEqual(NOW.getTime());
    expect(Math.min(...times)).toBeGreaterThanOrEqual(NOW.getTime() - 8 * 7 * 86_400_000 - 86_400_000);
    expect(items.length).toBeGreaterThan(8 * 8 * 20);
    // The last week is this calendar week in the zone (Monday 30 November in Paris), so the
    // overview's default period shows it; every department has the volume to be ranked there.
    const thisWeek = items.filter((i) => i.externalId!.startsWith('demo-w7-'));
    for (const i of thisWeek) expect(Date.parse(i.occurredAt!)).toBeGreaterThanOrEqual(Date.parse('2026-11-29T23:00:00Z'));
    for (const d of DEFAULT_DEPARTMENTS.departments) expect(thisWeek.filter((i) => i.externalId!.includes(`-${d.id}-`)).length, d.id).toBeGreaterThanOrEqual(20);
    const weekBefore = items.filter((i) => i.externalId!.startsWith('demo-w6-'));
    for (const i of weekBefore) expect(Date.parse(i.occurredAt!)).toBeLessThan(Date.parse('2026-11-29T23:00:00Z'));
    expect(items.length / MAX_ITEMS_PER_REQUEST).toBeLessThan(25);
  });

  it('tells the story: one department improving, one slipping, a recurring pair, one journey carrying most complaints', async () => {
    const templates = await loadDemoTemplates();
    const byText = new Map(templates.map((t) => [t.text, t]));
    const items = generateDemoFeedback(templates, { now: NOW, zone: ZONE });
    const weekOf = (i: { externalId?: string }) => Number(/^demo-w(\d)-/.exec(i.externalId!)![1]);
    const negativeShare = (department: string, weeks: number[]) => {
      const mine = items.filter((i) => weeks.includes(weekOf(i)) && byText.get(i.text)!.departments.includes(department));
      return mine.filter((i) => byText.get(i.text)!.tone === 'negative').length / mine.length;
    };
    expect(negativeShare(DEMO_STORY.improving, [6, 7])).toBeLessThan(negativeShare(DEMO_STORY.improving, [0, 1]) - 0.25);
    expect(negativeShare(DEMO_STORY.slipping, [6, 7])).toBeGreaterThan(negativeShare(DEMO_STORY.slipping, [0, 1]) + 0.2);
    for (let w = 0; w < DEMO_STORY.weeks; w++) {
      const shared = items.filter((i) => weekOf(i) === w && byText.get(i.text)!.departments.length === 2);
      expect(shared.length, `week ${w}`).toBeGreaterThanOrEqual(3);
      for (const i of shared) expect(departmentsOf(i.text, i.lang!)).toEqual([...DEMO_STORY.pair].sort());
    }
    const negativesByJourney = new Map<string, number>();
    for (const i of items.filter((x) => byText.get(x.text)!.tone === 'negative')) {
      for (const j of attribute({ text: i.text, lang: i.lang, source: { channel: 'api', provider: 'demo' } }).journeys) negativesByJourney.set(j.id, (negativesByJourney.get(j.id) ?? 0) + 1);
    }
    const ranked = [...negativesByJourney].sort((x, y) => y[1] - x[1]);
    expect(ranked[0]![0]).toBe(DEMO_STORY.heaviestJourney);
  });
});
