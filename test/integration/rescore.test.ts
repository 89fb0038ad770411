import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoAggregateReader, DynamoAggregateRewriter } from '../../shared/adapters/dynamo-aggregates';
import type { DynamoFeedbackStore } from '../../shared/adapters/dynamo-feedback-store';
import { TinyldLanguageDetector } from '../../shared/adapters/language-detector';
import { attributorFor } from '../../shared/app/attribute';
import { prepareBatch } from '../../shared/app/process-feedback';
import { recompute } from '../../shared/app/recompute';
import { collectCells, recountCells } from '../../shared/app/recount';
import { sentimentComparable } from '../../shared/domain/alerts/model-change';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { FeedbackInputSchema, toEnvelope, type FeedbackInput } from '../../shared/domain/feedback';
import { patternPiiRedactor } from '../../shared/domain/redaction/redact-pii';
import type { SentimentLabel } from '../../shared/domain/sentiment';
import type { SentimentEngine, SentimentInput, SentimentResult } from '../../shared/ports/sentiment';
import type { ProcessedFeedback } from '../../shared/ports/stores';
import { openFeedbackTables } from '../support/local-feedback-tables';

const ZONES = ['Europe/Paris'];
let store: DynamoFeedbackStore;
let aggregates: DynamoAggregateReader;
let rewriter: DynamoAggregateRewriter;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ store, aggregates, rewriter, close } = await openFeedbackTables(ZONES));
}, 90_000);

afterAll(() => close?.());

const result = (label: SentimentLabel): SentimentResult => ({
  label,
  confidence: 0.9,
  scores: { positive: label === 'positive' ? 0.9 : 0.05, neutral: label === 'neutral' ? 0.9 : 0.05, negative: label === 'negative' ? 0.9 : 0.05, mixed: 0 },
});

/** A deterministic engine standing for one model version; counts what it was asked to score. */
function engine(modelId: string, labelOf: (input: SentimentInput) => SentimentLabel, options: { failOnCall?: number } = {}) {
  const seen: string[] = [];
  let calls = 0;
  const e: SentimentEngine & { seen: string[] } = {
    name: 'embedded',
    modelId,
    seen,
    async classify(inputs) {
      if (++calls === options.failOnCall) throw new Error('the engine stopped');
      seen.push(...inputs.map((i) => i.text));
      return inputs.map((i) => result(labelOf(i)));
    },
  };
  return e;
}
// The old model reads every French message as negative (the complaint); the new one
// reads praise and solved problems as positive.
const PRAISE = /top|merci|rapide|réglé|parfait/i;
const oldModel = () => engine('embedded@old', () => 'negative');
const newModel = (options?: { failOnCall?: number }) => engine('embedded@new', (i) => (PRAISE.test(i.text) ? 'positive' : /\?/.test(i.text) ? 'neutral' : 'negative'), options);

const at = (day: number, hour: number) => new Date(Date.UTC(2026, 10, day, hour, 0)).toISOString();
const TEXTS = [
  'Le conseiller était top, problème réglé en 5 minutes.',
  'Paiement simple et rapide, facture claire.',
  'Colis perdu, personne ne répond au téléphone.',
  'Quand ma facture sera-t-elle corrigée ?',
  'Livraison parfaite, merci à toute l’équipe.',
  'Facture fausse pour la troisième fois, inadmissible.',
];

async function storeWith(model: SentimentEngine, inputs: { input: FeedbackInput; customer?: string }[]): Promise<ProcessedFeedback[]> {
  const records = inputs.map(({ input, customer }, i) => ({
    id: `m${i}`,
    body: JSON.stringify(toEnvelope(FeedbackInputSchema.parse(input), { channel: 'api', provider: 'test', receivedAt: new Date(input.occurredAt ?? at(1, 0)), customerIdHash: customer })),
  }));
  const prepared = await prepareBatch(records, {
    detector: new TinyldLanguageDetector(),
    redactor: patternPiiRedactor(),
    engine: model,
    attribute: attributorFor(DEFAULT_DEPARTMENTS),
    retentionDays: 365,
  });
  const items = [...prepared.values()].flatMap((p) => (p.kind === 'ready' ? [p.item] : []));
  expect(items).toHaveLength(inputs.length);
  const saved = await store.saveBatch(items);
  expect(saved.failed).toEqual([]);
  return items;
}

async function storedItems(): Promise<ProcessedFeedback[]> {
  const out: ProcessedFeedback[] = [];
  for await (const item of store.scanItems()) out.push(item);
  return out.sort((a, b) => a.id.localeCompare(b.id));
}

const storedCells = () => collectCells(aggregates.scanAll());

/** The stored cells, and what a recount of the stored items says they must be. */
async function cellsAndRecount() {
  return { stored: await storedCells(), expected: await recountCells(store.scanItems(), ZONES) };
}

/** A billing day cell's rows as the alert evaluator reads them: the deploy day and the days before. */
async function billingDays() {
  const rows = await aggregates.series('DEPT#billing#day#UTC', new Date(at(1, 0)), new Date(at(5, 0)));
  return rows.map((r) => ({ window: r.window, count: r.counters.count, models: r.models }));
}

const deps = (rescore?: Parameters<typeof recompute>[0]['rescore']) => ({
  items: () => store.scanItems(),
  attribute: attributorFor(DEFAULT_DEPARTMENTS),
  attributions: store,
  aggregates,
  rewriter,
  zones: ZONES,
  rescore,
  dryRun: false,
});

describe('recompute --rescore on DynamoDB Local', () => {
  it('moves the history to the new model: items re-scored from their redacted text, aggregates equal to a recount, and the deploy day comparable again', async () => {
    // Prepare: three days scored by the old model (one item sent without consent, one from a
    // customer who is then erased), then the deploy day, whose items the new model scores.
    const history = Array.from({ length: 18 }, (_, i) => ({
      input: { text: i === 4 ? `${TEXTS[i % 6]} Écrivez-moi à zoe.martin@example.com` : TEXTS[i % 6]!, externalId: `h${i}`, occurredAt: at(1 + (i % 3), 8 + Math.floor(i / 3)), department: 'billing', ...(i === 7 ? { customer: { consent: false } } : {}) },
      customer: i === 5 ? 'hash-zoe' : undefined,
    }));
    const before = await storeWith(oldModel(), history);
    expect(before.every((i) => i.sentimentModel === 'embedded@old')).toBe(true);
    await store.eraseCustomer('hash-zoe', new Date(at(4, 0)));
    const deployDay = await storeWith(newModel(), TEXTS.map((text, i) => ({ input: { text, externalId: `d${i}`, occurredAt: at(4, 9 + i), department: 'billing' } })));
    expect((await store.verbatims('billing', new Date(at(4, 0)), new Date(at(4, 23)), 10)).map((v) => v.sentimentModel)).toEqual(deployDay.map(() => 'embedded@new'));

    // The evaluator's view before the rescore: the deploy day's model is in no baseline day.
    const days = await billingDays();
    expect(days.map((d) => d.models)).toEqual([['embedded@old'], ['embedded@old'], ['embedded@old'], ['embedded@new']]);
    expect(sentimentComparable(days.at(-1), days.slice(0, -1))).toBe(false);

    // Act
    const model = newModel();
    const progress: number[] = [];
    const report = await recompute(deps({ engine: model, sentiments: store, force: false, batchSize: 4, onProgress: (p) => progress.push(p.done) }));

    // Assess: 18 old items, of which one withheld and one erased keep their label.
    expect(report.rescore).toMatchObject({ model: 'embedded@new', rescored: 16, alreadyCurrent: 6, withoutText: 2 });
    expect(report.reattributed).toBe(0);
    const expectedChanges: Record<string, number> = {};
    for (const item of before) {
      if (item.textWithheld || item.customer.idHash === 'hash-zoe') continue;
      const to = PRAISE.test(item.text) ? 'positive' : /\?/.test(item.text) ? 'neutral' : 'negative';
      if (to !== 'negative') expectedChanges[`negative→${to}`] = (expectedChanges[`negative→${to}`] ?? 0) + 1;
    }
    expect(report.rescore?.labelsChanged).toEqual(expectedChanges);
    expect(progress.at(-1)).toBe(24);
    // What the engine read is the stored, redacted text: never the address, never the erased or withheld items.
    expect(model.seen).toHaveLength(16);
    expect(model.seen.join('\n')).not.toContain('zoe.martin');
    expect(model.seen.some((t) => t.includes('[EMAIL]'))).toBe(true);

    const items = await storedItems();
    for (const item of items) {
      if (item.textWithheld) {
        expect(item.sentimentModel).toBe('embedded@old');
        expect(item.sentiment.label).toBe('negative');
      } else {
        expect(item.sentimentModel).toBe('embedded@new');
        expect(item.sentiment.label).toBe(PRAISE.test(item.text) ? 'positive' : /\?/.test(item.text) ? 'neutral' : 'negative');
      }
    }
    const { stored, expected } = await cellsAndRecount();
    expect(stored).toEqual(expected);
    expect(report.cellsFixed).toBeGreaterThan(0);
    const after = await billingDays();
    expect(after.at(-1)?.models).toEqual(['embedded@new']);
    expect(sentimentComparable(after.at(-1), after.slice(0, -1))).toBe(true);

    // Re-running changes nothing: every item already carries the model, the cells are exact.
    const again = await recompute(deps({ engine: newModel(), sentiments: store, force: false }));
    expect(again.rescore).toMatchObject({ rescored: 0, alreadyCurrent: 22, withoutText: 2, labelsChanged: {} });
    expect(again).toMatchObject({ cellsWithDrift: 0, cellsWithModelDrift: 0, cellsFixed: 0 });
    expect(await storedCells()).toEqual(stored);
  });

  it('resumes a run that stopped half-way, and --force scores everything again to the same aggregates', async () => {
    // Prepare: a model whose engine fails on its third batch.
    const v3 = (options?: { failOnCall?: number }) => engine('embedded@v3', (i) => (i.text.length % 2 === 0 ? 'positive' : 'negative'), options);
    await expect(recompute(deps({ engine: v3({ failOnCall: 3 }), sentiments: store, force: false, batchSize: 5 }))).rejects.toThrow('the engine stopped');
    const half = await storedItems();
    expect(half.filter((i) => i.sentimentModel === 'embedded@v3')).toHaveLength(10);

    // Act
    const resumed = await recompute(deps({ engine: v3(), sentiments: store, force: false, batchSize: 5 }));
    const snapshot = await storedCells();
    const forced = await recompute(deps({ engine: v3(), sentiments: store, force: true, batchSize: 5 }));

    // Assess
    expect(resumed.rescore).toMatchObject({ rescored: 12, alreadyCurrent: 10, withoutText: 2 });
    const { stored, expected } = await cellsAndRecount();
    expect(snapshot).toEqual(expected);
    expect(forced.rescore).toMatchObject({ rescored: 22, alreadyCurrent: 0, labelsChanged: {} });
    expect(forced).toMatchObject({ cellsWithDrift: 0, cellsWithModelDrift: 0, cellsFixed: 0 });
    expect(stored).toEqual(snapshot);
  });

  it('a dry run scores but writes nothing, and reports the cells it would rewrite', async () => {
    const before = await storedItems();
    const cells = await storedCells();
    const report = await recompute({ ...deps({ engine: oldModel(), sentiments: store, force: false }), dryRun: true });
    expect(report.rescore).toMatchObject({ model: 'embedded@old', rescored: 22 });
    expect(report.cellsWithModelDrift).toBeGreaterThan(0);
    expect(report.cellsFixed).toBe(0);
    expect(await storedItems()).toEqual(before);
    expect(await storedCells()).toEqual(cells);
  });

  it('refuses a rescore limited to a range, saying why', async () => {
    await expect(recompute({ ...deps({ engine: oldModel(), sentiments: store, force: false }), range: { from: new Date(at(2, 0)) } })).rejects.toThrow(/every item and rebuilds every cell/);
  });
});
