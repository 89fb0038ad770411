import { departmentsOf } from '../../domain/alerts/incident';
import { DepartmentQuerySchema, type DashboardGranularity, type DepartmentResponse, type Viewer } from '../../domain/dashboard/contract';
import { periodsBefore, periodsBetween, periodsEndingAt } from '../../domain/dashboard/periods';
import { assertCanSee } from '../../domain/dashboard/viewer';
import { UNASSIGNED } from '../../domain/departments/schema';
import { changeOf } from '../../domain/digest';
import { InvalidRequestError } from '../../domain/failures';
import { scoreOf } from '../../domain/scores';
import { readDepartmentObjectives } from '../read-objectives';
import { dashboardIncident } from './dashboard-incident';
import { departmentNames, nowOf, parseQuery, periodCounters, sumCounters, zoneOf, type DashboardDeps } from './dashboard-reads';
import { journeyPareto, pairRows } from './scope-tables';

/** Windows charted when `from` is left out: a month of days, a quarter of weeks, a year of months. */
const DEFAULT_WINDOWS: Record<DashboardGranularity, number> = { day: 30, week: 13, month: 12 };
/** Most windows one chart may span (two years of days). */
export const MAX_DEPARTMENT_WINDOWS = 731;

/**
 * GET /v1/dashboard/departments/{id}: a department's series over `from`..`to` at day, week or
 * month granularity (a month sums its local days), the whole range against the same number of
 * windows just before it, the Pareto of the journeys it owns, its interface pairs with their
 * trend, and its incidents (newest first). An owner asking for another department gets 403.
 * Reads: one per series (the department, each of its journeys, each pair the partners index
 * lists for it) over the range and the one before; none grows with the data held outside them.
 */
export async function dashboardDepartment(viewer: Viewer, departmentId: string, query: Record<string, string | undefined>, deps: DashboardDeps): Promise<DepartmentResponse> {
  const names = departmentNames(departmentId, deps.departments);
  assertCanSee(viewer, departmentId);
  const q = parseQuery(DepartmentQuerySchema, query);
  const zone = zoneOf(q.zone, deps.timeZone);
  const to = q.to ? new Date(q.to) : nowOf(deps);
  const from = q.from ? new Date(q.from) : periodsEndingAt(to, q.granularity, zone, DEFAULT_WINDOWS[q.granularity])[0]!.start;
  if (from > to) throw new InvalidRequestError('invalid_query', '"from" is after "to".');
  const periods = periodsBetween(from, to, q.granularity, zone, MAX_DEPARTMENT_WINDOWS);
  if (!periods) {
    throw new InvalidRequestError('invalid_query', `That range spans more than ${MAX_DEPARTMENT_WINDOWS} ${q.granularity} windows; narrow it or use a coarser granularity.`);
  }
  const all = [...periodsBefore(periods[0]!, periods.length), ...periods];
  const n = periods.length;
  const current: [number, number] = [n, 2 * n];
  const previous: [number, number] = [0, n];

  const config = deps.departments;
  const own = config.departments.find((d) => d.id === departmentId);
  const configured = new Set(departmentId === UNASSIGNED ? [] : config.departments.filter((d) => d.id !== departmentId).map((d) => [departmentId, d.id].sort().join('+')));
  const listed = configured.size === 0 ? [] : await deps.store.sharedPairs([departmentId], all[0]!.start, new Date(all.at(-1)!.end.getTime() - 1));
  const partners = listed.filter((id) => configured.has(id));
  const [counters, journeys, pairs, incidents, objectives] = await Promise.all([
    periodCounters(deps.aggregates, { kind: 'dept', id: departmentId }, all),
    journeyPareto(deps.aggregates, own?.journeys ?? [], all, { current, previous }, config),
    pairRows(deps.aggregates, partners, all, { current, previous, trend: current }),
    deps.incidents.list(),
    readDepartmentObjectives({ ...deps, zone: deps.timeZone }, new Date(Math.min(to.getTime(), nowOf(deps).getTime())), [departmentId]),
  ]);
  const now = scoreOf(sumCounters(counters.slice(...current)));
  const before = scoreOf(sumCounters(counters.slice(...previous)));
  return {
    department: { id: departmentId, names },
    from: periods[0]!.start.toISOString(),
    to: to.toISOString(),
    granularity: q.granularity,
    zone,
    series: periods.map((p, i) => ({ window: p.start.toISOString(), ...scoreOf(counters[n + i]!) })),
    summary: { current: now, previous: before, change: changeOf(now, before) },
    journeys,
    pairs,
    incidents: incidents.filter((i) => departmentsOf(i.scope).includes(departmentId)).map((i) => dashboardIncident(i, config)),
    objectives: objectives[0]?.objectives ?? [],
  };
}
