import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ENV } from '../../shared/resources';
import { localClientConfig } from '../local/local-aws';
import { UsageError, type Command } from './command';
import { localStackInfo } from './local-stack-info';

/** The ingest queue and its DLQ: from INGEST_QUEUE_URL / INGEST_DLQ_URL (deployed) or the local stack.json. */
async function queuesTarget(): Promise<{ sqs: SQSClient; dlqUrl: string; targetUrl: string }> {
  const targetUrl = process.env[ENV.ingestQueueUrl];
  const dlqUrl = process.env[ENV.ingestDlqUrl];
  if (targetUrl && dlqUrl) return { sqs: new SQSClient({}), targetUrl, dlqUrl };
  const info = await localStackInfo();
  return {
    sqs: new SQSClient(localClientConfig(info.endpoints.sqs)),
    targetUrl: info.resources.queues.ingest.url,
    dlqUrl: info.resources.queues.ingest.dlqUrl,
  };
}

export const replayDlq: Command = {
  usage: `  replay-dlq [--max N] [--dry-run]
                              move dead letters back to the ingest queue (after fixing their cause)`,
  async run(args) {
    const { values } = parseArgs({ args, options: { max: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });
    const { sqs, dlqUrl, targetUrl } = await queuesTarget();
    const { replayDeadLetters } = await import('../../shared/adapters/sqs-replay');
    const max = values.max === undefined ? undefined : Number(values.max);
    if (max !== undefined && (!Number.isInteger(max) || max < 1)) throw new UsageError('--max must be a positive integer');
    const report = await replayDeadLetters(sqs, { dlqUrl, targetUrl }, { max, dryRun: values['dry-run'] });
    sqs.destroy();
    process.stdout.write(`${JSON.stringify(report)}\n`);
  },
};
