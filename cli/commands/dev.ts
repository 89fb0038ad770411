import { ensureDashboardBuilt } from '../local/dashboard-assets';
import { startLocalStack } from '../local/stack';
import { UsageError, type Command } from './command';
import { dataDir } from './local-stack-info';

function portFromEnv(): number {
  const raw = process.env.PORT?.trim() || '8787';
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65_535) throw new UsageError(`PORT must be a port number (0 picks a free one), not "${process.env.PORT}"`);
  return port;
}

export const dev: Command = {
  usage: '  dev                         run the whole pipeline locally (embedded DynamoDB, SQS, S3, SES outbox)',
  async run() {
    const log = (line: string) => process.stderr.write(`[customer-voice] ${line}\n`);
    const port = portFromEnv();
    // The page is built before the stack starts (a few seconds, only when web/ changed); a
    // failed build leaves the API running and says why.
    await ensureDashboardBuilt({ log }).catch((error: unknown) => log(`dashboard: the page did not build, the API runs without it: ${error instanceof Error ? error.message : String(error)}`));
    const stack = await startLocalStack({ dataDir: dataDir(), port, log });
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stderr.write(`[customer-voice] ${signal}: stopping\n`);
      await stack.stop();
      process.exit(0);
    };
    process.on('SIGINT', () => void shutdown('SIGINT'));
    process.on('SIGTERM', () => void shutdown('SIGTERM'));
    process.stdout.write(`customer-voice ready at ${stack.info.apiUrl}\n`);
    process.stdout.write(`dashboard (signed in as the officer until the next restart): ${stack.info.dashboardUrl}\n`);
  },
};
