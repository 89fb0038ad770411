import { describe, expect, it } from 'vitest';
import { PIPELINE_SHAPE } from '../../cli/pipeline-shape';
import { costPerMillionItems, modelledUsage, PRICES, type PipelineShape } from '../../shared/domain/cost-model';
import { FUNCTIONS, QUEUES } from '../../shared/resources';

/** Batches of 100 at 0.3 s on a 1 GB processor; 512 MB ingest API and alert evaluator. */
const PIPELINE: PipelineShape = { ingestBatchSize: 100, processorSecondsPerBatch: 0.3, processorMemoryMb: 1024, ingestApiMemoryMb: 512, evaluatorMemoryMb: 512 };
const MEASURED = { dynamoWriteUnits: 8.2, comprehendUnitsPerDocument: 3.07, hybridShare: 0.15 };

describe('costPerMillionItems', () => {
  const usage = modelledUsage(MEASURED, PIPELINE);

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

describe('modelledUsage', () => {
  it('counts one processor invocation, its duration and its touched-cells message per ingest batch', () => {
    // Act
    const [in10, in100] = [10, 100].map((ingestBatchSize) => modelledUsage(MEASURED, { ...PIPELINE, ingestBatchSize }));
    // Assess: ingest API per request of 100; processor and alert evaluator per batch.
    expect(in100!.lambdaInvocations).toBeCloseTo(1 / 100 + 1 / 100 + 1 / 100, 12);
    expect(in10!.lambdaInvocations).toBeCloseTo(1 / 100 + 1 / 10 + 1 / 10, 12);
    expect(in100!.lambdaGbSeconds).toBeCloseTo((0.5 * 0.1) / 100 + (1 * 0.3) / 100 + (0.5 * 0.1) / 100, 12);
    expect(in10!.lambdaGbSeconds).toBeCloseTo((0.5 * 0.1) / 100 + (1 * 0.3) / 10 + (0.5 * 0.1) / 10, 12);
    // Sends, receives and deletes of 10 messages, plus the alerts message's send and receive/delete per batch.
    expect(in100!.sqsRequests).toBeCloseTo(0.32, 12);
    expect(in10!.sqsRequests).toBeCloseTo(0.5, 12);
    const lambda = (u: typeof in10) => costPerMillionItems(u!, 'embedded').breakdown.lambda;
    expect(lambda(in100)).toBeCloseTo(1e6 * (0.03 * PRICES.lambdaRequest + 0.004 * PRICES.lambdaArmGbSecond), 2);
    expect(lambda(in100)).toBeLessThan(lambda(in10) / 5);
  });

  it('prices a slower processor and a larger function by their GB-seconds', () => {
    const base = modelledUsage(MEASURED, PIPELINE);
    const slower = modelledUsage(MEASURED, { ...PIPELINE, processorSecondsPerBatch: 1.3 });
    const larger = modelledUsage(MEASURED, { ...PIPELINE, processorMemoryMb: 2048 });
    // 1 s more per batch of 100 at 1 GB: 0.01 GB-s more per item; twice the memory: 0.003 more.
    expect(slower.lambdaGbSeconds - base.lambdaGbSeconds).toBeCloseTo(0.01, 12);
    expect(larger.lambdaGbSeconds - base.lambdaGbSeconds).toBeCloseTo(0.003, 12);
  });

  it("prices the bench's usage with the stack's own ingest batch size and processor memory", () => {
    const usage = modelledUsage(MEASURED, PIPELINE_SHAPE);
    expect(usage.lambdaInvocations).toBeCloseTo(1 / 100 + 2 / QUEUES.ingest.batchSize, 12);
    expect(usage.lambdaGbSeconds).toBeCloseTo(
      (0.5 * 0.1) / 100 + ((FUNCTIONS.processFeedback.memoryMb / 1024) * PIPELINE_SHAPE.processorSecondsPerBatch + (FUNCTIONS.evaluateAlerts.memoryMb / 1024) * 0.1) / QUEUES.ingest.batchSize,
      12,
    );
  });

  it('keeps the measured SQS requests and read units when the bench gives them', () => {
    const usage = modelledUsage({ ...MEASURED, sqsRequests: 0.31, dynamoReadUnits: 0.1 }, PIPELINE);
    expect(usage).toMatchObject({ sqsRequests: 0.31, dynamoReadUnits: 0.1 });
  });
});
