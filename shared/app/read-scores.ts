// Namespace import: lets esbuild tree-shake zod (its `z` object drags in every locale, ~370 KB).
import * as z from 'zod';
import { UNASSIGNED, type DepartmentsConfig } from '../domain/departments/schema';
import { describeIssues } from '../domain/feedback';
import {
  addCounters,
  emptyCounters,
  GRANULARITIES,
  nextWindow,
  scoreOf,
  seriesId,
  storedZoneFor,
  UTC,
  windowStart,
  type Granularity,
  type Scope,
  type Score,
} from '../domain/scores';
import { InvalidRequestError, NotFoundError } from '../domain/failures';
import type { AggregateReader } from '../ports/stores';

const DEFAULT_WINDOWS: Record<Granularity, number> = { hour: 48, day: 30, week: 12 };
const MAX_WINDOWS = 2_000;
const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'ids are lowercase letters, digits and "-"');

const ScoresQuerySchema = z
  .object({
    department: id.optional(),
    journey: id.optional(),
    pair: z.string().regex(/^[a-z0-9-]+\+[a-z0-9-]+$/, 'pair is two department ids joined by "+", e.g. billing+delivery').optional(),
    granularity: z.enum(GRANULARITIES, { message: 'granularity must be hour, day or week' }).default('day'),
    from: z.iso.datetime({ offset: true, message: 'from must be an ISO 8601 date-time' }).optional(),
    to: z.iso.datetime({ offset: true, message: 'to must be an ISO 8601 date-time' }).optional(),
    tz: z.string().default(UTC),
  })
  .strict()
  .refine((q) => [q.department, q.journey, q.pair].filter(Boolean).length === 1, {
    message: 'ask for exactly one of department, journey or pair, e.g. ?department=billing (GET /v1/departments lists them)',
  });

type WindowScore = Score & { window: string };

export interface ScoresResponse {
  /** Kept for the department form of the question (the contract's original shape). */
  department?: string;
  scope: Scope;
  granularity: Granularity;
  zone: string;
  from: string;
  to: string;
  series: WindowScore[];
  /** The whole range against the same number of windows just before it. */
  summary: {
    current: Score;
    previous: Score & { from: string; to: string };
    change: Record<'count' | 'sentimentIndex' | 'negativeShare' | 'nps' | 'csat' | 'ces', number | null>;
  };
}

function scopeOf(q: z.infer<typeof ScoresQuerySchema>, departments: DepartmentsConfig): Scope {
  const known = (d: string) => d === UNASSIGNED || departments.departments.some((x) => x.id === d);
  if (q.department) {
    if (!known(q.department)) throw new NotFoundError(`No department "${q.department}"; GET /v1/departments lists them.`);
    return { kind: 'dept', id: q.department };
  }
  if (q.pair) {
    const [a, b] = q.pair.split('+') as [string, string];
    for (const d of [a, b]) if (!known(d)) throw new NotFoundError(`No department "${d}" in pair "${q.pair}".`);
    return { kind: 'pair', id: [a, b].sort().join('+') };
  }
  return { kind: 'journey', id: q.journey! };
}

const delta = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.round((a - b) * 10_000) / 10_000);

export async function readScores(
  query: Record<string, string | undefined>,
  deps: { aggregates: AggregateReader; departments: DepartmentsConfig; timeZone: string; now?: () => Date },
): Promise<ScoresResponse> {
  const parsed = ScoresQuerySchema.safeParse(Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined)));
  if (!parsed.success) throw new InvalidRequestError('invalid_query', describeIssues(parsed.error));
  const q = parsed.data;
  const zone = q.tz === 'local' ? deps.timeZone : q.tz;
  if (zone !== UTC && zone !== deps.timeZone) {
    throw new InvalidRequestError('invalid_query', `Scores are kept in UTC and ${deps.timeZone}; ask for tz=UTC or tz=${deps.timeZone} (or tz=local).`);
  }
  const scope = scopeOf(q, deps.departments);
  const granularity = q.granularity;
  const stored = storedZoneFor(granularity, zone);

  const to = q.to ? new Date(q.to) : (deps.now ?? (() => new Date()))();
  let first: Date;
  if (q.from) first = windowStart(new Date(q.from), granularity, stored);
  else {
    first = windowStart(to, granularity, stored);
    for (let i = 1; i < DEFAULT_WINDOWS[granularity]; i++) first = windowStart(new Date(first.getTime() - 1), granularity, stored);
  }
  if (first > to) throw new InvalidRequestError('invalid_query', '"from" is after "to".');

  const windows: Date[] = [];
  for (let w = first; w <= to; w = nextWindow(w, granularity, stored)) {
    windows.push(w);
    if (windows.length > MAX_WINDOWS) {
      throw new InvalidRequestError('invalid_query', `That range spans more than ${MAX_WINDOWS} ${granularity} windows; narrow it or use a coarser granularity.`);
    }
  }
  let previousFirst = first;
  for (let i = 0; i < windows.length; i++) previousFirst = windowStart(new Date(previousFirst.getTime() - 1), granularity, stored);

  const rows = await deps.aggregates.series(seriesId(scope, granularity, stored), previousFirst, to);
  const byWindow = new Map(rows.map((r) => [r.window, r.counters]));
  const series = windows.map((w) => ({ window: w.toISOString(), ...scoreOf(byWindow.get(w.toISOString()) ?? emptyCounters()) }));

  let current = emptyCounters();
  let previous = emptyCounters();
  for (const r of rows) {
    if (r.window < first.toISOString()) previous = addCounters(previous, r.counters);
    else current = addCounters(current, r.counters);
  }
  const now = scoreOf(current);
  const before = scoreOf(previous);
  return {
    ...(scope.kind === 'dept' ? { department: scope.id } : {}),
    scope,
    granularity,
    zone: stored,
    from: first.toISOString(),
    to: to.toISOString(),
    series,
    summary: {
      current: now,
      previous: { ...before, from: previousFirst.toISOString(), to: new Date(first.getTime() - 1).toISOString() },
      change: {
        count: now.count - before.count,
        sentimentIndex: delta(now.sentimentIndex, before.sentimentIndex),
        negativeShare: delta(now.negativeShare, before.negativeShare),
        nps: delta(now.nps, before.nps),
        csat: delta(now.csat, before.csat),
        ces: delta(now.ces, before.ces),
      },
    },
  };
}
