import { describe, expect, it } from 'vitest';
import { parseTopicPk, topicPk, topicSeriesId } from '../../../shared/adapters/dynamo-topic-rows';
import { scopeKey, scopeOfDepartment, scopeOfKey, tallyTopicCells, topicCellsFor, topicScopesOf } from '../../../shared/domain/topics/cells';
import type { TopicScope } from '../../../shared/domain/topics/contract';

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
