import type { IncidentActionKind } from '../../domain/alerts/incident-actions';
import type { IncidentPayload, Viewer } from '../../domain/dashboard/contract';
import { canSeeIncident } from '../../domain/dashboard/viewer';
import type { DepartmentsConfig } from '../../domain/departments/schema';
import { ForbiddenError, NotFoundError } from '../../domain/failures';
import type { RedactionOptions } from '../../domain/redaction/types';
import type { IncidentStore } from '../../ports/incidents';
import { actOnIncident } from '../act-on-incident';
import { dashboardIncident } from './dashboard-incident';

export interface DashboardActionDeps {
  incidents: Pick<IncidentStore, 'get' | 'put'>;
  departments: DepartmentsConfig;
  /** How a resolve note is redacted (ActOnIncidentDeps.redaction). */
  redaction?: RedactionOptions;
  now?: () => Date;
}

/**
 * POST /v1/dashboard/incidents/{id}/ack|assign|resolve: the admin API's incident actions for a
 * signed-in viewer, recorded under their email. The officer acts on every incident; an owner on
 * the incidents they may see (their departments', and their pairs'); a journey incident is the
 * officer's. Answers the incident as the dashboard shows it, history included.
 */
export async function actOnDashboardIncident(
  viewer: Viewer,
  request: { id: string; action: IncidentActionKind; body: unknown },
  deps: DashboardActionDeps,
): Promise<IncidentPayload> {
  // Incident ids are a scope key and a day; anything longer is not one (and is no DynamoDB key either).
  const stored = request.id && request.id.length <= 200 ? await deps.incidents.get(request.id) : undefined;
  if (!stored) throw new NotFoundError(`No incident "${request.id.slice(0, 80)}"; ids come from GET /v1/dashboard/incidents.`);
  // The scope never changes, so the check holds for every write attempt below.
  if (!canSeeIncident(viewer, stored.scope)) throw new ForbiddenError(`${viewer.email} may not act on incident "${stored.id}": it is not one of your departments'.`);
  await actOnIncident({ id: request.id, action: request.action, body: request.body, by: viewer.email }, deps);
  const after = await deps.incidents.get(request.id);
  if (!after) throw new NotFoundError(`Incident "${request.id}" is gone.`);
  return dashboardIncident(after, deps.departments);
}
