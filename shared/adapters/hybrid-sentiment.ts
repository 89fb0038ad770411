/**
 * The cost saver: the embedded model answers first, and only the items it is unsure of
 * (confidence below `threshold`) go to Comprehend, which bills per 100 characters (3 units
 * minimum) per document. `stats()` reports how many went, so the share can be watched.
 * Both engines are injected (any SentimentEngine), so tests and the eval CLI can mock Comprehend.
 */
import type { SentimentEngine, SentimentInput, SentimentResult } from '../ports/sentiment';

export interface HybridSentimentOptions {
  /** Items whose embedded confidence is below this go to Comprehend. */
  threshold: number;
  /**
   * When Comprehend fails after its own retries: 'embedded' keeps the embedded answer (counted in
   * `stats().comprehendFailures`), 'throw' lets the error through so the message is retried.
   * Default 'embedded': a low-confidence label beats redelivering a whole batch.
   */
  onComprehendError?: 'embedded' | 'throw';
}

export interface HybridStats {
  classified: number;
  sentToComprehend: number;
  /** sentToComprehend / classified (0 before any call). */
  comprehendShare: number;
  comprehendFailures: number;
}

export class HybridSentimentEngine implements SentimentEngine {
  readonly name = 'hybrid';
  /** `<embedded id>+comprehend@<threshold>`: the same items go to Comprehend only under the same pair. */
  readonly modelId: string;
  private readonly options: Required<HybridSentimentOptions>;
  private counters = { classified: 0, sentToComprehend: 0, comprehendFailures: 0 };

  constructor(
    private readonly embedded: SentimentEngine,
    private readonly comprehend: SentimentEngine,
    options: HybridSentimentOptions,
  ) {
    if (!(options.threshold >= 0 && options.threshold <= 1)) {
      throw new RangeError(`threshold must be within 0..1, got ${options.threshold}`);
    }
    this.options = { onComprehendError: 'embedded', ...options };
    this.modelId = `${embedded.modelId ?? embedded.name}+${comprehend.modelId ?? comprehend.name}@${Number(options.threshold.toFixed(4))}`;
  }

  async classify(inputs: readonly SentimentInput[]): Promise<SentimentResult[]> {
    const results = await this.embedded.classify(inputs);
    const unsure = results.flatMap((result, index) => (result.confidence < this.options.threshold ? [index] : []));
    this.counters.classified += inputs.length;
    if (unsure.length === 0) return results;

    this.counters.sentToComprehend += unsure.length;
    let answers: SentimentResult[];
    try {
      answers = await this.comprehend.classify(unsure.map((index) => inputs[index] as SentimentInput));
    } catch (error) {
      this.counters.comprehendFailures += unsure.length;
      if (this.options.onComprehendError === 'throw') throw error;
      return results;
    }
    unsure.forEach((index, k) => {
      const answer = answers[k];
      if (answer) results[index] = answer;
    });
    return results;
  }

  stats(): HybridStats {
    const { classified, sentToComprehend, comprehendFailures } = this.counters;
    return {
      classified,
      sentToComprehend,
      comprehendShare: classified === 0 ? 0 : sentToComprehend / classified,
      comprehendFailures,
    };
  }
}
