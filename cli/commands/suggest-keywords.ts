import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { KeywordProposal, SuggestKeywordsReport } from '../../shared/app/suggest-keywords';
import { isoDate, UsageError, type Command } from './command';

const DAY_MS = 86_400_000;
const DEFAULT_DAYS = 28;

const quote = (text: string, max = 110) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return `“${flat.length > max ? `${flat.slice(0, max - 1)}…` : flat}”`;
};
const pct = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)} %` : '–');

function proposalLines(p: KeywordProposal): string[] {
  return [
    `  + "${p.keyword}" (${p.lang})  ${p.newlyCaptured} unassigned items${p.newlyCaptured < p.captures ? ` (${p.captures} in all, ${p.captures - p.newlyCaptured} already taken above)` : ''}`,
    `      ${p.why}`,
    ...p.examples.map((e) => `      e.g. ${e.occurredAt.slice(0, 10)} ${quote(e.text)}`),
  ];
}

/** What a person reviews: proposals per department with why and examples, what was left out, the patch. */
export function formatSuggestions(report: SuggestKeywordsReport, out?: string): string {
  const departments = [...new Set(report.proposals.map((p) => p.department))];
  const lines = [
    `Unassigned items ${report.from.slice(0, 10)} → ${report.to.slice(0, 10)} (${report.granularity} summaries): ${report.unassignedItems}; ${report.examined} read.`,
    report.proposals.length
      ? `With the keywords below, ${report.examinedAfterPatch} of the ${report.examined} read would stay unassigned (${pct(report.examinedAfterPatch, report.examined)} instead of 100 %).`
      : 'No keyword to propose: no topic of the unassigned items is carried by one department’s own items.',
    '',
    ...departments.flatMap((d) => [d, ...report.proposals.filter((p) => p.department === d).flatMap(proposalLines), '']),
  ];
  if (report.unplaced.length) {
    lines.push('Not proposed (frequent among unassigned items, no department claims them):');
    for (const u of report.unplaced.slice(0, 12)) lines.push(`  - ${u.phrase} (${u.count}): ${u.reason}`);
    lines.push('');
  }
  if (report.proposals.length) {
    lines.push(out ? `The configuration with these keywords is in ${out}: dry-run it with` : 'Patch (add these keywords to your departments configuration, then dry-run it with');
    lines.push(out ? `  customer-voice classify --config ${out} < items.jsonl` : '`customer-voice classify --config FILE < items.jsonl`; --out FILE writes the whole configuration with them):');
    if (!out) lines.push(JSON.stringify(report.patch, null, 2));
  }
  return `${lines.join('\n')}\n`;
}

export const suggestKeywords: Command = {
  usage: `  suggest-keywords [--from ISO] [--to ISO] [--config FILE] [--out FILE] [--json]
                              the top topics of unassigned items (default: the last 28 days), and per department
                              the keywords that would capture them, placed by evidence, each with the items it
                              would capture and redacted examples: a patch to review (--out writes the patched
                              configuration, for classify --config and the next deploy)`,
  async run(args) {
    const { values } = parseArgs({
      args,
      options: { from: { type: 'string' }, to: { type: 'string' }, config: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean', default: false } },
    });
    const to = values.to ? isoDate(values.to, '--to') : new Date();
    const from = values.from ? isoDate(values.from, '--from') : new Date(to.getTime() - DEFAULT_DAYS * DAY_MS);
    if (from.getTime() >= to.getTime()) throw new UsageError('--from must be before --to');
    const { runSuggestKeywords } = await import('../suggest-keywords');
    const { report, patched } = await runSuggestKeywords({ from, to, config: values.config });
    if (values.out) await writeFile(values.out, `${JSON.stringify(patched, null, 2)}\n`);
    process.stdout.write(values.json ? `${JSON.stringify(report)}\n` : formatSuggestions(report, values.out));
  },
};
