/**
 * How far can a small model go on the French customer reviews? The study behind the model card's
 * "Beyond the linear model" section (issue #16: macro-F1 ≥ 0.75 on customer-dev, FR rows).
 *
 *   tsx scripts/sentiment-ceiling-study.ts [--data ../shared/datasets/customer-train.jsonl] [--lang fr] [--seed 42]
 *
 * Everything is judged on the fixed holdout of customer-train (the rows `isHeldOut(text, 10)`
 * keeps out of training, as `npm run train:shipped` does), never on customer-dev: a decision rule
 * is fitted on half A of the holdout (its even rows) and checked on half B (its odd rows), so a
 * gain that only fits A shows as such. Candidates, all on the same hashed features as the shipped
 * model (`text-features.ts`):
 *
 * - the shipped model with the decision changed: per-class logit offsets, a neutral band on
 *   p(pos) − p(neg);
 * - linear models trained on the reviews of `--lang` alone: 3 classes; 5 star classes (1–2 → neg,
 *   3 → neu, 4–5 → pos, or a band on the expected stars); a regression on the stars with two thresholds;
 * - fastText-style: averaged hashed-n-gram embeddings (2^16 × 16) and a hidden layer of 32, 5 star
 *   outputs, alone and averaged (log-probabilities) with the shipped model, then a neutral band;
 * - the cost: docs/s of the shipped model and of the embedding model, features included.
 *
 * Deterministic for a given seed; about 30 minutes on a loaded machine (2 cores, load 14–33). Prints JSON.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { shippedSentimentModel } from '../shared/adapters/embedded-sentiment';
import { classificationReport } from '../shared/domain/classification-metrics';
import { lexiconSignal } from '../shared/domain/lexicon/lexicon-signal';
import { LinearSentimentPredictor, MODEL_CLASSES, type ModelClass } from '../shared/domain/linear-sentiment-model';
import { seededRandom } from '../shared/domain/sentiment-training';
import { isHeldOut } from '../shared/domain/sentiment-training-weights';
import { DEFAULT_FEATURE_CONFIG, extractFeatures, FeatureBuffer, type FeatureConfig } from '../shared/domain/text-features';

interface Review {
  text: string;
  lang: string;
  label: ModelClass;
  stars: number;
}
interface Sparse {
  indices: Int32Array;
  values: Float32Array;
}
/** Three log-scores (negative, neutral, positive) for each holdout row. */
type Scores = Map<number, [number, number, number]>;

const { values: args } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/datasets/customer-train.jsonl' },
    lang: { type: 'string', default: 'fr' },
    seed: { type: 'string', default: '42' },
  },
});
const seed = Number(args.seed);

const reviews: Review[] = readFileSync(resolve(args.data), 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as Review)
  .filter((row) => row.lang === args.lang && Number.isInteger(row.stars) && row.stars >= 1 && row.stars <= 5);

function featurise(config: FeatureConfig): Sparse[] {
  const buffer = new FeatureBuffer();
  return reviews.map(({ text, lang }) => {
    extractFeatures(text, lang, config, buffer, lexiconSignal);
    return { indices: buffer.indices.slice(0, buffer.size), values: buffer.values.slice(0, buffer.size) };
  });
}

const trainRows = reviews.flatMap((row, i) => (isHeldOut(row.text, 10) ? [] : [i]));
const holdout = reviews.flatMap((row, i) => (isHeldOut(row.text, 10) ? [i] : []));
const halfA = holdout.filter((_, k) => k % 2 === 0);
const halfB = holdout.filter((_, k) => k % 2 === 1);
const classOf = (i: number) => MODEL_CLASSES.indexOf(reviews[i]?.label ?? 'neutral');
const classCounts = [0, 0, 0];
for (const i of trainRows) classCounts[classOf(i)] = (classCounts[classOf(i)] ?? 0) + 1;
/** Balanced class weights (N / (3 × N_class)), as the shipped model's training uses. */
const sampleWeight = (i: number) => trainRows.length / (3 * (classCounts[classOf(i)] ?? 1));

const macroF1 = (rows: readonly number[], predict: (i: number) => ModelClass) =>
  Math.round(classificationReport(rows.map((i) => reviews[i]?.label ?? ''), rows.map(predict)).macroF1 * 10000) / 10000;

function softmax(logits: ArrayLike<number>): number[] {
  const top = Math.max(...Array.from(logits));
  const e = Array.from(logits, (x) => Math.exp(x - top));
  const sum = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / sum);
}
/** Five star probabilities → three class log-probabilities. */
const starsToClasses = (p: readonly number[]): [number, number, number] => [
  Math.log((p[0] ?? 0) + (p[1] ?? 0)),
  Math.log(p[2] ?? 0),
  Math.log((p[3] ?? 0) + (p[4] ?? 0)),
];
const argmax3 = (s: readonly number[], offsets: readonly [number, number] = [0, 0]): ModelClass => {
  const t = [(s[0] ?? 0) + offsets[0], s[1] ?? 0, (s[2] ?? 0) + offsets[1]];
  return MODEL_CLASSES[t.indexOf(Math.max(...t))] ?? 'neutral';
};
const grid = (from: number, to: number, step: number) => Array.from({ length: Math.round((to - from) / step) + 1 }, (_, k) => from + k * step);

/** A decision rule fitted on half A, checked on half B. */
function decisions(scores: Scores) {
  const score = (i: number) => scores.get(i) ?? [0, 0, 0];
  let offsets: [number, number] = [0, 0];
  let best = -1;
  for (const n of grid(-2, 2, 0.1)) {
    for (const p of grid(-2, 2, 0.1)) {
      const f = macroF1(halfA, (i) => argmax3(score(i), [n, p]));
      if (f > best) [best, offsets] = [f, [n, p]];
    }
  }
  const margin = (i: number) => {
    const p = softmax(score(i));
    return (p[2] ?? 0) - (p[0] ?? 0);
  };
  return {
    argmax: { holdout: macroF1(holdout, (i) => argmax3(score(i))), A: macroF1(halfA, (i) => argmax3(score(i))), B: macroF1(halfB, (i) => argmax3(score(i))) },
    offsets: { fitted: offsets.map((x) => Math.round(x * 10) / 10), A: best, B: macroF1(halfB, (i) => argmax3(score(i), offsets)) },
    neutralBand: band(margin, grid(-1, 1, 0.02)),
  };
}

/** Neutral between two thresholds of a one-dimensional score, fitted on A. */
function band(score: (i: number) => number, thresholds: readonly number[]) {
  const cache = new Map(holdout.map((i) => [i, score(i)]));
  const rule = (lo: number, hi: number) => (i: number): ModelClass => {
    const s = cache.get(i) ?? 0;
    return s < lo ? 'negative' : s > hi ? 'positive' : 'neutral';
  };
  let fitted: [number, number] = [0, 0];
  let best = -1;
  thresholds.forEach((lo, k) => {
    for (const hi of thresholds.slice(k)) {
      const f = macroF1(halfA, rule(lo, hi));
      if (f > best) [best, fitted] = [f, [lo, hi]];
    }
  });
  return { fitted: fitted.map((x) => Math.round(x * 100) / 100), A: best, B: macroF1(halfB, rule(...fitted)) };
}

/** FTRL-proximal with K outputs and any loss (its gradient with respect to the outputs). */
function trainLinear(features: Sparse[], outputs: number, buckets: number, gradient: (out: Float64Array, i: number) => number[], alpha: number): Float64Array {
  const [beta, l1, l2, epochs] = [1, 0.3, 1e-4, 8];
  const z = new Float64Array(outputs * buckets);
  const n = new Float64Array(outputs * buckets);
  const weightAt = (k: number) => {
    const zk = z[k] ?? 0;
    return Math.abs(zk) <= l1 ? 0 : -(zk - Math.sign(zk) * l1) / ((beta + Math.sqrt(n[k] ?? 0)) / alpha + l2);
  };
  const random = seededRandom(seed);
  const order = [...trainRows];
  const out = new Float64Array(outputs);
  for (let epoch = 0; epoch < epochs; epoch += 1) {
    shuffle(order, random);
    for (const i of order) {
      const { indices, values } = features[i] ?? { indices: new Int32Array(), values: new Float32Array() };
      const current = new Float64Array(indices.length * outputs);
      out.fill(0);
      indices.forEach((index, j) => {
        for (let c = 0; c < outputs; c += 1) {
          current[j * outputs + c] = weightAt(c * buckets + index);
          out[c] = (out[c] ?? 0) + (current[j * outputs + c] ?? 0) * (values[j] ?? 0);
        }
      });
      const g = gradient(out, i).map((x) => x * sampleWeight(i));
      indices.forEach((index, j) => {
        for (let c = 0; c < outputs; c += 1) {
          const k = c * buckets + index;
          const gk = (g[c] ?? 0) * (values[j] ?? 0);
          const nk = n[k] ?? 0;
          z[k] = (z[k] ?? 0) + gk - ((Math.sqrt(nk + gk * gk) - Math.sqrt(nk)) / alpha) * (current[j * outputs + c] ?? 0);
          n[k] = nk + gk * gk;
        }
      });
    }
  }
  return Float64Array.from({ length: outputs * buckets }, (_, k) => weightAt(k));
}

function linearOutputs(weights: Float64Array, outputs: number, buckets: number, { indices, values }: Sparse): number[] {
  const out = new Array<number>(outputs).fill(0);
  indices.forEach((index, j) => {
    for (let c = 0; c < outputs; c += 1) out[c] = (out[c] ?? 0) + (weights[c * buckets + index] ?? 0) * (values[j] ?? 0);
  });
  return out;
}

function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
}

const crossEntropy = (target: (i: number) => number) => (out: Float64Array, i: number) => softmax(out).map((p, c) => p - (c === target(i) ? 1 : 0));
const starClass = (i: number) => (reviews[i]?.stars ?? 3) - 1;

function linearStudies(features: Sparse[], buckets: number) {
  const three = trainLinear(features, 3, buckets, crossEntropy(classOf), 0.5);
  const five = trainLinear(features, 5, buckets, crossEntropy(starClass), 0.5);
  const regression = trainLinear(features, 1, buckets, (out, i) => [(out[0] ?? 0) - ((reviews[i]?.stars ?? 3) - 3) / 2], 0.1);
  const fiveProbabilities = (i: number) => softmax(linearOutputs(five, 5, buckets, features[i] ?? { indices: new Int32Array(), values: new Float32Array() }));
  const at = (i: number) => features[i] ?? { indices: new Int32Array(), values: new Float32Array() };
  return {
    threeClasses: decisions(new Map(holdout.map((i) => [i, linearOutputs(three, 3, buckets, at(i)) as [number, number, number]]))),
    fiveStars: {
      ...decisions(new Map(holdout.map((i) => [i, starsToClasses(fiveProbabilities(i))]))),
      expectedStarsBand: band((i) => fiveProbabilities(i).reduce((sum, p, k) => sum + p * (k + 1), 0), grid(1.5, 4.8, 0.05)),
    },
    starRegression: band((i) => linearOutputs(regression, 1, buckets, at(i))[0] ?? 0, grid(-1.2, 1.2, 0.02)),
  };
}

/** fastText-style: mean of hashed-feature embeddings → ReLU hidden layer → 5 star outputs; Adagrad. */
class EmbeddingModel {
  readonly embeddings: Float32Array;
  private readonly hiddenWeights: Float32Array;
  private readonly hiddenBias: Float32Array;
  private readonly outWeights: Float32Array;
  private readonly outBias: Float32Array;
  private readonly squares = new Map<Float32Array, Float32Array>();
  private readonly embedded: Float32Array;
  private readonly preActivation: Float32Array;
  private readonly activation: Float32Array;

  constructor(
    readonly dim: number,
    readonly hidden: number,
    readonly outputs: number,
    buckets: number,
    random: () => number,
    private readonly rate: number,
  ) {
    const init = (size: number, scale: number) => Float32Array.from({ length: size }, () => (random() * 2 - 1) * scale);
    this.embeddings = init(buckets * dim, 0.1);
    this.hiddenWeights = init(hidden * dim, Math.sqrt(6 / (dim + hidden)));
    this.hiddenBias = new Float32Array(hidden);
    this.outWeights = init(outputs * hidden, Math.sqrt(6 / (hidden + outputs)));
    this.outBias = new Float32Array(outputs);
    for (const p of [this.embeddings, this.hiddenWeights, this.hiddenBias, this.outWeights, this.outBias]) this.squares.set(p, new Float32Array(p.length));
    this.embedded = new Float32Array(dim);
    this.preActivation = new Float32Array(hidden);
    this.activation = new Float32Array(hidden);
  }

  probabilities({ indices, values }: Sparse): number[] {
    const { dim, hidden, embedded } = this;
    embedded.fill(0);
    indices.forEach((index, j) => {
      for (let k = 0; k < dim; k += 1) embedded[k] = (embedded[k] ?? 0) + (values[j] ?? 0) * (this.embeddings[index * dim + k] ?? 0);
    });
    for (let u = 0; u < hidden; u += 1) {
      let s = this.hiddenBias[u] ?? 0;
      for (let k = 0; k < dim; k += 1) s += (this.hiddenWeights[u * dim + k] ?? 0) * (embedded[k] ?? 0);
      this.preActivation[u] = s;
      this.activation[u] = Math.max(0, s);
    }
    return softmax(Array.from({ length: this.outputs }, (_, c) => {
      let s = this.outBias[c] ?? 0;
      for (let u = 0; u < hidden; u += 1) s += (this.outWeights[c * hidden + u] ?? 0) * (this.activation[u] ?? 0);
      return s;
    }));
  }

  private step(params: Float32Array, k: number, g: number): void {
    const squares = this.squares.get(params) ?? new Float32Array(params.length);
    squares[k] = (squares[k] ?? 0) + g * g;
    params[k] = (params[k] ?? 0) - (this.rate * g) / Math.sqrt((squares[k] ?? 0) + 1e-8);
  }

  learn(features: Sparse, target: number, weight: number): void {
    const { dim, hidden } = this;
    const gOut = this.probabilities(features).map((p, c) => (p - (c === target ? 1 : 0)) * weight);
    const gHidden = new Float32Array(hidden);
    gOut.forEach((g, c) => {
      for (let u = 0; u < hidden; u += 1) {
        gHidden[u] = (gHidden[u] ?? 0) + g * (this.outWeights[c * hidden + u] ?? 0);
        this.step(this.outWeights, c * hidden + u, g * (this.activation[u] ?? 0));
      }
      this.step(this.outBias, c, g);
    });
    const gEmbedded = new Float32Array(dim);
    for (let u = 0; u < hidden; u += 1) {
      if ((this.preActivation[u] ?? 0) <= 0) continue;
      const g = gHidden[u] ?? 0;
      for (let k = 0; k < dim; k += 1) {
        gEmbedded[k] = (gEmbedded[k] ?? 0) + g * (this.hiddenWeights[u * dim + k] ?? 0);
        this.step(this.hiddenWeights, u * dim + k, g * (this.embedded[k] ?? 0));
      }
      this.step(this.hiddenBias, u, g);
    }
    features.indices.forEach((index, j) => {
      for (let k = 0; k < dim; k += 1) this.step(this.embeddings, index * dim + k, (gEmbedded[k] ?? 0) * (features.values[j] ?? 0));
    });
  }
}

function embeddingStudies(shipped: Scores) {
  const config: FeatureConfig = { ...DEFAULT_FEATURE_CONFIG, bucketBits: 16 };
  const features = featurise(config);
  const random = seededRandom(seed);
  const model = new EmbeddingModel(16, 32, 5, 1 << config.bucketBits, random, 0.02);
  const order = [...trainRows];
  const perEpoch = [];
  for (let epoch = 1; epoch <= 3; epoch += 1) {
    shuffle(order, random);
    for (const i of order) model.learn(features[i] ?? { indices: new Int32Array(), values: new Float32Array() }, starClass(i), sampleWeight(i));
    const alone: Scores = new Map(holdout.map((i) => [i, starsToClasses(model.probabilities(features[i] ?? { indices: new Int32Array(), values: new Float32Array() }))]));
    const withShipped: Scores = new Map(
      holdout.map((i) => {
        const a = alone.get(i) ?? [0, 0, 0];
        const b = logSoftmax(shipped.get(i) ?? [0, 0, 0]);
        return [i, [a[0] + b[0], a[1] + b[1], a[2] + b[2]]];
      }),
    );
    perEpoch.push({ epoch, alone: decisions(alone), withShipped: decisions(withShipped) });
  }
  return { perEpoch, docsPerSecond: throughput(model, config) };
}

function logSoftmax(s: readonly [number, number, number]): [number, number, number] {
  const p = softmax(s);
  return [Math.log(p[0] ?? 0), Math.log(p[1] ?? 0), Math.log(p[2] ?? 0)];
}

/** docs/s over the holdout texts, features included, best of 3 passes. */
function throughput(model: EmbeddingModel, config: FeatureConfig) {
  const predictor = new LinearSentimentPredictor(shippedSentimentModel(), lexiconSignal);
  const buffer = new FeatureBuffer();
  const texts = holdout.map((i) => reviews[i]?.text ?? '');
  const best = (run: (text: string) => void) => {
    let fastest = Infinity;
    for (let pass = 0; pass < 3; pass += 1) {
      const started = performance.now();
      for (const text of texts) run(text);
      fastest = Math.min(fastest, performance.now() - started);
    }
    return Math.round((texts.length / fastest) * 1000);
  };
  return {
    shippedLinear: best((text) => predictor.logits(text, 'fr')),
    embeddingModel: best((text) => {
      extractFeatures(text, 'fr', config, buffer, lexiconSignal);
      model.probabilities({ indices: buffer.indices.subarray(0, buffer.size), values: buffer.values.subarray(0, buffer.size) });
    }),
  };
}

const shippedPredictor = new LinearSentimentPredictor(shippedSentimentModel(), lexiconSignal);
const shippedScores: Scores = new Map(
  holdout.map((i) => {
    const [negative, positive] = shippedPredictor.logits(reviews[i]?.text ?? '', args.lang);
    return [i, [negative, 0, positive]];
  }),
);
const result = {
  rows: { trainedOn: trainRows.length, holdout: holdout.length, A: halfA.length, B: halfB.length },
  shipped: decisions(shippedScores),
  linear: linearStudies(featurise(DEFAULT_FEATURE_CONFIG), 1 << DEFAULT_FEATURE_CONFIG.bucketBits),
  embedding: embeddingStudies(shippedScores),
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
