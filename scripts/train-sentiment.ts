/**
 * Trains the embedded FR/EN sentiment model and writes it where the `embedded` engine imports it.
 *
 *   tsx scripts/train-sentiment.ts --data FILE.jsonl [--data FILE.jsonl …]
 *                                  (--holdout N [--holdout-from FILE …] | --dev FILE.jsonl | --no-dev) [--dev FILE.jsonl]
 *                                  [--source-mass none|equal|sqrt] [--source-weight SOURCE=K …]
 *                                  [--seed N] [--out FILE.json] [--epochs N] [--l1 X] [--l2 X] [--alpha X]
 *                                  [--bucket-bits N] [--hybrid-share X]
 *
 * Any JSONL of `{ text, label: negative|neutral|positive, lang, source? }` works: a commercial user
 * retrains on their own labelled feedback. `--holdout N` keeps 1 in N rows of the --data files
 * (or only of the --holdout-from ones) out of training, chosen by a fixed hash of the text, and
 * calibrates on them (temperature, hybrid threshold); without it `--dev` calibrates. `--dev` is
 * never trained on. Same data + options + seed → same file. `npm run train:shipped` is the exact
 * command of the shipped model. Its review and tweet data does not ship with the repository
 * (research-only or unlicensed: see models/MODEL_CARD.md), so files are named on the command line.
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
import { HOLDOUT_SEED, splitHoldout } from '../shared/domain/sentiment-training-weights';

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

/** `name=k` pairs (`--source-weight airline-tweets=3`), k a positive number. */
export function parseSourceMultipliers(pairs: readonly string[]): Record<string, number> {
  const multipliers: Record<string, number> = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const k = Number(pair.slice(at + 1));
    if (at <= 0 || !(k > 0) || !Number.isFinite(k)) {
      throw new TrainingDataError(`--source-weight ${pair}: expected SOURCE=K with K a positive number, e.g. --source-weight airline-tweets=3`);
    }
    multipliers[pair.slice(0, at)] = k;
  }
  return multipliers;
}

const SOURCE_MASSES = ['none', 'equal', 'sqrt'] as const;

export async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string', multiple: true },
      holdout: { type: 'string' },
      'holdout-from': { type: 'string', multiple: true },
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
      'source-mass': { type: 'string' },
      'source-weight': { type: 'string', multiple: true },
    },
  });
  const number = (raw: string | undefined, fallback: number, name: string) => {
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n)) throw new Error(`--${name} must be a number, got ${raw}`);
    return n;
  };
  const mass = values['source-mass'] ?? 'none';
  if (!(SOURCE_MASSES as readonly string[]).includes(mass)) throw new TrainingDataError(`--source-mass must be one of ${SOURCE_MASSES.join(', ')}, got ${mass}`);
  const defaults = DEFAULT_TRAINING_OPTIONS;
  const options: TrainingOptions = {
    ...defaults,
    seed: number(values.seed, defaults.seed, 'seed'),
    epochs: number(values.epochs, defaults.epochs, 'epochs'),
    l1: number(values.l1, defaults.l1, 'l1'),
    l2: number(values.l2, defaults.l2, 'l2'),
    alpha: number(values.alpha, defaults.alpha, 'alpha'),
    hybridShare: number(values['hybrid-share'], defaults.hybridShare, 'hybrid-share'),
    sourceWeighting: { mass: mass as (typeof SOURCE_MASSES)[number], multipliers: parseSourceMultipliers(values['source-weight'] ?? []) },
    features: { ...defaults.features, bucketBits: number(values['bucket-bits'], defaults.features.bucketBits, 'bucket-bits') },
  };
  const holdoutEvery = values.holdout === undefined ? 0 : number(values.holdout, 0, 'holdout');
  if (values.holdout !== undefined && !(Number.isInteger(holdoutEvery) && holdoutEvery >= 2)) {
    throw new TrainingDataError(`--holdout ${values.holdout}: expected an integer N ≥ 2 (1 in N rows held out)`);
  }

  const dataPaths = values.data ?? [];
  const { dev: devPath } = values;
  if (dataPaths.length === 0) throw new TrainingDataError(`pass --data FILE.jsonl, the labelled texts to train on: ${LABELLED_JSONL_FORMAT}`);
  if (devPath === undefined && holdoutEvery === 0 && !values['no-dev']) {
    throw new TrainingDataError(
      'pass --dev FILE.jsonl (same format, never trained on) or --holdout N (1 in N rows of the training files, never trained on) to calibrate the confidence, or --no-dev to leave it uncalibrated',
    );
  }
  const holdoutFrom = new Set(values['holdout-from'] ?? []);
  const unknownHoldout = [...holdoutFrom].filter((name) => !dataPaths.some((path) => path === name || basename(path) === name));
  if (unknownHoldout.length > 0) throw new TrainingDataError(`--holdout-from ${unknownHoldout.join(', ')}: not one of the --data files`);

  const started = performance.now();
  const trainDocs: LabelledText[] = [];
  const holdoutDocs: LabelledText[] = [];
  const trainFiles: Record<string, unknown>[] = [];
  for (const path of dataPaths) {
    const { docs, sha256 } = await readDataset(resolve(path), '--data');
    const split = holdoutEvery > 0 && (holdoutFrom.size === 0 || holdoutFrom.has(path) || holdoutFrom.has(basename(path)));
    const { train, holdout } = split ? splitHoldout(docs, holdoutEvery) : { train: docs, holdout: [] };
    trainDocs.push(...train);
    holdoutDocs.push(...holdout);
    trainFiles.push({ name: basename(path), sha256, documents: docs.length, trainedOn: train.length, heldOut: holdout.length });
  }
  const dev = devPath === undefined || values['no-dev'] ? undefined : { ...(await readDataset(resolve(devPath), '--dev')), name: basename(devPath) };
  // Calibration (temperature, hybrid threshold) on the holdout when there is one: it is the traffic
  // the model is for; the --dev file is then only reported.
  const calibration = holdoutDocs.length > 0 ? holdoutDocs : dev?.docs;
  const { model, file } = trainSentimentModel(trainDocs, calibration, options, lexiconSignal, {
    lexiconFingerprint: lexiconFingerprint(),
    trainFiles,
    ...(holdoutEvery > 0 ? { holdout: { every: holdoutEvery, seed: HOLDOUT_SEED, hash: 'FNV-1a of the text', documents: holdoutDocs.length } } : {}),
    ...(dev ? { devFile: { name: dev.name, sha256: dev.sha256, documents: dev.docs.length } } : {}),
    calibratedOn: holdoutDocs.length > 0 ? 'holdout' : dev ? 'dev' : 'none',
  });
  const trainSeconds = (performance.now() - started) / 1000;
  const holdoutMetrics = holdoutDocs.length > 0 ? evaluateModel(model, holdoutDocs) : undefined;
  const devMetrics = dev ? evaluateModel(model, dev.docs) : undefined;
  file.training = { ...file.training, ...(holdoutMetrics ? { holdoutMetrics } : {}), ...(devMetrics ? { dev: devMetrics } : {}) };

  const json = `${JSON.stringify(file)}\n`;
  await writeFile(resolve(values.out), json);
  const summary = {
    out: resolve(values.out),
    fileKb: Math.round(json.length / 102.4) / 10,
    trainSeconds: Math.round(trainSeconds * 10) / 10,
    trainDocuments: trainDocs.length,
    temperature: round(model.temperature),
    hybridThreshold: round(model.hybridThreshold),
    nonZeroWeights: file.training?.nonZeroWeights,
    holdout: holdoutMetrics,
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
