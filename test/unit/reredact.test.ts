import { describe, expect, it } from 'vitest';
import { redactSummary } from '../../cli/commands/recompute';
import type { RecomputeReport } from '../../shared/app/recompute';
import { emptyRedactReport, reredactItem, reredactStored, type RedactedFields } from '../../shared/app/reredact';
import { redactPii } from '../../shared/domain/redaction/redact-pii';
import type { ProcessedFeedback } from '../../shared/ports/stores';

const item = (fields: Partial<ProcessedFeedback>) => ({ id: 'i1', text: '', metadata: {}, ...fields }) as ProcessedFeedback;
const redact = (text: string) => redactPii(text);

describe('reredactItem', () => {
  it('redacts what the current rules find in the text, the subject and string metadata, and adds their kinds', () => {
    const out = reredactItem(item({ text: 'IBAN FR76 3000 6000 0112 3456 7890 189, merci à Kevin', subject: 'De Mme Martin', metadata: { agent: 'Mme Durand', score: 3 }, redacted: ['EMAIL'] }), redact);
    expect(out?.item).toMatchObject({ text: 'IBAN [IBAN], merci à [NAME]', subject: 'De Mme [NAME]', metadata: { agent: 'Mme [NAME]', score: 3 }, redacted: ['EMAIL', 'IBAN', 'NAME'] });
    expect(out?.added.sort()).toEqual(['IBAN', 'NAME', 'NAME', 'NAME']);
  });

  it('leaves an already redacted item alone: placeholders are kept, nothing to rewrite', () => {
    expect(reredactItem(item({ text: 'Remboursez sur [IBAN], écrivez à [EMAIL]', subject: 'Réclamation' }), redact)).toBeNull();
  });
});

describe('reredactStored', () => {
  it('does not write erased or withheld items, nor an item the rules leave unchanged', async () => {
    const written: RedactedFields[] = [];
    const texts = { updateText: async (i: RedactedFields) => (written.push(i), true) };
    const report = emptyRedactReport();
    for (const i of [item({ text: '', textWithheld: true }), item({ text: '', erasedAt: '2026-11-02T00:00:00Z', textWithheld: true }), item({ text: 'Colis perdu.' }), item({ id: 'i2', text: 'merci à Kevin' })]) {
      await reredactStored(i, { redact, texts, dryRun: false }, report);
    }
    expect(report).toEqual({ scanned: 2, changed: 1, withoutText: 2, placeholdersAdded: { NAME: 1 } });
    expect(written.map((w) => [w.id, w.text])).toEqual([['i2', 'merci à [NAME]']]);
  });

  it('counts an item erased between the read and the write as without text', async () => {
    const report = emptyRedactReport();
    const out = await reredactStored(item({ text: 'merci à Kevin' }), { redact, texts: { updateText: async () => false }, dryRun: false }, report);
    expect(out.text).toBe('merci à Kevin');
    expect(report).toEqual({ scanned: 0, changed: 0, withoutText: 1, placeholdersAdded: {} });
  });
});

describe('redactSummary', () => {
  it('says how many items were scanned and changed and the placeholders added by kind, most first', () => {
    const report = { dryRun: false, redact: { scanned: 10, changed: 3, withoutText: 2, placeholdersAdded: { IBAN: 1, NAME: 3 } } } as unknown as RecomputeReport;
    expect(redactSummary(report)).toBe('redact: 10 items scanned, 3 changed, 4 placeholders added (NAME 3, IBAN 1)\n2 items without text (erased, or sent without consent) left alone');
    expect(redactSummary({ ...report, dryRun: true })).toContain('3 would change, 4 placeholders to add');
  });
});
