import { describe, expect, it } from 'vitest';
import { nearDuplicates, normalisedText, selectDistinctVerbatims, tokenSetSimilarity, type VerbatimCandidate } from '../../shared/domain/alerts/verbatim-selection';

const v = (id: string, text: string, hour: number, sentiment = 'negative', customerKey?: string): VerbatimCandidate => ({
  id,
  text,
  occurredAt: `2026-12-02T${String(hour).padStart(2, '0')}:00:00Z`,
  sentiment,
  ...(customerKey ? { customerKey } : {}),
});

describe('nearDuplicates', () => {
  it('reads case, accents, punctuation and spacing as the same text', () => {
    expect(normalisedText('  Facturé DEUX fois !!! ')).toBe('facture deux fois');
    expect(nearDuplicates('Facturé deux fois !!!', 'facture   deux fois')).toBe(true);
  });

  it('takes a sentence with a word changed or added as the same complaint, and different complaints as different', () => {
    expect(nearDuplicates('My invoice is wrong again, third time this month', 'My invoice is wrong again, the third time this month!')).toBe(true);
    // The shorter one (5+ words) is wholly inside the longer one.
    expect(nearDuplicates('I was charged twice for my subscription', 'I was charged twice for my subscription and nobody answers my emails or calls')).toBe(true);
    expect(nearDuplicates('Facture fausse', 'Facture fausse et colis perdu depuis trois semaines, personne ne répond')).toBe(false);
    expect(nearDuplicates('Charged twice for one order', 'The courier left my parcel in the rain')).toBe(false);
    expect(tokenSetSimilarity('a b c', 'x y z')).toBe(1); // one-letter words do not count: nothing to compare
    expect(tokenSetSimilarity('charged twice', 'charged once')).toBeCloseTo(1 / 3);
  });
});

describe('selectDistinctVerbatims', () => {
  it('quotes three distinct ones, most negative then most recent first, skipping near-duplicates', () => {
    // Prepare: the case, the same sentence twice among the most recent.
    const candidates = [
      v('pos', 'Great support, thanks', 12, 'positive'),
      v('dup1', 'Facturé deux fois ce mois-ci, remboursez-moi', 11),
      v('dup2', 'facturé deux fois ce mois ci ! remboursez moi', 10),
      v('mixed', 'The app is fine but the invoice is wrong', 9, 'mixed'),
      v('old', 'Nobody answers at the contact centre', 8),
      v('neutral', 'Where do I find my invoice?', 13, 'neutral'),
    ];
    // Act
    const picked = selectDistinctVerbatims(candidates);
    // Assess
    expect(picked.map((p) => p.id)).toEqual(['dup1', 'old', 'mixed']);
  });

  it('quotes each customer once when the customer is known, and anonymous items freely', () => {
    const candidates = [
      v('a1', 'Charged twice for one order', 12, 'negative', 'cust-a'),
      v('a2', 'The courier left my parcel in the rain', 11, 'negative', 'cust-a'),
      v('anon1', 'Refund still not received after a month', 10),
      v('b1', 'My account was locked for no reason', 9, 'negative', 'cust-b'),
      v('anon2', 'The chatbot does not understand anything', 8),
    ];
    expect(selectDistinctVerbatims(candidates).map((p) => p.id)).toEqual(['a1', 'anon1', 'b1']);
    expect(selectDistinctVerbatims(candidates, 5).map((p) => p.id)).toEqual(['a1', 'anon1', 'b1', 'anon2']);
  });

  it('returns fewer when fewer are distinct, skips texts without words, and does not reorder its input', () => {
    const candidates = [v('x', '!!!', 12), v('y', 'Invoice wrong', 11), v('z', 'INVOICE WRONG.', 10)];
    const copy = [...candidates];
    expect(selectDistinctVerbatims(candidates).map((p) => p.id)).toEqual(['y']);
    expect(candidates).toEqual(copy);
    expect(selectDistinctVerbatims([])).toEqual([]);
  });
});
