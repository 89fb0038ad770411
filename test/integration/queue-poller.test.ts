import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../cli/local/local-aws';
import { startQueuePoller } from '../../cli/local/queue-poller';
import { startLocalStack, type LocalStack } from '../../cli/local/stack';
import { eventually, tempDir } from '../support/http';
import { stackState } from '../support/stack-state';

/** The local stand-in for Lambda's SQS event source, against the local SQS, with nothing else consuming. */
let stack: LocalStack;
let dir: Awaited<ReturnType<typeof tempDir>>;
let sqs: SQSClient;

beforeAll(async () => {
  dir = await tempDir('queue-poller');
  stack = await startLocalStack({ dataDir: dir.path, port: 0, consumers: { ingest: false, alerts: false, exports: false } });
  sqs = new SQSClient(localClientConfig(stack.info.endpoints.sqs));
});

afterAll(async () => {
  sqs?.destroy();
  await stack?.stop();
  await dir?.remove();
});

async function send(queueUrl: string, bodies: string[]) {
  for (let i = 0; i < bodies.length; i += 10) {
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(j), MessageBody })) }));
  }
}

describe('startQueuePoller', () => {
  it('gathers more than one ReceiveMessage into a batch, deletes the successes and gives the failures back', async () => {
    // Prepare: 35 messages waiting; the handler fails one record of the first batch.
    const queue = stack.info.resources.queues.ingest;
    await send(queue.url, Array.from({ length: 35 }, (_, i) => `m${i}`));
    const batches: string[][] = [];
    const poller = startQueuePoller({
      sqs,
      queueUrl: queue.url,
      queueArn: queue.arn,
      functionName: 'processFeedback',
      timeoutSeconds: 30,
      batchSize: 100,
      batchingWindowSeconds: 2,
      concurrency: 1,
      onError: (e) => {
        throw e;
      },
      handler: async (event: SQSEvent) => {
        batches.push(event.Records.map((r) => r.body));
        const failing = batches.length === 1 ? event.Records.find((r) => r.body === 'm7') : undefined;
        return { batchItemFailures: failing ? [{ itemIdentifier: failing.messageId }] : [] };
      },
    });
    const state = stackState(stack.info);
    try {
      // Act
      await state.drained(30_000);
      await eventually('the poller to finish its batch', async () => (poller.idle() ? true : undefined));
    } finally {
      await poller.stop();
      state.close();
    }
    // Assess: one invocation took all 35 (SQS hands out 10 per call); only m7 came back.
    expect(batches[0]!.sort()).toEqual(Array.from({ length: 35 }, (_, i) => `m${i}`).sort());
    expect(batches.slice(1).flat()).toEqual(['m7']);
  });
});
