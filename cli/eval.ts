/**
 * `customer-voice eval`: accuracy, macro-F1, per-class F1, confusion matrix and docs/s of a
 * sentiment engine on a labelled JSONL file (`{ text, label, lang, source? }`), next to the
 * well-known open-source packages as peers, each mapped to three classes the same way: its own
 * score, and a neutral band tuned per language on the TRAINING file to maximise macro-F1.
 *
 * `comprehend` and `hybrid` run against a mocked Comprehend client (no AWS call, no credentials):
 * their figures are a COST SIMULATION (calls, billed units, share routed), not an accuracy.
 */
import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EmbeddedSentimentEngine } from '../shared/adapters/embedded-sentiment';
import { HybridSentimentEngine } from '../shared/adapters/hybrid-sentiment';
import { TinyldLanguageDetector } from '../shared/adapters/language-detector';
import { createSentimentEngine } from '../shared/adapters/sentiment-engines';
import { classificationReport, type ClassificationReport } from '../shared/domain/classification-metrics';
import { LABELLED_JSONL_FORMAT, type LabelledText, parseLabelledJsonl } from '../shared/domain/sentiment-training';
import type { SentimentEngine, SentimentInput } from '../shared/ports/sentiment';

const USAGE = `customer-voice eval --engine <embedded|lexicon|comprehend|hybrid|peer:NAME|all> --data FILE.jsonl [--json]
    [--train FILE.jsonl]   training file the peers' neutral band is tuned on (required for peer:NAME and all)
    [--threshold X]        hybrid: confidence under which Comprehend is asked (default: the model's own)
    [--detect-language]    give the engines the detected language instead of the file's "lang"
  peers: sentiment (AFINN, en), vader (vader-sentiment, en), nlpjs (@nlpjs/sentiment, fr+en), natural (fr+en)
  comprehend and hybrid use a mocked Comprehend: cost simulation (calls, billed units), not accuracy.
  FILE.jsonl: ${LABELLED_JSONL_FORMAT}
  (test/fixtures/customer-feedback.jsonl is one: 332 customer messages written for this project)`;

type Label3 = 'negative' | 'neutral' | 'positive';

/** Comprehend list price per unit of 100 characters (first 10 M units a month). */
const COMPREHEND_USD_PER_UNIT = 0.0001;

class UsageError extends Error {}

const NO_TRAIN_FILE = 'peers tune their neutral band on a training file: pass --train FILE.jsonl';

/** A labelled file named on the command line; a missing one is a usage error that says what to pass. */
async function readLabelledFile(path: string, option: '--data' | '--train'): Promise<LabelledText[]> {
  let content: string;
  try {
    content = await readFile(resolve(path), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    throw new UsageError(`${option} ${path}: no such file; pass ${option} FILE.jsonl`);
  }
  return parseLabelledJsonl(content, path);
}

// ---------------------------------------------------------------------------
// Subjects: anything that turns texts into three-class labels

interface CostSimulation {
  note: string;
  documents: number;
  sentToComprehend: number;
  share: number;
  calls: number;
  billedUnits: number;
  estimatedUsd: number;
  /** What sending every document to Comprehend would bill, for comparison. */
  billedUnitsIfAllSent: number;
}

interface Subject {
  name: string;
  note?: string;
  /** Labels in input order. */
  classify(inputs: readonly SentimentInput[]): Promise<Label3[]>;
  /** Present when the accuracy is not meaningful (mocked Comprehend). */
  costSimulation?: () => CostSimulation;
  /** Extra figures (hybrid: how the embedded model does on kept vs routed items). */
  extra?: (docs: readonly LabelledText[]) => Record<string, unknown>;
}

const toLabel3 = (label: string): Label3 => (label === 'positive' || label === 'negative' ? label : 'neutral');

function engineSubject(engine: SentimentEngine, note?: string): Subject {
  return {
    name: engine.name,
    ...(note ? { note } : {}),
    // "mixed" (lexicon, Comprehend) has no gold counterpart here: it counts as neutral.
    classify: async (inputs) => (await engine.classify(inputs)).map((r) => toLabel3(r.label)),
  };
}

/** Comprehend billing: units of 100 characters, at least 3 per document. */
export function comprehendUnits(text: string): number {
  return Math.max(3, Math.ceil(text.length / 100));
}

/**
 * A ComprehendClient whose BatchDetectSentiment is answered locally by a fixed policy (every
 * document NEUTRAL, confidence 0.9) and metered: calls, documents, billed units.
 */
async function meteredComprehend() {
  const { BatchDetectSentimentCommand, ComprehendClient } = await import('@aws-sdk/client-comprehend');
  const { mockClient } = await import('aws-sdk-client-mock');
  const client = new ComprehendClient({ region: 'eu-west-1', credentials: { accessKeyId: 'eval', secretAccessKey: 'eval' } });
  const meter = { calls: 0, documents: 0, billedUnits: 0 };
  mockClient(client)
    .on(BatchDetectSentimentCommand)
    .callsFake((input: { TextList?: string[] }) => {
      const texts = input.TextList ?? [];
      meter.calls += 1;
      meter.documents += texts.length;
      meter.billedUnits += texts.reduce((sum, text) => sum + comprehendUnits(text), 0);
      return {
        ResultList: texts.map((_, Index) => ({
          Index,
          Sentiment: 'NEUTRAL',
          SentimentScore: { Positive: 0.04, Negative: 0.04, Neutral: 0.9, Mixed: 0.02 },
        })),
        ErrorList: [],
      };
    });
  return { client, meter };
}

const SIMULATION_NOTE =
  'COST SIMULATION: Comprehend is mocked (every document answered NEUTRAL); calls and billed units are real counts, labels are not.';

async function comprehendSubject(): Promise<Subject> {
  const { client, meter } = await meteredComprehend();
  const engine = createSentimentEngine('comprehend', { comprehend: client, comprehendOptions: { sleep: async () => {} } });
  let all = 0;
  return {
    ...engineSubject(engine, SIMULATION_NOTE),
    classify: async (inputs) => {
      all += inputs.reduce((sum, input) => sum + comprehendUnits(input.text), 0);
      return (await engine.classify(inputs)).map((r) => toLabel3(r.label));
    },
    costSimulation: () => ({
      note: SIMULATION_NOTE,
      documents: meter.documents,
      sentToComprehend: meter.documents,
      share: meter.documents === 0 ? 0 : 1,
      calls: meter.calls,
      billedUnits: meter.billedUnits,
      estimatedUsd: meter.billedUnits * COMPREHEND_USD_PER_UNIT,
      billedUnitsIfAllSent: all,
    }),
  };
}

async function hybridSubject(threshold: number | undefined): Promise<Subject> {
  const { client, meter } = await meteredComprehend();
  const embedded = new EmbeddedSentimentEngine();
  const comprehend = createSentimentEngine('comprehend', { comprehend: client, comprehendOptions: { sleep: async () => {} } });
  const hybrid = new HybridSentimentEngine(embedded, comprehend, { threshold: threshold ?? embedded.suggestedHybridThreshold });
  let all = 0;
  let lastInputs: readonly SentimentInput[] = [];
  const chosen = threshold ?? embedded.suggestedHybridThreshold;
  return {
    name: 'hybrid',
    note: `${SIMULATION_NOTE} Threshold ${chosen.toFixed(3)}.`,
    classify: async (inputs) => {
      all += inputs.reduce((sum, input) => sum + comprehendUnits(input.text), 0);
      lastInputs = inputs;
      return (await hybrid.classify(inputs)).map((r) => toLabel3(r.label));
    },
    costSimulation: () => {
      const stats = hybrid.stats();
      return {
        note: SIMULATION_NOTE,
        documents: stats.classified,
        sentToComprehend: stats.sentToComprehend,
        share: stats.comprehendShare,
        calls: meter.calls,
        billedUnits: meter.billedUnits,
        estimatedUsd: meter.billedUnits * COMPREHEND_USD_PER_UNIT,
        billedUnitsIfAllSent: all,
      };
    },
    // The part that is real: how good the embedded answers are on what hybrid keeps and on what it routes.
    extra: (docs) => {
      const gold = docs.map((doc) => doc.label);
      const lastEmbedded = lastInputs.map((input) => {
        const r = embedded.classifyOne(input);
        return { label: toLabel3(r.label), confidence: r.confidence };
      });
      const kept = lastEmbedded.flatMap((r, i) => (r.confidence >= chosen ? [i] : []));
      const routed = lastEmbedded.flatMap((r, i) => (r.confidence < chosen ? [i] : []));
      const accuracyOn = (idx: number[]) =>
        idx.length === 0 ? null : idx.filter((i) => lastEmbedded[i]?.label === gold[i]).length / idx.length;
      // The share routed in each source and language: short messages and reviews are not routed alike.
      const routedShare = (key: (doc: LabelledText) => string) => {
        const counts = new Map<string, { n: number; routed: number }>();
        docs.forEach((doc, i) => {
          const c = counts.get(key(doc)) ?? { n: 0, routed: 0 };
          c.n += 1;
          if ((lastEmbedded[i]?.confidence ?? 1) < chosen) c.routed += 1;
          counts.set(key(doc), c);
        });
        return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)).map(([k, c]) => [k, { n: c.n, share: round(c.routed / c.n, 4) }]));
      };
      return {
        threshold: chosen,
        embeddedAccuracyOnKept: accuracyOn(kept),
        embeddedAccuracyOnRouted: accuracyOn(routed),
        sentByLanguage: routedShare((doc) => doc.lang),
        sentBySourceLanguage: routedShare((doc) => `${doc.source ?? '-'}/${doc.lang}`),
      };
    },
  };
}

// ---------------------------------------------------------------------------
// Peers: open-source packages, score → three classes with a neutral band tuned on TRAIN

interface Peer {
  name: string;
  /** Languages the package has a lexicon for; the others get its English reading. */
  languages: readonly string[];
  /** Variants tried on TRAIN (e.g. with/without stemmer); the best per language is kept. */
  variants: readonly string[];
  score(text: string, lang: string, variant: string): number | Promise<number>;
}

const requireCjs = createRequire(import.meta.url);

interface ScoredModule {
  analyze(text: string): { score: number };
}

async function loadPeer(name: string): Promise<Peer> {
  switch (name) {
    case 'sentiment': {
      const Sentiment = requireCjs('sentiment') as new () => ScoredModule;
      const analyzer = new Sentiment();
      return { name, languages: ['en'], variants: ['afinn'], score: (text) => analyzer.analyze(text).score };
    }
    case 'vader': {
      const vader = requireCjs('vader-sentiment') as {
        SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
      };
      return { name, languages: ['en'], variants: ['vader'], score: (text) => vader.SentimentIntensityAnalyzer.polarity_scores(text).compound };
    }
    case 'nlpjs': {
      const { containerBootstrap } = requireCjs('@nlpjs/core') as { containerBootstrap(): Promise<{ use(plugin: unknown): void }> };
      const { SentimentAnalyzer } = requireCjs('@nlpjs/sentiment') as {
        SentimentAnalyzer: new (settings: { container: unknown }) => {
          process(input: { locale: string; text: string }): Promise<{ sentiment: { score: number } }>;
        };
      };
      const container = await containerBootstrap();
      container.use((requireCjs('@nlpjs/lang-en') as { LangEn: unknown }).LangEn);
      container.use((requireCjs('@nlpjs/lang-fr') as { LangFr: unknown }).LangFr);
      const analyzer = new SentimentAnalyzer({ container });
      return {
        name,
        languages: ['fr', 'en'],
        variants: ['score'],
        score: async (text, lang) => (await analyzer.process({ locale: lang === 'fr' ? 'fr' : 'en', text })).sentiment.score,
      };
    }
    case 'natural': {
      // Deep imports: natural's index also loads its storage back-ends, which read .env and print.
      type Analyzer = { getSentiment(words: string[]): number };
      const SentimentAnalyzer = requireCjs('natural/lib/natural/sentiment/SentimentAnalyzer') as new (
        language: string,
        stemmer: unknown,
        vocabulary: string,
      ) => Analyzer;
      const AggressiveTokenizerFr = requireCjs('natural/lib/natural/tokenizers/aggressive_tokenizer_fr') as new () => {
        tokenize(text: string): string[];
      };
      const { WordTokenizer } = requireCjs('natural/lib/natural/tokenizers/regexp_tokenizer') as {
        WordTokenizer: new () => { tokenize(text: string): string[] };
      };
      const stemmerEn = requireCjs('natural/lib/natural/stemmers/porter_stemmer');
      const stemmerFr = requireCjs('natural/lib/natural/stemmers/porter_stemmer_fr');
      const tokenizers = { fr: new AggressiveTokenizerFr(), en: new WordTokenizer() };
      const analyzers: Record<string, Analyzer> = {
        'fr:plain': new SentimentAnalyzer('French', null, 'pattern'),
        'fr:stemmed': new SentimentAnalyzer('French', stemmerFr, 'pattern'),
        'en:plain': new SentimentAnalyzer('English', null, 'afinn'),
        'en:stemmed': new SentimentAnalyzer('English', stemmerEn, 'afinn'),
      };
      return {
        name,
        languages: ['fr', 'en'],
        variants: ['plain', 'stemmed'],
        score: (text, lang, variant) => {
          const language = lang === 'fr' ? 'fr' : 'en';
          const words = tokenizers[language].tokenize(text);
          if (words.length === 0) return 0;
          return analyzers[`${language}:${variant}`]?.getSentiment(words) ?? 0;
        },
      };
    }
    default:
      throw new UsageError(`Unknown peer '${name}' (peers: ${PEER_NAMES.join(', ')})`);
  }
}

const PEER_NAMES = ['sentiment', 'vader', 'nlpjs', 'natural'] as const;

export interface NeutralBand {
  /** score < low → negative; score > high → positive; otherwise neutral. */
  low: number;
  high: number;
}

export function bandLabel(score: number, band: NeutralBand): Label3 {
  return score > band.high ? 'positive' : score < band.low ? 'negative' : 'neutral';
}

/** The band (from score quantiles, low ≤ high) with the best macro-F1 on the given scored items. */
export function tuneNeutralBand(scores: readonly number[], gold: readonly Label3[]): { band: NeutralBand; macroF1: number } {
  const sorted = [...scores].sort((a, b) => a - b);
  const candidates = [
    ...new Set([0, ...Array.from({ length: 41 }, (_, i) => sorted[Math.min(sorted.length - 1, Math.floor((i / 40) * (sorted.length - 1)))] ?? 0)]),
  ].sort((a, b) => a - b);
  let best = { band: { low: 0, high: 0 }, macroF1: -1 };
  for (const low of candidates) {
    for (const high of candidates) {
      if (high < low) continue;
      const band = { low, high };
      const { macroF1 } = classificationReport(gold, scores.map((s) => bandLabel(s, band)));
      if (macroF1 > best.macroF1) best = { band, macroF1 };
    }
  }
  return best;
}

interface PeerCalibration {
  variant: string;
  band: NeutralBand;
  trainMacroF1: number;
}

async function peerSubject(name: string, train: readonly LabelledText[]): Promise<Subject> {
  const peer = await loadPeer(name);
  const calibration = new Map<string, PeerCalibration>();
  for (const lang of ['fr', 'en']) {
    const docs = train.filter((doc) => (lang === 'fr' ? doc.lang === 'fr' : doc.lang !== 'fr'));
    if (docs.length === 0) continue;
    const gold = docs.map((doc) => doc.label);
    for (const variant of peer.variants) {
      const scores: number[] = [];
      for (const doc of docs) scores.push(await peer.score(doc.text, doc.lang, variant));
      const tuned = tuneNeutralBand(scores, gold);
      const current = calibration.get(lang);
      if (!current || tuned.macroF1 > current.trainMacroF1) calibration.set(lang, { variant, band: tuned.band, trainMacroF1: tuned.macroF1 });
    }
  }
  const described = [...calibration].map(([lang, c]) => `${lang}: ${c.variant} band [${round(c.band.low)}, ${round(c.band.high)}]`).join('; ');
  const englishOnly = !peer.languages.includes('fr');
  return {
    name: `peer:${name}`,
    note: `${englishOnly ? 'English lexicon only (French scored with it too). ' : ''}Neutral band tuned on train — ${described}`,
    classify: async (inputs) => {
      const out: Label3[] = [];
      for (const { text, lang } of inputs) {
        const c = calibration.get(lang === 'fr' ? 'fr' : 'en') ?? { variant: peer.variants[0] ?? '', band: { low: 0, high: 0 } };
        out.push(bandLabel(await peer.score(text, lang, c.variant), c.band));
      }
      return out;
    },
  };
}

// ---------------------------------------------------------------------------
// Running and reporting

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

export interface SliceMetrics {
  n: number;
  accuracy: number;
  macroF1: number;
}

export interface EngineEvaluation {
  engine: string;
  note?: string;
  n: number;
  /** null when Comprehend is mocked: the labels are a fixed policy, not Comprehend's. */
  accuracy: number | null;
  macroF1: number | null;
  perClassF1: Record<string, number> | null;
  confusion: { labels: string[]; matrix: number[][] } | null;
  byLanguage: Record<string, SliceMetrics> | null;
  bySource: Record<string, SliceMetrics> | null;
  /** Each source in each of its languages (`source/lang`), so one domain's regression shows. */
  bySourceLanguage: Record<string, SliceMetrics> | null;
  /** Confusion matrix (rows gold, columns predicted, negative/neutral/positive) per language. */
  confusionByLanguage: Record<string, number[][]> | null;
  docsPerSec: number;
  costSimulation?: CostSimulation;
  [key: string]: unknown;
}

function sliceMetrics(report: ClassificationReport): SliceMetrics {
  return { n: report.n, accuracy: round(report.accuracy, 4), macroF1: round(report.macroF1, 4) };
}

const LABELS3: readonly Label3[] = ['negative', 'neutral', 'positive'];

/** Rows gold, columns predicted, always in the order negative, neutral, positive (classes absent from a slice stay as zeros). */
export function confusion3(gold: readonly string[], predicted: readonly string[]): number[][] {
  const matrix = LABELS3.map(() => LABELS3.map(() => 0));
  gold.forEach((label, i) => {
    const row = LABELS3.indexOf(toLabel3(label));
    const column = LABELS3.indexOf(toLabel3(predicted[i] ?? 'neutral'));
    const cells = matrix[row];
    if (cells) cells[column] = (cells[column] ?? 0) + 1;
  });
  return matrix;
}

const sourceOf = (doc: LabelledText) => doc.source ?? '-';

function breakdown(docs: readonly LabelledText[], predicted: readonly Label3[], key: (doc: LabelledText) => string) {
  const groups = new Map<string, number[]>();
  docs.forEach((doc, i) => groups.set(key(doc), [...(groups.get(key(doc)) ?? []), i]));
  return Object.fromEntries(
    [...groups]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([value, idx]) => [
        value,
        sliceMetrics(classificationReport(idx.map((i) => docs[i]?.label ?? ''), idx.map((i) => predicted[i] ?? ''))),
      ]),
  );
}

/** Timed passes repeat until this much time has passed, so small files still give a stable rate. */
const MIN_TIMING_MS = 500;

async function evaluate(subject: Subject, docs: readonly LabelledText[], inputs: readonly SentimentInput[]): Promise<EngineEvaluation> {
  let predicted: Label3[];
  let docsPerSec: number;
  if (subject.costSimulation) {
    // One metered pass: the cost simulation counts exactly one classification of the file.
    const started = performance.now();
    predicted = await subject.classify(inputs);
    docsPerSec = Math.round(inputs.length / Math.max((performance.now() - started) / 1000, 1e-9));
  } else {
    // A full warm-up pass (JIT, lazy tables), then timed passes on one core (Node runs this on one thread).
    predicted = await subject.classify(inputs);
    let documents = 0;
    const started = performance.now();
    do {
      await subject.classify(inputs);
      documents += inputs.length;
    } while (performance.now() - started < MIN_TIMING_MS);
    docsPerSec = Math.round(documents / ((performance.now() - started) / 1000));
  }
  const gold = docs.map((doc) => doc.label);
  const report = classificationReport(gold, predicted);
  const simulated = subject.costSimulation?.();
  const base = {
    engine: subject.name,
    ...(subject.note ? { note: subject.note } : {}),
    n: docs.length,
    docsPerSec,
    ...(subject.extra ? subject.extra(docs) : {}),
  };
  if (simulated) {
    return {
      ...base,
      accuracy: null,
      macroF1: null,
      perClassF1: null,
      confusion: null,
      byLanguage: null,
      bySource: null,
      bySourceLanguage: null,
      confusionByLanguage: null,
      costSimulation: simulated,
    };
  }
  return {
    ...base,
    accuracy: round(report.accuracy, 4),
    macroF1: round(report.macroF1, 4),
    perClassF1: Object.fromEntries(report.labels.map((label) => [label, round(report.perClass[label]?.f1 ?? 0, 4)])),
    confusion: { labels: report.labels, matrix: report.confusion },
    byLanguage: breakdown(docs, predicted, (doc) => doc.lang),
    bySource: breakdown(docs, predicted, sourceOf),
    bySourceLanguage: breakdown(docs, predicted, (doc) => `${sourceOf(doc)}/${doc.lang}`),
    confusionByLanguage: Object.fromEntries(
      [...new Set(docs.map((doc) => doc.lang))].sort().map((lang) => {
        const idx = docs.flatMap((doc, i) => (doc.lang === lang ? [i] : []));
        return [lang, confusion3(idx.map((i) => docs[i]?.label ?? ''), idx.map((i) => predicted[i] ?? ''))];
      }),
    ),
  };
}

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));

function formatOne(e: EngineEvaluation): string {
  const lines = [`engine ${e.engine} · ${e.n} documents · ${e.docsPerSec.toLocaleString('en-US')} docs/s`];
  if (e.note) lines.push(`  ${e.note}`);
  if (e.costSimulation) {
    const c = e.costSimulation;
    lines.push(
      `  sent to Comprehend ${c.sentToComprehend}/${c.documents} (${(c.share * 100).toFixed(1)} %), ${c.calls} calls, ${c.billedUnits} billed units ≈ $${c.estimatedUsd.toFixed(4)}`,
      `  (everything to Comprehend: ${c.billedUnitsIfAllSent} units ≈ $${(c.billedUnitsIfAllSent * COMPREHEND_USD_PER_UNIT).toFixed(4)})`,
    );
    if (e.embeddedAccuracyOnKept !== undefined) {
      lines.push(`  embedded accuracy on kept items ${pct(e.embeddedAccuracyOnKept as number | null)}, on routed items ${pct(e.embeddedAccuracyOnRouted as number | null)}`);
    }
    for (const [title, shares] of [['language', e.sentByLanguage], ['source', e.sentBySourceLanguage]] as const) {
      for (const [key, { n, share }] of Object.entries((shares ?? {}) as Record<string, { n: number; share: number }>)) {
        lines.push(`  sent to Comprehend, ${title} ${key.padEnd(28)} ${(share * 100).toFixed(1).padStart(5)} % of ${n}`);
      }
    }
    return `${lines.join('\n')}\n`;
  }
  lines.push(`  accuracy ${pct(e.accuracy)}   macro-F1 ${pct(e.macroF1)}`);
  lines.push(`  F1 ${Object.entries(e.perClassF1 ?? {}).map(([label, f1]) => `${label} ${pct(f1)}`).join('   ')}`);
  if (e.confusion) {
    const { labels, matrix } = e.confusion;
    lines.push(`  confusion (rows gold, columns predicted)`, `  ${''.padEnd(10)}${labels.map((l) => l.padStart(10)).join('')}`);
    matrix.forEach((row, i) => lines.push(`  ${(labels[i] ?? '').padEnd(10)}${row.map((v) => String(v).padStart(10)).join('')}`));
  }
  for (const [lang, matrix] of Object.entries(e.confusionByLanguage ?? {})) lines.push(`  confusion ${lang} ${formatMatrix(matrix)}`);
  for (const [title, slices] of [['language', e.byLanguage], ['source', e.bySourceLanguage]] as const) {
    for (const [key, m] of Object.entries(slices ?? {})) {
      lines.push(`  ${title} ${key.padEnd(18)} n ${String(m.n).padStart(5)}  accuracy ${pct(m.accuracy)}  macro-F1 ${pct(m.macroF1)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const formatMatrix = (matrix: readonly (readonly number[])[]) => `[${matrix.map((row) => `[${row.join(', ')}]`).join(', ')}]`;

/** One row per source and language, one column per engine: where each engine wins or loses. */
function formatSliceTable(scored: readonly EngineEvaluation[]): string[] {
  const slices = [...new Set(scored.flatMap((e) => Object.keys(e.bySourceLanguage ?? {})))].sort();
  const n = (slice: string) => scored.find((e) => e.bySourceLanguage?.[slice])?.bySourceLanguage?.[slice]?.n ?? 0;
  const width = Math.max(14, ...slices.map((slice) => slice.length));
  const header = ['source/lang'.padEnd(width), '    n', ...scored.map((e) => e.engine.padStart(Math.max(9, e.engine.length)))].join('  ');
  const rows = slices.map((slice) =>
    [slice.padEnd(width), String(n(slice)).padStart(5), ...scored.map((e) => pct(e.bySourceLanguage?.[slice]?.macroF1).padStart(Math.max(9, e.engine.length)))].join('  '),
  );
  return ['macro-F1 per source and language', header, ...rows];
}

function formatTable(all: EngineEvaluation[], data: string): string {
  const header = ['engine'.padEnd(18), 'FR macro-F1', 'EN macro-F1', 'overall', 'accuracy', '   docs/s'].join('  ');
  const rows = all
    .filter((e) => !e.costSimulation)
    .map((e) =>
      [
        e.engine.padEnd(18),
        pct(e.byLanguage?.fr?.macroF1).padStart(11),
        pct(e.byLanguage?.en?.macroF1).padStart(11),
        pct(e.macroF1).padStart(7),
        pct(e.accuracy).padStart(8),
        e.docsPerSec.toLocaleString('en-US').padStart(9),
      ].join('  '),
    );
  const scored = all.filter((e) => !e.costSimulation);
  const confusions = scored.flatMap((e) =>
    Object.entries(e.confusionByLanguage ?? {}).map(([lang, matrix]) => `  ${e.engine.padEnd(18)} ${lang}  ${formatMatrix(matrix)}`),
  );
  const notes = scored.filter((e) => e.note).map((e) => `  ${e.engine}: ${e.note}`);
  const simulations = all.filter((e) => e.costSimulation).map((e) => formatOne(e).trimEnd());
  return `${[
    `${data} · macro-F1 per language (gold "lang")`,
    header,
    ...rows,
    '',
    ...formatSliceTable(scored),
    '',
    'confusion per language (rows gold, columns predicted: negative, neutral, positive)',
    ...confusions,
    '',
    ...notes,
    '',
    ...simulations,
  ].join('\n')}\n`;
}

async function subjectFor(name: string, train: () => Promise<LabelledText[]>, threshold: number | undefined): Promise<Subject> {
  if (name.startsWith('peer:')) return peerSubject(name.slice('peer:'.length), await train());
  switch (name) {
    case 'embedded':
      return engineSubject(new EmbeddedSentimentEngine());
    case 'lexicon':
      return engineSubject(createSentimentEngine('lexicon'));
    case 'comprehend':
      return comprehendSubject();
    case 'hybrid':
      return hybridSubject(threshold);
    default:
      throw new UsageError(`Unknown engine '${name}'`);
  }
}

export async function runEval(args: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        engine: { type: 'string' },
        data: { type: 'string' },
        train: { type: 'string' },
        json: { type: 'boolean', default: false },
        threshold: { type: 'string' },
        'detect-language': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  try {
    if (!values.engine || !values.data) throw new UsageError('--engine and --data are required');
    if ((values.engine === 'all' || values.engine.startsWith('peer:')) && values.train === undefined) throw new UsageError(NO_TRAIN_FILE);
    const threshold = values.threshold === undefined ? undefined : Number(values.threshold);
    if (threshold !== undefined && !(threshold >= 0 && threshold <= 1)) throw new UsageError('--threshold must be within 0..1');

    const docs = await readLabelledFile(values.data, '--data');
    if (docs.length === 0) throw new UsageError(`${values.data} has no labelled lines`);
    const detector = values['detect-language'] ? new TinyldLanguageDetector() : undefined;
    const inputs = docs.map((doc) => ({ text: doc.text, lang: detector ? detector.detect(doc.text).lang : doc.lang }));
    let trainCache: LabelledText[] | undefined;
    const trainPath = values.train;
    const train = async () => {
      if (trainPath === undefined) throw new UsageError(NO_TRAIN_FILE);
      return (trainCache ??= await readLabelledFile(trainPath, '--train'));
    };

    const names =
      values.engine === 'all'
        ? ['embedded', 'lexicon', ...PEER_NAMES.map((p) => `peer:${p}`), 'comprehend', 'hybrid']
        : [values.engine];
    const results: EngineEvaluation[] = [];
    for (const name of names) results.push(await evaluate(await subjectFor(name, train, threshold), docs, inputs));

    if (values.json) {
      const single = results.length === 1 ? results[0] : undefined;
      process.stdout.write(`${JSON.stringify(single ?? { data: values.data, engines: results }, null, 2)}\n`);
    } else if (results.length === 1 && results[0]) {
      process.stdout.write(formatOne(results[0]));
    } else {
      process.stdout.write(formatTable(results, values.data));
    }
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`eval failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runEval(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
