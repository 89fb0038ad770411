import { scopeNames } from '../domain/alerts/names';
import type { DepartmentsConfig } from '../domain/departments/schema';
import { buildDigest, type Digest, type DigestScopeInput } from '../domain/digest';
import { emptyCounters, interfacePairsOf, previousWindow, scoreOf, seriesId, windowStart, type Scope } from '../domain/scores';
import type { IncidentStore } from '../ports/incidents';
import type { Mailer } from '../ports/mailer';
import type { AggregateReader, FeedbackStore } from '../ports/stores';
import type { TopicSummaryReader } from '../ports/topics';
import type { TopicRuleSource } from './assess-topics';
import { renderDigestEmail, type DigestEmailSettings } from './digest-email';
import { readFixChecks } from './digest-fix-check';
import { whatIsNewOf } from './digest-what-is-new';
import { readDepartmentObjectives } from './read-objectives';
import { digestRecognition } from './send-recognition';

export interface DigestDeps {
  aggregates: AggregateReader;
  /** Topic summaries per scope and local day/week (issue #20), write shards merged. */
  topics?: TopicSummaryReader;
  departments: DepartmentsConfig;
  incidents: Pick<IncidentStore, 'list'>;
  mailer: Mailer;
  /** Where the customers' words of the most improved department come from; without it the digest does not open with recognition. */
  feedback?: Pick<FeedbackStore, 'verbatims'>;
  email: Omit<DigestEmailSettings, 'departments' | 'zone'>;
  zone: string;
  /** A department's redacted verbatims with their topics: the "what is new" section's examples (none without). */
  topicExamples?: TopicRuleSource['verbatims'];
  now?: () => Date;
  /** Chat and webhook targets (shared/app/notification-events.ts `digestNotifier`); absent: email only. */
  notify?: (digest: Digest, now: Date) => Promise<void>;
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
  const built = buildDigest({ weekStart, zone: deps.zone, departments, journeys, pairs, incidents });
  // Objectives as of the week's end (or now, mid-week); fix checks whose 14 days after ended this week.
  const asOf = new Date(Math.min(now.getTime(), new Date(built.week.end).getTime()));
  const [objectives, fixChecks, whatIsNew] = await Promise.all([
    readDepartmentObjectives(deps, asOf),
    readFixChecks(deps, incidents, built.week, now),
    deps.topics ? whatIsNewOf(weekStart, deps.zone, deps.departments, { reader: deps.topics, verbatims: deps.topicExamples ?? (async () => []) }) : undefined,
  ]);
  const digest: Digest = { ...built, objectives, fixChecks, ...(whatIsNew ? { whatIsNew } : {}) };
  if (deps.feedback) digest.recognition = await digestRecognition(digest, deps.feedback);
  return digest;
}

/**
 * Publishes the digest to the chat and webhook targets, then emails it to the officer. Publishing
 * first: a retried run publishes the same event id, which targets receive once.
 */
export async function publishAndMailDigest(deps: Pick<DigestDeps, 'notify' | 'mailer' | 'email' | 'departments' | 'zone'>, digest: Digest, now: Date): Promise<{ messageId: string }> {
  await deps.notify?.(digest, now);
  return deps.mailer.send(renderDigestEmail(digest, { ...deps.email, departments: deps.departments, zone: deps.zone }));
}

/** Builds the week's digest and sends it (the CLI's and the tests' one call; the function adds briefs and notes). */
export async function sendWeeklyDigest(deps: DigestDeps, week?: Date): Promise<{ digest: Digest; messageId: string }> {
  const digest = await buildWeeklyDigest(deps, week);
  const { messageId } = await publishAndMailDigest(deps, digest, (deps.now ?? (() => new Date()))());
  return { digest, messageId };
}
