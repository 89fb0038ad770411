import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countsSince, sqsRequestsPerItem } from '../../cli/bench';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { call, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';

/**
 * The bench's meters on the real local stack: SQS requests counted at the local SQS endpoint,
 * DynamoDB read units reported by DynamoDB Local for the functions' own reads.
 */
let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  dir = await tempDir('bench-meters');
  stack = await startLocalStack({ dataDir: dir.path, port: 0, meterDynamoReads: true });
});

afterAll(async () => {
  await stack?.stop();
  await dir?.remove();
});

describe('the bench meters', () => {
  it('count the SQS requests and the read units the pipeline spends on 30 items', async () => {
    // Prepare
    const sqsBefore = stack.sqsRequestCounts();
    const readsBefore = stack.dynamoMeter!.readUnits();
    const requestsBefore = stack.dynamoMeter!.requestCounts();
    const items = Array.from({ length: 30 }, (_, i) => ({ text: `Colis ${i} livré en retard, inadmissible`, externalId: `meter-${i}`, occurredAt: '2026-06-10T08:30:00Z' }));
    // Act
    const posted = await call(`${stack.info.apiUrl}/v1/feedback`, { key: stack.info.keys.ingest, body: { items } });
    expect(posted.status).toBe(202);
    const state = stackState(stack.info);
    await state.drained();
    state.close();
    // Assess: 30 items go out in 3 SendMessageBatch calls of 10 and come back 10 per
    // ReceiveMessage (gathered into batches of up to QUEUES.ingest.batchSize), deleted 10 per
    // call; every processed batch notifies the alerts queue at least once.
    const sqs = countsSince(sqsBefore, stack.sqsRequestCounts());
    expect(sqs.SendMessageBatch).toBeGreaterThanOrEqual(3 + 1);
    expect(sqs.DeleteMessageBatch).toBeGreaterThanOrEqual(3);
    expect((sqs.ReceiveMessage ?? 0) - (sqs['ReceiveMessage:empty'] ?? 0)).toBeGreaterThanOrEqual(3);
    expect(sqsRequestsPerItem(sqs, 30)).toBeGreaterThanOrEqual(10 / 30);
    // The API key lookup and the alert evaluation read; DynamoDB Local reports what they consumed.
    const reads = countsSince(requestsBefore, stack.dynamoMeter!.requestCounts());
    expect((reads.GetItem ?? 0) + (reads.Query ?? 0)).toBeGreaterThan(0);
    expect(stack.dynamoMeter!.readUnits() - readsBefore).toBeGreaterThan(0);
  });
});

describe('sqsRequestsPerItem', () => {
  it('counts every request but the empty long polls of idle consumers', () => {
    expect(sqsRequestsPerItem({ SendMessageBatch: 20, ReceiveMessage: 50, 'ReceiveMessage:empty': 30, DeleteMessageBatch: 20 }, 200)).toBe(0.3);
  });
});
