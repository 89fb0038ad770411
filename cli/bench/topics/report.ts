import { NAIVE_RULE } from './emerging-days';
import type { TopicsBenchResult } from './replay';

const pct = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '—');

/** Days from `a` to `b` (YYYY-MM-DD), negative when b is earlier. */
const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T12:00:00Z`) - Date.parse(`${a}T12:00:00Z`)) / 86_400_000);

/** The topics bench as a terminal shows it: each figure beside its target or baseline of the same run. */
export function formatTopicsBench(r: TopicsBenchResult): string {
  const e = r.emerging;
  const first = e.firstFlag;
  const verdict =
    e.firstFlaggedDay && e.targetDay ? (e.firstFlaggedDay <= e.targetDay ? `on target (${-daysBetween(e.targetDay, e.firstFlaggedDay)} days early)` : `${daysBetween(e.targetDay, e.firstFlaggedDay)} days late`) : 'not flagged';
  const u = r.unassigned;
  const lines = [
    `topics stream: ${r.items} items, ${r.days} local days (${r.zone}), seed ${r.seed}; ${r.pipelineSeconds} s through the pipeline, ${r.seconds} s in all`,
    '',
    `emerging: ${e.test}, −log10 p ≥ ${e.threshold}, support ≥ ${e.minSupport}, share ≥ ${e.minRatio}× baseline (${e.baselineDays} local days before a span of up to ${e.maxSpanDays}); summaries of up to ${r.capacity.day} entries per day cell and ${r.capacity.week} per week cell, each row ≤ 1 KB`,
    `  injected theme, from ${e.injectionDay} at 3 % of its department`,
    `    first flagged          ${e.firstFlaggedDay ?? 'never'}${first ? `  ("${first.phrase}", statistic ${first.statistic}, support ${first.support}; ${e.injectedByFirstFlag} injected items by then)` : ''}`,
    `    target (15 since then) ${e.targetDay ?? '—'}   → ${verdict}`,
    `    day cells of the department since injection holding a key only the theme makes: ${r.themeCells.withThemeKey} of ${r.themeCells.cells}`,
    `    the theme's keys flagged in other departments (its items name them too): ${e.spillover.length}`,
    `  false flags on the stable stream  ${e.falseFlags.length} in ${e.departmentWeeks} department-weeks = ${e.falseFlagsPerDepartmentWeek} per department-week   (target ≤ 0.1)`,
    ...e.falseFlags.slice(0, 5).map((f) => `    ${f.department} ${f.day} "${f.phrase}" statistic ${f.statistic}, support ${f.support}`),
    `  baseline: the naive rule (≥ ${NAIVE_RULE.minCount} in the last ${NAIVE_RULE.days} days and ≥ ${NAIVE_RULE.ratio}× the ${NAIVE_RULE.days} before) on the same summaries`,
    `    first flagged ${r.naive.firstFlaggedDay ?? 'never'} (${r.naive.injectedByFirstFlag} injected items by then); false flags ${r.naive.falseFlags} = ${r.naive.falseFlagsPerDepartmentWeek} per department-week`,
    `  the same stored items' topics tallied again per cell (what recompute writes), cut to N entries, same detector:`,
    ...r.rebuilt.map(
      (c) => `    ${String(c.capacity).padStart(3)} entries: first flagged ${c.firstFlaggedDay ?? 'never'}${c.firstFlaggedDay ? ` (${c.injectedByFirstFlag} injected items)` : ''}, ${c.falseFlagsPerDepartmentWeek} false flags per department-week`,
    ),
    '',
    `write units per item (cli/bench-write-units.ts, batches of ${r.writeUnits.batchSize}; target for the topics' extra, mixed: ≤ 1.0)`,
    ...Object.keys(r.writeUnits.full.withTopics).map(
      (k) => `  ${k.padEnd(30)} ${r.writeUnits.full.withTopics[k]} with topics, ${r.writeUnits.full.withoutTopics[k]} without: +${r.writeUnits.full.topicsExtra[k]}   (batches of 10: +${r.writeUnits.batchesOf10.topicsExtra[k]})`,
    ),
    '',
    `unassigned items: ${u.before} of ${u.items} (${pct(u.before, u.items)}) with the default configuration → ${u.after} (${pct(u.after, u.items)}) with suggest-keywords' patch`,
    `  moved by the patch ${u.moved}, to the department the stream meant ${u.movedToIntended} (${pct(u.movedToIntended, u.moved)})`,
    ...u.proposals.map((p) => `  + ${p.department.padEnd(14)} ${p.lang} "${p.keyword}"  ${p.newlyCaptured} items`),
  ];
  return `${lines.join('\n')}\n`;
}
