/**
 * What a million feedback items cost on AWS, from list prices and per-item usage. Prices are
 * us-east-1 on-demand list prices as published when this table was dated; free tiers are
 * ignored (they vanish at the volumes where cost matters). Update the date with the numbers.
 */
export const PRICES = {
  dated: '2026-11-24',
  region: 'us-east-1',
  lambdaArmGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  sqsRequest: 0.4 / 1e6,
  dynamoWriteRequestUnit: 0.625 / 1e6,
  dynamoReadRequestUnit: 0.125 / 1e6,
  /** Per 100-character unit, 3 units minimum per document: sentiment, language, PII alike. */
  comprehendUnit: 0.0001,
  httpApiRequest: 1.0 / 1e6,
  sesEmail: 0.1 / 1000,
} as const;

export const SENTIMENT_ENGINES_PRICED = ['comprehend', 'embedded', 'hybrid'] as const;
export type PricedEngine = (typeof SENTIMENT_ENGINES_PRICED)[number];

/** Per-item usage: measured (write units, Comprehend units) or modelled from the batch sizes. */
export interface UsagePerItem {
  dynamoWriteUnits: number;
  dynamoReadUnits: number;
  sqsRequests: number;
  apiRequests: number;
  lambdaInvocations: number;
  lambdaGbSeconds: number;
  /** Comprehend units one document costs when it is sent (≥ 3). */
  comprehendUnitsPerDocument: number;
  /** Share of items the hybrid engine sends to Comprehend. */
  hybridShare: number;
  /** Share of items in English or Spanish, where PII detection also calls Comprehend. */
  piiComprehendShare: number;
  emailsPerItem: number;
}

export interface CostLine {
  engine: PricedEngine;
  usdPerMillion: number;
  breakdown: Record<'lambda' | 'sqs' | 'dynamodb' | 'apiGateway' | 'comprehend' | 'ses', number>;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function costPerMillionItems(usage: UsagePerItem, engine: PricedEngine): CostLine {
  const n = 1e6;
  const comprehendSentimentShare = engine === 'comprehend' ? 1 : engine === 'hybrid' ? usage.hybridShare : 0;
  // PII detection calls Comprehend only with the comprehend engine (hybrid and embedded use patterns).
  const piiShare = engine === 'comprehend' ? usage.piiComprehendShare : 0;
  const breakdown = {
    lambda: n * (usage.lambdaInvocations * PRICES.lambdaRequest + usage.lambdaGbSeconds * PRICES.lambdaArmGbSecond),
    sqs: n * usage.sqsRequests * PRICES.sqsRequest,
    dynamodb: n * (usage.dynamoWriteUnits * PRICES.dynamoWriteRequestUnit + usage.dynamoReadUnits * PRICES.dynamoReadRequestUnit),
    apiGateway: n * usage.apiRequests * PRICES.httpApiRequest,
    comprehend: n * (comprehendSentimentShare + piiShare) * usage.comprehendUnitsPerDocument * PRICES.comprehendUnit,
    ses: n * usage.emailsPerItem * PRICES.sesEmail,
  };
  const rounded = Object.fromEntries(Object.entries(breakdown).map(([k, v]) => [k, round2(v)])) as CostLine['breakdown'];
  return { engine, usdPerMillion: round2(Object.values(breakdown).reduce((a, b) => a + b, 0)), breakdown: rounded };
}

/**
 * How the pipeline is built where it costs Lambda time: the caller reads it from
 * shared/resources.ts (QUEUES, FUNCTIONS) so that the model follows the stack, and the domain
 * reads no configuration.
 */
export interface PipelineShape {
  /** Items per processor invocation when batches are full: the ingest queue's batch size. */
  ingestBatchSize: number;
  /** Seconds a processor invocation takes for a full batch. */
  processorSecondsPerBatch: number;
  processorMemoryMb: number;
  ingestApiMemoryMb: number;
  evaluatorMemoryMb: number;
}

/**
 * The per-item usage of the pipeline as built: POSTs of 100 items at ~100 ms each; SQS sends,
 * receives and deletes of 10 messages; one processor invocation per full ingest batch, which
 * also sends one touched-cells message that the alert evaluator reads for ~100 ms. Items under
 * load arrive in full batches, where cost matters (quiet periods carry few items). Write units
 * and Comprehend units come from measurements (bench, eval); the rest follows from the shape.
 */
export function modelledUsage(
  measured: {
    dynamoWriteUnits: number;
    comprehendUnitsPerDocument: number;
    hybridShare: number;
    /** Measured by the bench (the local SQS proxy's request count); modelled from batch sizes otherwise. */
    sqsRequests?: number;
    /** Measured by the bench (ReturnConsumedCapacity on the functions' reads); estimated otherwise. */
    dynamoReadUnits?: number;
  },
  pipeline: PipelineShape,
): UsagePerItem {
  const perBatch = 1 / pipeline.ingestBatchSize;
  const gb = (memoryMb: number) => memoryMb / 1024;
  return {
    dynamoWriteUnits: measured.dynamoWriteUnits,
    // Alert evaluation reads the touched day series; API reads are per query, not per item.
    dynamoReadUnits: measured.dynamoReadUnits ?? 0.5,
    // Send batch, receive, delete batch; alerts send + receive/delete, once per ingest batch.
    sqsRequests: measured.sqsRequests ?? 0.1 + 0.1 + 0.1 + 2 * perBatch,
    apiRequests: 1 / 100,
    // Ingest API per request; processor and alert evaluator per ingest batch.
    lambdaInvocations: 1 / 100 + perBatch + perBatch,
    lambdaGbSeconds:
      (gb(pipeline.ingestApiMemoryMb) * 0.1) / 100 + gb(pipeline.processorMemoryMb) * pipeline.processorSecondsPerBatch * perBatch + gb(pipeline.evaluatorMemoryMb) * 0.1 * perBatch,
    comprehendUnitsPerDocument: measured.comprehendUnitsPerDocument,
    hybridShare: measured.hybridShare,
    piiComprehendShare: 0.5,
    emailsPerItem: 0,
  };
}
