/**
 * The weekly digest's "did the fix work?": every incident whose 14 days after closing ended in
 * the digest's week (so each is reported once), its rules measured again on the series they broke
 * on, the 14 local days before it opened against the 14 after it closed. Plain-text lines through
 * plainText; the digest email escapes them for HTML.
 */
import { aggregateScopeOf, departmentsOf, localDayOf, type Incident } from '../domain/alerts/incident';
import { scopeNames } from '../domain/alerts/names';
import { formatMetricValue, type Lang } from '../domain/alerts/wording';
import { thresholdsFor, type DepartmentsConfig } from '../domain/departments/schema';
import type { Digest } from '../domain/digest';
import { classifyFix, fixCheckWindows, isFixCheckDue, sourceKey, type FixCheck, type RuleComparison } from '../domain/objectives/fix-check';
import { describeVerdict, ruleMetricName } from '../domain/objectives/wording';
import { addCounters, emptyCounters, seriesId, type Counters, type Scope } from '../domain/scores';
import type { AggregateReader } from '../ports/stores';
import { MAX_NAME_CHARS } from './email-layout';
import { plainText } from './hostile-text';

export interface FixCheckDeps {
  aggregates: AggregateReader;
  departments: DepartmentsConfig;
}

async function sumDays(aggregates: AggregateReader, scope: Scope, zone: string, first: string, last: string): Promise<Counters> {
  const rows = await aggregates.series(seriesId(scope, 'day', zone), new Date(first), new Date(last));
  return rows.reduce((sum, r) => addCounters(sum, r.counters), emptyCounters());
}

/** The fix checks due in the week [start, end) as of `now`, oldest closure first. */
export async function readFixChecks(deps: FixCheckDeps, incidents: readonly Incident[], week: { start: string; end: string }, now: Date): Promise<FixCheck[]> {
  const due = incidents.filter((i) => isFixCheckDue(i, week.start, week.end, now));
  const checks = await Promise.all(
    due.map(async (incident) => {
      const w = fixCheckWindows(incident)!;
      const sources = [...new Map(incident.rules.map((r) => [sourceKey(r.source), r.source])).entries()];
      const figures = new Map(
        await Promise.all(
          sources.map(async ([key, source]) => {
            const [before, after] = await Promise.all([
              sumDays(deps.aggregates, source, incident.zone, w.before.first, w.before.last),
              sumDays(deps.aggregates, source, incident.zone, w.after.first, w.after.last),
            ]);
            return [key, { before, after }] as const;
          }),
        ),
      );
      const minVolume = thresholdsFor(deps.departments, departmentsOf(incident.scope)[0] ?? '').minVolume;
      return classifyFix(incident, figures, minVolume);
    }),
  );
  return checks.sort((a, b) => a.windows.closedAt.localeCompare(b.windows.closedAt) || a.incidentId.localeCompare(b.incidentId));
}

function ruleLine(r: RuleComparison, check: FixCheck, departments: DepartmentsConfig, lang: Lang): string {
  const fr = lang === 'fr';
  const value = (v: number | null) => (v === null ? '–' : formatMetricValue(r.kind, v, lang));
  const own = aggregateScopeOf(check.scope);
  const where = own.kind === r.source.kind && own.id === r.source.id ? '' : ` (${plainText(scopeNames(r.source, departments)[lang], MAX_NAME_CHARS * 2)})`;
  const perDay = r.kind === 'volume-spike' || r.kind === 'interface-hotspot' ? (fr ? ' par jour' : ' a day') : '';
  const figures = fr
    ? `${value(r.before)} avant → ${value(r.after)} après${perDay} (seuil ${value(r.threshold)}, rupture à ${value(r.broke)})`
    : `${value(r.before)} before → ${value(r.after)} after${perDay} (threshold ${value(r.threshold)}, broke at ${value(r.broke)})`;
  const name = ruleMetricName(r.kind, lang);
  const judged = r.back === null ? (fr ? ', trop peu de réponses après' : ', too few answers after') : '';
  return `${name}${where} ${figures}${judged}`;
}

/** `[resolved and recovered] Billing, incident of 2026-12-02, resolved on 2026-12-05: negative share 17.9% before → 20% after (threshold 40%, broke at 62%)`. */
export function fixCheckLine(check: FixCheck, departments: DepartmentsConfig, lang: Lang): string {
  const fr = lang === 'fr';
  const scope = plainText(scopeNames(aggregateScopeOf(check.scope), departments)[lang], MAX_NAME_CHARS * 2);
  const opened = localDayOf(check.window, check.zone);
  const closedOn = localDayOf(check.windows.closedAt, check.zone);
  const closed = check.action === 'resolved' ? (fr ? `résolu le ${closedOn}` : `resolved on ${closedOn}`) : fr ? `rétabli le ${closedOn}` : `recovered on ${closedOn}`;
  const rules = check.rules.map((r) => ruleLine(r, check, departments, lang)).join(fr ? ' ; ' : '; ');
  return fr
    ? `[${describeVerdict(check.verdict, lang)}] ${scope}, incident du ${opened}, ${closed} : ${rules}`
    : `[${describeVerdict(check.verdict, lang)}] ${scope}, incident of ${opened}, ${closed}: ${rules}`;
}

/** The digest's section: one line per incident whose 14 days after closing ended this week. */
export function fixCheckSection(digest: Pick<Digest, 'fixChecks'>, departments: DepartmentsConfig, lang: Lang) {
  const fr = lang === 'fr';
  const checks = digest.fixChecks ?? [];
  return {
    title: fr ? 'La correction a-t-elle marché ?' : 'Did the fix work?',
    intro: checks.length
      ? fr
        ? 'Incidents clos il y a 14 jours : leurs indicateurs des 14 jours avant l’ouverture comparés aux 14 jours après la clôture.'
        : 'Incidents closed 14 days ago: their figures over the 14 days before they opened against the 14 days after they closed.'
      : fr
        ? 'Aucun incident clos il y a 14 jours à vérifier cette semaine.'
        : 'No incident closed 14 days ago to check this week.',
    ...(checks.length ? { lines: checks.map((c) => fixCheckLine(c, departments, lang)) } : {}),
  };
}
