/**
 * The embedded sentiment model: a multinomial logistic regression over hashed text features
 * (`text-features.ts`), neutral as the reference class, so each bucket holds two weights
 * (negative, positive) instead of three — the same softmax with a third less to ship.
 *
 * Shipped form: int8 weights × one scale, planar (all negative weights, then all positive),
 * brotli-compressed and base64-encoded in a small JSON document. Most buckets are zero after L1
 * (FTRL-proximal) training, and the compressor stores runs of zeros almost for free (brotli is
 * ~14 % smaller than deflate here, and both ship with Node).
 */
import { brotliCompressSync, brotliDecompressSync, constants as zlib } from 'node:zlib';
import * as z from 'zod/mini';
import { extractFeatures, FEATURES_VERSION, FeatureBuffer, type FeatureConfig, type LexiconSource } from './text-features';

export const MODEL_FORMAT = 'customer-voice/linear-sentiment@1';
export const MODEL_CLASSES = ['negative', 'neutral', 'positive'] as const;
export type ModelClass = (typeof MODEL_CLASSES)[number];

const FeatureConfigSchema = z.object({
  bucketBits: z.int().check(z.minimum(8), z.maximum(24)),
  charMin: z.int().check(z.minimum(1)),
  charMax: z.int().check(z.minimum(1)),
  wordBigrams: z.boolean(),
  negationScope: z.int().check(z.minimum(0)),
  charWeight: z.number(),
  lexicon: z.boolean(),
});

export const ModelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  featuresVersion: z.literal(FEATURES_VERSION),
  classes: z.tuple([z.literal('negative'), z.literal('neutral'), z.literal('positive')]),
  features: FeatureConfigSchema,
  /** Logit = scale × Σ value × int8 weight. */
  scale: z.number().check(z.positive()),
  /** Softmax temperature fitted on the development set (calibration). */
  temperature: z.number().check(z.positive()),
  /** Confidence under which the hybrid engine asks Comprehend, chosen on the development set. */
  hybridThreshold: z.number().check(z.minimum(0), z.maximum(1)),
  /** base64(brotli(int8[2 × buckets])), planar: negative weights then positive weights. */
  weights: z.string(),
  /** How the file was made (data hashes, seed, hyper-parameters, dev metrics): for the model card. */
  training: z.optional(z.record(z.string(), z.unknown())),
});
export type ModelFile = z.infer<typeof ModelFileSchema>;

/** The model file does not match this code (format, feature version or weight count). */
export class InvalidModelError extends Error {
  override readonly name = 'InvalidModelError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

export interface LinearSentimentModel {
  features: FeatureConfig;
  /** Int8 weights, negative block then positive block, one entry per bucket in each. */
  weights: Int8Array;
  scale: number;
  temperature: number;
  hybridThreshold: number;
}

export function decodeModel(file: unknown): LinearSentimentModel {
  const parsed = ModelFileSchema.safeParse(file);
  if (!parsed.success) {
    throw new InvalidModelError(`Not a ${MODEL_FORMAT} file (features v${FEATURES_VERSION}): ${z.prettifyError(parsed.error)}`);
  }
  const { features, scale, temperature, hybridThreshold } = parsed.data;
  let raw: Buffer;
  try {
    raw = brotliDecompressSync(Buffer.from(parsed.data.weights, 'base64'));
  } catch (error) {
    throw new InvalidModelError('Model weights are not valid brotli data', { cause: error });
  }
  const expected = 2 << features.bucketBits;
  if (raw.length !== expected) throw new InvalidModelError(`Model has ${raw.length} weights, expected ${expected}`);
  const weights = new Int8Array(raw.buffer, raw.byteOffset, raw.length);
  return { features, weights, scale, temperature, hybridThreshold };
}

/** The serialisable form of quantised weights. */
export function encodeWeights(weights: Int8Array): string {
  const raw = Buffer.from(weights.buffer, weights.byteOffset, weights.length);
  return brotliCompressSync(raw, {
    params: {
      [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
      [zlib.BROTLI_PARAM_LGWIN]: zlib.BROTLI_MAX_WINDOW_BITS,
      [zlib.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  }).toString('base64');
}

/**
 * int8 quantisation to ±`levels` (fewer levels compress better): `clip` (a high percentile of |w| rather than the maximum) keeps a few
 * outliers from flattening every other weight to a handful of levels.
 */
export function quantise(
  weights: Float64Array | Float32Array,
  clip: number,
  levels = 127,
): { weights: Int8Array; scale: number } {
  const scale = clip / levels;
  const out = new Int8Array(weights.length);
  for (let i = 0; i < weights.length; i += 1) {
    const q = Math.round((weights[i] ?? 0) / scale);
    out[i] = q > levels ? levels : q < -levels ? -levels : q;
  }
  return { weights: out, scale };
}

export type Probabilities = [negative: number, neutral: number, positive: number];

/** Softmax of (negative, 0, positive) logits divided by the temperature. */
export function softmax3(negative: number, positive: number, temperature = 1): Probabilities {
  const a = negative / temperature;
  const b = positive / temperature;
  const top = Math.max(a, 0, b);
  const ea = Math.exp(a - top);
  const e0 = Math.exp(-top);
  const eb = Math.exp(b - top);
  const sum = ea + e0 + eb;
  return [ea / sum, e0 / sum, eb / sum];
}

/** Predicts with one reusable feature buffer: one model, many documents, no allocation per call. */
export class LinearSentimentPredictor {
  private readonly buffer = new FeatureBuffer();
  private readonly buckets: number;

  constructor(
    readonly model: LinearSentimentModel,
    private readonly lexicon?: LexiconSource,
  ) {
    this.buckets = 1 << model.features.bucketBits;
    if (model.features.lexicon && !lexicon) throw new InvalidModelError('This model needs a lexicon source (features.lexicon)');
  }

  /** Raw (uncalibrated) logits of negative and positive; neutral is 0. */
  logits(text: string, lang: string): [negative: number, positive: number] {
    const { weights, features, scale } = this.model;
    extractFeatures(text, lang, features, this.buffer, this.lexicon);
    const { indices, values, size } = this.buffer;
    const offset = this.buckets;
    let negative = 0;
    let positive = 0;
    for (let i = 0; i < size; i += 1) {
      const index = indices[i] ?? 0;
      const value = values[i] ?? 0;
      negative += value * (weights[index] ?? 0);
      positive += value * (weights[offset + index] ?? 0);
    }
    return [negative * scale, positive * scale];
  }

  /** Calibrated probabilities of negative, neutral, positive. */
  probabilities(text: string, lang: string): Probabilities {
    const [negative, positive] = this.logits(text, lang);
    return softmax3(negative, positive, this.model.temperature);
  }
}
