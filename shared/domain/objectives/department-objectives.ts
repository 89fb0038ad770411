/**
 * A department's objectives, assessed together: which weeks the trajectory reads (the last
 * complete ones before the week holding `asOf`), the week series filled in where a week has no
 * row, and every target of the department against them.
 */
import type { Names } from '../alerts/names';
import { emptyCounters, previousWindow, windowStart, type Counters } from '../scores';
import type { Target } from './target';
import { assessObjective, TRAJECTORY_WEEKS, type ObjectiveAssessment, type WeekCounters } from './trajectory';

export interface DepartmentObjectives {
  id: string;
  names: Names;
  objectives: ObjectiveAssessment[];
  /** At least one objective off-track (moving away, flat, too slow or missed). */
  offTrack: boolean;
}

/**
 * The ISO starts of the TRAJECTORY_WEEKS complete weeks before the week holding `asOf`, oldest
 * first. A digest assesses as of its week's end, so its week is the last of them.
 */
export function trajectoryWeeks(asOf: Date, zone: string): string[] {
  const weeks: Date[] = [];
  let start = windowStart(asOf, 'week', zone);
  for (let i = 0; i < TRAJECTORY_WEEKS; i++) {
    start = previousWindow(start, 'week', zone);
    weeks.unshift(start);
  }
  return weeks.map((w) => w.toISOString());
}

/** One entry per week of `weeks`, from the stored rows (a week without a row counts nothing). */
export function weekSeries(weeks: readonly string[], rows: readonly { window: string; counters: Counters }[]): WeekCounters[] {
  const byWindow = new Map(rows.map((r) => [r.window, r.counters]));
  return weeks.map((week) => ({ week, counters: byWindow.get(week) ?? emptyCounters() }));
}

/** Every target of a department against its week series. */
export function assessDepartmentObjectives(
  department: { id: string; names: Names; targets: readonly Target[]; minVolume: number },
  weeks: readonly WeekCounters[],
  asOf: Date,
  zone: string,
): DepartmentObjectives {
  const objectives = department.targets.map((target) => assessObjective({ target, weeks, minVolume: department.minVolume, asOf, zone }));
  return { id: department.id, names: department.names, objectives, offTrack: objectives.some((o) => o.offTrack) };
}
