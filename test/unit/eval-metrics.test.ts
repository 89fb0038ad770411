import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { bandLabel, comprehendUnits, confusion3, runEval, tuneNeutralBand, type EngineEvaluation } from '../../cli/eval';
import { EmbeddedSentimentEngine } from '../../shared/adapters/embedded-sentiment';
import { classificationReport } from '../../shared/domain/classification-metrics';

describe('classificationReport', () => {
  it('computes accuracy, per-class precision/recall/F1, macro-F1 and the confusion matrix (checked by hand)', () => {
    // Prepare
    const gold = ['negative', 'negative', 'negative', 'negative', 'neutral', 'neutral', 'neutral', 'positive', 'positive', 'positive'];
    const predicted = ['negative', 'negative', 'neutral', 'positive', 'neutral', 'neutral', 'negative', 'positive', 'positive', 'neutral'];

    // Act
    const report = classificationReport(gold, predicted);

    // Assess
    expect(report.n).toBe(10);
    expect(report.accuracy).toBeCloseTo(0.6, 10);
    expect(report.confusion).toEqual([
      [2, 1, 1],
      [1, 2, 0],
      [0, 1, 2],
    ]);
    // negative: P 2/3, R 2/4 → F1 4/7; neutral: P 2/4, R 2/3 → 4/7; positive: P 2/3, R 2/3 → 2/3.
    expect(report.perClass.negative?.precision).toBeCloseTo(2 / 3, 10);
    expect(report.perClass.negative?.recall).toBeCloseTo(0.5, 10);
    expect(report.perClass.negative?.f1).toBeCloseTo(4 / 7, 10);
    expect(report.perClass.neutral?.f1).toBeCloseTo(4 / 7, 10);
    expect(report.perClass.positive?.f1).toBeCloseTo(2 / 3, 10);
    expect(report.perClass.negative?.support).toBe(4);
    expect(report.macroF1).toBeCloseTo((4 / 7 + 4 / 7 + 2 / 3) / 3, 10);
  });

  it('leaves out a class nobody wrote nor predicted, but counts one that was wrongly predicted as F1 0', () => {
    // Act
    const noNeutral = classificationReport(['negative', 'positive', 'positive'], ['negative', 'positive', 'negative']);
    const spuriousNeutral = classificationReport(['negative', 'positive'], ['neutral', 'positive']);

    // Assess: both present classes have F1 2/3; then negative 0, neutral 0, positive 1.
    expect(noNeutral.macroF1).toBeCloseTo(2 / 3, 10);
    expect(spuriousNeutral.macroF1).toBeCloseTo(1 / 3, 10);
  });

  it('appends labels it was not told about instead of dropping them, and rejects lists of different lengths', () => {
    // Act
    const report = classificationReport(['positive', 'negative'], ['mixed', 'negative']);

    // Assess
    expect(report.labels).toEqual(['negative', 'neutral', 'positive', 'mixed']);
    expect(report.confusion[2]).toEqual([0, 0, 0, 1]);
    expect(() => classificationReport(['positive'], [])).toThrow(RangeError);
  });
});

describe('peer mapping to three classes', () => {
  it('finds the neutral band that separates well-ordered scores perfectly', () => {
    // Prepare
    const scores = [-3, -2, -1, -0.1, 0, 0.1, 1, 2, 3];
    const gold = ['negative', 'negative', 'negative', 'neutral', 'neutral', 'neutral', 'positive', 'positive', 'positive'] as const;

    // Act
    const { band, macroF1 } = tuneNeutralBand(scores, [...gold]);

    // Assess
    expect(macroF1).toBe(1);
    expect(scores.map((s) => bandLabel(s, band))).toEqual(gold);
  });

  it('maps scores strictly outside the band to a polarity and the band itself to neutral', () => {
    const band = { low: -0.5, high: 0.5 };
    expect([-0.6, -0.5, 0, 0.5, 0.6].map((s) => bandLabel(s, band))).toEqual(['negative', 'neutral', 'neutral', 'neutral', 'positive']);
  });
});

describe('comprehendUnits', () => {
  it('bills units of 100 characters with a 3-unit minimum per document', () => {
    expect([0, 1, 300, 301, 1000, 1001].map((n) => comprehendUnits('x'.repeat(n)))).toEqual([3, 3, 3, 4, 10, 11]);
  });
});

describe('runEval', () => {
  let dir: string;
  let data: string;
  const rows = [
    ...Array.from({ length: 30 }, (_, i) => ({
      text: i % 2 ? `Great flight number ${i}, thank you so much!` : `Flight ${i} cancelled again, worst airline ever`,
      label: i % 2 ? 'positive' : 'negative',
      lang: 'en',
      source: 'synthetic-en',
    })),
    { text: 'Livraison rapide, merci !', label: 'positive', lang: 'fr', source: 'synthetic-fr' },
    { text: `Colis jamais reçu. ${'Toujours rien. '.repeat(20)}`, label: 'negative', lang: 'fr', source: 'synthetic-fr' },
    { text: "Quels sont vos horaires d'ouverture ?", label: 'neutral', lang: 'fr', source: 'synthetic-fr' },
  ];

  async function evalJson(args: string[]): Promise<{ code: number; out: EngineEvaluation }> {
    const chunks: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      const code = await runEval([...args, '--data', data, '--json']);
      return { code, out: JSON.parse(chunks.join('')) as EngineEvaluation };
    } finally {
      write.mockRestore();
    }
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cv-eval-'));
    data = join(dir, 'tiny.jsonl');
    await writeFile(data, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the embedded engine with the same figures as its own predictions give, overall and per language', async () => {
    // Prepare
    const engine = new EmbeddedSentimentEngine();
    const predicted = (await engine.classify(rows)).map((r) => r.label);
    const expected = classificationReport(rows.map((r) => r.label), predicted);
    const fr = rows.flatMap((r, i) => (r.lang === 'fr' ? [i] : []));

    // Act
    const { code, out } = await evalJson(['--engine', 'embedded']);

    // Assess
    expect(code).toBe(0);
    expect(out).toMatchObject({ engine: 'embedded', n: rows.length });
    expect(out.accuracy).toBeCloseTo(expected.accuracy, 4);
    expect(out.macroF1).toBeCloseTo(expected.macroF1, 4);
    expect(out.confusion?.matrix).toEqual(expected.confusion);
    expect(out.byLanguage?.fr?.n).toBe(3);
    expect(out.byLanguage?.fr?.accuracy).toBeCloseTo(fr.filter((i) => predicted[i] === rows[i]?.label).length / 3, 4);
    expect(out.docsPerSec).toBeGreaterThan(0);
  });

  it('reports each source in each of its languages, and a confusion matrix per language', async () => {
    // Prepare: one source written in two languages, so that a source alone would hide a language.
    const engine = new EmbeddedSentimentEngine();
    const predicted = (await engine.classify(rows)).map((r) => r.label);
    const mixedRows = rows.map((r) => (r.lang === 'fr' ? { ...r, source: 'synthetic-en' } : r));
    const mixed = join(dir, 'mixed-sources.jsonl');
    await writeFile(mixed, `${mixedRows.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const fr = rows.flatMap((r, i) => (r.lang === 'fr' ? [i] : []));
    const expectedFr = confusion3(fr.map((i) => rows[i]?.label ?? ''), fr.map((i) => predicted[i] ?? ''));

    // Act
    const chunks: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      chunks.push(String(chunk));
      return true;
    });
    try {
      await runEval(['--engine', 'embedded', '--data', mixed, '--json']);
    } finally {
      write.mockRestore();
    }
    const out = JSON.parse(chunks.join('')) as EngineEvaluation;

    // Assess
    expect(Object.keys(out.bySource ?? {})).toEqual(['synthetic-en']);
    expect(Object.keys(out.bySourceLanguage ?? {})).toEqual(['synthetic-en/en', 'synthetic-en/fr']);
    expect(out.bySourceLanguage?.['synthetic-en/fr']).toMatchObject({ n: 3 });
    expect(out.confusionByLanguage?.fr).toEqual(expectedFr);
    expect(expectedFr.flat().reduce((a, b) => a + b, 0)).toBe(3);
  });

  it('--engine all prints one table per language, one row per source and language, and each confusion matrix', async () => {
    // Prepare
    const chunks: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      chunks.push(String(chunk));
      return true;
    });

    // Act
    let code: number;
    try {
      code = await runEval(['--engine', 'all', '--data', data, '--train', data]);
    } finally {
      write.mockRestore();
    }
    const text = chunks.join('');

    // Assess
    expect(code).toBe(0);
    expect(text).toMatch(/macro-F1 per source and language/);
    expect(text).toMatch(/^synthetic-en\/en\s+30\s/m);
    expect(text).toMatch(/^synthetic-fr\/fr\s+3\s/m);
    expect(text).toMatch(/^ {2}embedded\s+fr {2}\[\[\d+, \d+, \d+\], \[\d+, \d+, \d+\], \[\d+, \d+, \d+\]\]$/m);
    expect(text).toMatch(/sent to Comprehend, source synthetic-fr\/fr\s+\d+\.\d % of 3/);
  });

  it('simulates Comprehend cost: calls of at most 25 documents per language, billed units, no accuracy', async () => {
    // Prepare: 30 English documents (2 calls) and 3 French (1 call).
    const units = rows.reduce((sum, r) => sum + comprehendUnits(r.text), 0);

    // Act
    const { code, out } = await evalJson(['--engine', 'comprehend']);

    // Assess
    expect(code).toBe(0);
    expect(out.accuracy).toBeNull();
    expect(out.costSimulation).toMatchObject({ calls: 3, documents: rows.length, billedUnits: units, share: 1 });
    expect(units).toBeGreaterThan(3 * rows.length); // the long French text costs more than the minimum
  });

  it('simulates hybrid routing: only the documents under the threshold are billed', async () => {
    // Prepare
    const engine = new EmbeddedSentimentEngine();
    const confidences = rows.map((r) => engine.classifyOne(r).confidence);
    const threshold = [...confidences].sort((a, b) => a - b)[10] ?? 0;
    const routed = rows.filter((_, i) => (confidences[i] ?? 1) < threshold);

    // Act
    const { out } = await evalJson(['--engine', 'hybrid', '--threshold', String(threshold)]);

    // Assess
    expect(out.costSimulation).toMatchObject({
      sentToComprehend: routed.length,
      billedUnits: routed.reduce((sum, r) => sum + comprehendUnits(r.text), 0),
      share: routed.length / rows.length,
    });
    expect(out.threshold).toBe(threshold);
  });

  it('tunes a peer on the --train file and reports it like an engine', async () => {
    // Act
    const { code, out } = await evalJson(['--engine', 'peer:sentiment', '--train', data]);

    // Assess
    expect(code).toBe(0);
    expect(out.engine).toBe('peer:sentiment');
    expect(out.note).toMatch(/band tuned on train/);
    expect(out.macroF1).toBeGreaterThan(0);
  });

  it('answers a usage error with exit code 2', async () => {
    // Prepare
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      // Act / Assess
      expect(await runEval([])).toBe(2);
      expect(await runEval(['--engine', 'vader', '--data', data])).toBe(2);
      expect(await runEval(['--engine', 'peer:nope', '--data', data, '--train', data])).toBe(2);
      expect(await runEval(['--engine', 'hybrid', '--data', data, '--threshold', '2'])).toBe(2);
    } finally {
      stderr.mockRestore();
    }
  });

  it('names the file to pass, and its format, when a labelled file is missing or not given', async () => {
    // Prepare
    const errors: string[] = [];
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      errors.push(String(chunk));
      return true;
    });
    const missing = join(dir, 'no-such-file.jsonl');
    try {
      // Act
      const codes = [
        await runEval(['--engine', 'embedded', '--data', missing]),
        await runEval(['--engine', 'peer:sentiment', '--data', data]),
        await runEval(['--engine', 'peer:sentiment', '--data', data, '--train', missing]),
      ];

      // Assess
      expect(codes).toEqual([2, 2, 2]);
      expect(errors[0]).toContain(`--data ${missing}: no such file; pass --data FILE.jsonl`);
      expect(errors[0]).toMatch(/FILE\.jsonl: one JSON object per line: \{"text": .*"label": "negative"\|"neutral"\|"positive"/);
      expect(errors[1]).toContain('pass --train FILE.jsonl');
      expect(errors[2]).toContain(`--train ${missing}: no such file; pass --train FILE.jsonl`);
    } finally {
      stderr.mockRestore();
    }
  });
});
