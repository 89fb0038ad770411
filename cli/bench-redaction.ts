import { readFile } from 'node:fs/promises';
import { repoPath } from '../infra/paths';
import { shippedFirstNames } from '../shared/adapters/first-names-file';
import { redactPii } from '../shared/domain/redaction/redact-pii';
import { DEFAULT_PII_TYPES, type RedactionOptions } from '../shared/domain/redaction/types';

/** The labelled redaction fixture: short FR/EN customer messages, every kind of personal data and the numbers that must survive. */
export const REDACTION_FIXTURE = 'test/fixtures/pii-fr-en.jsonl';

export interface RedactionThroughput {
  messages: number;
  meanChars: number;
  /** The redaction the processor runs (every default type, the first-name gazetteer, staff names redacted), messages per second on one core. */
  msgsPerSec: number;
  /** The baseline measured in the same run, interleaved with it: the same redaction without the name detectors (context names, gazetteer, staff names). */
  withoutNamesMsgsPerSec: number;
}

/** The same redaction with the NAME detectors off: what names cost is the difference. */
export const WITHOUT_NAMES: RedactionOptions = { types: DEFAULT_PII_TYPES.filter((t) => t !== 'NAME') };

/** What the processor passes: the shipped first-name gazetteer, staff names redacted. */
export function processorRedaction(): RedactionOptions {
  return { firstNames: shippedFirstNames() };
}

/**
 * Redaction throughput on one core over `texts`, warm (`redaction`: the processor's options):
 * passes of the current redaction and of the baseline alternate (in turn first, so a load spike on
 * the machine falls on both) until each has run `minMs` of CPU time. A measure to read side by side, not a test.
 */
export function measureRedactionThroughput(texts: readonly string[], minMs = 1500, redaction: RedactionOptions = processorRedaction()): RedactionThroughput {
  if (texts.length === 0) throw new Error('no message to redact');
  const variants = [
    { options: redaction, ms: 0, done: 0 },
    { options: { ...redaction, ...WITHOUT_NAMES }, ms: 0, done: 0 },
  ];
  const pass = (v: (typeof variants)[number]) => {
    // CPU time of this process, not the wall clock: on a machine other processes share, their
    // time slices would count against the redaction.
    const started = process.cpuUsage();
    for (const t of texts) redactPii(t, v.options);
    const used = process.cpuUsage(started);
    v.ms += (used.user + used.system) / 1000;
    v.done += texts.length;
  };
  for (let i = 0; i < 3; i++) for (const v of variants) pass(v);
  for (const v of variants) Object.assign(v, { ms: 0, done: 0 });
  for (let round = 0; variants.some((v) => v.ms < minMs); round++) {
    for (const v of round % 2 === 0 ? variants : [...variants].reverse()) pass(v);
  }
  const perSec = (v: (typeof variants)[number]) => Math.round(v.done / (v.ms / 1000));
  return {
    messages: texts.length,
    meanChars: Math.round(texts.reduce((n, t) => n + t.length, 0) / texts.length),
    msgsPerSec: perSec(variants[0]!),
    withoutNamesMsgsPerSec: perSec(variants[1]!),
  };
}

/** The fixture's messages (their text only). */
export async function redactionFixtureTexts(path = repoPath(REDACTION_FIXTURE)): Promise<string[]> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((l) => String((JSON.parse(l) as { text: unknown }).text));
}

/** The line the bench prints. */
export function formatRedactionThroughput(r: RedactionThroughput): string {
  return `redaction                      ${r.msgsPerSec} msgs/s one core   (baseline, names off: ${r.withoutNamesMsgsPerSec}; ${r.messages} fixture messages, mean ${r.meanChars} chars)`;
}
