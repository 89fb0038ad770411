import { describe, expect, it } from 'vitest';
import { costPerMillionItems, modelledUsage, PRICES } from '../../shared/domain/cost-model';

describe('costPerMillionItems', () => {
  const usage = modelledUsage({ dynamoWriteUnits: 8.2, comprehendUnitsPerDocument: 3.07, hybridShare: 0.15 });

  it('prices Comprehend at 100-character units with the 3-unit minimum already in the units', () => {
    const comprehend = costPerMillionItems(usage, 'comprehend');
    // 1e6 items × (1 sentiment + 0.5 PII) × 3.07 units × $0.0001
    expect(comprehend.breakdown.comprehend).toBeCloseTo(1e6 * 1.5 * 3.07 * PRICES.comprehendUnit, 2);
    expect(comprehend.breakdown.dynamodb).toBeCloseTo(1e6 * (8.2 * PRICES.dynamoWriteRequestUnit + 0.5 * PRICES.dynamoReadRequestUnit), 2);
  });

  it('makes the embedded engine free of Comprehend and hybrid cost a fraction of comprehend-only', () => {
    const [c, e, h] = (['comprehend', 'embedded', 'hybrid'] as const).map((engine) => costPerMillionItems(usage, engine));
    expect(e!.breakdown.comprehend).toBe(0);
    // Hybrid: only the 15 % low-confidence items reach Comprehend, and PII stays on patterns.
    expect(h!.breakdown.comprehend).toBeCloseTo(c!.breakdown.comprehend * (0.15 / 1.5), 1);
    expect(h!.breakdown.comprehend / c!.breakdown.comprehend).toBeLessThanOrEqual(0.2);
    expect(e!.usdPerMillion).toBeLessThan(h!.usdPerMillion);
    expect(h!.usdPerMillion).toBeLessThan(c!.usdPerMillion);
    const total = (x: typeof c) => Object.values(x!.breakdown).reduce((a, b) => a + b, 0);
    expect(c!.usdPerMillion).toBeCloseTo(total(c), 1);
  });
});
