import type { ProcessedFeedback } from '../../shared/ports/stores';

/** A processed item with sensible defaults, for store and handler tests. */
export function processedItem(overrides: Partial<ProcessedFeedback> & { id: string }): ProcessedFeedback {
  return {
    v: 1,
    source: { channel: 'api', provider: 'test' },
    receivedAt: '2026-11-24T10:00:00.000Z',
    occurredAt: '2026-11-24T10:00:00.000Z',
    text: 'Facture fausse',
    customer: {},
    metadata: {},
    lang: 'fr',
    langConfidence: 1,
    sentiment: { label: 'negative', confidence: 0.9, scores: { positive: 0.05, neutral: 0.05, negative: 0.9, mixed: 0 } },
    departments: [{ id: 'billing', reason: 'keywords:facture' }],
    journeys: [],
    processedAt: '2026-11-24T10:00:01.000Z',
    expiresAt: 1_900_000_000,
    ...overrides,
  };
}
