import { incidentsFromAlertStates, type SeverityJudge } from '../domain/alerts/alert-state-upgrade';
import type { DepartmentsConfig } from '../domain/departments/schema';
import type { AlertStateStore } from '../ports/alert-states';
import type { IncidentStore } from '../ports/incidents';

export interface UpgradeAlertStatesDeps {
  alertStates: Pick<AlertStateStore, 'list'>;
  incidents: Pick<IncidentStore, 'get' | 'put'>;
  departments: DepartmentsConfig;
  /** The configured time zone (TIME_ZONE): incidents are dated by its local day. */
  zone: string;
  judge: SeverityJudge;
}

export interface AlertStatesUpgraded {
  /** Incidents created now. */
  created: string[];
  /** Incidents already there (an earlier upgrade, or the evaluator opened the scope's incident first). */
  existing: string[];
  /** Alert states that become no incident, and why. */
  skipped: { key: string; reason: string }[];
}

/**
 * Turns the pre-incident alert states into incidents (alert-state-upgrade.ts says how), without
 * sending anything: each is created only where absent (a version-1 write), so running it again,
 * or on two cold starts at once, creates each incident once and changes nothing after. A created
 * open incident holds its scope; if the evaluator opened one for the scope first, the write is
 * refused and the migrated one is counted as existing. Call it once per cold start of the
 * evaluator, before the first evaluation: `await upgradeAlertStates(deps)`.
 */
export async function upgradeAlertStates(deps: UpgradeAlertStatesDeps): Promise<AlertStatesUpgraded> {
  const states = await deps.alertStates.list();
  const { incidents, skipped } = incidentsFromAlertStates(states, deps.departments, deps.zone, deps.judge);
  const created: string[] = [];
  const existing: string[] = [];
  for (const incident of incidents) {
    // A read first: after the first run every incident exists, and a read costs half a write.
    if (await deps.incidents.get(incident.id)) existing.push(incident.id);
    else if (await deps.incidents.put(incident)) created.push(incident.id);
    else existing.push(incident.id);
  }
  return { created, existing, skipped };
}
