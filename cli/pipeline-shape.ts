import type { PipelineShape } from '../shared/domain/cost-model';
import { FUNCTIONS, QUEUES } from '../shared/resources';

/**
 * The stack's shape as the cost model needs it, from QUEUES and FUNCTIONS. A full batch's time
 * is an estimate, not a measurement on AWS (the local stack's timings are DynamoDB Local's): the
 * processor's time goes to its DynamoDB transactions, about 0.1 s each (docs/scaling.md §3), and a
 * batch of 100 is 2 of them plus the index rows and the touched-cells message, whatever the engine
 * adds (Comprehend calls are priced apart).
 */
export const PIPELINE_SHAPE: PipelineShape = {
  ingestBatchSize: QUEUES.ingest.batchSize,
  processorSecondsPerBatch: 0.3,
  processorMemoryMb: FUNCTIONS.processFeedback.memoryMb,
  ingestApiMemoryMb: FUNCTIONS.ingestApi.memoryMb,
  evaluatorMemoryMb: FUNCTIONS.evaluateAlerts.memoryMb,
};
