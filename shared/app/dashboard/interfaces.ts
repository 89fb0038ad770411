import { PeriodQuerySchema, type InterfacesResponse, type Viewer } from '../../domain/dashboard/contract';
import { periodPayload, periodsEndingAt } from '../../domain/dashboard/periods';
import { canSee, visibleDepartments } from '../../domain/dashboard/viewer';
import { interfacePairsOf } from '../../domain/scores';
import { nowOf, parseQuery, TREND_PERIODS, zoneOf, type DashboardDeps } from './dashboard-reads';
import { pairRows } from './scope-tables';

/**
 * GET /v1/dashboard/interfaces: the department × department matrix for the period holding `at`:
 * one cell per pair with shared items in this period or the one before, with its negative items
 * of the last eight periods. An owner sees the pairs of their departments (either side), and the
 * matrix's rows and columns are their departments and those they share items with. Reads: one
 * of the partners index for the range, then one per pair it lists.
 */
export async function dashboardInterfaces(viewer: Viewer, query: Record<string, string | undefined>, deps: DashboardDeps): Promise<InterfacesResponse> {
  const q = parseQuery(PeriodQuerySchema, query);
  const zone = zoneOf(q.zone, deps.timeZone);
  const periods = periodsEndingAt(q.at ? new Date(q.at) : nowOf(deps), q.period, zone, TREND_PERIODS);
  const config = deps.departments;
  const last = periods.length - 1;
  // Only the pairs the partners index lists for the range: reads follow the pairs that exist, not the 190 twenty departments can form.
  const configured = new Set(interfacePairsOf(config.departments.map((d) => d.id)));
  const listed = await deps.store.sharedPairs(visibleDepartments(viewer, config), periods[0]!.start, new Date(periods[last]!.end.getTime() - 1));
  const pairs = listed.filter((id) => configured.has(id) && canSee(viewer, id.split('+') as [string, string]));
  const cells = await pairRows(deps.aggregates, pairs, periods, { current: [last, last + 1], previous: [last - 1, last], trend: [0, periods.length] });
  const shown = new Set(cells.flatMap((c) => c.departments));
  return {
    period: periodPayload(periods[last]!),
    departments: config.departments.filter((d) => (viewer.role === 'officer' ? true : viewer.departments.includes(d.id) || shown.has(d.id))).map((d) => ({ id: d.id, names: d.names })),
    cells,
  };
}
