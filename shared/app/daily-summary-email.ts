/**
 * The 18:00 daily summary email: the incidents whose emails the recipient's daily budget held
 * back today, each once, with its department, severity, state and every broken rule's figures, in
 * the recipient's language. Department and journey names come from the configuration and are
 * treated as hostile like every outside string (hostile-text.ts); incident ids go in the
 * `X-Customer-Voice-Incidents` header and after the `-- ` signature line, never in the text above it.
 */
import type { HeldBackIncident } from '../domain/alerts/daily-summary';
import type { Incident, IncidentRule } from '../domain/alerts/incident';
import { scopeNames, type Names } from '../domain/alerts/names';
import type { AlertRuleKind } from '../domain/alerts/rules';
import { formatMetricValue, localParts, type Lang } from '../domain/alerts/wording';
import type { DepartmentsConfig } from '../domain/departments/schema';
import type { OutgoingEmail } from '../ports/mailer';
import { DASHBOARD_PAGES, dashboardPageUrl } from './dashboard-links';
import { DASH, htmlLink, htmlPage, htmlSectionHeading, htmlTable, MAX_NAME_CHARS, subjectTag, textTable } from './email-layout';
import { escapeHtml, plainText, safeHtml } from './hostile-text';
import { scopeName, SEVERITY_WORDS } from './incident-wording';

export interface DailySummaryEmailInput {
  recipient: string;
  lang: Lang;
  /** The local day summarized, YYYY-MM-DD. */
  day: string;
  /** Most severe first (heldBackByRecipient's order). */
  incidents: readonly HeldBackIncident[];
  /** `alertDailyBudget`. */
  dailyBudget: number;
}

export interface DailySummaryEmailSettings {
  from: OutgoingEmail['from'];
  departments: DepartmentsConfig;
  /** The configured zone: times are shown on its wall clock. */
  zone: string;
  appName?: string;
  /** The dashboard page's base URL: the summary links to its incidents page. No link when unset. */
  dashboardUrl?: string;
}

/** A header value's limit (mailer port): ids past it are still listed after the signature. */
const MAX_HEADER_CHARS = 900;

/** A rule as a column reads it (its value, threshold and baseline are beside it). */
const RULE_NAMES: Record<AlertRuleKind, Names> = {
  'negative-share': { en: 'negative share', fr: 'part négative' },
  'sentiment-drop': { en: 'sentiment index', fr: 'indice de sentiment' },
  'nps-below': { en: 'NPS', fr: 'NPS' },
  'csat-below': { en: 'CSAT, % satisfied', fr: 'CSAT, % de satisfaits' },
  'ces-above': { en: 'customer effort (CES)', fr: 'effort client (CES)' },
  'volume-spike': { en: 'volume of items', fr: 'volume d’avis' },
  'interface-hotspot': { en: 'negative items between two departments', fr: 'avis négatifs entre deux départements' },
  'emerging-negative-topic': { en: 'emerging negative topic (-log10 p)', fr: 'sujet négatif émergent (-log10 p)' },
};

function incidentName(incident: Incident, config: DepartmentsConfig, lang: Lang): string {
  return scopeName(incident.scope, config, lang);
}

/** `2026-12-02 14:05` on the zone's wall clock. */
function localTime(iso: string, zone: string): string {
  const { date, time } = localParts(iso, zone);
  return `${date} ${time}`;
}

function stateLine(incident: Incident, zone: string, lang: Lang): string {
  const fr = lang === 'fr';
  const opened = localTime(incident.openedAt, zone);
  const parts = [
    incident.status === 'open'
      ? fr
        ? `ouvert depuis le ${opened}`
        : `open since ${opened}`
      : incident.status === 'recovered'
        ? fr
          ? `ouvert le ${opened}, revenu à la normale le ${localTime(incident.recoveredAt ?? incident.updatedAt, zone)}`
          : `opened ${opened}, back to normal ${localTime(incident.recoveredAt ?? incident.updatedAt, zone)}`
        : fr
          ? `ouvert le ${opened}, clos le ${localTime(incident.resolved?.at ?? incident.updatedAt, zone)}`
          : `opened ${opened}, resolved ${localTime(incident.resolved?.at ?? incident.updatedAt, zone)}`,
  ];
  if (incident.acknowledged) parts.push(fr ? `pris en compte par ${incident.acknowledged.by}` : `acknowledged by ${incident.acknowledged.by}`);
  if (incident.assignee) parts.push(fr ? `confié à ${incident.assignee.owner}` : `assigned to ${incident.assignee.owner}`);
  return parts.join(fr ? ' ; ' : '; ');
}

function heldBackLine(held: HeldBackIncident, zone: string, lang: Lang): string {
  const fr = lang === 'fr';
  const what = held.notices.map((n) => {
    const at = localTime(n.at, zone);
    if (n.kind === 'incident') return fr ? `l’annonce de l’incident (${at})` : `the incident email (${at})`;
    return fr ? `une mise à jour (${at})` : `an update (${at})`;
  });
  return fr ? `Non envoyé : ${what.join(', ')}` : `Held back: ${what.join(', ')}`;
}

/** Where a rule was measured, when not the department itself: its journey or its interface pair. */
function sourceName(rule: IncidentRule, config: DepartmentsConfig, lang: Lang): string {
  if (rule.source.kind === 'dept') return '';
  const names = scopeNames({ kind: rule.source.kind, id: rule.source.id }, config)[lang];
  const label = rule.source.kind === 'journey' ? (lang === 'fr' ? 'parcours' : 'journey') : 'interface';
  return ` (${label} ${plainText(names, MAX_NAME_CHARS)})`;
}

function ruleRows(incident: Incident, config: DepartmentsConfig, lang: Lang): string[][] {
  return [...incident.rules]
    .sort((a, b) => Number(b.firing) - Number(a.firing) || b.excess - a.excess)
    .map((r) => [
      `${RULE_NAMES[r.kind][lang]}${sourceName(r, config, lang)}`,
      formatMetricValue(r.kind, r.value, lang),
      formatMetricValue(r.kind, r.threshold, lang),
      r.baseline === null ? DASH : formatMetricValue(r.kind, r.baseline, lang),
      String(r.volume),
      r.firing ? (lang === 'fr' ? 'oui' : 'yes') : lang === 'fr' ? 'non' : 'no',
    ]);
}

const ruleHeaders = (lang: Lang) =>
  lang === 'fr' ? ['Règle', 'Valeur', 'Seuil', 'Référence', 'Volume', 'Toujours dépassé'] : ['Rule', 'Value', 'Threshold', 'Baseline', 'Volume', 'Still broken'];

/** Ids that fit one header value; all of them are listed after the signature anyway. */
function idsHeader(ids: readonly string[]): string {
  const kept: string[] = [];
  for (const id of ids.map((i) => plainText(i))) {
    if ([...kept, id].join(', ').length > MAX_HEADER_CHARS) break;
    kept.push(id);
  }
  return kept.join(', ');
}

export function renderDailySummaryEmail(input: DailySummaryEmailInput, settings: DailySummaryEmailSettings): OutgoingEmail {
  const { lang, incidents } = input;
  const fr = lang === 'fr';
  const n = incidents.length;
  const countText = `${n} incident${n > 1 ? 's' : ''}`;
  const subject = `${subjectTag(settings)} ${fr ? `Synthèse du ${input.day} : ${countText} en attente` : `Daily summary ${input.day}: ${countText} held back`}`;
  const heading = fr ? `Synthèse du ${input.day}` : `Daily summary, ${input.day}`;
  const intro = fr
    ? `Vous avez reçu aujourd’hui le maximum de ${input.dailyBudget} emails d’incident et de mise à jour. Voici les incidents dont les emails ont été retenus (${n}), chacun une seule fois, avec leurs derniers chiffres (heures : ${settings.zone}).`
    : `You received today’s limit of ${input.dailyBudget} incident and update emails. Here are the incidents whose emails were held back (${n}), each once, with their latest figures (times: ${settings.zone}).`;
  const sections = incidents.map((held) => {
    const i = held.incident;
    const title = `${incidentName(i, settings.departments, lang)} — ${fr ? 'gravité' : 'severity'} ${SEVERITY_WORDS[i.severity][lang]}`;
    const related = i.related.length
      ? `${fr ? 'Aussi concernés :' : 'Also involved:'} ${i.related.map((d) => plainText(scopeNames({ kind: 'dept', id: d }, settings.departments)[lang], MAX_NAME_CHARS)).join(', ')}`
      : '';
    const late = i.lateDataAt ? (fr ? 'Des données arrivées en retard ont modifié ces chiffres.' : 'Late data changed these figures.') : '';
    return { title, lines: [stateLine(i, settings.zone, lang), heldBackLine(held, settings.zone, lang), related, late].filter((l) => l !== ''), rows: ruleRows(i, settings.departments, lang) };
  });
  const incidentsPage = dashboardPageUrl(settings.dashboardUrl, DASHBOARD_PAGES.incidents());
  const incidentsPageText = fr ? 'Voir les incidents dans le tableau de bord' : 'See the incidents on the dashboard';
  const ids = incidents.map((h) => h.incident.id);
  const signature = `${fr ? 'Synthèse quotidienne customer-voice · incidents :' : 'customer-voice daily summary · incidents:'} ${ids.map((id) => plainText(id)).join(', ')}`;

  const text = [
    heading,
    '',
    intro,
    ...(incidentsPage ? ['', `${incidentsPageText}${fr ? ' :' : ':'}`, incidentsPage] : []),
    ...sections.flatMap((s) => ['', s.title, ...s.lines.map((l) => plainText(l)), '', textTable(ruleHeaders(lang), s.rows)]),
    '',
    '-- ',
    signature,
    '',
  ].join('\n');
  const html = htmlPage(lang, subject, heading, [
    `<p>${safeHtml(intro)}</p>`,
    ...(incidentsPage ? [`<p>${htmlLink(incidentsPage, safeHtml(incidentsPageText))}</p>`] : []),
    ...sections.flatMap((s) => [
      htmlSectionHeading(safeHtml(s.title)),
      ...s.lines.map((l) => `<p style="margin:4px 0">${safeHtml(l)}</p>`),
      htmlTable(ruleHeaders(lang).map(escapeHtml), s.rows.map((row) => row.map((c) => safeHtml(c)))),
    ]),
    `<p style="color:#666;font-size:12px">-- <br>${safeHtml(signature)}</p>`,
  ]);
  return {
    from: settings.from,
    to: [input.recipient],
    subject: plainText(subject),
    text,
    html,
    headers: { 'X-Customer-Voice-Kind': 'daily-summary', 'X-Customer-Voice-Incidents': idsHeader(ids) },
  };
}
