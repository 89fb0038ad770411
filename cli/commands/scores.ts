import { parseArgs } from 'node:util';
import type { ScoresResponse } from '../../shared/app/read-scores';
import { printResponse, target } from './api-target';
import { UsageError, type Command } from './command';

/** The windows that have feedback, as a table an officer can read in a terminal. */
function formatScores(r: ScoresResponse): string {
  const rows = r.series.filter((w) => w.count > 0);
  const show = (v: number | null, suffix = '') => (v === null ? '—' : `${v}${suffix}`);
  const lines = [
    `${r.department} · ${r.granularity} · ${r.from} → ${r.to}`,
    ['window'.padEnd(24), 'count', '  pos', '  neu', '  neg', '  mix', ' index', ' neg%', '   NPS', '  CSAT', '  CES'].join(' '),
    ...rows.map((w) =>
      [
        w.window.padEnd(24),
        String(w.count).padStart(5),
        ...[w.positive, w.neutral, w.negative, w.mixed].map((n) => String(n).padStart(5)),
        show(w.sentimentIndex).padStart(6),
        show(w.negativeShare === null ? null : Math.round(w.negativeShare * 100)).padStart(5),
        show(w.nps).padStart(6),
        show(w.csat).padStart(6),
        show(w.ces).padStart(5),
      ].join(' '),
    ),
  ];
  if (rows.length === 0) lines.push('(no feedback in this range)');
  return `${lines.join('\n')}\n`;
}

export const scores: Command = {
  usage: '  scores --department <id> [--granularity hour|day|week] [--from ISO] [--to ISO] [--json]',
  async run(args) {
    const { values } = parseArgs({
      args,
      options: {
        department: { type: 'string' },
        granularity: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    });
    if (!values.department) throw new UsageError('scores needs --department <id> (GET /v1/departments lists them)');
    const { apiUrl, key } = await target('read');
    const { json, ...params } = values;
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const res = await fetch(`${apiUrl}/v1/scores?${query}`, { headers: { 'x-api-key': key } });
    if (json || !res.ok) return printResponse(res);
    process.stdout.write(formatScores((await res.json()) as ScoresResponse));
  },
};
