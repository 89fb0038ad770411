/**
 * The weekly digest's incident lines: each incident of the week once, with its state, severity,
 * what broke, and what people did (acknowledged, assigned, resolved with a note) and how many of
 * its emails the daily budget held back. Plain-text lines, every outside string through
 * plainText; the digest email escapes them for HTML.
 */
import { aggregateScopeOf, localDayOf as localDate, type IncidentStatus, type Severity } from '../domain/alerts/incident';
import { scopeNames } from '../domain/alerts/names';
import type { Lang } from '../domain/alerts/wording';
import type { DepartmentsConfig } from '../domain/departments/schema';
import type { DigestIncident } from '../domain/digest';
import { MAX_NAME_CHARS } from './email-layout';
import { plainText } from './hostile-text';

/** Broken rules named per incident line; the rest are counted. */
const RULES_LISTED = 3;
const MAX_RULE_CHARS = 200;
const MAX_NOTE_CHARS = 500;
const MAX_ACTOR_CHARS = 80;

const STATUS: Record<IncidentStatus, Record<Lang, string>> = {
  open: { en: 'open', fr: 'ouvert' },
  recovered: { en: 'recovered', fr: 'rétabli' },
  resolved: { en: 'resolved', fr: 'résolu' },
};

const SEVERITY: Record<Severity, Record<Lang, string>> = {
  minor: { en: 'minor', fr: 'mineur' },
  major: { en: 'major', fr: 'majeur' },
  critical: { en: 'critical', fr: 'critique' },
};


function scopeName(i: DigestIncident, departments: DepartmentsConfig, lang: Lang): string {
  return plainText(scopeNames(aggregateScopeOf(i.scope), departments)[lang], MAX_NAME_CHARS * 2);
}

/** `[open · major] Billing, opened on 2026-12-02: <rule>; <rule> — acknowledged by … on … — assigned to … — resolved by … on …: “note” — 2 emails held back …`. */
export function digestIncidentLine(i: DigestIncident, departments: DepartmentsConfig, lang: Lang): string {
  const fr = lang === 'fr';
  const actor = (by: string) => plainText(by, MAX_ACTOR_CHARS);
  const head = `[${STATUS[i.status][lang]} · ${SEVERITY[i.severity][lang]}] ${scopeName(i, departments, lang)}, ${fr ? 'ouvert le' : 'opened on'} ${localDate(i.window, i.zone)}`;
  const rules = i.rules.slice(0, RULES_LISTED).map((r) => plainText(r.message[lang], MAX_RULE_CHARS));
  const more = i.rules.length - RULES_LISTED;
  const parts = [`${head}${rules.length ? `${fr ? ' : ' : ': '}${rules.join(fr ? ' ; ' : '; ')}` : ''}${more > 0 ? (fr ? ` (et ${more} autres)` : ` (and ${more} more)`) : ''}`];
  if (i.status === 'recovered' && i.recoveredAt) parts.push(fr ? `rétabli le ${localDate(i.recoveredAt, i.zone)}` : `recovered on ${localDate(i.recoveredAt, i.zone)}`);
  if (i.acknowledged) {
    const { by, at } = i.acknowledged;
    parts.push(fr ? `pris en charge par ${actor(by)} le ${localDate(at, i.zone)}` : `acknowledged by ${actor(by)} on ${localDate(at, i.zone)}`);
  }
  if (i.assignee) parts.push(fr ? `confié à ${plainText(i.assignee, 254)}` : `assigned to ${plainText(i.assignee, 254)}`);
  if (i.resolved) {
    const { by, at, note } = i.resolved;
    const quoted = plainText(note, MAX_NOTE_CHARS);
    parts.push(fr ? `résolu par ${actor(by)} le ${localDate(at, i.zone)} : « ${quoted} »` : `resolved by ${actor(by)} on ${localDate(at, i.zone)}: “${quoted}”`);
  }
  if (i.deferred > 0) {
    parts.push(
      fr
        ? `${i.deferred} e-mail${i.deferred > 1 ? 's' : ''} reporté${i.deferred > 1 ? 's' : ''} au récapitulatif de 18 h par le plafond quotidien`
        : `${i.deferred} email${i.deferred > 1 ? 's' : ''} held back for the 18:00 summary by the daily limit`,
    );
  }
  return parts.join(' — ');
}

/** The lines of the digest's incident section (one per incident of the week), or the sentence saying there was none. */
export function digestIncidentLines(incidents: readonly DigestIncident[], departments: DepartmentsConfig, lang: Lang): string[] {
  if (incidents.length === 0) return [lang === 'fr' ? 'Aucun incident cette semaine.' : 'No incident this week.'];
  return incidents.map((i) => digestIncidentLine(i, departments, lang));
}
