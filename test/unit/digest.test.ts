import { describe, expect, it } from 'vitest';
import type { Incident } from '../../shared/domain/alerts/incident';
import { buildDigest, paretoJourneys, type DigestScopeInput } from '../../shared/domain/digest';
import { emptyCounters, scoreOf, type Score } from '../../shared/domain/scores';
import { incidentRule, storedIncident } from '../support/stored-incidents';

const WEEK = '2026-11-23T00:00:00.000Z';

/** `count` items with a sentiment index of `index` (positive − negative), NPS `nps` over 10 answers. */
function week(count: number, index: number, nps?: number, negative?: number): Score {
  const c = emptyCounters();
  c.count = count;
  const neg = negative ?? Math.max(0, Math.round((-index / 100) * count));
  const pos = Math.round((index / 100) * count) + neg;
  c.positive = pos;
  c.negative = neg;
  c.neutral = count - pos - neg;
  if (nps !== undefined) {
    // NPS on 10 answers: promoters − detractors = nps / 10.
    c.npsCount = 10;
    c.promoters = Math.max(0, nps / 10);
    c.detractors = Math.max(0, -nps / 10);
  }
  return scoreOf(c);
}

const dept = (id: string, previous: Score | null, current: Score, minVolume?: number): DigestScopeInput => ({
  id,
  names: { en: id.toUpperCase(), fr: id },
  previous,
  current,
  ...(minVolume ? { minVolume } : {}),
});

describe('buildDigest: ranking by progress', () => {
  it('ranks the most improved first, NPS change breaks ties, exact ties share a rank', () => {
    // Prepare: levels deliberately opposite to progress.
    const digest = buildDigest({
      weekStart: WEEK,
      departments: [
        dept('high-level', week(100, 60, 0), week(100, 55, 0)), // −5
        dept('b', week(100, 0, 0), week(100, 5, 0)), // +5, NPS +0
        dept('low-level', week(100, -50, 0), week(100, -40, 0)), // +10
        dept('c', week(100, 10, 0), week(100, 15, 30)), // +5, NPS +30
        dept('d', week(100, 20, 10), week(100, 25, 40)), // +5, NPS +30: tie with c
      ],
    });
    // Assess
    expect(digest.ranking.map((d) => [d.id, d.rank, d.progress])).toEqual([
      ['low-level', 1, 10],
      ['c', 2, 5],
      ['d', 2, 5],
      ['b', 4, 5],
      ['high-level', 5, -5],
    ]);
    expect(digest.ranking[1]?.change.nps).toBe(30);
    expect(digest.notEnoughFeedback).toEqual([]);
  });

  it('lists departments under the minimum volume (either week) as not enough feedback, not ranked', () => {
    const digest = buildDigest({
      weekStart: WEEK,
      options: { minVolume: 20 },
      departments: [
        dept('ranked', week(20, 0), week(20, 10)),
        dept('quiet-now', week(100, 0), week(19, 100)), // would be +100: must not top the ranking
        dept('quiet-before', week(5, -100), week(100, 50)),
        dept('new', null, week(100, 50)),
        dept('own-minimum', week(40, 0), week(40, 80), 50),
      ],
    });
    expect(digest.ranking.map((d) => d.id)).toEqual(['ranked']);
    expect(digest.notEnoughFeedback.map((d) => [d.id, d.notEnough, d.progress, d.rank])).toEqual([
      ['quiet-now', { thisWeek: true, previousWeek: false }, null, null],
      ['quiet-before', { thisWeek: false, previousWeek: true }, null, null],
      ['new', { thisWeek: false, previousWeek: true }, null, null],
      ['own-minimum', { thisWeek: true, previousWeek: true }, null, null],
    ]);
    // Every department keeps its level and change.
    expect(digest.departments.find((d) => d.id === 'quiet-before')?.change.sentimentIndex).toBe(150);
  });

  it('puts a department without an NPS change after one with it on equal progress', () => {
    const digest = buildDigest({ weekStart: WEEK, departments: [dept('a', week(50, 0), week(50, 10)), dept('z', week(50, 0, -10), week(50, 10, -20))] });
    expect(digest.ranking.map((d) => [d.id, d.rank])).toEqual([
      ['z', 1],
      ['a', 2],
    ]);
  });
});

describe('paretoJourneys', () => {
  const journey = (id: string, negative: number, previousNegative?: number): DigestScopeInput => ({
    id,
    current: week(negative * 2, 0, undefined, negative),
    previous: previousNegative === undefined ? null : week(previousNegative * 2, 0, undefined, previousNegative),
  });

  it('marks the shortest head of journeys carrying 80 % of negative items', () => {
    const { rows, totalNegative, vitalFewCount, vitalFewShare } = paretoJourneys(
      [journey('c', 10), journey('a', 50), journey('f', 2), journey('b', 30), journey('e', 3), journey('d', 5), journey('none', 0)],
      0.8,
    );
    expect(totalNegative).toBe(100);
    expect(rows.map((r) => [r.id, r.share, r.cumulativeShare, r.vitalFew])).toEqual([
      ['a', 0.5, 0.5, true],
      ['b', 0.3, 0.8, true],
      ['c', 0.1, 0.9, false],
      ['d', 0.05, 0.95, false],
      ['e', 0.03, 0.98, false],
      ['f', 0.02, 1, false],
    ]);
    expect([vitalFewCount, vitalFewShare]).toEqual([2, 0.8]);
  });

  it('includes the journey that crosses 80 %', () => {
    const r = paretoJourneys([journey('a', 40), journey('b', 30), journey('c', 20), journey('d', 10)], 0.8);
    expect(r.rows.filter((j) => j.vitalFew).map((j) => j.id)).toEqual(['a', 'b', 'c']);
    expect(r.vitalFewShare).toBe(0.9);
  });

  it('lists the top journeys but cuts the Pareto head over all of them, with the change vs last week', () => {
    const digest = buildDigest({
      weekStart: WEEK,
      departments: [],
      journeys: [journey('a', 40, 10), journey('b', 30), journey('c', 20), journey('d', 10)],
      options: { topJourneys: 2 },
    });
    expect(digest.journeys).toMatchObject({ totalNegative: 100, withNegative: 4, vitalFewCount: 3, vitalFewShare: 0.9 });
    expect(digest.journeys.rows.map((r) => [r.id, r.negativeChange])).toEqual([
      ['a', 30],
      ['b', null],
    ]);
  });
});

describe('buildDigest: hotspots and incidents', () => {
  it('ranks interface pairs by negative items, flags the new ones, drops the ones without', () => {
    const pair = (id: string, negative: number, before: number | null): DigestScopeInput => ({
      id,
      current: week(negative + 5, 0, undefined, negative),
      previous: before === null ? null : week(before + 5, 0, undefined, before),
    });
    const digest = buildDigest({
      weekStart: WEEK,
      departments: [],
      pairs: [pair('a+b', 3, 3), pair('b+c', 9, 0), pair('a+c', 0, 4), pair('c+d', 5, 8)],
      options: { topHotspots: 2 },
    });
    expect(digest.hotspots.map((h) => [h.id, h.negative, h.negativeChange, h.isNew])).toEqual([
      ['b+c', 9, 9, true],
      ['c+d', 5, -3, false],
    ]);
  });

  it('lists each incident of the week once with its state: opened before the week’s end, open at its end or closed after its start, oldest first', () => {
    const incident = (id: string, openedAt: string, changes: Partial<Incident> = {}) => storedIncident({ id, openedAt, ...changes });
    const digest = buildDigest({
      weekStart: WEEK,
      departments: [],
      incidents: [
        incident('billing-in-week', '2026-11-25T10:00:00.000Z', { status: 'recovered', recoveredAt: '2026-11-26T10:00:00.000Z', version: 2 }),
        incident('billing-still-open', '2026-11-10T10:00:00.000Z', { deferred: [{ recipient: 'cco@example.com', kind: 'incident-update', at: '2026-11-10T11:00:00.000Z', summarizedAt: null, lang: 'en' as const }] }),
        incident('billing-old', '2026-11-10T10:00:00.000Z', { status: 'recovered', recoveredAt: '2026-11-12T10:00:00.000Z' }),
        incident('billing-next-week', '2026-11-30T10:00:00.000Z'),
        incident('billing-recovered-monday', '2026-11-20T10:00:00.000Z', { status: 'recovered', recoveredAt: '2026-11-23T08:00:00.000Z' }),
        // Recovered before the week, resolved in it: the resolution is the week's news.
        incident('billing-resolved', '2026-11-15T10:00:00.000Z', { status: 'resolved', recoveredAt: '2026-11-16T10:00:00.000Z', resolved: { by: 'ops', at: '2026-11-24T10:00:00.000Z', note: 'Fixed.' } }),
        // The same incident twice (two versions): listed once, as its latest.
        incident('billing-in-week', '2026-11-25T10:00:00.000Z', { status: 'open', version: 1 }),
      ],
    });
    expect(digest.week).toEqual({ start: WEEK, end: '2026-11-30T00:00:00.000Z', zone: 'UTC' });
    expect(digest.incidents.map((i) => [i.id, i.status])).toEqual([
      ['billing-still-open', 'open'],
      ['billing-resolved', 'resolved'],
      ['billing-recovered-monday', 'recovered'],
      ['billing-in-week', 'recovered'],
    ]);
    expect(digest.incidents[0]).toMatchObject({ deferred: 1, acknowledged: null, assignee: null, severity: 'major' });
    expect(digest.incidents[1]?.resolved).toEqual({ by: 'ops', at: '2026-11-24T10:00:00.000Z', note: 'Fixed.' });
  });

  it('gives an incident’s rules furthest past their threshold first, and its assignee’s address', () => {
    const rules = [incidentRule({ rule: 'nps-below', kind: 'nps-below', excess: 0.2 }), incidentRule({ rule: 'negative-share', excess: 1.4 })];
    const digest = buildDigest({
      weekStart: WEEK,
      departments: [],
      incidents: [storedIncident({ openedAt: '2026-11-24T10:00:00.000Z', rules, assignee: { owner: 'lead@example.com', by: 'ops', at: '2026-11-24T11:00:00.000Z' } })],
    });
    expect(digest.incidents[0]?.rules.map((r) => r.rule)).toEqual(['negative-share', 'nps-below']);
    expect(digest.incidents[0]?.assignee).toBe('lead@example.com');
  });

  it('cuts the week in the configured zone', () => {
    const digest = buildDigest({ weekStart: '2026-11-22T23:00:00.000Z', zone: 'Europe/Paris', departments: [] });
    expect(digest.week.end).toBe('2026-11-29T23:00:00.000Z');
  });
});
