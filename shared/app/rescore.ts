import type { SentimentEngine } from '../ports/sentiment';
import type { ProcessedFeedback } from '../ports/stores';
import { sentimentModelOf } from './process-feedback';

export interface SentimentUpdater {
  /**
   * Rewrites an item's sentiment and the model that gave it. False when the item is gone or
   * was erased since it was read (its text is no longer there to score).
   */
  updateSentiment(item: Pick<ProcessedFeedback, 'id' | 'sentiment' | 'sentimentModel'>): Promise<boolean>;
}

export interface RescoreOptions {
  /** The current engine: the one the processor runs, whose model every item should carry. */
  engine: Pick<SentimentEngine, 'name' | 'modelId' | 'classify'>;
  sentiments: SentimentUpdater;
  /** Re-score items this model already scored too (the default skips them, so a re-run resumes). */
  force: boolean;
  /** Documents per classify call; default 100. */
  batchSize?: number;
  onProgress?: (progress: RescoreProgress) => void;
}

export interface RescoreProgress {
  /** Items looked at so far, of `total`. */
  done: number;
  total: number;
  rescored: number;
  labelsChanged: number;
}

export interface RescoreReport {
  /** The model the items now carry. */
  model: string;
  /** Items scored again by it (and, unless a dry run, rewritten). */
  rescored: number;
  /** Items it had already scored: skipped (unless force). */
  alreadyCurrent: number;
  /** Items without text (erased, or sent without consent): their label is kept. */
  withoutText: number;
  /** Rescored items whose label moved, by `from→to`. */
  labelsChanged: Record<string, number>;
}

const DEFAULT_BATCH = 100;
/** Item updates in flight at once: enough to keep DynamoDB busy, few enough not to throttle a small table. */
const WRITE_CONCURRENCY = 25;

/**
 * Scores stored items again, from their stored (redacted) text, with the current engine, and
 * rewrites each one's sentiment and model as soon as its batch is scored. A run that stops
 * half-way has lost nothing: the next one skips what this model already scored.
 */
export async function rescoreItems(
  items: readonly ProcessedFeedback[],
  options: RescoreOptions & { dryRun: boolean },
): Promise<{ items: ProcessedFeedback[]; report: RescoreReport }> {
  const model = sentimentModelOf(options.engine);
  const report: RescoreReport = { model, rescored: 0, alreadyCurrent: 0, withoutText: 0, labelsChanged: {} };
  const out = [...items];
  const pending: number[] = [];
  out.forEach((item, i) => {
    if (item.textWithheld || !item.text) report.withoutText++;
    else if (item.sentimentModel === model && !options.force) report.alreadyCurrent++;
    else pending.push(i);
  });

  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH);
  const skipped = items.length - pending.length;
  let changed = 0;
  for (let start = 0; start < pending.length; start += batchSize) {
    const batch = pending.slice(start, start + batchSize);
    const results = await options.engine.classify(batch.map((i) => ({ text: out[i]!.text, lang: out[i]!.lang })));
    if (results.length !== batch.length) throw new Error(`sentiment engine ${options.engine.name} returned ${results.length} results for ${batch.length} inputs`);
    const next = batch.map((i, k) => ({ index: i, item: { ...out[i]!, sentiment: results[k]!, sentimentModel: model } }));
    for (let w = 0; w < next.length; w += WRITE_CONCURRENCY) {
      const written = await Promise.all(next.slice(w, w + WRITE_CONCURRENCY).map(async (n) => (options.dryRun ? true : options.sentiments.updateSentiment(n.item))));
      next.slice(w, w + WRITE_CONCURRENCY).forEach((n, k) => {
        if (!written[k]) {
          report.withoutText++;
          return;
        }
        const from = out[n.index]!.sentiment.label;
        const to = n.item.sentiment.label;
        if (from !== to) {
          report.labelsChanged[`${from}→${to}`] = (report.labelsChanged[`${from}→${to}`] ?? 0) + 1;
          changed++;
        }
        out[n.index] = n.item;
        report.rescored++;
      });
    }
    options.onProgress?.({ done: skipped + start + batch.length, total: items.length, rescored: report.rescored, labelsChanged: changed });
  }
  return { items: out, report };
}
