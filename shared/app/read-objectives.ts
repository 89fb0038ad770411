/**
 * Reads the departments' objectives: each department with targets, its last eight complete weeks
 * (one read of its week series) assessed against every target as of an instant. The weekly
 * digest, the department page and the overview all ask this.
 */
import { scopeNames } from '../domain/alerts/names';
import type { DepartmentsConfig } from '../domain/departments/schema';
import { assessDepartmentObjectives, trajectoryWeeks, weekSeries, type DepartmentObjectives } from '../domain/objectives/department-objectives';
import { seriesId } from '../domain/scores';
import type { AggregateReader } from '../ports/stores';

export interface ObjectivesDeps {
  aggregates: AggregateReader;
  departments: DepartmentsConfig;
  /** The configured zone: targets' dates are its local days, and its weeks are fitted. */
  zone: string;
}

/** Every department with targets (or only those of `only`), assessed as of `asOf`. */
export async function readDepartmentObjectives(deps: ObjectivesDeps, asOf: Date, only?: readonly string[]): Promise<DepartmentObjectives[]> {
  const weeks = trajectoryWeeks(asOf, deps.zone);
  const withTargets = deps.departments.departments.filter((d) => d.targets.length > 0 && (!only || only.includes(d.id)));
  return Promise.all(
    withTargets.map(async (d) => {
      const rows = await deps.aggregates.series(seriesId({ kind: 'dept', id: d.id }, 'week', deps.zone), new Date(weeks[0]!), new Date(weeks.at(-1)!));
      const department = { id: d.id, names: scopeNames({ kind: 'dept', id: d.id }, deps.departments), targets: d.targets, minVolume: d.thresholds.minVolume };
      return assessDepartmentObjectives(department, weekSeries(weeks, rows), asOf, deps.zone);
    }),
  );
}
