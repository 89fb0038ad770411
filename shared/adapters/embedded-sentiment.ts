/**
 * The embedded FR/EN sentiment engine: a linear model over hashed words, word bigrams,
 * character n-grams and lexicon evidence (see `shared/domain/text-features.ts`), trained by
 * `scripts/train-sentiment.ts`. No network.
 *
 * The model is a file, `sentiment-fr-en.json`, read once per container: on Lambda it lies beside
 * the bundle (`index.mjs`; the processFeedback construct copies it into the asset), and from the
 * sources (the CLI, the local stack, the tests) it is the repository's `models/` copy. It is not
 * embedded in the bundle: at 250 KB it would push the processor past its 1 MB budget.
 */
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { readFirstExistingJson } from './first-existing-file';
import { lexiconSignal } from '../domain/lexicon/lexicon-signal';
import { decodeModel, LinearSentimentPredictor, MODEL_CLASSES, type LinearSentimentModel } from '../domain/linear-sentiment-model';
import type { SentimentEngine, SentimentInput, SentimentResult } from '../ports/sentiment';

/** The shipped model's file name, and the name its id starts with. */
export const SHIPPED_MODEL_FILE = 'sentiment-fr-en.json';
const SHIPPED_MODEL_NAME = 'sentiment-fr-en';

/** Where the shipped model is looked for, in order: beside the bundle, then the repository's models/. */
export function shippedModelLocations(): string[] {
  return [new URL(`./${SHIPPED_MODEL_FILE}`, import.meta.url), new URL(`../../models/${SHIPPED_MODEL_FILE}`, import.meta.url)].map((url) =>
    fileURLToPath(url),
  );
}

/** The model file is in none of the places it is looked for: a packaging mistake, named at cold start. */
export class ModelFileNotFoundError extends Error {
  override readonly name = 'ModelFileNotFoundError';
}

function readShippedModelFile(): unknown {
  const locations = shippedModelLocations();
  const content = readFirstExistingJson(locations);
  if (content !== undefined) return content;
  throw new ModelFileNotFoundError(
    `${SHIPPED_MODEL_FILE} not found (looked in ${locations.join(', ')}): the Lambda asset must carry it beside index.mjs; from the sources, models/ holds it`,
  );
}

let shipped: { model: LinearSentimentModel; id: string } | undefined;

function loadShipped(): { model: LinearSentimentModel; id: string } {
  if (!shipped) {
    const model = decodeModel(readShippedModelFile());
    shipped = { model, id: modelIdOf(SHIPPED_MODEL_NAME, model) };
  }
  return shipped;
}

/** The model shipped with the code, read and decoded on first use (a few ms) and kept for the container's life. */
export function shippedSentimentModel(): LinearSentimentModel {
  return loadShipped().model;
}

/**
 * `<name>@<12 hex digits>`: the digest covers the weights and the calibration (scale, temperature),
 * so two models that can label or route any text differently never share an id.
 */
export function modelIdOf(name: string, model: LinearSentimentModel): string {
  const digest = createHash('sha256')
    .update(Buffer.from(model.weights.buffer, model.weights.byteOffset, model.weights.byteLength))
    .update(`|${model.scale}|${model.temperature}|${JSON.stringify(model.features)}`)
    .digest('hex');
  return `${name}@${digest.slice(0, 12)}`;
}

export interface EmbeddedSentimentOptions {
  /** Another model (tests, a retrained file); default: the shipped one. */
  model?: LinearSentimentModel;
  /** The name its id starts with (default 'custom' for another model). */
  modelName?: string;
}

const EMPTY_TEXT_RESULT: SentimentResult = {
  label: 'neutral',
  confidence: 1,
  scores: { positive: 0, neutral: 1, negative: 0, mixed: 0 },
};

export class EmbeddedSentimentEngine implements SentimentEngine {
  readonly name = 'embedded';
  /** Which model labels the items: stored with each of them, so a new model can be told apart. */
  readonly modelId: string;
  private readonly predictor: LinearSentimentPredictor;

  constructor(options: EmbeddedSentimentOptions = {}) {
    const { model, id } = options.model
      ? { model: options.model, id: modelIdOf(options.modelName ?? 'custom', options.model) }
      : loadShipped();
    this.predictor = new LinearSentimentPredictor(model, lexiconSignal);
    this.modelId = id;
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
