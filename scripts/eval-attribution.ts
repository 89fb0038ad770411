/**
 * Precision, recall and F1 of department and journey attribution on the labelled FR/EN set.
 *
 *   npx tsx scripts/eval-attribution.ts [--data file.jsonl] [--config departments.json]
 *                                       [--no-lang] [--errors dev|held-out] [--json]
 *
 * The set (`test/fixtures/attribution-fr-en.jsonl`, one `{ text, lang, departments, journeys }`
 * a line) is split once: the first 60 % is the development part, the only part keywords may be
 * tuned on; the last 40 % is held out and only ever reported. `--errors dev` lists what the
 * development part gets wrong.
 *
 * Labelling guide (what a customer officer would route where):
 * - sales: salespeople, shops and agencies, quotes, contracts signed, mis-selling, cold calls;
 * - marketing: advertising, promotions and promo codes, newsletters and spam, loyalty and
 *   referral schemes, surveys, misleading claims;
 * - product: the offer or product itself — quality, features, design, plan content, price level,
 *   network and coverage, devices, a new offer's launch;
 * - after-sales: breakdowns, faulty goods, repairs, warranty, returns, exchanges, technicians;
 * - billing: invoices, charges, payments, direct debits, fees, dunning, refunds of money taken;
 * - delivery: shipping, parcels, couriers, delays, tracking, stock and packaging;
 * - digital: website, app, online account, login and passwords, online checkout, chatbot;
 * - contact-centre: reaching customer service (phone, chat, email replies), waiting, call-backs,
 *   the staff's manner and competence;
 * - unassigned: nothing a department can act on ("Thanks!", "Meh").
 * Journeys: subscription, order, delivery, billing, cancellation, repair, return, account; none
 * when the item is about no journey.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as z from 'zod';
import { attributeDepartments, attributeJourneys } from '../shared/domain/departments/attribution';
import { DEFAULT_DEPARTMENTS, UNASSIGNED, type DepartmentsConfig } from '../shared/domain/departments/schema';
import { loadDepartmentsConfig } from '../shared/config/departments-source';

export const LABELLED_SET = fileURLToPath(new URL('../test/fixtures/attribution-fr-en.jsonl', import.meta.url));
export const DEV_SHARE = 0.6;

const LabelledItemSchema = z.object({
  text: z.string().min(1),
  lang: z.enum(['fr', 'en']),
  departments: z.array(z.string()).min(1),
  journeys: z.array(z.string()),
});
export type LabelledItem = z.infer<typeof LabelledItemSchema>;

export function loadLabelledSet(file = LABELLED_SET): LabelledItem[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line, i) => {
      const parsed = LabelledItemSchema.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${file}:${i + 1}: ${parsed.error.message}`);
      return parsed.data;
    });
}

export function splitLabelledSet(items: readonly LabelledItem[]): { dev: LabelledItem[]; heldOut: LabelledItem[] } {
  const cut = Math.round(items.length * DEV_SHARE);
  return { dev: items.slice(0, cut), heldOut: items.slice(cut) };
}

export interface LabelScore {
  label: string;
  support: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Evaluation {
  items: number;
  labels: LabelScore[];
  micro: { precision: number; recall: number; f1: number };
  macroF1: number;
  /** Items whose predicted label set equals the gold one exactly. */
  exactMatch: number;
  errors: { text: string; gold: string[]; predicted: string[]; reasons: string[] }[];
}

const ratio = (a: number, b: number) => (b === 0 ? 0 : a / b);
const f1Of = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/**
 * Multi-label scores: per label, micro over all labels, macro (mean of per-label F1). Labels in
 * `outside` (e.g. `unassigned`) are scored on their own row but kept out of micro and macro.
 */
export function scoreLabels(
  rows: readonly { text: string; gold: readonly string[]; predicted: readonly string[]; reasons: string[] }[],
  labels: readonly string[],
  outside: readonly string[] = [],
): Evaluation {
  const scores: LabelScore[] = [...labels, ...outside].map((label) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const r of rows) {
      const g = r.gold.includes(label);
      const p = r.predicted.includes(label);
      if (g && p) tp++;
      else if (p) fp++;
      else if (g) fn++;
    }
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    return { label, support: tp + fn, tp, fp, fn, precision, recall, f1: f1Of(precision, recall) };
  });
  const inside = scores.filter((s) => !outside.includes(s.label));
  const tp = inside.reduce((n, s) => n + s.tp, 0);
  const fp = inside.reduce((n, s) => n + s.fp, 0);
  const fn = inside.reduce((n, s) => n + s.fn, 0);
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
  return {
    items: rows.length,
    labels: scores,
    micro: { precision, recall, f1: f1Of(precision, recall) },
    macroF1: inside.reduce((n, s) => n + s.f1, 0) / Math.max(1, inside.length),
    exactMatch: ratio(rows.filter((r) => same(r.gold, r.predicted)).length, rows.length),
    errors: rows.filter((r) => !same(r.gold, r.predicted)).map((r) => ({ text: r.text, gold: [...r.gold], predicted: [...r.predicted], reasons: r.reasons })),
  };
}

export function evaluateDepartments(items: readonly LabelledItem[], config: DepartmentsConfig = DEFAULT_DEPARTMENTS, useLang = true): Evaluation {
  const rows = items.map((item) => {
    const labels = attributeDepartments({ text: item.text, lang: useLang ? item.lang : undefined }, config);
    return { text: item.text, gold: item.departments, predicted: labels.map((l) => l.id), reasons: labels.map((l) => `${l.id}=${l.reason}`) };
  });
  return scoreLabels(rows, config.departments.map((d) => d.id), [UNASSIGNED]);
}

export function evaluateJourneys(items: readonly LabelledItem[], config: DepartmentsConfig = DEFAULT_DEPARTMENTS, useLang = true): Evaluation {
  const rows = items.map((item) => {
    const labels = attributeJourneys({ text: item.text, lang: useLang ? item.lang : undefined }, config);
    return { text: item.text, gold: item.journeys, predicted: labels.map((l) => l.id), reasons: labels.map((l) => `${l.id}=${l.reason}`) };
  });
  return scoreLabels(rows, config.journeys.map((j) => j.id));
}

/** Median over rounds of the microseconds to attribute one item, warm (robust to a busy machine). */
export function microsecondsPerItem(items: readonly LabelledItem[], config: DepartmentsConfig = DEFAULT_DEPARTMENTS, rounds = 15): { departments: number; journeys: number } {
  const time = (fn: (item: LabelledItem) => unknown) => {
    items.forEach(fn); // warm the stem cache and the JIT
    const perItem: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const start = process.hrtime.bigint();
      items.forEach(fn);
      perItem.push(Number(process.hrtime.bigint() - start) / 1000 / items.length);
    }
    return perItem.sort((a, b) => a - b)[Math.floor(rounds / 2)]!;
  };
  return {
    departments: time((item) => attributeDepartments({ text: item.text }, config)),
    journeys: time((item) => attributeJourneys({ text: item.text }, config)),
  };
}

const pct = (x: number) => (100 * x).toFixed(1).padStart(5);

function table(title: string, dev: Evaluation, heldOut: Evaluation): string {
  const lines = [
    `${title}`,
    `${'label'.padEnd(16)}| ${'dev (n)'.padEnd(7)}  P      R      F1   | ${'held-out (n)'.padEnd(12)} P      R      F1`,
  ];
  dev.labels.forEach((d, i) => {
    const h = heldOut.labels[i]!;
    lines.push(
      `${d.label.padEnd(16)}| ${String(d.support).padStart(4)}   ${pct(d.precision)}  ${pct(d.recall)}  ${pct(d.f1)} | ${String(h.support).padStart(4)}         ${pct(h.precision)}  ${pct(h.recall)}  ${pct(h.f1)}`,
    );
  });
  const summary = (e: Evaluation) => `${pct(e.micro.precision)}  ${pct(e.micro.recall)}  ${pct(e.micro.f1)}`;
  lines.push(`${'micro'.padEnd(16)}| ${String(dev.items).padStart(4)}   ${summary(dev)} | ${String(heldOut.items).padStart(4)}         ${summary(heldOut)}`);
  lines.push(`${'macro F1'.padEnd(16)}|                      ${pct(dev.macroF1)} |                           ${pct(heldOut.macroF1)}`);
  lines.push(`${'exact set match'.padEnd(16)}|                      ${pct(dev.exactMatch)} |                           ${pct(heldOut.exactMatch)}`);
  return lines.join('\n');
}

function main(argv: readonly string[]): void {
  const option = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const items = loadLabelledSet(option('--data') ?? LABELLED_SET);
  const config = option('--config') ? loadDepartmentsConfig({ file: option('--config') }) : DEFAULT_DEPARTMENTS;
  const useLang = !argv.includes('--no-lang');
  const { dev, heldOut } = splitLabelledSet(items);
  const departments = { dev: evaluateDepartments(dev, config, useLang), heldOut: evaluateDepartments(heldOut, config, useLang) };
  const journeys = { dev: evaluateJourneys(dev, config, useLang), heldOut: evaluateJourneys(heldOut, config, useLang) };
  const timing = microsecondsPerItem(items, config);
  if (argv.includes('--json')) {
    const strip = (e: Evaluation) => ({ ...e, errors: e.errors.length });
    console.log(JSON.stringify({ departments: { dev: strip(departments.dev), heldOut: strip(departments.heldOut) }, journeys: { dev: strip(journeys.dev), heldOut: strip(journeys.heldOut) }, microsecondsPerItem: timing }, null, 2));
    return;
  }
  console.log(`${items.length} labelled items: ${dev.length} development, ${heldOut.length} held out; language ${useLang ? 'given' : 'guessed'}\n`);
  console.log(table('Departments', departments.dev, departments.heldOut));
  console.log();
  console.log(table('Journeys', journeys.dev, journeys.heldOut));
  console.log(`\nTiming (warm, median per item, language guessed): departments ${timing.departments.toFixed(1)} µs, journeys ${timing.journeys.toFixed(1)} µs`);
  const errorsOf = option('--errors');
  if (errorsOf) {
    const part = errorsOf === 'held-out' ? heldOut : dev;
    if (errorsOf === 'held-out') console.log('\n(held-out errors: read them, do not tune keywords on them)');
    for (const [what, e] of [
      ['departments', errorsOf === 'held-out' ? departments.heldOut : departments.dev],
      ['journeys', errorsOf === 'held-out' ? journeys.heldOut : journeys.dev],
    ] as const) {
      console.log(`\n${what}: ${e.errors.length} of ${part.length} items differ from the labels`);
      for (const err of e.errors) console.log(`- gold [${err.gold.join(', ')}] got [${err.predicted.join(', ')}] ${err.reasons.join(' ')}\n  ${err.text}`);
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
