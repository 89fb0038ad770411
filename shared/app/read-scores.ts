// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';
import { UNASSIGNED, type DepartmentsConfig } from '../domain/departments';
import { describeIssues } from '../domain/feedback';
import { emptyCounters, GRANULARITIES, nextWindow, scoreOf, windowStart, type Granularity, type Score } from '../domain/scores';
import { InvalidRequestError, NotFoundError } from '../http/errors';
import type { AggregateReader } from '../ports/stores';

const DEFAULT_SPAN_MS: Record<Granularity, number> = {
  hour: 48 * 3_600_000,
  day: 30 * 86_400_000,
  week: 12 * 7 * 86_400_000,
};
const MAX_WINDOWS = 2_000;

const ScoresQuerySchema = z
  .object({
    department: z.string({ message: 'department is required, e.g. ?department=billing (see GET /v1/departments)' }).min(1),
    granularity: z.enum(GRANULARITIES, { message: 'granularity must be hour, day or week' }).default('day'),
    from: z.iso.datetime({ offset: true, message: 'from must be an ISO 8601 date-time' }).optional(),
    to: z.iso.datetime({ offset: true, message: 'to must be an ISO 8601 date-time' }).optional(),
  })
  .strict();

export interface ScoresResponse {
  department: string;
  granularity: Granularity;
  from: string;
  to: string;
  series: (Score & { window: string })[];
}

export async function readScores(
  query: Record<string, string | undefined>,
  deps: { aggregates: AggregateReader; departments: DepartmentsConfig; now?: () => Date },
): Promise<ScoresResponse> {
  const parsed = ScoresQuerySchema.safeParse(Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)));
  if (!parsed.success) throw new InvalidRequestError('invalid_query', describeIssues(parsed.error));
  const { department, granularity } = parsed.data;
  const known = department === UNASSIGNED || deps.departments.departments.some((d) => d.id === department);
  if (!known) throw new NotFoundError(`No department "${department}"; GET /v1/departments lists them.`);

  const to = parsed.data.to ? new Date(parsed.data.to) : (deps.now ?? (() => new Date()))();
  const from = parsed.data.from ? new Date(parsed.data.from) : new Date(to.getTime() - DEFAULT_SPAN_MS[granularity]);
  if (from > to) throw new InvalidRequestError('invalid_query', '"from" is after "to".');
  const first = windowStart(from, granularity);
  const windows = Math.ceil((to.getTime() - first.getTime()) / (nextWindow(first, granularity).getTime() - first.getTime()));
  if (windows > MAX_WINDOWS) {
    throw new InvalidRequestError('invalid_query', `That range spans ${windows} ${granularity} windows; ask for at most ${MAX_WINDOWS} (narrow the range or use a coarser granularity).`);
  }

  const rows = await deps.aggregates.series(department, granularity, first, to);
  const byWindow = new Map(rows.map((r) => [r.window, r.counters]));
  const series: ScoresResponse['series'] = [];
  for (let w = first; w <= to; w = nextWindow(w, granularity)) {
    const window = w.toISOString();
    series.push({ window, ...scoreOf(byWindow.get(window) ?? emptyCounters()) });
  }
  return { department, granularity, from: first.toISOString(), to: to.toISOString(), series };
}
