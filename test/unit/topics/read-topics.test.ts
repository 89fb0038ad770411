import { describe, expect, it } from 'vitest';
import { EMERGING_LOOKBACK, MAX_EXAMINED_FOR_EXAMPLES, readTopics, type EmergingDetector, type ReadTopicsDeps } from '../../../shared/app/topics/read-topics';
import { ForbiddenError, InvalidRequestError, NotFoundError } from '../../../shared/domain/failures';
import { TopicsResponseSchema, type EmergingTopic, type TopicEntry, type TopicScope } from '../../../shared/domain/topics/contract';
import type { Verbatim, VerbatimFilter } from '../../../shared/ports/stores';
import { DASHBOARD_CONFIG, NOW, officer, owner, PARIS } from '../../support/dashboard-world';
import { MemoryTopicSummaries } from '../../support/memory-topic-summaries';
import { syntheticTopicStream } from '../../support/synthetic-topic-stream';

/** Paris weeks (Monday midnight): the one holding NOW, the one before, three before. */
const THIS_WEEK = '2026-03-08T23:00:00.000Z';
const LAST_WEEK = '2026-03-01T23:00:00.000Z';
const EARLIER_WEEK = '2026-02-15T23:00:00.000Z';
const BILLING: TopicScope = { kind: 'dept', id: 'billing' };
const THIS_WEEK_QUERY = { department: 'billing', from: '2026-03-09T00:00:00+01:00', to: NOW.toISOString() };

const entry = (key: string, phrase: string, count: number, negative: number, error = 0): TopicEntry => ({ key, phrase, count, negative, error });
const verbatim = (id: string, minutesAgo: number, keys: string[], text = `avis ${id}`): Verbatim => ({
  id,
  occurredAt: new Date(NOW.getTime() - minutesAgo * 60_000).toISOString(),
  text,
  lang: 'fr',
  sentiment: 'negative',
  departments: [{ id: 'billing', reason: 'keyword:facture' }],
  journeys: [],
  channel: 'email',
  topics: keys.map((key) => ({ key, phrase: key })),
  customerKey: 'salted-hash-stays-inside',
});

/** Billing: this week factur 12 (9 negative, error 1), prelev 12 (2), colis 5; last week factur 6, prelev 12; three weeks ago factur 40. */
function world(verbatims: Verbatim[] = []) {
  const summaries = new MemoryTopicSummaries()
    .put(BILLING, 'week', [{
      window: THIS_WEEK,
      items: 30,
      negativeItems: 12,
      entries: [entry('prelev', 'prélevé', 12, 2), entry('factur', 'facture', 12, 9, 1), entry('colis', 'colis', 5, 1)],
    }])
    .put(BILLING, 'week', [{ window: LAST_WEEK, items: 25, negativeItems: 5, entries: [entry('factur', 'factures', 6, 3), entry('prelev', 'prélèvement', 12, 0)] }])
    .put(BILLING, 'week', [{ window: EARLIER_WEEK, items: 50, negativeItems: 30, entries: [entry('factur', 'facture', 40, 30)] }])
    .put(BILLING, 'day', [{ window: '2026-03-09T23:00:00.000Z', items: 10, negativeItems: 4, entries: [entry('factur', 'facture', 4, 4)] }])
    .put(BILLING, 'day', [{ window: '2026-03-08T23:00:00.000Z', items: 8, negativeItems: 2, entries: [entry('factur', 'facture', 2, 2), entry('colis', 'colis', 3, 0)] }])
    .put({ kind: 'unassigned' }, 'week', [{ window: THIS_WEEK, items: 4, negativeItems: 1, entries: [entry('appli plant', 'appli plante', 4, 1)] }]);
  const calls: { department: string; from: Date; to: Date; limit: number; filter?: VerbatimFilter }[] = [];
  const reads: { scope: TopicScope; granularity: string; from: Date; to: Date }[] = [];
  const deps: ReadTopicsDeps = {
    topics: {
      windows: (scope, granularity, from, to) => {
        reads.push({ scope, granularity, from, to });
        return summaries.windows(scope, granularity, from, to);
      },
    },
    store: {
      verbatims: async (department, from, to, limit, filter) => {
        calls.push({ department, from, to, limit, ...(filter ? { filter } : {}) });
        return verbatims.filter((v) => !filter?.topics || (v.topics ?? []).some((t) => filter.topics!.includes(t.key)));
      },
    },
    departments: DASHBOARD_CONFIG,
    timeZone: PARIS,
    now: () => NOW,
  };
  return { deps, reads, calls };
}

describe('readTopics', () => {
  it('merges the range, ranks topics, and gives negative share and change against the range before', async () => {
    const { deps, reads } = world();
    const r = TopicsResponseSchema.parse(await readTopics({ viewer: officer() }, THIS_WEEK_QUERY, deps));
    expect(r).toMatchObject({ department: 'billing', from: THIS_WEEK, to: NOW.toISOString(), granularity: 'week' });
    // factur 12 (9 negative) ties prelev 12 (2 negative): the more negative first.
    expect(r.topics.map((t) => [t.topic, t.count, t.negative, t.negativeShare, t.change])).toEqual([
      ['factur', 12, 9, 0.75, 1],
      ['prelev', 12, 2, 0.1667, 0],
      ['colis', 5, 1, 0.2, null],
    ]);
    expect(r.topics[1]!.phrases).toEqual(['prélevé']);
    expect(r.maxError).toBe(1);
    expect(r.topics.every((t) => t.emerging === null)).toBe(true);
    // One read: the range, the range before it and the emerging baseline together.
    expect(reads).toHaveLength(1);
    expect(reads[0]!.scope).toEqual(BILLING);
    expect((new Date(THIS_WEEK).getTime() - reads[0]!.from.getTime()) / 86_400_000).toBeCloseTo(7 * EMERGING_LOOKBACK.week, 0);
  });

  it('reads local days when asked, and the last four weeks by default', async () => {
    const { deps } = world();
    const days = await readTopics({ viewer: officer() }, { ...THIS_WEEK_QUERY, granularity: 'day' }, deps);
    expect(days.topics.map((t) => [t.topic, t.count])).toEqual([
      ['factur', 6],
      ['colis', 3],
    ]);
    const byDefault = await readTopics({ viewer: officer() }, { department: 'billing' }, deps);
    expect(byDefault.from).toBe('2026-02-15T23:00:00.000Z');
    // Surface phrases of every window, the most counted first.
    expect(byDefault.topics[0]).toMatchObject({ topic: 'factur', count: 58, phrases: ['facture', 'factures'] });
    expect(byDefault.topics[1]).toMatchObject({ topic: 'prelev', count: 24, phrases: ['prélevé', 'prélèvement'] });
  });

  it('keeps `limit` topics', async () => {
    const { deps } = world();
    const r = await readTopics({ apiKey: true }, { ...THIS_WEEK_QUERY, limit: '2' }, deps);
    expect(r.topics.map((t) => t.topic)).toEqual(['factur', 'prelev']);
  });

  it('picks up to three redacted examples per topic, newest first, from one bounded read of the range', async () => {
    const { deps, calls } = world([
      verbatim('v1', 10, ['factur', 'prelev'], 'Facture fausse, prélevé deux fois, écrire à [EMAIL]'),
      verbatim('v2', 20, ['factur']),
      verbatim('v3', 30, ['factur']),
      verbatim('v4', 40, ['factur']),
      verbatim('v5', 50, ['autre']),
    ]);
    const r = await readTopics({ viewer: officer() }, THIS_WEEK_QUERY, deps);
    const byTopic = Object.fromEntries(r.topics.map((t) => [t.topic, t.examples]));
    expect(byTopic.factur!.map((e) => e.id)).toEqual(['v1', 'v2', 'v3']);
    expect(byTopic.prelev).toEqual([{ id: 'v1', text: 'Facture fausse, prélevé deux fois, écrire à [EMAIL]', occurredAt: new Date(NOW.getTime() - 600_000).toISOString() }]);
    expect(byTopic.colis).toEqual([]);
    expect(JSON.stringify(r)).not.toContain('salted-hash');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ department: 'billing', filter: { topics: ['factur', 'prelev', 'colis'], maxExamined: MAX_EXAMINED_FOR_EXAMPLES } });
    expect(calls[0]!.from.toISOString()).toBe(THIS_WEEK);
  });

  it('reads no verbatims when the range has no topics', async () => {
    const { deps, calls } = world();
    const r = await readTopics({ viewer: officer() }, { department: 'it' }, deps);
    expect(r.topics).toEqual([]);
    expect(r.maxError).toBe(0);
    expect(calls).toHaveLength(0);
  });

  it('asks the detector about each window of the range with its whole baseline, and keeps each topic\'s latest flag', async () => {
    const flag = (key: string, window: string, statistic: number): EmergingTopic => ({
      key,
      phrase: key,
      scope: BILLING,
      window,
      reason: 'rise',
      test: 'conditional-binomial',
      statistic,
      threshold: 6,
      support: 9,
      items: 30,
      share: 0.3,
      baselineShare: 0.05,
      negativeShare: 0.8,
    });
    const asked: { granularity: string; length: number; last: string; items: number[] }[] = [];
    const detector: EmergingDetector = (scope, granularity, series) => {
      expect(scope).toEqual(BILLING);
      const last = series.at(-1)!.window;
      asked.push({ granularity, length: series.length, last, items: series.map((w) => w.items) });
      if (granularity === 'week') return last === THIS_WEEK ? [flag('factur', last, 7.5)] : [];
      // The Monday of this week, as a day.
      if (last === '2026-03-08T23:00:00.000Z') return [flag('colis', last, 6.5), flag('factur', last, 6.1)];
      return [flag('factur', last, 9)];
    };
    const { deps } = world();
    const weeks = await readTopics({ viewer: officer() }, THIS_WEEK_QUERY, { ...deps, emerging: detector });
    // Eight weeks of baseline before the week, empty ones present with no items.
    expect(asked).toEqual([{ granularity: 'week', length: EMERGING_LOOKBACK.week + 1, last: THIS_WEEK, items: [0, 0, 0, 0, 0, 50, 0, 25, 30] }]);
    expect(Object.fromEntries(weeks.topics.map((t) => [t.topic, t.emerging]))).toEqual({
      factur: { reason: 'rise', test: 'conditional-binomial', statistic: 7.5, threshold: 6, support: 9, window: THIS_WEEK },
      prelev: null,
      colis: null,
    });

    asked.length = 0;
    const days = await readTopics({ viewer: officer() }, { ...THIS_WEEK_QUERY, granularity: 'day' }, { ...deps, emerging: detector });
    expect(asked.map((a) => [a.last, a.length])).toEqual([
      ['2026-03-08T23:00:00.000Z', EMERGING_LOOKBACK.day + 1],
      ['2026-03-09T23:00:00.000Z', EMERGING_LOOKBACK.day + 2],
    ]);
    const byTopic = Object.fromEntries(days.topics.map((t) => [t.topic, t.emerging]));
    expect(byTopic.factur).toMatchObject({ statistic: 9, window: '2026-03-09T23:00:00.000Z' });
    expect(byTopic.colis).toMatchObject({ statistic: 6.5, window: '2026-03-08T23:00:00.000Z' });
  });

  it('flags a theme injected into a stable stream with the real emerging test, and no stable topic', async () => {
    // Prepare: 42 UTC days of a stable department (100 items a weekday), a theme on 5 % of the items from day 35.
    const stream = syntheticTopicStream({
      seed: 7,
      days: 42,
      start: '2026-01-01T00:00:00.000Z',
      itemsPerDay: 100,
      vocabulary: 60,
      topicsPerItem: 3,
      negativeShare: 0.2,
      capacity: 24,
      inject: { day: 35, share: 0.05, keys: [{ key: 'appli plant paiement', phrase: 'appli plante au paiement' }], negativeShare: 0.9 },
    });
    const summaries = new MemoryTopicSummaries().put(BILLING, 'day', stream.windows);
    const deps: ReadTopicsDeps = { topics: summaries, store: { verbatims: async () => [] }, departments: DASHBOARD_CONFIG, timeZone: 'UTC', now: () => new Date('2026-02-11T23:00:00Z') };

    // Act: the last week, and the four before the theme.
    const lastWeek = await readTopics({ apiKey: true }, { department: 'billing', granularity: 'day', from: '2026-02-05T00:00:00Z', limit: '50' }, deps);
    const before = await readTopics({ apiKey: true }, { department: 'billing', granularity: 'day', from: '2026-01-29T00:00:00Z', to: '2026-02-04T23:59:59Z', limit: '50' }, deps);

    // Assess
    const theme = lastWeek.topics.find((t) => t.topic === 'appli plant paiement')!;
    expect(theme.emerging).toMatchObject({ reason: 'new', test: 'conditional-binomial' });
    expect(theme.emerging!.statistic).toBeGreaterThanOrEqual(theme.emerging!.threshold);
    expect(theme.emerging!.support).toBeGreaterThanOrEqual(8);
    expect(lastWeek.topics.filter((t) => t.emerging !== null).map((t) => t.topic)).toEqual(['appli plant paiement']);
    expect(before.topics.filter((t) => t.emerging !== null)).toEqual([]);
  });

  it('scopes signed-in viewers: an owner reads their department, not another, nor the unassigned items', async () => {
    const { deps } = world();
    const head = owner('billing.lead@example.com');
    expect((await readTopics({ viewer: head }, THIS_WEEK_QUERY, deps)).topics).toHaveLength(3);
    await expect(readTopics({ viewer: head }, { department: 'delivery' }, deps)).rejects.toThrow(ForbiddenError);
    await expect(readTopics({ viewer: head }, { department: 'unassigned' }, deps)).rejects.toThrow(ForbiddenError);
    const unassigned = await readTopics({ viewer: officer() }, { department: 'unassigned' }, deps);
    expect(unassigned.topics.map((t) => t.topic)).toEqual(['appli plant']);
    expect((await readTopics({ apiKey: true }, { department: 'unassigned' }, deps)).topics).toHaveLength(1);
  });

  it('refuses bad queries with what to fix', async () => {
    const { deps } = world();
    const refused = (query: Record<string, string>) => readTopics({ apiKey: true }, query, deps);
    await expect(refused({})).rejects.toThrow(/department/);
    await expect(refused({ department: 'billing', granularity: 'month' })).rejects.toThrow(InvalidRequestError);
    await expect(refused({ department: 'billing', granularity: 'month' })).rejects.toThrow(/granularity/);
    await expect(refused({ department: 'billing', from: 'yesterday' })).rejects.toThrow(/from/);
    await expect(refused({ department: 'billing', limit: '0' })).rejects.toThrow(/limit/);
    await expect(refused({ department: 'billing', from: '2026-03-10T00:00:00Z', to: '2026-03-01T00:00:00Z' })).rejects.toThrow(/"from" is after "to"/);
    await expect(refused({ department: 'billing', granularity: 'day', from: '2025-01-01T00:00:00Z' })).rejects.toThrow(/more than 100 day windows; narrow it or use granularity=week/);
    await expect(refused({ department: 'nope' })).rejects.toThrow(NotFoundError);
  });
});
