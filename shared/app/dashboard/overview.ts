import { departmentsOf } from '../../domain/alerts/incident';
import { PeriodQuerySchema, type DepartmentRow, type OverviewResponse, type Viewer } from '../../domain/dashboard/contract';
import { periodPayload, periodsEndingAt, type PeriodWindow } from '../../domain/dashboard/periods';
import { canSeeIncident, visibleDepartments } from '../../domain/dashboard/viewer';
import { buildDigest, type DigestScopeInput } from '../../domain/digest';
import { UNASSIGNED } from '../../domain/departments/schema';
import { ATTRIBUTED, COUNTER_NAMES, emptyCounters, scoreOf, type Counters } from '../../domain/scores';
import { readDepartmentObjectives } from '../read-objectives';
import { bySeverityThenNewest, dashboardIncident } from './dashboard-incident';
import { departmentNames, nowOf, parseQuery, periodCounters, sumCounters, TREND_PERIODS, zoneOf, type DashboardDeps } from './dashboard-reads';

/**
 * The items of the viewer's departments in one period, each counted once: the officer's from
 * the attributed-items series; an owner's by inclusion–exclusion over their departments and the
 * pairs among them that the partners index lists (exact unless an item sits in three of their
 * departments); undefined for one department, whose own row is already distinct.
 */
async function distinctTotals(viewer: Viewer, ids: readonly string[], period: PeriodWindow, deps: DashboardDeps): Promise<Counters | undefined> {
  if (viewer.role === 'officer') return (await periodCounters(deps.aggregates, ATTRIBUTED, [period], 'day'))[0]!;
  if (ids.length < 2) return undefined;
  const pairs = (await deps.store.sharedPairs(ids, period.start, new Date(period.end.getTime() - 1))).filter((pair) => pair.split('+').every((d) => ids.includes(d)));
  const [singles, shared] = await Promise.all([
    Promise.all(ids.map((id) => periodCounters(deps.aggregates, { kind: 'dept', id }, [period]))),
    Promise.all(pairs.map((id) => periodCounters(deps.aggregates, { kind: 'pair', id }, [period]))),
  ]);
  const added = sumCounters(singles.map((c) => c[0]!));
  const twice = sumCounters(shared.map((c) => c[0]!));
  return Object.fromEntries(COUNTER_NAMES.map((n) => [n, added[n] - twice[n]])) as unknown as Counters;
}

/**
 * GET /v1/dashboard/overview: the digest's league table, live, for the period holding `at` (the
 * current week by default): each department the viewer may see with its scores, its change since
 * the period before, its rank by progress, the sentiment index of its last eight periods, and its
 * open incidents; the open incidents the viewer may see, most severe first. One read per
 * department (its last eight periods at once) and one of the incidents.
 *
 * `unassigned` is not a department to rank (no one owns its progress): the officer reaches it
 * from the session's list. Totals count each item once, however many departments share it.
 */
export async function dashboardOverview(viewer: Viewer, query: Record<string, string | undefined>, deps: DashboardDeps): Promise<OverviewResponse> {
  const q = parseQuery(PeriodQuerySchema, query);
  const zone = zoneOf(q.zone, deps.timeZone);
  const periods = periodsEndingAt(q.at ? new Date(q.at) : nowOf(deps), q.period, zone, TREND_PERIODS);
  const ids = visibleDepartments(viewer, deps.departments).filter((id) => id !== UNASSIGNED);

  // Objectives as of the period's end, or now for the current one (weeks and dates of the configured zone).
  const asOf = new Date(Math.min(periods.at(-1)!.end.getTime(), nowOf(deps).getTime()));
  const [counters, open, totals, objectives] = await Promise.all([
    Promise.all(ids.map((id) => periodCounters(deps.aggregates, { kind: 'dept', id }, periods))),
    deps.incidents.list({ status: 'open' }),
    distinctTotals(viewer, ids, periods.at(-1)!, deps),
    readDepartmentObjectives({ ...deps, zone: deps.timeZone }, asOf, ids),
  ]);
  const visibleOpen = open.filter((i) => canSeeIncident(viewer, i.scope)).sort(bySeverityThenNewest);

  const inputs: DigestScopeInput[] = ids.map((id, n) => {
    const previous = counters[n]!.at(-2)!;
    return { id, names: departmentNames(id, deps.departments), current: scoreOf(counters[n]!.at(-1)!), previous: previous.count > 0 ? scoreOf(previous) : null };
  });
  const digest = buildDigest({ weekStart: periods.at(-1)!.start, zone, departments: inputs });
  const trendOf = new Map(ids.map((id, n) => [id, counters[n]!.map((c) => scoreOf(c).sentimentIndex)]));
  const rows = [...digest.ranking, ...digest.notEnoughFeedback].map(
    (d): DepartmentRow => ({
      id: d.id,
      names: d.names,
      current: d.current,
      previous: d.previous,
      change: d.change,
      progress: d.progress,
      rank: d.rank,
      notEnough: d.notEnough,
      trend: trendOf.get(d.id)!,
      openIncidents: visibleOpen.filter((i) => departmentsOf(i.scope).includes(d.id)).length,
    }),
  );

  return {
    period: periodPayload(periods.at(-1)!),
    departments: rows,
    incidents: visibleOpen.map((i) => dashboardIncident(i, deps.departments)),
    totals: scoreOf(totals ?? counters[0]?.at(-1) ?? emptyCounters()),
    empty: visibleOpen.length === 0 && counters.every((list) => list.every((c) => c.count === 0)),
    offTrack: objectives.filter((d) => d.offTrack).map((d) => ({ id: d.id, names: d.names, objectives: d.objectives.filter((o) => o.offTrack) })),
  };
}
