/**
 * The incident emails (#15): the one email that announces an incident, the update when its
 * severity rises, and the recovery. Each goes to ONE recipient, in their language. A person reads
 * department names, figures with their sample size, windows in the local zone and distinct
 * redacted verbatims; internal ids go in the `X-Customer-Voice-*` headers and after the `-- `
 * signature line only. Every outside string (names from the configuration, customers' words,
 * people's names and notes from the API) goes through hostile-text (email-blocks does it).
 */
import { SEVERITIES, type Incident, type Recipient, type Severity } from '../domain/alerts/incident';
import { selectDistinctVerbatims } from '../domain/alerts/verbatim-selection';
import { windowLabel, type Lang } from '../domain/alerts/wording';
import { redactPii } from '../domain/redaction/redact-pii';
import type { RedactionOptions } from '../domain/redaction/types';
import type { OutgoingEmail } from '../ports/mailer';
import type { IncidentRenderer, NoticeKind } from './deliver-incident';
import { DASHBOARD_PAGES, dashboardPageUrl } from './dashboard-links';
import { renderBlocks, type EmailBlock } from './email-blocks';
import { trendChartOf, type TrendPoint } from './email-chart';
import { INCIDENT_HEADER, KIND_HEADER, type EmailKind, type MailSettings } from './email-layout';
import { plainText } from './hostile-text';
import {
  actionLines,
  bySeverity,
  localDateTime,
  relatedNames,
  ruleFigures,
  ruleKindName,
  rulesCount,
  ruleTitle,
  scopeName,
  SEVERITY_WORDS,
  subjectFigures,
} from './incident-wording';

/** What the incident emails need besides the incident: who sends, the names, the zone. */
export interface IncidentEmailSettings extends Pick<MailSettings, 'from' | 'departments' | 'appName'> {
  /** Zone of dates and windows. Default: the incident's. */
  zone?: string;
  /** Day windows the chart shows. Default 14. */
  trendWindows?: number;
  /** The dashboard page's base URL: the email links to the incident's page. No link when unset. */
  dashboardUrl?: string;
  /** How verbatims are redacted once more before they are quoted: on Lambda, with the shipped first-name gazetteer, as at ingestion. */
  redaction?: RedactionOptions;
}

export interface IncidentEmailInput {
  incident: Incident;
  /** The one addressee, and the language they read. */
  recipient: Recipient;
  /** Day windows of the incident's department (or pair), oldest first. */
  trend: readonly TrendPoint[];
  settings: IncidentEmailSettings;
}

export interface IncidentUpdateEmailInput extends IncidentEmailInput {
  /**
   * What the previous email said: its severity, and when it went out (rules first seen after it
   * are new). Default: the last incident or update email sent to this recipient (else to anyone)
   * in `incident.sent`.
   */
  previous?: { severity: Severity; at: string };
}

export interface IncidentRecoveryEmailInput extends IncidentEmailInput {
  /** The window it recovered on. Default `incident.recoveryLastWindow`, else the recovery instant. */
  recoveredOn?: string;
}

export const MAX_QUOTED_VERBATIMS = 3;
const MAX_VERBATIM_CHARS = 400;
/** Examples quoted under each emerging topic. */
const TOPIC_EXAMPLES = 3;
const DEFAULT_TREND_WINDOWS = 14;

interface Context {
  incident: Incident;
  lang: Lang;
  fr: boolean;
  zone: string;
  name: string;
  input: IncidentEmailInput;
}

function contextOf(input: IncidentEmailInput): Context {
  const lang = input.recipient.lang;
  return {
    incident: input.incident,
    lang,
    fr: lang === 'fr',
    zone: input.settings.zone ?? input.incident.zone,
    name: scopeName(input.incident.scope, input.settings.departments, lang),
    input,
  };
}

function appName(settings: IncidentEmailSettings): string {
  return plainText(settings.appName ?? 'customer-voice', 40);
}

/**
 * `Billing: negative share 64% (threshold 35%), 3 rules`: the department first and the worst
 * figure next, what a phone shows of a subject; `lead` goes between the name and the colon.
 */
function headlineOf(c: Context, lead: string): string {
  const rules = bySeverity(c.incident.rules);
  const top = rules[0];
  const sep = c.fr ? ' : ' : ': ';
  const what = top ? `${subjectFigures(top, c.lang)}${rules.length > 1 ? `, ${rulesCount(rules.length, c.lang)}` : ''}` : '';
  return plainText(`${c.name}${lead}${what ? `${sep}${what}` : ''}`);
}

/** The headline and the product's name: `… — customer-voice`. */
function subjectOf(c: Context, headline: string): string {
  return plainText(`${headline} — ${appName(c.input.settings)}`);
}

function severityLine(c: Context): string {
  const n = c.incident.rules.length;
  return c.fr
    ? `Gravité : ${SEVERITY_WORDS[c.incident.severity].fr} (${rulesCount(n, c.lang)} au-delà du seuil). Ouvert le ${localDateTime(c.incident.openedAt, c.zone)} (${c.zone}).`
    : `Severity: ${SEVERITY_WORDS[c.incident.severity].en} (${rulesCount(n, c.lang)} past the threshold). Opened ${localDateTime(c.incident.openedAt, c.zone)} (${c.zone}).`;
}

function lateDataLine(c: Context): EmailBlock[] {
  const at = c.incident.lateDataAt;
  if (!at) return [];
  const when = localDateTime(at, c.zone);
  return [
    {
      kind: 'paragraph',
      strong: true,
      text: c.fr
        ? `Des données arrivées en retard ont modifié ces chiffres (${when}) : des avis datés de jours passés ont été comptés dans leur fenêtre.`
        : `Late data changed these figures (${when}): items dated on past days were counted in their windows.`,
    },
  ];
}

/** The incident's page on the dashboard (its history, acknowledge, assign, resolve). */
function dashboardBlocks(c: Context): EmailBlock[] {
  const url = dashboardPageUrl(c.input.settings.dashboardUrl, DASHBOARD_PAGES.incident(c.incident.id));
  if (!url) return [];
  return [{ kind: 'link', url, text: c.fr ? 'Ouvrir l’incident dans le tableau de bord' : 'Open the incident in the dashboard' }];
}

function rulesBlocks(c: Context): EmailBlock[] {
  const config = c.input.settings.departments;
  return [
    { kind: 'heading', text: c.fr ? 'Ce qui ne va pas (le plus grave d’abord)' : 'What broke (most severe first)' },
    ...bySeverity(c.incident.rules).flatMap((r): EmailBlock[] => [
      {
        kind: 'item',
        title: ruleTitle(r, c.incident.scope, config, c.lang),
        lines: [
          `${ruleFigures(r, c.zone, c.lang)}${r.firing ? '' : c.fr ? ' — plus au-delà du seuil à la dernière évaluation' : ' — no longer past it at the latest evaluation'}`,
          r.message[c.lang],
        ],
      },
      ...topicExampleBlocks(c, r),
    ]),
  ];
}

/** An emerging topic's own examples, under its rule: what customers wrote with that topic. */
function topicExampleBlocks(c: Context, rule: Incident['rules'][number]): EmailBlock[] {
  return (rule.topics ?? []).flatMap((t) => selectDistinctVerbatims(t.examples, TOPIC_EXAMPLES).map((v) => quoteOf(c, v)));
}

function quoteOf(c: Context, v: { text: string; occurredAt: string }): EmailBlock {
  return {
    kind: 'quote',
    // Stored verbatims are redacted already; once more costs little and covers any other writer,
    // with the same options as the ingestion's (without the gazetteer, "Sophie Martin" alone would pass).
    text: plainText(redactPii(v.text, c.input.settings.redaction).text, MAX_VERBATIM_CHARS),
    date: Number.isNaN(Date.parse(v.occurredAt)) ? null : localDateTime(v.occurredAt, c.zone),
  };
}

function relatedBlocks(c: Context): EmailBlock[] {
  const names = relatedNames(c.incident, c.input.settings.departments, c.lang);
  if (names.length === 0) return [];
  return [{ kind: 'paragraph', text: `${c.fr ? 'Départements aussi concernés par ces avis : ' : 'Other departments these items concern: '}${names.join(', ')}` }];
}

function actionBlocks(c: Context): EmailBlock[] {
  const lines = actionLines(c.incident, c.zone, c.lang);
  return lines.length ? [{ kind: 'list', items: lines }] : [];
}

function chartBlocks(c: Context): EmailBlock[] {
  // The most severe rule a day's score can show (an emerging topic's statistic is not one).
  const top = bySeverity(c.incident.rules).find((r) => r.kind !== 'emerging-negative-topic');
  const trend = c.input.trend.slice(-(c.input.settings.trendWindows ?? DEFAULT_TREND_WINDOWS));
  if (!top || trend.length === 0) return [];
  const chart = trendChartOf(top.kind, top.threshold, trend, { granularity: 'day', zone: c.zone, lang: c.lang });
  const title = c.fr ? `Tendance : ${ruleKindName(top.kind, c.lang)}, par jour` : `Trend: ${ruleKindName(top.kind, c.lang)} by day`;
  return [{ kind: 'heading', text: title }, { kind: 'chart', chart }];
}

function verbatimBlocks(c: Context): EmailBlock[] {
  const quoted = selectDistinctVerbatims(c.incident.verbatims, MAX_QUOTED_VERBATIMS);
  if (quoted.length === 0) return [];
  return [
    { kind: 'heading', text: c.fr ? 'Ce que disent les clients (données personnelles masquées)' : 'What customers say (personal data redacted)' },
    ...quoted.map((v) => quoteOf(c, v)),
  ];
}

/** Why this person receives it, then the ids after the `-- ` line. */
function signatureBlocks(c: Context, kind: EmailKind): EmailBlock[] {
  const app = appName(c.input.settings);
  const why =
    c.input.recipient.role === 'officer'
      ? c.fr
        ? `Envoyé par ${app} au responsable de l’expérience client, qui reçoit tous les incidents.`
        : `Sent by ${app} to the customer officer, who receives every incident.`
      : c.fr
        ? `Envoyé par ${app} aux responsables de ${c.name}.`
        : `Sent by ${app} to the owners of ${c.name}.`;
  return [
    { kind: 'paragraph', muted: true, text: why },
    { kind: 'signature', lines: [`${kind} ${c.incident.id}`, ...bySeverity(c.incident.rules).map((r) => r.rule)] },
  ];
}

function emailOf(c: Context, kind: EmailKind, subject: string, heading: string, blocks: readonly EmailBlock[]): OutgoingEmail {
  const { text, html } = renderBlocks(c.lang, subject, heading, blocks);
  return {
    from: c.input.settings.from,
    to: [c.input.recipient.address],
    subject,
    text,
    html,
    headers: {
      [KIND_HEADER]: kind,
      [INCIDENT_HEADER]: plainText(c.incident.id, 800),
      'X-Customer-Voice-Severity': c.incident.severity,
    },
  };
}

/** The email that announces an incident: `Billing: negative share 64% (threshold 35%), 3 rules — customer-voice`. */
export function renderIncidentEmail(input: IncidentEmailInput): OutgoingEmail {
  const c = contextOf(input);
  const headline = headlineOf(c, '');
  const blocks: EmailBlock[] = [
    { kind: 'paragraph', text: severityLine(c) },
    ...lateDataLine(c),
    ...actionBlocks(c),
    ...dashboardBlocks(c),
    ...rulesBlocks(c),
    ...relatedBlocks(c),
    ...chartBlocks(c),
    ...verbatimBlocks(c),
    ...signatureBlocks(c, 'incident'),
  ];
  return emailOf(c, 'incident', subjectOf(c, headline), headline, blocks);
}

/** What the recipient's previous email said, from the incident's history. */
export function previousNoticeOf(incident: Incident, recipient: string): { severity: Severity; at: string } {
  const announcing = incident.sent.filter((s) => s.kind === 'incident' || s.kind === 'incident-update');
  const mine = announcing.filter((s) => s.recipient.toLowerCase() === recipient.toLowerCase());
  const last = [...(mine.length ? mine : announcing)].sort((a, b) => a.at.localeCompare(b.at)).at(-1);
  return last ? { severity: last.severity, at: last.at } : { severity: incident.notifiedSeverity ?? SEVERITIES[0], at: incident.openedAt };
}

/** The email sent when an open incident's severity rises a level: what changed, then the whole picture. */
export function renderIncidentUpdateEmail(input: IncidentUpdateEmailInput): OutgoingEmail {
  const c = contextOf(input);
  const previous = input.previous ?? previousNoticeOf(input.incident, input.recipient.address);
  const severity = SEVERITY_WORDS[c.incident.severity][c.lang];
  const headline = headlineOf(c, c.fr ? `, désormais ${severity}` : `, now ${severity}`);
  const fresh = bySeverity(c.incident.rules).filter((r) => r.firstSeenAt > previous.at);
  const changes = [
    c.fr
      ? `Gravité : ${SEVERITY_WORDS[previous.severity].fr} → ${severity}.`
      : `Severity: ${SEVERITY_WORDS[previous.severity].en} → ${severity}.`,
    ...(fresh.length
      ? [`${c.fr ? 'Nouvelles règles au-delà du seuil : ' : 'Newly broken rules: '}${fresh.map((r) => ruleTitle(r, c.incident.scope, input.settings.departments, c.lang)).join(', ')}.`]
      : []),
  ];
  const since = localDateTime(previous.at, c.zone);
  const blocks: EmailBlock[] = [
    { kind: 'heading', text: c.fr ? `Ce qui a changé depuis le message du ${since}` : `What changed since the email of ${since}` },
    { kind: 'list', items: changes },
    ...lateDataLine(c),
    { kind: 'paragraph', text: severityLine(c) },
    ...actionBlocks(c),
    ...dashboardBlocks(c),
    ...rulesBlocks(c),
    ...relatedBlocks(c),
    ...chartBlocks(c),
    ...verbatimBlocks(c),
    ...signatureBlocks(c, 'incident-update'),
  ];
  return emailOf(c, 'incident-update', subjectOf(c, headline), headline, blocks);
}

/** The email that says an incident is over: what had broken, and the window it recovered on. */
export function renderIncidentRecoveryEmail(input: IncidentRecoveryEmailInput): OutgoingEmail {
  const c = contextOf(input);
  const on = input.recoveredOn ?? c.incident.recoveryLastWindow ?? c.incident.recoveredAt ?? c.incident.updatedAt;
  const onLabel = windowLabel(on, 'day', c.zone, c.lang);
  const opened = windowLabel(c.incident.window, 'day', c.zone, c.lang);
  const headline = plainText(`${c.name}${c.fr ? ' : retour à la normale' : ': back to normal'} (${onLabel})`);
  const kinds = [...new Set(bySeverity(c.incident.rules).map((r) => ruleKindName(r.kind, c.lang)))];
  const summary = c.fr
    ? `${c.name} est revenu à la normale le ${onLabel} (${c.zone}) : plus aucune règle au-delà de son seuil. L’incident s’était ouvert le ${opened} (${rulesCount(c.incident.rules.length, c.lang)} : ${kinds.join(', ')}).`
    : `${c.name} is back to normal on ${onLabel} (${c.zone}): no rule is past its threshold any more. The incident had opened on ${opened} (${rulesCount(c.incident.rules.length, c.lang)}: ${kinds.join(', ')}).`;
  const blocks: EmailBlock[] = [
    { kind: 'paragraph', text: summary },
    ...lateDataLine(c),
    ...actionBlocks(c),
    ...dashboardBlocks(c),
    { kind: 'heading', text: c.fr ? 'Ce qui n’allait pas, et les derniers chiffres' : 'What had broken, and the latest figures' },
    ...rulesBlocks(c).slice(1),
    ...relatedBlocks(c),
    ...chartBlocks(c),
    ...signatureBlocks(c, 'recovery'),
  ];
  return emailOf(c, 'recovery', subjectOf(c, headline), headline, blocks);
}

/** The email of one pending notice: incident, incident-update or recovery. */
export function renderIncidentNotice(kind: NoticeKind, input: IncidentEmailInput): OutgoingEmail {
  switch (kind) {
    case 'incident':
      return renderIncidentEmail(input);
    case 'incident-update':
      return renderIncidentUpdateEmail(input);
    case 'recovery':
      return renderIncidentRecoveryEmail(input);
  }
}

/** The renderer the delivery step calls (`DeliveryDeps.render`), for these settings. */
export function incidentRendererOf(settings: IncidentEmailSettings): IncidentRenderer {
  return (kind, incident, recipient, trend) => renderIncidentNotice(kind, { incident, recipient, trend, settings });
}
