import { describe, expect, it } from 'vitest';
import { sentimentModelOf } from '../../shared/app/process-feedback';
import { rescoreItems, type RescoreProgress, type SentimentUpdater } from '../../shared/app/rescore';
import type { SentimentEngine, SentimentResult } from '../../shared/ports/sentiment';
import type { ProcessedFeedback } from '../../shared/ports/stores';
import { processedItem } from '../support/items';

const positive: SentimentResult = { label: 'positive', confidence: 0.8, scores: { positive: 0.8, neutral: 0.1, negative: 0.1, mixed: 0 } };
const lexicon: SentimentEngine = { name: 'lexicon', classify: async (inputs) => inputs.map(() => positive) };

/** An in-memory store of sentiments; `erased` ids refuse the write as the DynamoDB condition does. */
function updater(erased: string[] = []): SentimentUpdater & { written: Map<string, string | undefined> } {
  const written = new Map<string, string | undefined>();
  return {
    written,
    async updateSentiment(item) {
      if (erased.includes(item.id)) return false;
      written.set(item.id, item.sentimentModel);
      return true;
    },
  };
}

describe('sentimentModelOf', () => {
  it('is the engine\'s modelId, or its name when it has none', () => {
    expect(sentimentModelOf({ name: 'embedded', modelId: 'embedded-fr-en@3f2a' })).toBe('embedded-fr-en@3f2a');
    expect(sentimentModelOf({ name: 'lexicon' })).toBe('lexicon');
  });
});

describe('rescoreItems', () => {
  const items: ProcessedFeedback[] = [
    processedItem({ id: 'a', sentimentModel: 'embedded@old' }),
    processedItem({ id: 'b' }),
    processedItem({ id: 'c', sentimentModel: 'lexicon' }),
    processedItem({ id: 'd', text: '', textWithheld: true }),
    processedItem({ id: 'e', sentimentModel: 'embedded@old' }),
  ];

  it('scores the items another model scored, in batches, and counts the labels that moved', async () => {
    const store = updater();
    const progress: RescoreProgress[] = [];
    const out = await rescoreItems(items, { engine: lexicon, sentiments: store, force: false, dryRun: false, batchSize: 2, onProgress: (p) => progress.push(p) });
    expect(out.report).toEqual({ model: 'lexicon', rescored: 3, alreadyCurrent: 1, withoutText: 1, labelsChanged: { 'negative→positive': 3 } });
    expect([...store.written.keys()].sort()).toEqual(['a', 'b', 'e']);
    expect(out.items.map((i) => [i.id, i.sentiment.label, i.sentimentModel])).toEqual([
      ['a', 'positive', 'lexicon'],
      ['b', 'positive', 'lexicon'],
      ['c', 'negative', 'lexicon'],
      ['d', 'negative', undefined],
      ['e', 'positive', 'lexicon'],
    ]);
    expect(progress.map((p) => p.done)).toEqual([4, 5]);
    expect(progress.at(-1)).toEqual({ done: 5, total: 5, rescored: 3, labelsChanged: 3 });
  });

  it('keeps the label of an item erased between the read and the write', async () => {
    const out = await rescoreItems(items, { engine: lexicon, sentiments: updater(['e']), force: true, dryRun: false });
    expect(out.report).toMatchObject({ rescored: 3, alreadyCurrent: 0, withoutText: 2 });
    expect(out.items.find((i) => i.id === 'e')).toEqual(items[4]);
  });

  it('writes nothing in a dry run, and refuses an engine that loses results', async () => {
    const store = updater();
    const dry = await rescoreItems(items, { engine: lexicon, sentiments: store, force: false, dryRun: true });
    expect(dry.report.rescored).toBe(3);
    expect(store.written.size).toBe(0);
    const lossy: SentimentEngine = { name: 'lossy', classify: async (inputs) => inputs.slice(1).map(() => positive) };
    await expect(rescoreItems(items, { engine: lossy, sentiments: store, force: false, dryRun: false })).rejects.toThrow('returned 3 results for 4 inputs');
  });
});
