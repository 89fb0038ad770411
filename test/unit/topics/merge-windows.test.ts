import { describe, expect, it } from 'vitest';
import { mergeTopicWindows, rankTopics, withoutNested } from '../../../shared/domain/topics/merge-windows';
import type { TopicEntry } from '../../../shared/domain/topics/contract';

const entry = (key: string, count: number, error = 0): TopicEntry => ({ key, phrase: key, count, negative: 0, error });
const topicsOf = (entries: TopicEntry[]) => mergeTopicWindows([{ window: '2026-12-01T00:00:00.000Z', items: 200, negativeItems: 0, entries }]);

describe('withoutNested', () => {
  it('leaves the words customers only say inside a longer topic to it, and keeps the broader ones', () => {
    // Prepare: one complaint said 112 times ("le site en ligne est lent à charger"), "factur" said more often than "factur fauss".
    const topics = topicsOf([
      entry('site lign', 112),
      entry('site', 112),
      entry('lign', 112),
      entry('lent charg', 112),
      entry('lent', 112),
      entry('charg', 112),
      entry('factur', 12),
      entry('factur fauss', 8),
      entry('fauss', 8),
    ]);
    // Act
    const kept = rankTopics(withoutNested(topics)).map((t) => t.key);
    // Assess
    expect(kept).toEqual(['lent charg', 'site lign', 'factur', 'factur fauss']);
  });

  it('counts a shorter topic as nested when the longer one reaches its guaranteed count, and never drops a kept one', () => {
    const topics = topicsOf([entry('appli plant paiement', 8), entry('appli', 10, 2), entry('plant', 11, 2), entry('appli plant', 8)]);
    expect(rankTopics(withoutNested(topics)).map((t) => t.key)).toEqual(['plant', 'appli plant paiement']);
    expect(rankTopics(withoutNested(topics, new Set(['appli']))).map((t) => t.key)).toEqual(['plant', 'appli', 'appli plant paiement']);
  });
});
