import { describe, expect, it } from 'vitest';
import { prepareBatch, type ClassifyDeps } from '../../../shared/app/process-feedback';
import { FeedbackInputSchema, toEnvelope } from '../../../shared/domain/feedback';
import { patternPiiRedactor } from '../../../shared/domain/redaction/redact-pii';
import type { SentimentEngine } from '../../../shared/ports/sentiment';

const negative = { label: 'negative' as const, confidence: 0.9, scores: { positive: 0, neutral: 0.1, negative: 0.9, mixed: 0 } };
const engine: SentimentEngine = { name: 'fixed', classify: async (inputs) => inputs.map(() => negative) };
const deps: ClassifyDeps = {
  detector: { detect: () => ({ lang: 'fr', confidence: 1 }) },
  redactor: patternPiiRedactor(),
  engine,
  attribute: () => ({ departments: [{ id: 'delivery', reason: 'test' }], journeys: [] }),
  retentionDays: 30,
};
const body = (input: Record<string, unknown>) =>
  JSON.stringify(toEnvelope(FeedbackInputSchema.parse(input), { channel: 'api', provider: 'test', receivedAt: new Date('2026-11-24T10:00:00Z') }));

describe('prepareBatch: topics', () => {
  it('extracts the topics of the redacted text: personal data never becomes a topic', async () => {
    // Prepare
    const text = 'Colis abîmé, contactez-moi à marie.durand@example.fr ou au 06 12 34 56 78';
    // Act
    const out = await prepareBatch([{ id: 'm1', body: body({ text, externalId: 'x1' }) }], deps);
    // Assess
    const entry = out.get('m1')!;
    expect(entry.kind).toBe('ready');
    const topics = entry.kind === 'ready' ? entry.item.topics! : [];
    expect(topics.map((t) => t.key)).toEqual(expect.arrayContaining(['colis', 'abim', 'colis abim']));
    expect(JSON.stringify(topics)).not.toMatch(/marie|durand|example|email|phone|\d/i);
  });

  it('stores no topics when the text is withheld for want of consent', async () => {
    const out = await prepareBatch([{ id: 'm2', body: body({ text: 'Colis abîmé', externalId: 'x2', customer: { consent: false } }) }], deps);
    const entry = out.get('m2')!;
    expect(entry.kind === 'ready' && entry.item.textWithheld).toBe(true);
    expect(entry.kind === 'ready' && entry.item.topics).toBeUndefined();
  });
});
