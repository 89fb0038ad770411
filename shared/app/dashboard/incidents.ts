import { IncidentsQuerySchema, type IncidentPayload, type Viewer } from '../../domain/dashboard/contract';
import { canSeeIncident } from '../../domain/dashboard/viewer';
import { dashboardIncident } from './dashboard-incident';
import { parseQuery, type DashboardDeps } from './dashboard-reads';

/** GET /v1/dashboard/incidents: the incidents the viewer may see (optionally one status), newest first, with their rules' sentences and history. */
export async function dashboardIncidents(
  viewer: Viewer,
  query: Record<string, string | undefined>,
  deps: Pick<DashboardDeps, 'incidents' | 'departments'>,
): Promise<{ incidents: IncidentPayload[] }> {
  const q = parseQuery(IncidentsQuerySchema, query);
  const found = await deps.incidents.list(q.status ? { status: q.status } : {});
  return { incidents: found.filter((i) => canSeeIncident(viewer, i.scope)).map((i) => dashboardIncident(i, deps.departments)) };
}
