import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoAggregateReader, DynamoAggregateRewriter } from '../../shared/adapters/dynamo-aggregates';
import { itemKey, ITEM_SK } from '../../shared/adapters/dynamo-feedback-codec';
import type { DynamoFeedbackStore } from '../../shared/adapters/dynamo-feedback-store';
import { TinyldLanguageDetector } from '../../shared/adapters/language-detector';
import { attributorFor } from '../../shared/app/attribute';
import { prepareBatch } from '../../shared/app/process-feedback';
import { recompute } from '../../shared/app/recompute';
import { collectCells, recountCells } from '../../shared/app/recount';
import type { RedactOptions } from '../../shared/app/reredact';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import { FeedbackInputSchema, toEnvelope, type FeedbackInput } from '../../shared/domain/feedback';
import { patternPiiRedactor, redactPii } from '../../shared/domain/redaction/redact-pii';
import type { RedactionOptions } from '../../shared/domain/redaction/types';
import type { SentimentEngine } from '../../shared/ports/sentiment';
import type { ProcessedFeedback } from '../../shared/ports/stores';
import { TABLES } from '../../shared/resources';
import { openFeedbackTables } from '../support/local-feedback-tables';

const ZONES = ['Europe/Paris'];
let ddb: DynamoDBClient;
let store: DynamoFeedbackStore;
let aggregates: DynamoAggregateReader;
let rewriter: DynamoAggregateRewriter;
let close: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ ddb, store, aggregates, rewriter, close } = await openFeedbackTables(ZONES));
}, 90_000);

afterAll(() => close?.());

const engine: SentimentEngine = {
  name: 'embedded',
  modelId: 'embedded@test',
  async classify(inputs) {
    return inputs.map(() => ({ label: 'negative', confidence: 0.9, scores: { positive: 0.05, neutral: 0.05, negative: 0.9, mixed: 0 } }));
  },
};

const at = (day: number, hour: number) => new Date(Date.UTC(2026, 10, day, hour, 0)).toISOString();
const IBAN = 'FR76 3000 6000 0112 3456 7890 189';
// Long enough to be stored deflated (textZ): the rewrite must store it the same way.
const LONG = `${'Le colis est arrivé abîmé, le carton était ouvert et il manquait deux pièces. '.repeat(5)}Remboursez sur ${IBAN} svp.`;
const ITEMS: { input: FeedbackInput; customer?: string }[] = [
  { input: { text: `Facture fausse, remboursez sur ${IBAN} svp.`, externalId: 'iban', occurredAt: at(2, 9), department: 'billing' } },
  { input: { text: 'Livraison parfaite, merci à Kevin au magasin.', externalId: 'staff', occurredAt: at(2, 10), department: 'billing' } },
  { input: { text: 'Bonjour, Sophie Martin ici. Ma facture est fausse.', subject: 'Réclamation de Mme Martin', externalId: 'name', occurredAt: at(2, 11), department: 'billing' } },
  { input: { text: 'Facture fausse, écrivez-moi à zoe.martin@example.com', externalId: 'clean', occurredAt: at(2, 12), department: 'billing' } },
  { input: { text: LONG, externalId: 'long', occurredAt: at(2, 13), department: 'billing' } },
  { input: { text: `Erreur de facture, voici mon IBAN ${IBAN}`, externalId: 'erased', occurredAt: at(2, 14), department: 'billing' }, customer: 'hash-erased' },
  { input: { text: `Facture fausse, IBAN ${IBAN}`, externalId: 'withheld', occurredAt: at(2, 15), department: 'billing', customer: { consent: false } } },
];

/** Stores the items as an older processor did: its redaction knew e-mails and phones only. */
async function storeWithOlderRedaction(): Promise<ProcessedFeedback[]> {
  const records = ITEMS.map(({ input, customer }, i) => ({
    id: `m${i}`,
    body: JSON.stringify(toEnvelope(FeedbackInputSchema.parse(input), { channel: 'api', provider: 'test', receivedAt: new Date(input.occurredAt!), customerIdHash: customer })),
  }));
  const prepared = await prepareBatch(records, {
    detector: new TinyldLanguageDetector(),
    redactor: patternPiiRedactor({ types: ['EMAIL', 'PHONE'] }),
    engine,
    attribute: attributorFor(DEFAULT_DEPARTMENTS),
    retentionDays: 365,
  });
  const items = [...prepared.values()].flatMap((p) => (p.kind === 'ready' ? [p.item] : []));
  expect(items).toHaveLength(ITEMS.length);
  expect((await store.saveBatch(items)).failed).toEqual([]);
  return items;
}

async function storedItems(): Promise<Map<string, ProcessedFeedback>> {
  const out = new Map<string, ProcessedFeedback>();
  for await (const item of store.scanItems()) out.set(item.source.externalId ?? item.id, item);
  return out;
}

const byExternal = (items: Map<string, ProcessedFeedback>, id: string) => items.get(id)!;

const deps = (redaction: RedactionOptions = {}, onProgress?: RedactOptions['onProgress']) => ({
  items: () => store.scanItems(),
  attribute: attributorFor(DEFAULT_DEPARTMENTS),
  attributions: store,
  aggregates,
  rewriter,
  zones: ZONES,
  redact: { redact: (text: string) => redactPii(text, redaction), texts: store, onProgress },
  dryRun: false,
});

describe('recompute --redact on DynamoDB Local', () => {
  it('removes what an older redaction missed from the stored items and their verbatims, and a second run changes nothing', async () => {
    // Prepare: items stored with the older redaction, one customer then erased.
    await storeWithOlderRedaction();
    await store.eraseCustomer('hash-erased', new Date(at(3, 0)));
    const before = await storedItems();
    expect(byExternal(before, 'iban').text).toContain(IBAN);
    expect(byExternal(before, 'staff').text).toContain('Kevin');
    const longRow = await ddb.send(new GetCommand({ TableName: TABLES.feedback.localName, Key: { pk: itemKey(byExternal(before, 'long').id), sk: ITEM_SK } }));
    expect(longRow.Item?.textZ).toBeDefined();

    // A dry run reports what it would do and writes nothing.
    const dry = await recompute({ ...deps(), dryRun: true });
    expect(dry.redact).toMatchObject({ scanned: 5, changed: 4, withoutText: 2 });
    expect(await storedItems()).toEqual(before);

    // Act
    const progress: number[] = [];
    const report = await recompute(deps({}, (p) => progress.push(p.scanned)));

    // Assess: four items changed (IBAN twice, a staff name, a customer's name in text and subject).
    expect(report.redact).toEqual({ scanned: 5, changed: 4, withoutText: 2, placeholdersAdded: { IBAN: 2, NAME: 3 } });
    expect(progress.at(-1)).toBe(5);
    const after = await storedItems();
    expect(byExternal(after, 'iban').text).toBe('Facture fausse, remboursez sur [IBAN] svp.');
    expect(byExternal(after, 'iban').redacted).toEqual(['IBAN']);
    expect(byExternal(after, 'staff').text).toBe('Livraison parfaite, merci à [NAME] au magasin.');
    expect(byExternal(after, 'name').text).toBe('Bonjour, [NAME] ici. Ma facture est fausse.');
    expect(byExternal(after, 'name').subject).toBe('Réclamation de Mme [NAME]');
    expect(byExternal(after, 'clean')).toEqual(byExternal(before, 'clean'));
    expect(byExternal(after, 'long').text).toBe(LONG.replace(IBAN, '[IBAN]'));
    // Erased and withheld items are left as they were (no text to redact, nothing written back).
    expect(byExternal(after, 'erased')).toEqual(byExternal(before, 'erased'));
    expect(byExternal(after, 'withheld')).toEqual(byExternal(before, 'withheld'));
    // Everything outside the text is as it was; the aggregates still equal a recount.
    for (const [id, item] of after) expect({ ...item, text: '', subject: '', redacted: [], topics: [] }).toEqual({ ...byExternal(before, id), text: '', subject: '', redacted: [], topics: [] });
    // The topics follow the text: the staff name the old redaction left is no topic any more.
    expect(byExternal(before, 'staff').topics!.map((t) => t.key)).toContain('kevin');
    expect(byExternal(after, 'staff').topics!.map((t) => t.key)).toEqual(['livraison', 'livraison parfait', 'parfait', 'magasin']);
    expect(await collectCells(aggregates.scanAll())).toEqual(await recountCells(store.scanItems(), ZONES));

    // The verbatims the dashboard and the emails read show the redacted text.
    const verbatims = await store.verbatims('billing', new Date(at(2, 0)), new Date(at(2, 23)), 10);
    const shown = verbatims.map((v) => v.text).join('\n');
    expect(verbatims.length).toBeGreaterThanOrEqual(5);
    expect(shown).not.toContain('3000 6000');
    expect(shown).not.toContain('Kevin');
    expect(shown).not.toContain('Sophie');

    // A second run changes nothing.
    const again = await recompute(deps());
    expect(again.redact).toEqual({ scanned: 5, changed: 0, withoutText: 2, placeholdersAdded: {} });
    expect(await storedItems()).toEqual(after);
  });

  it('keeps staff names when the setting says so, and still redacts a customer’s own name', async () => {
    // The items of the first test are already redacted: a customer's name and a staff name, new.
    const [item] = await (async () => {
      const records = [{ id: 'k0', body: JSON.stringify(toEnvelope(FeedbackInputSchema.parse({ text: 'Bonjour, Paul Durand ici. Merci à Kevin pour son aide.', externalId: 'keep', occurredAt: at(4, 9), department: 'billing' }), { channel: 'api', provider: 'test', receivedAt: new Date(at(4, 9)) })) }];
      const prepared = await prepareBatch(records, { detector: new TinyldLanguageDetector(), redactor: patternPiiRedactor({ types: ['EMAIL'] }), engine, attribute: attributorFor(DEFAULT_DEPARTMENTS), retentionDays: 365 });
      return [...prepared.values()].flatMap((p) => (p.kind === 'ready' ? [p.item] : []));
    })();
    expect((await store.saveBatch([item!])).failed).toEqual([]);

    const report = await recompute(deps({ keepStaffNames: true }));

    expect(report.redact).toMatchObject({ changed: 1, placeholdersAdded: { NAME: 1 } });
    expect(byExternal(await storedItems(), 'keep').text).toBe('Bonjour, [NAME] ici. Merci à Kevin pour son aide.');
  });
});
