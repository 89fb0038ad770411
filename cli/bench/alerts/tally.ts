import type { DepartmentsConfig } from '../../../shared/domain/departments/schema';
import { duplicateQuotes, type ClassifiedEmail } from './email-classifier';
import type { AlertScenario, ScenarioStep } from './scenario';

/** An outbox email with when it was written (real time) and the scenario step whose requests caused it. */
export interface ObservedEmail extends ClassifiedEmail {
  file: string;
  writtenAtMs: number;
  /** Index in `scenario.steps`; -1 before the first step. */
  step: number;
}

/** When a step's first request left (real time), and the local day its clock was set to. */
export interface StepTiming {
  postedAtMs: number;
  day: string;
}

export interface IncidentFigures {
  name: string;
  department: string;
  days: string[];
  /** Incident and incident-update emails, all recipients together. */
  emails: number;
  /** The most any one recipient received; and the officer's count. */
  emailsPerRecipientMax: number;
  emailsToOfficer: number;
  /** Recovery emails, counted for the recipient who got the most (one email to several people counts once). */
  recoveries: number;
  falseRecoveries: number;
  /** Seconds from the POST that caused each incident email to the email in the outbox. */
  latenciesSeconds: number[];
}

export interface AlertBenchFigures {
  incidents: IncidentFigures[];
  /** Incident emails no scenario incident explains (noise of the quiet days, late data), with their subjects. */
  strayEmails: { count: number; subjects: string[] };
  /**
   * Incident, update and recovery emails naming a window older than the previous complete one
   * when they were sent: late or backfilled data opening or closing something (#15, point 3).
   */
  staleWindowEmails: number;
  falseRecoveries: number;
  /** Emails quoting the same verbatim twice (or more), and how many quotes were repeats. */
  emailsWithDuplicateQuotes: number;
  duplicateQuotes: number;
  latencyP95Seconds: number | null;
  emailsByKind: Record<string, number>;
}

export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** The step whose requests were last sent before `writtenAtMs`: what caused the email. */
export function stepOf(writtenAtMs: number, steps: readonly StepTiming[]): number {
  let found = -1;
  steps.forEach((s, i) => {
    if (s.postedAtMs <= writtenAtMs) found = i;
  });
  return found;
}

const isIncidentEmail = (e: ClassifiedEmail) => e.kind === 'incident' || e.kind === 'incident-update';

function dayBefore(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - 1)).toISOString().slice(0, 10);
}

/**
 * The departments an email's thread is about: #15's incident id (`billing+delivery-2026-11-17`)
 * or, before it, the alert key (`ALERT#dept#billing#…`, `ALERT#pair#billing+delivery#…`,
 * `ALERT#journey#billing#…`: the departments owning the journey). Undefined when it says none.
 */
export function departmentsOfThread(thread: string | undefined, config: DepartmentsConfig): string[] | undefined {
  if (!thread) return undefined;
  const incident = /^(.+)-\d{4}-\d{2}-\d{2}$/.exec(thread);
  if (incident && !thread.startsWith('ALERT#')) return incident[1]!.split('+');
  const [, kind, id] = thread.split('#');
  if (!id) return undefined;
  if (kind === 'dept') return [id];
  if (kind === 'pair') return id.split('+');
  if (kind === 'journey') return config.departments.filter((d) => d.journeys.includes(id)).map((d) => d.id);
  return undefined;
}

/**
 * Which scenario incident an email belongs to: the one whose breaking days hold the window it
 * names; failing a window, the incident whose burst step caused it. Alerts for other departments
 * raised by the same items count for that incident, as the officer reads them.
 */
function incidentOf(e: ObservedEmail, scenario: AlertScenario, timings: readonly StepTiming[], config: DepartmentsConfig): number {
  const named = departmentsOfThread(e.thread, config);
  const concerns = (i: AlertScenario['incidents'][number]) => !named || named.some((d) => (i.departments as string[]).includes(d));
  if (e.window) return scenario.incidents.findIndex((i) => i.days.includes(e.window!) && concerns(i));
  const steps: readonly ScenarioStep[] = scenario.steps;
  const step = steps[e.step];
  if (!step || step.phase !== 'incident') return -1;
  return scenario.incidents.findIndex((i) => i.days.includes(timings[e.step]!.day) && concerns(i));
}

/** The figures issue #15 asks for, from what the outbox holds after the replay. */
export function tallyAlertEmails(
  emails: readonly ObservedEmail[],
  scenario: AlertScenario,
  timings: readonly StepTiming[],
  context: { officer: string; departments: DepartmentsConfig },
): AlertBenchFigures {
  const officer = context.officer;
  const figures: IncidentFigures[] = scenario.incidents.map((i) => ({
    name: i.name,
    department: i.department,
    days: i.days,
    emails: 0,
    emailsPerRecipientMax: 0,
    emailsToOfficer: 0,
    recoveries: 0,
    falseRecoveries: 0,
    latenciesSeconds: [],
  }));
  const perRecipient = figures.map(() => new Map<string, number>());
  const threadIncident = new Map<string, number>();
  const stray = { count: 0, subjects: [] as string[] };
  let staleWindowEmails = 0;
  const emailsByKind: Record<string, number> = {};
  let emailsWithDuplicateQuotes = 0;
  let duplicates = 0;

  const ordered = [...emails].sort((a, b) => a.writtenAtMs - b.writtenAtMs);
  for (const e of ordered) {
    emailsByKind[e.kind] = (emailsByKind[e.kind] ?? 0) + 1;
    const repeated = duplicateQuotes(e.quotes);
    if (repeated > 0) emailsWithDuplicateQuotes++;
    duplicates += repeated;
    const sentOn = timings[e.step]?.day;
    if ((isIncidentEmail(e) || e.kind === 'recovery') && e.window && sentOn && e.window < dayBefore(sentOn)) staleWindowEmails++;
    if (isIncidentEmail(e)) {
      const k = incidentOf(e, scenario, timings, context.departments);
      if (k < 0) {
        stray.count++;
        stray.subjects.push(e.subject);
        continue;
      }
      if (e.thread) threadIncident.set(e.thread, k);
      const f = figures[k]!;
      f.emails++;
      for (const r of e.recipients) perRecipient[k]!.set(r, (perRecipient[k]!.get(r) ?? 0) + 1);
      if (e.step >= 0) f.latenciesSeconds.push((e.writtenAtMs - timings[e.step]!.postedAtMs) / 1000);
    }
  }
  const recoveriesOf = figures.map(() => ({ good: new Map<string, number>(), bad: new Map<string, number>() }));
  for (const e of ordered) {
    if (e.kind !== 'recovery') continue;
    const k = e.thread !== undefined && threadIncident.has(e.thread) ? threadIncident.get(e.thread)! : incidentOf(e, scenario, timings, context.departments);
    if (k < 0) continue;
    const f = figures[k]!;
    const firstDay = f.days[0]!;
    const lastDay = f.days.at(-1)!;
    const sentOn = timings[e.step]?.day;
    // From a window older than the incident's, or while the incident's days are still breaking.
    const falseRecovery = (e.window !== undefined && e.window < firstDay) || (sentOn !== undefined && sentOn <= lastDay);
    const tally = recoveriesOf[k]![falseRecovery ? 'bad' : 'good'];
    for (const r of e.recipients) tally.set(r, (tally.get(r) ?? 0) + 1);
  }
  figures.forEach((f, k) => {
    f.recoveries = Math.max(0, ...recoveriesOf[k]!.good.values());
    f.falseRecoveries = Math.max(0, ...recoveriesOf[k]!.bad.values());
    f.emailsPerRecipientMax = Math.max(0, ...perRecipient[k]!.values());
    f.emailsToOfficer = perRecipient[k]!.get(officer.toLowerCase()) ?? 0;
  });
  const latencies = figures.flatMap((f) => f.latenciesSeconds);
  return {
    incidents: figures,
    strayEmails: stray,
    staleWindowEmails,
    falseRecoveries: figures.reduce((n, f) => n + f.falseRecoveries, 0),
    emailsWithDuplicateQuotes,
    duplicateQuotes: duplicates,
    latencyP95Seconds: percentile(latencies, 95),
    emailsByKind,
  };
}
