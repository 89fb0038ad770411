/**
 * The weekly digest's objectives section: per department with targets, the gap to each and where
 * the pace of the last eight complete weeks leads (read by read-objectives.ts), off-track
 * departments first. Plain-text lines through plainText; the digest email escapes them for HTML.
 */
import type { Lang } from '../domain/alerts/wording';
import type { Digest } from '../domain/digest';
import { TRAJECTORY_WEEKS, type ObjectiveAssessment } from '../domain/objectives/trajectory';
import { describeGap, describePace, describeTarget, describeTrajectory, formatObjectiveValue } from '../domain/objectives/wording';
import { MAX_NAME_CHARS } from './email-layout';
import { plainText } from './hostile-text';

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
