import { parseArgs } from 'node:util';
import { SQSClient } from '@aws-sdk/client-sqs';
import { ENV } from '../../shared/resources';
import { localClientConfig } from '../local/local-aws';
import { UsageError, type Command } from './command';
import { localStackInfo } from './local-stack-info';

/** The queues whose dead letters carry their reason and are replayed here, with the variables that name them on AWS. */
const REPLAYABLE = {
  ingest: { queue: ENV.ingestQueueUrl, dlq: ENV.ingestDlqUrl },
  notifications: { queue: ENV.notificationsQueueUrl, dlq: ENV.notificationsDlqUrl },
} as const;
type Replayable = keyof typeof REPLAYABLE;

/** The queue and its DLQ: from <QUEUE>_URL / <QUEUE>_DLQ_URL (deployed) or the local stack.json. */
async function queuesTarget(name: Replayable): Promise<{ sqs: SQSClient; dlqUrl: string; targetUrl: string }> {
  const targetUrl = process.env[REPLAYABLE[name].queue];
  const dlqUrl = process.env[REPLAYABLE[name].dlq];
  if (targetUrl && dlqUrl) return { sqs: new SQSClient({}), targetUrl, dlqUrl };
  const info = await localStackInfo();
  return {
    sqs: new SQSClient(localClientConfig(info.endpoints.sqs)),
    targetUrl: info.resources.queues[name].url,
    dlqUrl: info.resources.queues[name].dlqUrl,
  };
}

export const replayDlq: Command = {
  usage: `  replay-dlq [--queue ingest|notifications] [--max N] [--dry-run]
                              move dead letters back to their queue (after fixing their cause); default ingest`,
  async run(args) {
    const { values } = parseArgs({ args, options: { queue: { type: 'string', default: 'ingest' }, max: { type: 'string' }, 'dry-run': { type: 'boolean', default: false } } });
    if (!(values.queue in REPLAYABLE)) throw new UsageError(`--queue must be one of ${Object.keys(REPLAYABLE).join(', ')}`);
    const max = values.max === undefined ? undefined : Number(values.max);
    if (max !== undefined && (!Number.isInteger(max) || max < 1)) throw new UsageError('--max must be a positive integer');
    const { sqs, dlqUrl, targetUrl } = await queuesTarget(values.queue as Replayable);
    const { replayDeadLetters } = await import('../../shared/adapters/sqs-replay');
    const report = await replayDeadLetters(sqs, { dlqUrl, targetUrl }, { max, dryRun: values['dry-run'] });
    sqs.destroy();
    process.stdout.write(`${JSON.stringify(report)}\n`);
  },
};
