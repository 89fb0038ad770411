import { describe, expect, it } from 'vitest';
import { dynamoItemBytes } from '../../../shared/adapters/dynamo-feedback-codec';
import { parseTopicPk, TOPIC_ROW_BYTES, topicCellOfRow, topicPk, topicRowOf, topicSeriesId } from '../../../shared/adapters/dynamo-topic-rows';
import { scopeKey, scopeOfDepartment, scopeOfKey, tallyTopicCells, topicCellsFor, topicScopesOf } from '../../../shared/domain/topics/cells';
import type { TopicScope } from '../../../shared/domain/topics/contract';
import { TOPIC_CAPACITY } from '../../../shared/domain/topics/summary';

const ids = (...xs: string[]) => xs.map((id) => ({ id }));

describe('topic cells', () => {
  it('puts an item in each department and each interface pair, or in unassigned alone', () => {
    expect(topicScopesOf(ids('delivery', 'billing', 'delivery'))).toEqual([
      { kind: 'dept', id: 'billing' },
      { kind: 'dept', id: 'delivery' },
      { kind: 'pair', id: 'billing+delivery' },
    ]);
    expect(topicScopesOf(ids('unassigned'))).toEqual([{ kind: 'unassigned' }]);
    expect(topicScopesOf([])).toEqual([{ kind: 'unassigned' }]);
    expect(topicScopesOf(ids('unassigned', 'billing'))).toEqual([{ kind: 'dept', id: 'billing' }]);
  });

  it('uses the local day and the Monday-started local week of the zone', () => {
    // Sunday 29 March 2026, 23:30 UTC: Monday 30 March in Paris, the day after the DST change.
    const cells = topicCellsFor({ occurredAt: '2026-03-29T23:30:00Z', departments: ids('billing') }, 'Europe/Paris');
    expect(cells).toEqual([
      { scope: { kind: 'dept', id: 'billing' }, granularity: 'day', window: '2026-03-29T22:00:00.000Z' },
      { scope: { kind: 'dept', id: 'billing' }, granularity: 'week', window: '2026-03-29T22:00:00.000Z' },
    ]);
  });

  it('names scopes as keys and back, and as stored keys and back', () => {
    const scopes: TopicScope[] = [{ kind: 'unassigned' }, { kind: 'dept', id: 'contact-centre' }, { kind: 'pair', id: 'billing+delivery' }];
    for (const scope of scopes) {
      expect(scopeOfKey(scopeKey(scope))).toEqual(scope);
      expect(parseTopicPk(topicPk(topicSeriesId(scope, 'week', 'Europe/Paris'), 3))).toEqual({ scope, granularity: 'week', zone: 'Europe/Paris' });
    }
    expect(scopeOfKey('journey:x')).toBeUndefined();
    expect(parseTopicPk('DEPT#billing#day#UTC#s0')).toBeUndefined();
    expect(parseTopicPk('TOPIC#dept:billing#hour#UTC#s0')).toBeUndefined();
    expect(scopeOfDepartment('unassigned')).toEqual({ kind: 'unassigned' });
    expect(scopeOfDepartment('billing+delivery')).toEqual({ kind: 'pair', id: 'billing+delivery' });
    expect(scopeOfDepartment('billing')).toEqual({ kind: 'dept', id: 'billing' });
  });

  it('tallies exact item and negative counts per cell, and the summary within its capacity', () => {
    const items = Array.from({ length: 30 }, (_, i) => ({
      occurredAt: '2026-03-03T10:00:00Z',
      departments: ids(i % 3 ? 'billing' : 'delivery'),
      topics: [{ key: `t${i % 10}`, phrase: `t${i % 10}` }],
      negative: i % 2 === 0,
    }));
    const cells = tallyTopicCells(items, 'Europe/Paris', 4);
    const billingDay = cells.get('dept:billing|day|2026-03-02T23:00:00.000Z')!;
    expect(billingDay).toMatchObject({ items: 20, negativeItems: 10 });
    expect(billingDay.summary.entries).toHaveLength(4);
    expect(billingDay.summary.floor).toBeGreaterThan(0);
    expect(cells.get('dept:delivery|week|2026-03-01T23:00:00.000Z')).toMatchObject({ items: 10, negativeItems: 5 });
  });
});

describe('topic cell rows', () => {
  /** Letters deflate cannot fold: a word no other entry shares. */
  const scrambled = (i: number) => Array.from({ length: 9 }, (_, k) => String.fromCharCode(97 + ((i * 7919 + k * 104_729 + ((i * k) ^ 0x5bd1)) % 26))).join('');
  /** Customer-like topics: stems of one to three words, a few hundred distinct, heavier first. */
  const busySummary = (entries: number) => ({
    entries: Array.from({ length: entries }, (_, i) => {
      const words = ['colis', 'livr', 'retard', 'factur', 'rembours', 'appli', 'conseil', 'attent', 'paiement', 'commande', 'abonn', 'magasin'];
      const key = [words[i % 12], i >= 12 ? words[(i * 5 + 1) % 12] : '', i >= 60 ? words[(i * 7 + 3) % 12] : ''].filter(Boolean).join(' ') + (i >= 100 ? ` ${scrambled(i)}` : '');
      return { key, phrase: key, count: 400 - i * 3, negative: 100 - Math.floor(i / 2), error: 0 };
    }),
    floor: 0,
  });
  const key = { pk: topicPk(topicSeriesId({ kind: 'dept', id: 'contact-centre' }, 'day', 'Europe/Paris'), 3), sk: '2026-03-02T23:00:00.000Z' };

  it('keeps a day cell of 100 customer topics whole within the 1 KB a transactional write charges 2 units for', () => {
    // Act
    const row = topicRowOf(key, { items: 1_234, negativeItems: 456, summary: busySummary(100) }, 7);
    // Assess
    expect(dynamoItemBytes(row)).toBeLessThanOrEqual(TOPIC_ROW_BYTES);
    expect(topicCellOfRow(row)).toEqual({ items: 1_234, negativeItems: 456, version: 7, summary: busySummary(100) });
  });

  it('keeps the heaviest entries that fit when a cell does not, and raises the floor over the dropped ones', () => {
    // Prepare: 130 entries, the last 30 with a distinct tail that deflate cannot fold.
    const summary = busySummary(130);
    // Act
    const row = topicRowOf(key, { items: 2_000, negativeItems: 900, summary }, 1);
    const back = topicCellOfRow(row).summary;
    // Assess
    expect(dynamoItemBytes(row)).toBeLessThanOrEqual(TOPIC_ROW_BYTES);
    expect(back.entries.length).toBeGreaterThan(24);
    expect(back.entries.length).toBeLessThan(130);
    expect(back.entries).toEqual(summary.entries.slice(0, back.entries.length));
    expect(back.floor).toBe(summary.entries[back.entries.length]!.count);
  });

  it('holds up to 100 entries for a local day and 24 for a week', () => {
    // Prepare: one day of 300 items, each with its own topic.
    const items = Array.from({ length: 300 }, (_, i) => ({ occurredAt: '2026-03-03T10:00:00Z', departments: ids('billing'), topics: [{ key: `t${i}`, phrase: `t${i}` }], negative: false }));
    // Act
    const cells = tallyTopicCells(items, 'Europe/Paris');
    // Assess
    expect(TOPIC_CAPACITY).toEqual({ day: 100, week: 24 });
    expect(cells.get('dept:billing|day|2026-03-02T23:00:00.000Z')!.summary.entries).toHaveLength(100);
    expect(cells.get('dept:billing|week|2026-03-01T23:00:00.000Z')!.summary.entries).toHaveLength(24);
  });
});
