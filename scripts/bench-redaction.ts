/**
 * Redaction throughput on one core: every message of the labelled set (or `--data file.jsonl`),
 * redacted in a loop for `--seconds` (default 3) after a warm-up; prints messages per second and
 * the mean message length. A benchmark to compare two versions on one machine, not a test.
 *
 *   npx tsx scripts/bench-redaction.ts [--data file.jsonl] [--seconds 3]
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { shippedFirstNames } from '../shared/adapters/first-names-file';
import { redactPii } from '../shared/domain/redaction/redact-pii';
import { DEFAULT_PII_DATASET, loadPiiDataset } from './eval-redaction';

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { data: { type: 'string' }, seconds: { type: 'string', default: '3' } } });
  const texts = (await loadPiiDataset(values.data ? resolve(values.data) : DEFAULT_PII_DATASET)).map((m) => m.text);
  const seconds = Number(values.seconds);
  if (!(seconds > 0) || texts.length === 0) throw new Error('--seconds must be positive and the data set non-empty');
  // The processor's redaction: with the shipped first-name gazetteer.
  const options = { firstNames: shippedFirstNames() };
  for (let i = 0; i < 3; i += 1) for (const t of texts) redactPii(t, options);
  let done = 0;
  let sink = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    for (const t of texts) sink += redactPii(t, options).entities.length;
    done += texts.length;
  }
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const meanLength = texts.reduce((n, t) => n + t.length, 0) / texts.length;
  process.stdout.write(
    `${Math.round(done / elapsed)} messages/s (${texts.length} messages, mean ${meanLength.toFixed(0)} chars, ${done} redactions in ${elapsed.toFixed(1)} s; ${sink} entities)\n`,
  );
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
