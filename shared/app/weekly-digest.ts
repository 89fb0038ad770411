import { scopeNames } from '../domain/alerts/names';
import type { DepartmentsConfig } from '../domain/departments/schema';
import { buildDigest, type Digest, type DigestScopeInput } from '../domain/digest';
import { emptyCounters, interfacePairsOf, previousWindow, scoreOf, seriesId, windowStart, type Scope } from '../domain/scores';
import type { IncidentStore } from '../ports/incidents';
import type { Mailer } from '../ports/mailer';
import type { AggregateReader, FeedbackStore } from '../ports/stores';
import type { DigestEmailSettings } from './digest-email';
import { digestRecognition } from './send-recognition';

export interface DigestDeps {
  aggregates: AggregateReader;
  departments: DepartmentsConfig;
  incidents: Pick<IncidentStore, 'list'>;
  mailer: Mailer;
  /** Where the customers' words of the most improved department come from; without it the digest does not open with recognition. */
  feedback?: Pick<FeedbackStore, 'verbatims'>;
  email: Omit<DigestEmailSettings, 'departments' | 'zone'>;
  zone: string;
  now?: () => Date;
}

/**
 * The week a digest sent now covers: the one holding the day before now, so Monday morning's
 * run reports the week just ended and a mid-week `digest --now` the week so far.
 */
export function digestWeekOf(now: Date, zone: string): Date {
  return windowStart(new Date(now.getTime() - 86_400_000), 'week', zone);
}

/**
 * Builds the weekly progress digest from the week series of every scope and the week's incidents
 * (the week holding yesterday, or `week`'s), opening with recognition when `feedback` is given.
 * The digest function emails it to the officer (digest-email.ts).
 */
export async function buildWeeklyDigest(deps: Omit<DigestDeps, 'mailer' | 'email'>, week?: Date): Promise<Digest> {
  const now = (deps.now ?? (() => new Date()))();
  const weekStart = windowStart(week ?? digestWeekOf(now, deps.zone), 'week', deps.zone);
  const previousStart = previousWindow(weekStart, 'week', deps.zone);

  const scopeInput = async (scope: Scope): Promise<DigestScopeInput> => {
    const rows = await deps.aggregates.series(seriesId(scope, 'week', deps.zone), previousStart, weekStart);
    const at = (w: Date) => rows.find((r) => r.window === w.toISOString())?.counters;
    const previous = at(previousStart);
    return {
      id: scope.id,
      names: scopeNames(scope, deps.departments),
      current: scoreOf(at(weekStart) ?? emptyCounters()),
      previous: previous ? scoreOf(previous) : null,
    };
  };

  const departmentIds = deps.departments.departments.map((d) => d.id);
  const [departments, journeys, pairs, incidents] = await Promise.all([
    Promise.all(departmentIds.map((id) => scopeInput({ kind: 'dept', id }))),
    Promise.all(deps.departments.journeys.map((j) => scopeInput({ kind: 'journey', id: j.id }))),
    Promise.all(interfacePairsOf(departmentIds).map((id) => scopeInput({ kind: 'pair', id }))),
    // All of them: an incident opened months ago and still open belongs to this week too.
    deps.incidents.list(),
  ]);
  const digest = buildDigest({ weekStart, zone: deps.zone, departments, journeys, pairs, incidents });
  if (deps.feedback) digest.recognition = await digestRecognition(digest, deps.feedback);
  return digest;
}
