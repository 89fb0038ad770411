import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics, recordIngestion } from '../../functions/commons/metrics';
import { makeProcessFeedbackHandler } from '../../functions/handlers/process-feedback-handler';
import { patternPiiRedactor } from '../../shared/domain/redaction/redact-pii';
import { METRICS_NAMESPACE } from '../../shared/metrics';
import type { SentimentEngine } from '../../shared/ports/sentiment';
import type { BatchSaveResult, FeedbackStore, ProcessedFeedback } from '../../shared/ports/stores';
import { envelopeBody, sqsRecordOf } from '../support/items';

/** One EMF document as CloudWatch reads it from the function's stdout. */
interface Emf {
  _aws: { Timestamp: number; CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

/** Each metric value with its namespace and dimension values, as CloudWatch would index it. */
function datapoints(lines: string[]) {
  const docs = lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l) as Emf);
  return docs.flatMap((doc) =>
    doc._aws.CloudWatchMetrics.flatMap((directive) =>
      directive.Metrics.map((m) => ({
        namespace: directive.Namespace,
        name: m.Name,
        unit: m.Unit,
        dimensions: Object.fromEntries(directive.Dimensions.flat().map((d) => [d, doc[d]])),
        value: doc[m.Name],
      })),
    ),
  );
}

class MemoryStore implements FeedbackStore {
  readonly ids = new Set<string>();
  async saveBatch(items: readonly ProcessedFeedback[]): Promise<BatchSaveResult> {
    const result: BatchSaveResult = { stored: [], duplicates: [], failed: [], writeUnits: 0, transactions: 1 };
    for (const item of items) {
      if (this.ids.has(item.id)) result.duplicates.push(item.id);
      else {
        this.ids.add(item.id);
        result.stored.push(item.id);
      }
    }
    return result;
  }
  async *scanItems() {}
  async verbatims() {
    return [];
  }
}

const byWord: SentimentEngine = {
  name: 'by-word',
  classify: async (inputs) =>
    inputs.map(({ text }) => {
      const label = text.includes('bad') ? ('negative' as const) : ('positive' as const);
      return { label, confidence: 0.9, scores: { positive: label === 'positive' ? 0.9 : 0.1, neutral: 0, negative: label === 'negative' ? 0.9 : 0.1, mixed: 0 } };
    }),
};

const record = sqsRecordOf;
const envelope = envelopeBody;

const logger = new Logger({ logLevel: 'SILENT' });
let stdout: string[];
let restore: () => void;

beforeEach(() => {
  // Metrics read the switch when constructed; the suite disables them everywhere else.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  stdout = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  restore = () => {
    process.stdout.write = write;
    process.env.POWERTOOLS_METRICS_DISABLED = 'true';
  };
});
afterEach(() => restore());

describe('the processFeedback metrics', () => {
  it('flush as EMF after the invocation: items processed once, the sentiment mix, dead letters', async () => {
    // Prepare: two new items (one negative), a redelivery of the first, a poison message.
    const handler = makeProcessFeedbackHandler({
      store: new MemoryStore(),
      deadLetters: { send: async () => undefined },
      detector: { detect: () => ({ lang: 'en', confidence: 1 }) },
      redactor: patternPiiRedactor(),
      engine: byWord,
      attribute: () => ({ departments: [{ id: 'billing', reason: 'test' }], journeys: [] }),
      retentionDays: 30,
      logger,
      metrics: createMetrics(logger),
    });
    const context = { awsRequestId: 'req', functionName: 'processFeedback' } as unknown as Context;
    // Act
    await handler(
      { Records: [record('a', envelope('good service', 'e1')), record('b', envelope('bad service', 'e2')), record('c', envelope('good service', 'e1')), record('d', '{"v":1}')] },
      context,
    );
    // Assess
    const points = datapoints(stdout);
    expect(points.every((p) => p.namespace === METRICS_NAMESPACE && p.dimensions.service === 'customer-voice')).toBe(true);
    const value = (name: string, dims: Record<string, string> = {}) =>
      points.filter((p) => p.name === name && Object.entries(dims).every(([k, v]) => p.dimensions[k] === v)).map((p) => p.value);
    expect(value('ItemsProcessed')).toEqual([2]);
    expect(value('MessagesDeadLettered')).toEqual([1]);
    expect(value('RecordsRetried')).toEqual([0]);
    expect(value('ItemsBySentiment', { sentiment: 'positive' })).toEqual([1]);
    expect(value('ItemsBySentiment', { sentiment: 'negative' })).toEqual([1]);
    expect(points.find((p) => p.name === 'ItemsBySentiment')?.dimensions).toEqual({ service: 'customer-voice', sentiment: expect.any(String) });
    expect(points.every((p) => p.unit === 'Count')).toBe(true);
  });
});

describe('recordIngestion', () => {
  it('counts items per channel and rejections per reason code, each under its own dimension', () => {
    // Prepare
    const metrics = createMetrics(logger);
    // Act
    recordIngestion(metrics, 'export', { accepted: 7, rejectedByReason: { invalid_row: 2, implausible_date: 1 } });
    metrics.publishStoredMetrics();
    // Assess
    const points = datapoints(stdout).map(({ name, dimensions, value }) => ({ name, dimensions, value }));
    expect(points).toEqual(
      expect.arrayContaining([
        { name: 'ItemsIngested', dimensions: { service: 'customer-voice', channel: 'export' }, value: 7 },
        { name: 'ItemsRejected', dimensions: { service: 'customer-voice', reason: 'invalid_row' }, value: 2 },
        { name: 'ItemsRejected', dimensions: { service: 'customer-voice', reason: 'implausible_date' }, value: 1 },
      ]),
    );
    expect(points).toHaveLength(3);
  });
});

describe('createMetrics', () => {
  it('publishes to the namespace HouseFunction gives the stage (POWERTOOLS_METRICS_NAMESPACE), the prod one when unset', () => {
    // Prepare
    const before = process.env.POWERTOOLS_METRICS_NAMESPACE;
    process.env.POWERTOOLS_METRICS_NAMESPACE = 'staging-CustomerVoice';
    try {
      const staging = createMetrics(logger);
      delete process.env.POWERTOOLS_METRICS_NAMESPACE;
      const unset = createMetrics(logger);
      // Act
      recordIngestion(staging, 'api', { accepted: 1, rejectedByReason: {} });
      staging.publishStoredMetrics();
      const stagingPoints = datapoints(stdout);
      stdout.length = 0;
      recordIngestion(unset, 'api', { accepted: 1, rejectedByReason: {} });
      unset.publishStoredMetrics();
      // Assess
      expect(stagingPoints.map((p) => p.namespace)).toEqual(['staging-CustomerVoice']);
      expect(datapoints(stdout).map((p) => p.namespace)).toEqual([METRICS_NAMESPACE]);
    } finally {
      if (before === undefined) delete process.env.POWERTOOLS_METRICS_NAMESPACE;
      else process.env.POWERTOOLS_METRICS_NAMESPACE = before;
    }
  });
});
