import { describe, expect, it } from 'vitest';
import { readFeedback } from '../../shared/app/read-feedback';
import { DEFAULT_DEPARTMENTS } from '../../shared/domain/departments/schema';
import type { Verbatim } from '../../shared/ports/stores';

describe('readFeedback', () => {
  it('hands out verbatims without the customer key the store gives the emails', async () => {
    // Prepare
    const stored: Verbatim = {
      id: 'fb_1',
      occurredAt: '2026-12-02T09:00:00Z',
      text: 'Facture fausse',
      lang: 'fr',
      sentiment: 'negative',
      departments: [{ id: 'billing', reason: 'keywords:facture' }],
      journeys: [],
      channel: 'api',
      customerKey: 'salted-hash-of-the-customer',
    };
    const deps = { store: { verbatims: async () => [stored] }, departments: DEFAULT_DEPARTMENTS, now: () => new Date('2026-12-02T12:00:00Z') };
    // Act
    const out = await readFeedback({ department: 'billing' }, deps);
    // Assess
    const { customerKey: _key, ...shown } = stored;
    expect(out.items).toEqual([shown]);
    expect(JSON.stringify(out)).not.toContain('salted-hash');
  });
});
