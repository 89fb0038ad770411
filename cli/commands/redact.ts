import type { Command } from './command';

export const redact: Command = {
  usage: `  redact [--lang fr|en] [--types EMAIL,PHONE,…] [--redact-orders] [--json] [--comprehend]
                              text lines on stdin → the same lines with personal data replaced ([EMAIL], [PHONE]…)`,
  async run(args) {
    const { runRedact } = await import('../redact');
    process.exitCode = await runRedact(process.stdin, process.stdout, args);
  },
};
