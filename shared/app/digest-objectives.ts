/**
 * The weekly digest's objectives: per department with targets, the gap to each and where the pace
 * of the last eight complete weeks leads (shared/domain/objectives). Reads each department's week
 * series once; renders one section, off-track departments first. Plain-text cells through
 * plainText; the digest email escapes them for HTML.
 */
import { scopeNames } from '../domain/alerts/names';
import type { Lang } from '../domain/alerts/wording';
import type { DepartmentsConfig } from '../domain/departments/schema';
import type { Digest } from '../domain/digest';
import { assessDepartmentObjectives, trajectoryWeeks, weekSeries, type DepartmentObjectives } from '../domain/objectives/department-objectives';
import { TRAJECTORY_WEEKS, type ObjectiveAssessment } from '../domain/objectives/trajectory';
import { describeGap, describePace, describeTarget, describeTrajectory, formatObjectiveValue } from '../domain/objectives/wording';
import { seriesId } from '../domain/scores';
import type { AggregateReader } from '../ports/stores';
import { MAX_NAME_CHARS } from './email-layout';
import { plainText } from './hostile-text';

export interface ObjectivesDeps {
  aggregates: AggregateReader;
  departments: DepartmentsConfig;
  zone: string;
}

/** Every department with targets, assessed as of `asOf` (the digest's week end, or now if sooner). */
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

/**
 * `⚠ Billing — NPS ≥ 30 by 2026-12-10: now 24, 6 to go, +2 / week; off track: at this pace, …`
 * (⚠ on the targets off track). A line, not a table: it reads the same on a phone.
 */
export function objectiveLine(name: string, o: ObjectiveAssessment, lang: Lang): string {
  const fr = lang === 'fr';
  const now = o.current === null ? (fr ? 'pas de valeur récente' : 'no recent value') : `${fr ? 'actuellement' : 'now'} ${formatObjectiveValue(o.metric, o.current, lang)}`;
  const figures = [now, ...(o.gap === null || o.gap <= 0 ? [] : [describeGap(o, lang)]), ...(o.slopePerWeek === null ? [] : [describePace(o, lang)])].join(', ');
  return `${o.offTrack ? '⚠ ' : ''}${plainText(name, MAX_NAME_CHARS)} — ${describeTarget(o, lang)}${fr ? ' : ' : ': '}${figures}${fr ? ' ; ' : '; '}${describeTrajectory(o, lang)}`;
}

/** The digest's objectives section: one line per target, departments off-track first. */
export function objectivesSection(digest: Pick<Digest, 'objectives'>, lang: Lang) {
  const fr = lang === 'fr';
  const departments = [...(digest.objectives ?? [])].sort((a, b) => Number(b.offTrack) - Number(a.offTrack));
  const title = fr ? 'Objectifs : écart et trajectoire' : 'Objectives: gap and trajectory';
  if (departments.length === 0) {
    return {
      title,
      intro: fr
        ? 'Aucun objectif configuré : ajoutez des « targets » aux départements de la configuration (voir le README).'
        : 'No objective configured: add "targets" to the departments of the configuration (see the README).',
    };
  }
  const offTrack = departments.filter((d) => d.offTrack).map((d) => plainText(d.names[lang], MAX_NAME_CHARS));
  const method = fr
    ? `Trajectoire : pente des moindres carrés des valeurs hebdomadaires sur les ${TRAJECTORY_WEEKS} dernières semaines complètes (les semaines sous le volume minimum sont écartées).`
    : `Trajectory: least-squares slope of the weekly values over the last ${TRAJECTORY_WEEKS} complete weeks (weeks under the minimum volume are left out).`;
  const lead = offTrack.length
    ? fr
      ? `Hors trajectoire : ${offTrack.join(', ')}.`
      : `Off track: ${offTrack.join(', ')}.`
    : fr
      ? 'Aucun département hors trajectoire.'
      : 'No department off track.';
  return {
    title,
    intro: `${lead} ${method}`,
    lines: departments.flatMap((d) => d.objectives.map((o) => objectiveLine(d.names[lang], o, lang))),
  };
}
