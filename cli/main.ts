import { bench } from './commands/bench';
import { classify } from './commands/classify';
import { UsageError, type Command } from './commands/command';
import { dev } from './commands/dev';
import { digest } from './commands/digest';
import { doctor } from './commands/doctor';
import { erase } from './commands/erase';
import { evaluate } from './commands/eval';
import { ingest } from './commands/ingest';
import { keys } from './commands/keys';
import { recompute } from './commands/recompute';
import { redact } from './commands/redact';
import { replayDlq } from './commands/replay-dlq';
import { scores } from './commands/scores';
import { send } from './commands/send';
import { suggestKeywords } from './commands/suggest-keywords';
import { users } from './commands/users';
import { demo } from './commands/demo';

const help: Command = {
  usage: '  help                        this text',
  async run() {
    process.stdout.write(`${USAGE}\n`);
  },
};

/** Every command by name, in the order `customer-voice help` lists them. */
const COMMANDS: Readonly<Record<string, Command>> = {
  dev,
  demo,
  send,
  scores,
  classify,
  recompute,
  'suggest-keywords': suggestKeywords,
  redact,
  erase,
  'replay-dlq': replayDlq,
  keys,
  users,
  eval: evaluate,
  ingest,
  digest,
  bench,
  doctor,
  help,
};

const USAGE = `customer-voice <command>

${Object.values(COMMANDS)
  .map((c) => c.usage)
  .join('\n')}

Environment: CV_DATA_DIR (default .local), PORT (default 8787).
Against a deployed stack: CV_API_URL and CV_API_KEY instead of the local stack.json.`;

async function main(argv: string[]): Promise<void> {
  const [command = 'help', ...rest] = argv;
  const chosen = Object.hasOwn(COMMANDS, command) ? COMMANDS[command]! : command === '--help' ? help : undefined;
  if (!chosen) throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  return chosen.run(rest);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`customer-voice: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(error instanceof UsageError ? 2 : 1);
});
