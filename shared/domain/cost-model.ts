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
 * The per-item usage of the pipeline as built: POSTs of 100 items, SQS batches of 10 (send,
 * receive, delete, plus the alerts notification), the processor at 1 GB for ~300 ms per batch,
 * the ingest function at 512 MB for ~100 ms per request. Write units and Comprehend units come
 * from measurements (bench, eval); the rest follows from the batch sizes.
 */
export function modelledUsage(measured: {
  dynamoWriteUnits: number;
  comprehendUnitsPerDocument: number;
  hybridShare: number;
  /** Measured by the bench (the local SQS proxy's request count); modelled from batch sizes otherwise. */
  sqsRequests?: number;
  /** Measured by the bench (ReturnConsumedCapacity on the functions' reads); estimated otherwise. */
  dynamoReadUnits?: number;
}): UsagePerItem {
  return {
    dynamoWriteUnits: measured.dynamoWriteUnits,
    // Alert evaluation reads the touched day series; API reads are per query, not per item.
    dynamoReadUnits: measured.dynamoReadUnits ?? 0.5,
    // Send batch, receive, delete batch; alerts send + receive/delete.
    sqsRequests: measured.sqsRequests ?? 0.1 + 0.1 + 0.1 + 0.1 + 0.1,
    apiRequests: 1 / 100,
    lambdaInvocations: 1 / 100 + 1 / 10 + 1 / 10,
    lambdaGbSeconds: (0.5 * 0.1) / 100 + (1 * 0.3) / 10 + (0.5 * 0.1) / 10,
    comprehendUnitsPerDocument: measured.comprehendUnitsPerDocument,
    hybridShare: measured.hybridShare,
    piiComprehendShare: 0.5,
    emailsPerItem: 0,
  };
}
