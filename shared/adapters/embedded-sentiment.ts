/**
 * The embedded FR/EN sentiment engine: a linear model over hashed words, word bigrams,
 * character n-grams and lexicon evidence (see `shared/domain/text-features.ts`), trained by
 * `scripts/train-sentiment.ts`, shipped in `models/sentiment-fr-en.json`. No network: esbuild
 * embeds the model in the bundle through the JSON import, decoded once per cold start.
 */
import modelFile from '../../models/sentiment-fr-en.json' with { type: 'json' };
import { lexiconSignal } from '../domain/lexicon/lexicon-signal';
import { decodeModel, LinearSentimentPredictor, MODEL_CLASSES, type LinearSentimentModel } from '../domain/linear-sentiment-model';
import type { SentimentEngine, SentimentInput, SentimentResult } from '../ports/sentiment';

let shipped: LinearSentimentModel | undefined;

/** The model shipped with the code, decoded on first use (a few ms) and kept for the container's life. */
export function shippedSentimentModel(): LinearSentimentModel {
  shipped ??= decodeModel(modelFile);
  return shipped;
}

export interface EmbeddedSentimentOptions {
  /** Another model (tests, a retrained file); default: the shipped one. */
  model?: LinearSentimentModel;
}

const EMPTY_TEXT_RESULT: SentimentResult = {
  label: 'neutral',
  confidence: 1,
  scores: { positive: 0, neutral: 1, negative: 0, mixed: 0 },
};

export class EmbeddedSentimentEngine implements SentimentEngine {
  readonly name = 'embedded';
  private readonly predictor: LinearSentimentPredictor;

  constructor(options: EmbeddedSentimentOptions = {}) {
    this.predictor = new LinearSentimentPredictor(options.model ?? shippedSentimentModel(), lexiconSignal);
  }

  /** The confidence under which the model's own calibration suggests asking Comprehend. */
  get suggestedHybridThreshold(): number {
    return this.predictor.model.hybridThreshold;
  }

  async classify(inputs: readonly SentimentInput[]): Promise<SentimentResult[]> {
    return inputs.map((input) => this.classifyOne(input));
  }

  classifyOne({ text, lang }: SentimentInput): SentimentResult {
    if (text.trim() === '') return { ...EMPTY_TEXT_RESULT, scores: { ...EMPTY_TEXT_RESULT.scores } };
    const probabilities = this.predictor.probabilities(text, lang);
    let best = 0;
    for (let k = 1; k < probabilities.length; k += 1) if ((probabilities[k] ?? 0) > (probabilities[best] ?? 0)) best = k;
    const [negative, neutral, positive] = probabilities;
    return {
      label: MODEL_CLASSES[best] ?? 'neutral',
      confidence: probabilities[best] ?? 0,
      // The model has no "mixed" class: a text torn between both shows as similar positive and negative.
      scores: { positive, neutral, negative, mixed: 0 },
    };
  }
}
