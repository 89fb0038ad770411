import { describe, expect, it } from 'vitest';
import { dayInjectedCountReaches, topicStream } from '../../cli/bench/topics/stream';
import { STREAM_DEPARTMENTS } from '../../cli/bench/topics/stream-texts';
import { attributorFor } from '../../shared/app/attribute';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { FeedbackInputSchema } from '../../shared/domain/feedback';

const attribute = attributorFor(DEFAULT_DEPARTMENTS);
const departmentsOf = (text: string, lang: string) =>
  attribute({ text, lang, source: { channel: 'api', provider: 'bench' } })
    .departments.map((d) => d.id)
    .sort();

describe('topicStream', () => {
  const stream = topicStream();

  it('gives the same items, ids and instants for the same seed, other items for another seed', () => {
    const again = topicStream();
    expect(again.items).toEqual(stream.items);
    expect(new Set(stream.items.map((x) => x.item.externalId)).size).toBe(stream.items.length);
    expect(topicStream({ seed: 21 }).items.slice(0, 50).map((x) => x.item.text)).not.toEqual(stream.items.slice(0, 50).map((x) => x.item.text));
  });

  it('makes valid API items over eight calendar weeks, oldest first, French and English', () => {
    expect(stream.days).toHaveLength(56);
    expect(new Date(`${stream.days[0]}T12:00:00Z`).getUTCDay()).toBe(1);
    for (const { item } of stream.items) expect(FeedbackInputSchema.safeParse(item).success, JSON.stringify(item)).toBe(true);
    const times = stream.items.map((x) => x.item.occurredAt);
    expect(times).toEqual([...times].sort());
    const french = stream.items.filter((x) => x.item.lang === 'fr').length / stream.items.length;
    expect(french).toBeGreaterThan(0.55);
    expect(french).toBeLessThan(0.65);
    // Every department, every week, both languages.
    for (let w = 0; w < 8; w++) {
      const week = new Set(stream.days.slice(w * 7, w * 7 + 7));
      for (const d of STREAM_DEPARTMENTS) {
        const langs = new Set(stream.items.filter((x) => x.truth.department === d && week.has(x.truth.day)).map((x) => x.item.lang));
        expect([...langs].sort(), `${d} week ${w}`).toEqual(['en', 'fr']);
      }
    }
  });

  it('is attributed by the default configuration as the generator meant: each theme to its department, the unassigned themes to none', () => {
    const wrong: string[] = [];
    for (const { item, truth } of stream.items) {
      const got = departmentsOf(item.text, item.lang);
      // The injected complaint names the app and the payment: digital, and billing as well (as the real text would be).
      const ok = truth.injected ? got.includes('digital') : got.length === 1 && got[0] === truth.department;
      if (!ok) wrong.push(`${truth.department}/${truth.theme}: ${item.text} → ${got.join(',')}`);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it('keeps about 13 % of the traffic unassigned, a third of it about things one department already talks about', () => {
    const unassigned = stream.items.filter((x) => x.truth.department === 'unassigned');
    expect(unassigned.length / stream.items.length).toBeGreaterThan(0.11);
    expect(unassigned.length / stream.items.length).toBeLessThan(0.15);
    const routable = unassigned.filter((x) => x.truth.belongsTo).length / unassigned.length;
    expect(routable).toBeGreaterThan(0.4);
    expect(routable).toBeLessThan(0.65);
  });

  it('injects the new theme into one department only, from the given day, at about 3 % of its traffic', () => {
    const injected = stream.items.filter((x) => x.truth.injected);
    expect(injected.every((x) => x.truth.department === 'digital' && x.truth.day >= stream.injection.day)).toBe(true);
    const digitalSince = stream.items.filter((x) => x.truth.department === 'digital' && x.truth.day >= stream.injection.day);
    expect(injected.length / digitalSince.length).toBeGreaterThan(0.02);
    expect(injected.length / digitalSince.length).toBeLessThan(0.04);
    const reaches15 = dayInjectedCountReaches(stream, 15)!;
    expect(reaches15 > stream.injection.day).toBe(true);
    expect(reaches15 < stream.days.at(-1)!).toBe(true);
    expect(dayInjectedCountReaches(stream, 10_000)).toBeUndefined();
  });
});
