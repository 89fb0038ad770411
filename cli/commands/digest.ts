import { parseArgs } from 'node:util';
import { ENV, FUNCTIONS } from '../../shared/resources';
import { isoDate, UsageError, type Command } from './command';
import { localStackInfo, pointAtLocalStack } from './local-stack-info';

export const digest: Command = {
  usage: `  digest --now [--week ISO]   send the weekly progress digest now (the week holding yesterday, or --week's), then that week's interface briefs and notes of recognition (each at most once a week)`,
  async run(args) {
    const { values } = parseArgs({ args, options: { now: { type: 'boolean', default: false }, week: { type: 'string' } } });
    if (!values.now && !values.week) throw new UsageError('usage: customer-voice digest --now [--week 2026-11-16T00:00:00Z]');
    // The deployed function's own handler, pointed at the local stack unless the environment names tables.
    if (!process.env[ENV.aggregatesTable]) pointAtLocalStack(await localStackInfo());
    // --week: run as if the schedule fired the day after that week ended.
    const at = values.week ? new Date(isoDate(values.week, '--week').getTime() + 7 * 86_400_000 + 6 * 3_600_000) : new Date();
    const { lambdaContext, scheduledEvent } = await import('../local/lambda-events');
    const { handler } = await import('../../functions/send-digest');
    process.stdout.write(`${JSON.stringify(await handler(scheduledEvent(at), lambdaContext('sendDigest', FUNCTIONS.sendDigest.timeoutSeconds)))}\n`);
  },
};
