/**
 * Training of the embedded sentiment model: FTRL-proximal (McMahan et al., 2013) on a multinomial
 * logistic regression with neutral as the reference class, L1 + L2, balanced class weights,
 * seeded shuffling — the same data, options and seed give the same bytes. Then int8
 * quantisation and temperature scaling on a development set. Pure: no file or network access.
 *
 * Not imported by the Lambda: only `linear-sentiment-model.ts` is needed to predict.
 */
import {
  encodeWeights,
  LinearSentimentPredictor,
  MODEL_CLASSES,
  MODEL_FORMAT,
  type LinearSentimentModel,
  type ModelClass,
  type ModelFile,
  quantise,
  softmax3,
} from './linear-sentiment-model';
import * as z from 'zod/mini';
import { type ClassWeighting, NO_SOURCE_WEIGHTING, sampleWeights, type SourceWeighting } from './sentiment-training-weights';
import { DEFAULT_FEATURE_CONFIG, extractFeatures, FEATURES_VERSION, FeatureBuffer, type FeatureConfig, type LexiconSource } from './text-features';

export interface LabelledText {
  text: string;
  lang: string;
  label: ModelClass;
  source?: string;
}

export interface TrainingOptions {
  seed: number;
  epochs: number;
  /** FTRL learning-rate parameters. */
  alpha: number;
  beta: number;
  /** L1 drives most buckets to exactly zero (a small file); L2 shrinks the rest. */
  l1: number;
  l2: number;
  /**
   * 'balanced': each class weighs N / (3 × N_class); 'balanced-per-language': the same within each
   * language, so French neutral (rare here) is not drowned by English.
   */
  classWeighting: ClassWeighting;
  /** Each source's share of the total weight, after class balancing (see sentiment-training-weights.ts). */
  sourceWeighting: SourceWeighting;
  /** Average the weights at the end of the last `averagedEpochs` epochs (less seed-to-seed variance). */
  averagedEpochs: number;
  /** Quantisation clip, as a quantile of the non-zero |weights|. */
  clipQuantile: number;
  /** Quantisation levels each side of zero (at most 127). */
  quantLevels: number;
  /** Share of development items the hybrid engine may send to Comprehend. */
  hybridShare: number;
  features: FeatureConfig;
}

export const DEFAULT_TRAINING_OPTIONS: Readonly<TrainingOptions> = {
  seed: 42,
  epochs: 12,
  alpha: 1,
  beta: 1,
  l1: 0.3,
  l2: 1e-4,
  classWeighting: 'balanced-per-language',
  sourceWeighting: NO_SOURCE_WEIGHTING,
  averagedEpochs: 1,
  clipQuantile: 0.999,
  quantLevels: 15,
  hybridShare: 0.15,
  features: DEFAULT_FEATURE_CONFIG,
};

/** mulberry32: tiny, seedable, good enough to shuffle. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Every document's features, duplicates merged, in three flat arrays. */
interface FeatureMatrix {
  offsets: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

function featureMatrix(docs: readonly LabelledText[], config: FeatureConfig, lexicon?: LexiconSource): FeatureMatrix {
  const buffer = new FeatureBuffer();
  const merged = new Map<number, number>();
  const offsets = new Int32Array(docs.length + 1);
  let indices = new Int32Array(docs.length * 256);
  let values = new Float32Array(docs.length * 256);
  let size = 0;
  docs.forEach((doc, d) => {
    extractFeatures(doc.text, doc.lang, config, buffer, lexicon);
    merged.clear();
    for (let i = 0; i < buffer.size; i += 1) {
      const index = buffer.indices[i] ?? 0;
      merged.set(index, (merged.get(index) ?? 0) + (buffer.values[i] ?? 0));
    }
    if (size + merged.size > indices.length) {
      const grownIndices = new Int32Array(Math.max(indices.length * 2, size + merged.size));
      grownIndices.set(indices);
      indices = grownIndices;
      const grownValues = new Float32Array(grownIndices.length);
      grownValues.set(values);
      values = grownValues;
    }
    // Sorted so that the update order inside a document never depends on Map internals.
    for (const index of [...merged.keys()].sort((a, b) => a - b)) {
      indices[size] = index;
      values[size] = merged.get(index) ?? 0;
      size += 1;
    }
    offsets[d + 1] = size;
  });
  return { offsets, indices: indices.subarray(0, size), values: values.subarray(0, size) };
}

/** FTRL-proximal; returns float weights, negative block then positive block. */
export function trainWeights(docs: readonly LabelledText[], options: TrainingOptions, lexicon?: LexiconSource): Float64Array {
  const { alpha, beta, l1, l2, epochs } = options;
  const buckets = 1 << options.features.bucketBits;
  const matrix = featureMatrix(docs, options.features, lexicon);
  const weightOfDoc = sampleWeights(docs, options.classWeighting, options.sourceWeighting);
  const zs = new Float64Array(2 * buckets);
  const ns = new Float64Array(2 * buckets);
  const random = seededRandom(options.seed);
  const order = Array.from(docs.keys());
  let current = new Float64Array(1024);

  const weightAt = (k: number): number => {
    const z = zs[k] ?? 0;
    if (Math.abs(z) <= l1) return 0;
    return -(z - Math.sign(z) * l1) / ((beta + Math.sqrt(ns[k] ?? 0)) / alpha + l2);
  };

  const weights = new Float64Array(2 * buckets);
  const averaged = Math.max(1, Math.min(epochs, options.averagedEpochs));
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    // Fisher–Yates with the seeded generator.
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      const swap = order[i] ?? 0;
      order[i] = order[j] ?? 0;
      order[j] = swap;
    }
    for (const d of order) {
      const start = matrix.offsets[d] ?? 0;
      const end = matrix.offsets[d + 1] ?? 0;
      if (current.length < 2 * (end - start)) current = new Float64Array(4 * (end - start));
      let negative = 0;
      let positive = 0;
      for (let j = start; j < end; j += 1) {
        const index = matrix.indices[j] ?? 0;
        const x = matrix.values[j] ?? 0;
        const wn = weightAt(index);
        const wp = weightAt(buckets + index);
        current[2 * (j - start)] = wn;
        current[2 * (j - start) + 1] = wp;
        negative += wn * x;
        positive += wp * x;
      }
      const [pn, , pp] = softmax3(negative, positive);
      const label = docs[d]?.label;
      const sw = weightOfDoc[d] ?? 1;
      const gn = (pn - (label === 'negative' ? 1 : 0)) * sw;
      const gp = (pp - (label === 'positive' ? 1 : 0)) * sw;
      for (let j = start; j < end; j += 1) {
        const x = matrix.values[j] ?? 0;
        const index = matrix.indices[j] ?? 0;
        for (let c = 0; c < 2; c += 1) {
          const k = c * buckets + index;
          const g = (c === 0 ? gn : gp) * x;
          const n = ns[k] ?? 0;
          const sigma = (Math.sqrt(n + g * g) - Math.sqrt(n)) / alpha;
          zs[k] = (zs[k] ?? 0) + g - sigma * (current[2 * (j - start) + c] ?? 0);
          ns[k] = n + g * g;
        }
      }
    }
    if (epoch >= epochs - averaged) {
      for (let k = 0; k < weights.length; k += 1) weights[k] = (weights[k] ?? 0) + weightAt(k) / averaged;
    }
  }

  return weights;
}

/** The `quantile` of the non-zero |weights| (the quantisation clip). */
function absQuantile(weights: Float64Array, quantile: number): number {
  const magnitudes: number[] = [];
  for (const w of weights) if (w !== 0) magnitudes.push(Math.abs(w));
  if (magnitudes.length === 0) return 1;
  magnitudes.sort((a, b) => a - b);
  return magnitudes[Math.min(magnitudes.length - 1, Math.floor(quantile * magnitudes.length))] ?? 1;
}

/** Mean negative log-likelihood of the gold classes at temperature `t`. */
function nll(logits: readonly (readonly [number, number])[], gold: readonly ModelClass[], t: number): number {
  let total = 0;
  logits.forEach(([negative, positive], i) => {
    const p = softmax3(negative, positive, t)[MODEL_CLASSES.indexOf(gold[i] ?? 'neutral')] ?? 0;
    total -= Math.log(Math.max(p, 1e-12));
  });
  return total / Math.max(1, logits.length);
}

/** Temperature scaling (Guo et al., 2017): the t in [0.05, 20] minimising NLL, by golden-section search on log t. */
export function fitTemperature(logits: readonly (readonly [number, number])[], gold: readonly ModelClass[]): number {
  let lo = Math.log(0.05);
  let hi = Math.log(20);
  const phi = (Math.sqrt(5) - 1) / 2;
  let a = hi - phi * (hi - lo);
  let b = lo + phi * (hi - lo);
  let fa = nll(logits, gold, Math.exp(a));
  let fb = nll(logits, gold, Math.exp(b));
  for (let i = 0; i < 60; i += 1) {
    if (fa < fb) {
      hi = b;
      b = a;
      fb = fa;
      a = hi - phi * (hi - lo);
      fa = nll(logits, gold, Math.exp(a));
    } else {
      lo = a;
      a = b;
      fa = fb;
      b = lo + phi * (hi - lo);
      fb = nll(logits, gold, Math.exp(b));
    }
  }
  return Math.exp((lo + hi) / 2);
}

/** The confidence below which `share` of `confidences` fall (the hybrid engine's threshold). */
export function confidenceThreshold(confidences: readonly number[], share: number): number {
  if (confidences.length === 0 || share <= 0) return 0;
  const sorted = [...confidences].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? 0;
}

export interface TrainedModel {
  model: LinearSentimentModel;
  file: ModelFile;
}

/**
 * Trains, quantises, and calibrates on `dev` when given (temperature and hybrid threshold);
 * without `dev` the temperature stays 1 and the threshold comes from the training set.
 */
export function trainSentimentModel(
  train: readonly LabelledText[],
  dev: readonly LabelledText[] | undefined,
  options: TrainingOptions = DEFAULT_TRAINING_OPTIONS,
  lexicon?: LexiconSource,
  provenance: Record<string, unknown> = {},
): TrainedModel {
  const floatWeights = trainWeights(train, options, lexicon);
  const { weights, scale } = quantise(floatWeights, absQuantile(floatWeights, options.clipQuantile), options.quantLevels);
  const uncalibrated: LinearSentimentModel = { features: options.features, weights, scale, temperature: 1, hybridThreshold: 0 };
  const predictor = new LinearSentimentPredictor(uncalibrated, lexicon);
  const calibration = dev && dev.length > 0 ? dev : train;
  const logits = calibration.map((doc) => predictor.logits(doc.text, doc.lang));
  const temperature = dev && dev.length > 0 ? fitTemperature(logits, dev.map((doc) => doc.label)) : 1;
  const confidences = logits.map(([negative, positive]) => Math.max(...softmax3(negative, positive, temperature)));
  const hybridThreshold = confidenceThreshold(confidences, options.hybridShare);

  const model: LinearSentimentModel = { ...uncalibrated, temperature, hybridThreshold };
  const { features: _features, ...hyperParameters } = options;
  let nonZero = 0;
  for (const w of weights) if (w !== 0) nonZero += 1;
  const file: ModelFile = {
    format: MODEL_FORMAT,
    featuresVersion: FEATURES_VERSION,
    classes: [...MODEL_CLASSES],
    features: { ...options.features },
    scale,
    temperature,
    hybridThreshold,
    weights: encodeWeights(weights),
    training: {
      ...provenance,
      method: `multinomial logistic regression (neutral reference), FTRL-proximal, L1+L2, int8 weights (±${options.quantLevels} levels)`,
      options: hyperParameters,
      trainDocuments: train.length,
      nonZeroWeights: nonZero,
      hybridShareTarget: options.hybridShare,
    },
  };
  return { model, file };
}

const LabelledLine = z.object({
  text: z.string(),
  label: z.enum(MODEL_CLASSES),
  lang: z.string(),
  source: z.optional(z.string()),
});

/** The labelled JSONL format, as training and evaluation describe it to a user who gave no file. */
export const LABELLED_JSONL_FORMAT =
  'one JSON object per line: {"text": "...", "label": "negative"|"neutral"|"positive", "lang": "fr"|"en"|..., "source"?: "..."}';

/** One labelled text per line (`{ text, label, lang, source? }`, other fields ignored); blank lines skipped. */
export class InvalidDatasetError extends Error {
  override readonly name = 'InvalidDatasetError';
}

export function parseLabelledJsonl(content: string, fileName = 'dataset'): LabelledText[] {
  const rows: LabelledText[] = [];
  content.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      throw new InvalidDatasetError(`${fileName}:${i + 1}: not JSON`);
    }
    const parsed = LabelledLine.safeParse(json);
    if (!parsed.success) throw new InvalidDatasetError(`${fileName}:${i + 1}: ${z.prettifyError(parsed.error)}`);
    const { text, label, lang, source } = parsed.data;
    rows.push(source === undefined ? { text, label, lang } : { text, label, lang, source });
  });
  return rows;
}
