import type { SessionResponse, Viewer } from '../../domain/dashboard/contract';
import { visibleDepartments } from '../../domain/dashboard/viewer';
import { DEFAULT_DIGEST_OPTIONS } from '../../domain/digest';
import { departmentNames, journeyNames, type DashboardDeps } from './dashboard-reads';

/** GET /v1/dashboard/session: who is signed in, the departments (and their journeys) they may see, the zone, the ranking's minimum volume. */
export function dashboardSession(viewer: Viewer, deps: Pick<DashboardDeps, 'departments' | 'timeZone'>): SessionResponse {
  const config = deps.departments;
  const ids = visibleDepartments(viewer, config);
  return {
    viewer: { role: viewer.role, email: viewer.email, departments: ids },
    departments: ids.map((id) => ({
      id,
      names: departmentNames(id, config),
      journeys: (config.departments.find((d) => d.id === id)?.journeys ?? []).map((j) => ({ id: j, names: journeyNames(j, config) })),
    })),
    timeZone: deps.timeZone,
    minVolume: DEFAULT_DIGEST_OPTIONS.minVolume,
  };
}
