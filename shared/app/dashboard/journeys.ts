import { PeriodQuerySchema, type JourneysResponse, type Viewer } from '../../domain/dashboard/contract';
import { periodPayload, periodsEndingAt } from '../../domain/dashboard/periods';
import { nowOf, parseQuery, zoneOf, type DashboardDeps } from './dashboard-reads';
import { journeyPareto } from './scope-tables';

/**
 * GET /v1/dashboard/journeys: the Pareto of negative items across journeys for the period
 * holding `at`, each with the period before. The officer sees every journey; an owner the
 * journeys their departments own.
 */
export async function dashboardJourneys(viewer: Viewer, query: Record<string, string | undefined>, deps: DashboardDeps): Promise<JourneysResponse> {
  const q = parseQuery(PeriodQuerySchema, query);
  const zone = zoneOf(q.zone, deps.timeZone);
  const periods = periodsEndingAt(q.at ? new Date(q.at) : nowOf(deps), q.period, zone, 2);
  const config = deps.departments;
  const owned = viewer.role === 'officer' ? null : new Set(config.departments.filter((d) => viewer.departments.includes(d.id)).flatMap((d) => d.journeys));
  const journeys = config.journeys.map((j) => j.id).filter((id) => !owned || owned.has(id));
  return { period: periodPayload(periods[1]!), pareto: await journeyPareto(deps.aggregates, journeys, periods, { current: [1, 2], previous: [0, 1] }, config) };
}
