/**
 * The export function alone in its own process, as Lambda runs it: consumes the local stack's
 * exports queue with the real handler and, on SIGTERM, prints its peak memory (what Lambda
 * reports as "Max Memory Used") as one JSON line. Used by `customer-voice bench exports`.
 *
 *   node --import tsx cli/local/export-worker.ts <dataDir>
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { FUNCTIONS, QUEUES } from '../../shared/resources';
import { localClientConfig, localFunctionEnvironment } from './local-aws';
import { startQueuePoller, type SqsHandler } from './queue-poller';
import type { StackInfo } from './stack';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: export-worker.ts <dataDir>');
const info = JSON.parse(await readFile(join(dataDir, 'stack.json'), 'utf8')) as StackInfo;
Object.assign(process.env, localFunctionEnvironment(info), { POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true' });
const { handler } = (await import('../../functions/ingest-export-file')) as unknown as { handler: SqsHandler };
const idleRssMb = process.memoryUsage().rss / 2 ** 20;

const sqs = new SQSClient(localClientConfig(info.endpoints.sqs));
const poller = startQueuePoller({
  sqs,
  queueUrl: info.resources.queues.exports.url,
  queueArn: info.resources.queues.exports.arn,
  handler,
  functionName: 'ingestExportFile',
  timeoutSeconds: FUNCTIONS.ingestExportFile.timeoutSeconds,
  batchSize: QUEUES.exports.batchSize,
  concurrency: 1,
  onError: (e) => process.stderr.write(`export worker: ${String(e)}\n`),
});
process.stdout.write(`${JSON.stringify({ ready: true, idleRssMb })}\n`);
process.once('SIGTERM', () => {
  void poller.stop().then(() => {
    // maxRSS is in KiB on Linux.
    process.stdout.write(`${JSON.stringify({ idleRssMb, peakRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
    sqs.destroy();
    process.exit(0);
  });
});
