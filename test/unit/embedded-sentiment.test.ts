import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BatchDetectSentimentCommand, type BatchDetectSentimentCommandInput, ComprehendClient, InvalidRequestException } from '@aws-sdk/client-comprehend';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import modelFile from '../../models/sentiment-fr-en.json' with { type: 'json' };
import { main as trainCli, TrainingDataError } from '../../scripts/train-sentiment';
import { ComprehendSentimentEngine } from '../../shared/adapters/comprehend-sentiment';
import { EmbeddedSentimentEngine, modelIdOf, shippedModelLocations, shippedSentimentModel } from '../../shared/adapters/embedded-sentiment';
import { HybridSentimentEngine } from '../../shared/adapters/hybrid-sentiment';
import { lexiconFingerprint, lexiconSignal } from '../../shared/domain/lexicon/lexicon-signal';
import { SentimentEngineConfigError, SentimentEngineName, createSentimentEngine } from '../../shared/adapters/sentiment-engines';
import { classificationReport } from '../../shared/domain/classification-metrics';
import { decodeModel, encodeWeights, InvalidModelError, LinearSentimentPredictor } from '../../shared/domain/linear-sentiment-model';
import {
  DEFAULT_TRAINING_OPTIONS,
  parseLabelledJsonl,
  trainSentimentModel,
  type TrainingOptions,
} from '../../shared/domain/sentiment-training';
import { isHeldOut } from '../../shared/domain/sentiment-training-weights';
import { normaliseText, tokenize } from '../../shared/domain/text-features';
import type { SentimentInput } from '../../shared/ports/sentiment';

const MODEL_PATH = new URL('../../models/sentiment-fr-en.json', import.meta.url);
const FIXTURE = new URL('../fixtures/customer-feedback.jsonl', import.meta.url);
const customerFeedback = parseLabelledJsonl(readFileSync(FIXTURE, 'utf8'), 'customer-feedback.jsonl');

const engine = new EmbeddedSentimentEngine();
const labelOf = (text: string, lang: string) => engine.classifyOne({ text, lang }).label;

describe('text features', () => {
  it('normalises case, accents, URLs, handles, elongations and digits', () => {
    // Act
    const normalised = normaliseText('Sooooo GOOD!!!! @JetBlue https://t.co/xyz Élevé à 45 €');

    // Assess (placeholders are padded with spaces; the tokenizer ignores runs of them)
    expect(normalised.replace(/\s+/g, ' ')).toBe('soo good!! xxuser xxurl eleve a 0 €');
  });

  it('splits French elision and marks the words after a negator until punctuation or a contrast', () => {
    // Act
    const tokens = tokenize(normaliseText("L'accueil n'était pas top, mais merci quand même"));

    // Assess
    expect(tokens.map((t) => (t.negated ? `NOT_${t.text}` : t.text))).toEqual([
      "l'", 'accueil', "n'", 'NOT_etait', 'pas', 'NOT_top', ',', 'mais', 'merci', 'quand', 'meme',
    ]);
  });

  it("marks English negation (n't, never) within its scope and turns emoticons into tokens", () => {
    // Act
    const tokens = tokenize(normaliseText("I don't like it :( never again. Thanks :)"), 4);

    // Assess
    expect(tokens.map((t) => (t.negated ? `NOT_${t.text}` : t.text))).toEqual([
      'i', "don't", 'NOT_like', 'NOT_it', 'xxfrown', 'never', 'NOT_again', '.', 'thanks', 'xxsmile',
    ]);
  });
});

describe('the shipped model file', () => {
  it('is small enough to read at every cold start beside the bundle', () => {
    // Assess: the file ships in the processFeedback asset (not in the 1 MB bundle); reading and
    // decoding it is part of the cold init, measured in the model card.
    expect(statSync(MODEL_PATH).size).toBeLessThan(400 * 1024);
  });

  it('is found in the repository from the sources, and looked for beside the bundle first', () => {
    // Act
    const [besideBundle, repository] = shippedModelLocations();

    // Assess: from the sources the first place does not exist, the second is models/.
    expect(besideBundle).toMatch(/shared\/adapters\/sentiment-fr-en\.json$/);
    expect(repository).toBe(fileURLToPath(MODEL_PATH));
  });

  it('gives the engine an id made of its name and a digest of its weights and calibration', () => {
    // Prepare
    const shippedModel = shippedSentimentModel();
    const recalibrated = { ...shippedModel, temperature: shippedModel.temperature * 1.5 };
    const changedWeights = { ...shippedModel, weights: Int8Array.from(shippedModel.weights, (w, i) => (i === 7 ? w + 1 : w)) };

    // Act / Assess
    expect(engine.modelId).toMatch(/^sentiment-fr-en@[0-9a-f]{12}$/);
    expect(new EmbeddedSentimentEngine({ model: shippedModel, modelName: 'sentiment-fr-en' }).modelId).toBe(engine.modelId);
    expect(new EmbeddedSentimentEngine({ model: recalibrated }).modelId).toMatch(/^custom@/);
    expect(modelIdOf('x', recalibrated)).not.toBe(modelIdOf('x', shippedModel));
    expect(modelIdOf('x', changedWeights)).not.toBe(modelIdOf('x', shippedModel));
  });

  it('was trained against the lexicon this code ships (retrain after changing the lexicons)', () => {
    // Assess
    expect(modelFile.training?.lexiconFingerprint, 'the lexicons changed since training: run `npm run train`').toBe(lexiconFingerprint());
  });

  it('refuses a file from another feature version, or with corrupt weights', () => {
    // Prepare
    const otherVersion = { ...modelFile, featuresVersion: 2 };
    const notBrotli = { ...modelFile, weights: Buffer.from('not a model').toString('base64') };
    const tooShort = { ...modelFile, weights: encodeWeights(new Int8Array(16)) };

    // Act / Assess
    expect(() => decodeModel(otherVersion)).toThrow(InvalidModelError);
    expect(() => decodeModel(notBrotli)).toThrow(InvalidModelError);
    expect(() => decodeModel(tooShort)).toThrow(/expected 524288/);
  });
});

describe('EmbeddedSentimentEngine', () => {
  it.each([
    ['fr', 'positive', 'Livraison rapide, produit parfait, merci !'],
    ['fr', 'negative', 'Colis jamais reçu, service client injoignable, je suis furieux'],
    ['en', 'positive', 'Great service, the crew was amazing, thank you!'],
    ['en', 'negative', 'My bag never arrived and nobody answers. Worst airline.'],
    ['en', 'neutral', 'What are your opening hours on Saturday?'],
  ])('%s: %s for "%s"', (lang, label, text) => {
    expect(labelOf(text, lang)).toBe(label);
  });

  it.each([
    ['fr', 'Le conseiller était compétent', "Le conseiller n'était pas compétent"],
    ['en', 'I am happy with the service', 'I am not happy with the service'],
    ['en', 'The agent was helpful', "The agent wasn't helpful"],
  ])('%s: negation turns praise into a complaint ("%s" / "%s")', (lang, praise, negated) => {
    // Act / Assess
    expect(labelOf(praise, lang)).toBe('positive');
    expect(labelOf(negated, lang)).toBe('negative');
  });

  it('returns calibrated scores that sum to 1, the label being the most probable class', async () => {
    // Act
    const results = await engine.classify(customerFeedback.slice(0, 20));

    // Assess
    for (const r of results) {
      const { positive, neutral, negative, mixed } = r.scores;
      expect(positive + neutral + negative + mixed).toBeCloseTo(1, 6);
      expect(r.confidence).toBe(Math.max(positive, neutral, negative));
      expect(r.scores[r.label]).toBe(r.confidence);
    }
  });

  it('answers neutral with full confidence for an empty text, whatever its language', () => {
    expect(engine.classifyOne({ text: '  ', lang: 'und' })).toEqual({
      label: 'neutral',
      confidence: 1,
      scores: { positive: 0, neutral: 1, negative: 0, mixed: 0 },
    });
  });

  // Floors a little below what the shipped model scores on our own hand-written set (FR 0.851,
  // EN 0.856 macro-F1; accuracy 0.852; lowest class F1 0.807, French neutral). Measured on broken
  // variants, all caught: the previous model, trained without customer data (FR 0.687, EN 0.759),
  // a third of the weights zeroed (FR 0.692, EN 0.777), negative and positive blocks swapped
  // (0.29, 0.32). 166 messages per language: one flipped label moves F1 ~0.006.
  const FLOORS = { fr: { macroF1: 0.82, classF1: 0.78 }, en: { macroF1: 0.83, classF1: 0.8 } } as const;

  it.each(['fr', 'en'] as const)(
    'keeps its macro-F1 and every class F1 above the floors on the hand-labelled customer feedback (%s)',
    async (lang) => {
      // Prepare
      const docs = customerFeedback.filter((doc) => doc.lang === lang);

      // Act
      const predicted = (await engine.classify(docs)).map((r) => r.label);

      // Assess
      const report = classificationReport(docs.map((d) => d.label), predicted);
      expect(report.n).toBe(166);
      expect(report.macroF1).toBeGreaterThanOrEqual(FLOORS[lang].macroF1);
      for (const label of ['negative', 'neutral', 'positive']) {
        expect(report.perClass[label]?.f1, label).toBeGreaterThanOrEqual(FLOORS[lang].classF1);
      }
    },
  );

  it('scores at least 0.82 accuracy on the whole hand-labelled customer feedback', async () => {
    // Act
    const predicted = (await engine.classify(customerFeedback)).map((r) => r.label);

    // Assess
    expect(classificationReport(customerFeedback.map((d) => d.label), predicted).accuracy).toBeGreaterThanOrEqual(0.82);
  });

  it.each(['fr', 'en'] as const)('is ahead of the lexicon engine on the hand-labelled customer feedback (%s)', async (lang) => {
    // Prepare
    const docs = customerFeedback.filter((doc) => doc.lang === lang);
    const gold = docs.map((d) => d.label);

    // Act
    const embedded = classificationReport(gold, (await engine.classify(docs)).map((r) => r.label));
    const lexicon = classificationReport(gold, (await createSentimentEngine('lexicon').classify(docs)).map((r) => (r.label === 'mixed' ? 'neutral' : r.label)));

    // Assess: by a margin larger than a few flipped labels (lexicon: FR 0.732, EN 0.698 when measured).
    expect(embedded.macroF1 - lexicon.macroF1).toBeGreaterThan(0.05);
  });
});

describe('training', () => {
  const small: TrainingOptions = {
    ...DEFAULT_TRAINING_OPTIONS,
    epochs: 8,
    features: { ...DEFAULT_TRAINING_OPTIONS.features, bucketBits: 14 },
  };

  it('is reproducible: the same data, options and seed give the same weights and calibration', () => {
    // Act
    const first = trainSentimentModel(customerFeedback, undefined, small, lexiconSignal);
    const second = trainSentimentModel(customerFeedback, undefined, small, lexiconSignal);
    const otherSeed = trainSentimentModel(customerFeedback, undefined, { ...small, seed: small.seed + 1 }, lexiconSignal);

    // Assess
    expect(second.file).toEqual(first.file);
    expect(otherSeed.file.weights).not.toBe(first.file.weights);
  });

  it('learns: a model trained on a small set classifies that set almost perfectly', () => {
    // Act
    const { model } = trainSentimentModel(customerFeedback, undefined, small, lexiconSignal);
    const predictor = new LinearSentimentPredictor(model, lexiconSignal);
    const predicted = customerFeedback.map((doc) => {
      const p = predictor.probabilities(doc.text, doc.lang);
      return (['negative', 'neutral', 'positive'] as const)[p.indexOf(Math.max(...p))] ?? '';
    });

    // Assess
    expect(classificationReport(customerFeedback.map((d) => d.label), predicted).accuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('the training script writes byte-identical model files for the same --seed, loadable by the engine', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'cv-train-'));
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const args = (out: string, seed: string) => [
      '--data', FIXTURE.pathname, '--dev', FIXTURE.pathname, '--out', out, '--seed', seed, '--bucket-bits', '14', '--epochs', '3',
    ];
    try {
      // Act
      await trainCli(args(join(dir, 'a.json'), '7'));
      await trainCli(args(join(dir, 'b.json'), '7'));
      await trainCli(args(join(dir, 'c.json'), '8'));
      const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((name) => readFile(join(dir, `${name}.json`), 'utf8')));

      // Assess
      expect(b).toBe(a);
      expect(c).not.toBe(a);
      const model = decodeModel(JSON.parse(a ?? ''));
      expect(model.features.bucketBits).toBe(14);
      const retrained = new EmbeddedSentimentEngine({ model });
      expect(retrained.classifyOne({ text: 'Merci, parfait !', lang: 'fr' }).label).toBe('positive');
    } finally {
      write.mockRestore();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the training script trains on several files, holds out the hashed slice of the named ones and calibrates on it', async () => {
    // Prepare
    const dir = await mkdtemp(join(tmpdir(), 'cv-train-'));
    const companyMessages = new URL('../../data/company-messages-train.jsonl', import.meta.url).pathname;
    const out = join(dir, 'model.json');
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      // Act
      await trainCli([
        '--data', FIXTURE.pathname, '--data', companyMessages, '--holdout', '5', '--holdout-from', 'customer-feedback.jsonl',
        '--source-mass', 'sqrt', '--source-weight', 'company-messages=2', '--out', out, '--bucket-bits', '14', '--epochs', '3',
      ]);
      const file = JSON.parse(await readFile(out, 'utf8')) as { training: Record<string, unknown> };

      // Assess
      const held = customerFeedback.filter((doc) => isHeldOut(doc.text, 5)).length;
      const company = parseLabelledJsonl(readFileSync(companyMessages, 'utf8')).length;
      expect(held).toBeGreaterThan(30);
      expect(file.training.calibratedOn).toBe('holdout');
      expect(file.training.trainFiles).toEqual([
        expect.objectContaining({ name: 'customer-feedback.jsonl', documents: customerFeedback.length, trainedOn: customerFeedback.length - held, heldOut: held }),
        expect.objectContaining({ name: 'company-messages-train.jsonl', documents: company, trainedOn: company, heldOut: 0 }),
      ]);
      expect(file.training.trainDocuments).toBe(customerFeedback.length - held + company);
      expect(file.training.options).toMatchObject({ sourceWeighting: { mass: 'sqrt', multipliers: { 'company-messages': 2 } } });
      expect(file.training.holdoutMetrics).toMatchObject({ overall: { n: held } });
    } finally {
      write.mockRestore();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the training script refuses a malformed source weight, holdout or holdout file, saying what to pass', async () => {
    // Prepare
    const out = ['--out', join(tmpdir(), 'cv-train-never-written.json'), '--data', FIXTURE.pathname];

    // Act / Assess
    await expect(trainCli([...out, '--no-dev', '--source-weight', 'tweets'])).rejects.toThrow(/expected SOURCE=K/);
    await expect(trainCli([...out, '--no-dev', '--source-weight', 'tweets=-1'])).rejects.toThrow(/expected SOURCE=K/);
    await expect(trainCli([...out, '--no-dev', '--source-mass', 'cubic'])).rejects.toThrow(/--source-mass must be one of none, equal, sqrt/);
    await expect(trainCli([...out, '--holdout', '1'])).rejects.toThrow(/expected an integer N ≥ 2/);
    await expect(trainCli([...out, '--holdout', '10', '--holdout-from', 'other.jsonl'])).rejects.toThrow(/other\.jsonl: not one of the --data files/);
  });

  it('the training script names the file to pass and its format instead of looking for data outside the repository', async () => {
    // Prepare
    const missing = join(tmpdir(), 'cv-no-such-training-file.jsonl');
    // Never the shipped model's path, should a regression let training run.
    const out = ['--out', join(tmpdir(), 'cv-train-never-written.json')];

    // Act / Assess: each message says what to pass.
    await expect(trainCli(['--no-dev', ...out])).rejects.toThrow(TrainingDataError);
    await expect(trainCli(['--no-dev', ...out])).rejects.toThrow(/pass --data FILE\.jsonl.*"label": "negative"\|"neutral"\|"positive"/);
    await expect(trainCli(['--data', FIXTURE.pathname, ...out])).rejects.toThrow(/pass --dev FILE\.jsonl .* or --no-dev/);
    await expect(trainCli(['--data', missing, '--no-dev', ...out])).rejects.toThrow(`--data ${missing}: no such file; pass --data FILE.jsonl`);
  });
});

describe('HybridSentimentEngine', () => {
  const comprehendMock = mockClient(ComprehendClient);
  const client = new ComprehendClient({ region: 'eu-west-1' });
  const comprehend = new ComprehendSentimentEngine(client, { sleep: async () => {} });
  const inputs: SentimentInput[] = customerFeedback.map(({ text, lang }) => ({ text, lang }));
  const embeddedResults = inputs.map((input) => engine.classifyOne(input));
  // A threshold that splits this set: the third of it the model is least sure of goes to Comprehend.
  const threshold = [...embeddedResults.map((r) => r.confidence)].sort((a, b) => a - b)[Math.floor(inputs.length / 3)] ?? 0;
  const unsure = inputs.filter((_, i) => (embeddedResults[i]?.confidence ?? 1) < threshold);

  const sentTexts = () =>
    comprehendMock.commandCalls(BatchDetectSentimentCommand).flatMap((call) => call.args[0].input.TextList ?? []);

  beforeEach(() => {
    comprehendMock.reset();
    comprehendMock.on(BatchDetectSentimentCommand).callsFake((input: BatchDetectSentimentCommandInput) => ({
      ResultList: (input.TextList ?? []).map((_, Index) => ({
        Index,
        Sentiment: 'MIXED',
        SentimentScore: { Positive: 0.1, Negative: 0.1, Neutral: 0.1, Mixed: 0.7 },
      })),
      ErrorList: [],
    }));
  });

  afterEach(() => {
    comprehendMock.reset();
  });

  it('sends only the items below the confidence threshold to Comprehend and keeps the others', async () => {
    // Prepare
    const hybrid = new HybridSentimentEngine(engine, comprehend, { threshold });

    // Act
    const results = await hybrid.classify(inputs);

    // Assess
    expect(unsure.length).toBeGreaterThan(10);
    expect(new Set(sentTexts())).toEqual(new Set(unsure.map((i) => i.text)));
    expect(sentTexts()).toHaveLength(unsure.length);
    results.forEach((result, i) => {
      const own = embeddedResults[i];
      if ((own?.confidence ?? 1) < threshold) expect(result.label).toBe('mixed');
      else expect(result).toEqual(own);
    });
    expect(hybrid.stats()).toEqual({
      classified: inputs.length,
      sentToComprehend: unsure.length,
      comprehendShare: unsure.length / inputs.length,
      comprehendFailures: 0,
    });
  });

  it('never calls Comprehend with a threshold of 0', async () => {
    // Prepare
    const hybrid = new HybridSentimentEngine(engine, comprehend, { threshold: 0 });

    // Act
    const results = await hybrid.classify(inputs);

    // Assess
    expect(comprehendMock.commandCalls(BatchDetectSentimentCommand)).toHaveLength(0);
    expect(results).toEqual(embeddedResults);
    expect(hybrid.stats().comprehendShare).toBe(0);
  });

  it('keeps the embedded answers when Comprehend fails, and counts the failures; or rethrows when asked', async () => {
    // Prepare
    comprehendMock.reset();
    comprehendMock.on(BatchDetectSentimentCommand).rejects(new InvalidRequestException({ message: 'bad', $metadata: {} }));
    const lenient = new HybridSentimentEngine(engine, comprehend, { threshold });
    const strict = new HybridSentimentEngine(engine, comprehend, { threshold, onComprehendError: 'throw' });

    // Act
    const results = await lenient.classify(inputs);

    // Assess
    expect(results).toEqual(embeddedResults);
    expect(lenient.stats().comprehendFailures).toBe(unsure.length);
    await expect(strict.classify(inputs)).rejects.toThrow(/Comprehend/);
  });

  it('is built by the factory with the threshold the model was calibrated for, and needs a Comprehend client', async () => {
    // Prepare
    const hybrid = createSentimentEngine('hybrid', { comprehend: client, comprehendOptions: { sleep: async () => {} } });
    const modelThreshold = shippedSentimentModel().hybridThreshold;
    const expectedUnsure = inputs.filter((_, i) => (embeddedResults[i]?.confidence ?? 1) < modelThreshold);

    // Act
    await hybrid.classify(inputs);

    // Assess
    expect(hybrid).toBeInstanceOf(HybridSentimentEngine);
    expect(hybrid.modelId).toBe(`${engine.modelId}+comprehend@${Number(modelThreshold.toFixed(4))}`);
    expect(createSentimentEngine('lexicon').modelId).toMatch(/^lexicon-[0-9a-f]{8}$/);
    expect(sentTexts()).toHaveLength(expectedUnsure.length);
    expect(() => createSentimentEngine('hybrid', {})).toThrow(SentimentEngineConfigError);
    expect(createSentimentEngine('embedded').name).toBe('embedded');
    expect(SentimentEngineName.parse('hybrid')).toBe('hybrid');
  });
});
