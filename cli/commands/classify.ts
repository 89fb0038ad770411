import { parseArgs } from 'node:util';
import type { Command } from './command';

export const classify: Command = {
  usage: `  classify [--config FILE] [--engine NAME]
                              JSONL items on stdin → one JSON line each: lang, sentiment, departments and
                              journeys with their reasons (a dry run of a department configuration)`,
  async run(args) {
    const { values } = parseArgs({ args, options: { config: { type: 'string' }, engine: { type: 'string' } } });
    const { runClassify } = await import('../classify');
    process.exitCode = await runClassify(process.stdin, process.stdout, values);
  },
};
