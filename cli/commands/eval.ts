import type { Command } from './command';

export const evaluate: Command = {
  usage: `  eval --engine <embedded|lexicon|comprehend|hybrid|peer:NAME|all> --data FILE.jsonl [--json]
                              accuracy, macro-F1, per-class F1, confusion matrix and docs/s on labelled JSONL`,
  async run(args) {
    const { runEval } = await import('../eval');
    process.exitCode = await runEval(args);
  },
};
