/**
 * Trains the embedded FR/EN sentiment model and writes it where the `embedded` engine imports it.
 *
 *   tsx scripts/train-sentiment.ts --data FILE.jsonl (--dev FILE.jsonl | --no-dev) [--seed N] [--out FILE.json]
 *                                  [--epochs N] [--l1 X] [--l2 X] [--alpha X] [--bucket-bits N] [--hybrid-share X]
 *
 * Any JSONL of `{ text, label: negative|neutral|positive, lang, source? }` works: a commercial user
 * retrains on their own labelled feedback. `--dev` is only for calibration (temperature, hybrid
 * threshold) and the figures printed; it is never trained on. Same data + options + seed → same file.
 * No file ships with the repository (the shipped model's data is research-only: see
 * models/MODEL_CARD.md), so both are named on the command line, never looked up by default.
 */
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { lexiconFingerprint, lexiconSignal } from '../shared/domain/lexicon/lexicon-signal';
import { classificationReport } from '../shared/domain/classification-metrics';
import { LinearSentimentPredictor, MODEL_CLASSES, type LinearSentimentModel } from '../shared/domain/linear-sentiment-model';
import {
  DEFAULT_TRAINING_OPTIONS,
  LABELLED_JSONL_FORMAT,
  type LabelledText,
  parseLabelledJsonl,
  trainSentimentModel,
  type TrainingOptions,
} from '../shared/domain/sentiment-training';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_OUT = join(REPO_ROOT, 'models/sentiment-fr-en.json');

/** Macro-F1 and accuracy of `model` on `docs`, overall and per language and per source. */
export function evaluateModel(model: LinearSentimentModel, docs: readonly LabelledText[]) {
  const predictor = new LinearSentimentPredictor(model, lexiconSignal);
  const predicted = docs.map((doc) => {
    const p = predictor.probabilities(doc.text, doc.lang);
    return MODEL_CLASSES[p.indexOf(Math.max(...p))] ?? 'neutral';
  });
  const slice = (keep: (doc: LabelledText) => boolean) => {
    const idx = docs.flatMap((doc, i) => (keep(doc) ? [i] : []));
    const report = classificationReport(
      idx.map((i) => docs[i]?.label ?? ''),
      idx.map((i) => predicted[i] ?? ''),
    );
    return { n: report.n, accuracy: round(report.accuracy), macroF1: round(report.macroF1) };
  };
  const by = (key: (doc: LabelledText) => string) =>
    Object.fromEntries([...new Set(docs.map(key))].sort().map((value) => [value, slice((doc) => key(doc) === value)]));
  return { overall: slice(() => true), byLanguage: by((doc) => doc.lang), bySource: by((doc) => doc.source ?? '-') };
}

const round = (x: number) => Math.round(x * 10000) / 10000;

/** A missing or unnamed data file: the message says what to pass and in which format. */
export class TrainingDataError extends Error {
  override readonly name = 'TrainingDataError';
}

async function readDataset(path: string, option: '--data' | '--dev'): Promise<{ docs: LabelledText[]; sha256: string }> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new TrainingDataError(`${option} ${path}: no such file; pass ${option} FILE.jsonl, ${LABELLED_JSONL_FORMAT}`, { cause: error });
  }
  return { docs: parseLabelledJsonl(content, basename(path)), sha256: createHash('sha256').update(content).digest('hex') };
}

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      dev: { type: 'string' },
      'no-dev': { type: 'boolean', default: false },
      seed: { type: 'string' },
      out: { type: 'string', default: DEFAULT_OUT },
      epochs: { type: 'string' },
      l1: { type: 'string' },
      l2: { type: 'string' },
      alpha: { type: 'string' },
      'bucket-bits': { type: 'string' },
      'hybrid-share': { type: 'string' },
    },
  });
  const number = (raw: string | undefined, fallback: number, name: string) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${raw}`);
    return n;
  };
  const defaults = DEFAULT_TRAINING_OPTIONS;
  const options: TrainingOptions = {
    ...defaults,
    seed: number(values.seed, defaults.seed, 'seed'),
    epochs: number(values.epochs, defaults.epochs, 'epochs'),
    l1: number(values.l1, defaults.l1, 'l1'),
    l2: number(values.l2, defaults.l2, 'l2'),
    alpha: number(values.alpha, defaults.alpha, 'alpha'),
    hybridShare: number(values['hybrid-share'], defaults.hybridShare, 'hybrid-share'),
    features: { ...defaults.features, bucketBits: number(values['bucket-bits'], defaults.features.bucketBits, 'bucket-bits') },
  };

  const { data: dataPath, dev: devPath } = values;
  if (dataPath === undefined) throw new TrainingDataError(`pass --data FILE.jsonl, the labelled texts to train on: ${LABELLED_JSONL_FORMAT}`);
  if (devPath === undefined && !values['no-dev']) {
    throw new TrainingDataError('pass --dev FILE.jsonl (same format, never trained on) to calibrate the confidence, or --no-dev to leave it uncalibrated');
  }

  const started = performance.now();
  const train = await readDataset(resolve(dataPath), '--data');
  const dev = values['no-dev'] || devPath === undefined ? undefined : { ...(await readDataset(resolve(devPath), '--dev')), name: basename(devPath) };
  const { model, file } = trainSentimentModel(train.docs, dev?.docs, options, lexiconSignal, {
    lexiconFingerprint: lexiconFingerprint(),
    trainFile: { name: basename(dataPath), sha256: train.sha256, documents: train.docs.length },
    ...(dev ? { devFile: { name: dev.name, sha256: dev.sha256, documents: dev.docs.length } } : {}),
  });
  const trainSeconds = (performance.now() - started) / 1000;
  const devMetrics = dev ? evaluateModel(model, dev.docs) : undefined;
  if (devMetrics) file.training = { ...file.training, dev: devMetrics };

  const json = `${JSON.stringify(file)}\n`;
  await writeFile(resolve(values.out), json);
  const summary = {
    out: resolve(values.out),
    fileKb: Math.round(json.length / 102.4) / 10,
    trainSeconds: Math.round(trainSeconds * 10) / 10,
    temperature: round(model.temperature),
    hybridThreshold: round(model.hybridThreshold),
    nonZeroWeights: file.training?.nonZeroWeights,
    dev: devMetrics,
  };
  process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
