/**
 * Measures PII redaction against a labelled JSONL set (`{ text, lang, entities: [{ type, start, end }] }`
 * per line, default test/fixtures/pii-fr-en.jsonl) and prints per-type precision, recall and F1.
 *
 *   npx tsx scripts/eval-redaction.ts [--data file.jsonl] [--split dev|holdout] [--batch issue-17] [--json] [--redact-orders] [--no-gazetteer]
 *
 * The fixture's `split` field: `dev` messages were written while the patterns were tuned, `holdout`
 * ones after they were frozen — the held-out figures are the honest estimate. The redaction is the
 * processor's: with the shipped first-name gazetteer (`--no-gazetteer`: context rules only, as before it). Without `--split` the
 * figures are printed for each split, then for all. `batch` marks messages added together (e.g.
 * `issue-17`: its holdout was committed before the detectors it measures were written).
 *
 * Matching, chosen for what redaction is for (nothing readable must leak):
 * - a gold entity is FOUND when a prediction of the same type overlaps it AND every letter and digit
 *   of the gold span is covered by some prediction (a phone number with its last two digits left
 *   in clear is a miss);
 * - a prediction is CORRECT when it overlaps a gold entity of the same type;
 * - `covered` counts gold entities fully hidden by predictions of any type (the privacy view: an
 *   address redacted as [POSTCODE] leaks nothing); `exact` counts identical spans.
 * Labelling convention of the fixture: ADDRESS runs from the house number to the street name (and
 * unit), plus "postcode city" when they follow; POSTCODE is a postcode that stands without a street;
 * NAME is the person's name without the honorific.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { shippedFirstNames } from '../shared/adapters/first-names-file';
import { redactPii } from '../shared/domain/redaction/redact-pii';
import type { PiiEntity, RedactionOptions } from '../shared/domain/redaction/types';

export interface LabelledMessage {
  text: string;
  lang: string;
  /** 'dev' or 'holdout' in the bundled fixture. */
  split?: string;
  /** Messages added together, e.g. 'issue-17'; absent for the original set. */
  batch?: string;
  entities: PiiEntity[];
}

export interface TypeScores {
  type: string;
  gold: number;
  predicted: number;
  found: number;
  correct: number;
  covered: number;
  exact: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface RedactionEvaluation {
  messages: number;
  messagesWithoutPii: number;
  /** Predictions made in messages that hold no PII at all. */
  falsePositivesInTraps: number;
  perType: TypeScores[];
  overall: TypeScores;
}

export const DEFAULT_PII_DATASET = resolve(import.meta.dirname, '../test/fixtures/pii-fr-en.jsonl');

export function parsePiiDataset(jsonl: string): LabelledMessage[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      const record = JSON.parse(line) as Partial<LabelledMessage>;
      if (typeof record.text !== 'string' || !Array.isArray(record.entities)) {
        throw new Error(`line ${index + 1}: expected { text, lang, entities }`);
      }
      for (const e of record.entities) {
        if (!(e.start >= 0 && e.end > e.start && e.end <= record.text.length)) throw new Error(`line ${index + 1}: bad span ${e.start}-${e.end}`);
      }
      return { text: record.text, lang: record.lang ?? 'und', split: record.split, batch: record.batch, entities: record.entities };
    });
}

export async function loadPiiDataset(path = DEFAULT_PII_DATASET): Promise<LabelledMessage[]> {
  return parsePiiDataset(await readFile(path, 'utf8'));
}

const overlaps = (a: PiiEntity, b: PiiEntity) => a.start < b.end && b.start < a.end;

function fullyCovered(text: string, gold: PiiEntity, predicted: readonly PiiEntity[]): boolean {
  for (let i = gold.start; i < gold.end; i += 1) {
    if (!/[\p{L}\p{N}]/u.test(text[i] ?? '')) continue;
    if (!predicted.some((p) => p.start <= i && i < p.end)) return false;
  }
  return true;
}

const ratio = (n: number, d: number): number | null => (d === 0 ? null : n / d);

function scores(type: string, c: Omit<TypeScores, 'type' | 'precision' | 'recall' | 'f1'>): TypeScores {
  const precision = ratio(c.correct, c.predicted);
  const recall = ratio(c.found, c.gold);
  const f1 = precision === null || recall === null || precision + recall === 0 ? null : (2 * precision * recall) / (precision + recall);
  return { type, ...c, precision, recall, f1 };
}

/** Runs `redact` (default: the pattern redactor with `options`) on every message and scores it. */
export function evaluateRedaction(
  messages: readonly LabelledMessage[],
  options: RedactionOptions = {},
  redact: (m: LabelledMessage) => PiiEntity[] = (m) => redactPii(m.text, options).entities,
): RedactionEvaluation {
  const counts = new Map<string, Omit<TypeScores, 'type' | 'precision' | 'recall' | 'f1'>>();
  const bucket = (type: string) => {
    let c = counts.get(type);
    if (!c) counts.set(type, (c = { gold: 0, predicted: 0, found: 0, correct: 0, covered: 0, exact: 0 }));
    return c;
  };
  let falsePositivesInTraps = 0;
  for (const message of messages) {
    const predicted = redact(message);
    if (message.entities.length === 0) falsePositivesInTraps += predicted.length;
    for (const g of message.entities) {
      const c = bucket(g.type);
      c.gold += 1;
      const sameType = predicted.filter((p) => p.type === g.type && overlaps(p, g));
      if (sameType.length > 0 && fullyCovered(message.text, g, predicted)) c.found += 1;
      if (fullyCovered(message.text, g, predicted)) c.covered += 1;
      if (sameType.some((p) => p.start === g.start && p.end === g.end)) c.exact += 1;
    }
    for (const p of predicted) {
      const c = bucket(p.type);
      c.predicted += 1;
      if (message.entities.some((g) => g.type === p.type && overlaps(p, g))) c.correct += 1;
    }
  }
  const perType = [...counts.entries()].map(([type, c]) => scores(type, c)).sort((a, b) => b.gold - a.gold || a.type.localeCompare(b.type));
  const total = perType.reduce(
    (t, s) => ({
      gold: t.gold + s.gold,
      predicted: t.predicted + s.predicted,
      found: t.found + s.found,
      correct: t.correct + s.correct,
      covered: t.covered + s.covered,
      exact: t.exact + s.exact,
    }),
    { gold: 0, predicted: 0, found: 0, correct: 0, covered: 0, exact: 0 },
  );
  return {
    messages: messages.length,
    messagesWithoutPii: messages.filter((m) => m.entities.length === 0).length,
    falsePositivesInTraps,
    perType,
    overall: scores('ALL', total),
  };
}

export function formatEvaluation(e: RedactionEvaluation): string {
  const num = (v: number | null) => (v === null ? '   —' : v.toFixed(3));
  const header = ['type'.padEnd(11), 'gold', 'pred', 'precision', 'recall', '   F1', 'covered', 'exact'].join('  ');
  const row = (s: TypeScores) =>
    [
      s.type.padEnd(11),
      String(s.gold).padStart(4),
      String(s.predicted).padStart(4),
      num(s.precision).padStart(9),
      num(s.recall).padStart(6),
      num(s.f1).padStart(5),
      `${s.covered}/${s.gold}`.padStart(7),
      String(s.exact).padStart(5),
    ].join('  ');
  return [
    `${e.messages} messages (${e.messagesWithoutPii} without PII: ${e.falsePositivesInTraps} false positives there), ${e.overall.gold} entities`,
    header,
    ...e.perType.map(row),
    row(e.overall),
  ].join('\n');
}

async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      data: { type: 'string' },
      split: { type: 'string' },
      batch: { type: 'string' },
      json: { type: 'boolean', default: false },
      'redact-orders': { type: 'boolean', default: false },
      'no-gazetteer': { type: 'boolean', default: false },
    },
  });
  const all = await loadPiiDataset(values.data ? resolve(values.data) : DEFAULT_PII_DATASET);
  const inBatch = values.batch ? all.filter((m) => m.batch === values.batch) : all;
  const options: RedactionOptions = { keepOrderNumbers: !values['redact-orders'], firstNames: values['no-gazetteer'] ? undefined : shippedFirstNames() };
  const splits = values.split ? [values.split] : [...new Set(inBatch.map((m) => m.split).filter((s) => s !== undefined)), undefined];
  const sections = splits.map((split) => {
    const messages = split === undefined ? inBatch : inBatch.filter((m) => m.split === split);
    if (messages.length === 0) throw new Error(`no message with split "${split}"${values.batch ? ` in batch "${values.batch}"` : ''}`);
    return { split: split ?? 'all', evaluation: evaluateRedaction(messages, options) };
  });
  process.stdout.write(
    values.json
      ? `${JSON.stringify(values.split ? sections[0]?.evaluation : sections)}\n`
      : `${sections.map((s) => `== ${s.split}${values.batch ? ` (batch ${values.batch})` : ''}: ${formatEvaluation(s.evaluation)}`).join('\n\n')}\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
