/**
 * Alert and recovery emails: what broke, where, against which threshold and baseline, the trend,
 * and a few redacted verbatims, in French or English. Everything that comes from outside this
 * file (feedback text, department and journey names from the config, ids, sentences built from
 * them) is treated as hostile: control, bidi and zero-width characters are removed, the HTML part
 * escapes it, and the subject carries no line break (the mail port sanitises it again).
 */
import type { Finding, RuleAssessment } from '../domain/alerts/findings';
import { scopeNames, type Names } from '../domain/alerts/names';
import type { AlertRuleKind } from '../domain/alerts/rules';
import { alertIdOf, type AlertState } from '../domain/alerts/state';
import { describeMetric, formatMetricValue, formatNumber, formatShare, formatPercent, windowLabel, type Lang } from '../domain/alerts/wording';
import { ownerAddresses, type DepartmentsConfig } from '../domain/departments/schema';
import { redactPii } from '../domain/redaction/redact-pii';
import type { Granularity, Scope } from '../domain/scores';
import type { OutgoingEmail } from '../ports/mailer';
import { DASH, htmlPage, htmlSectionHeading, htmlTable, MAX_NAME_CHARS, orDash, recipients, subjectTag, textTable, type MailSettings } from './email-layout';
import { chartHtml, chartText, trendChartOf, type TrendPoint } from './email-chart';
import { escapeHtml, plainText, safeHtml } from './hostile-text';

export interface EmailSettings extends MailSettings {
  /** Windows in the trend table. Default 8. */
  trendWindows?: number;
}

export type { TrendPoint } from './email-chart';

export interface VerbatimQuote {
  text: string;
  occurredAt?: string;
}

export interface AlertEmailInput {
  finding: Finding;
  /** The stored state, for the alert id header. */
  state?: Pick<AlertState, 'key' | 'occurrence'>;
  /** Windows oldest first, the alert's window last. */
  trend: readonly TrendPoint[];
  /** Redacted again here; at most three are quoted. */
  verbatims: readonly VerbatimQuote[];
}

export interface RecoveryEmailInput {
  /** The recovered state: its trigger says what had broken. */
  state: AlertState;
  /** The evaluation that recovered it. */
  assessment: RuleAssessment;
  trend: readonly TrendPoint[];
  verbatims?: readonly VerbatimQuote[];
}

export const MAX_VERBATIMS = 3;
const MAX_VERBATIM_CHARS = 400;

// ---------------------------------------------------------------------------------------------
// Recipients

/** Owners of the departments behind a scope: the department, a pair's two, a journey's owners. */
export function ownersOf(scope: Scope, config: DepartmentsConfig): string[] {
  const depts =
    scope.kind === 'dept'
      ? config.departments.filter((d) => d.id === scope.id)
      : scope.kind === 'pair'
        ? config.departments.filter((d) => scope.id.split('+').includes(d.id))
        : config.departments.filter((d) => d.journeys.includes(scope.id));
  return depts.flatMap(ownerAddresses);
}

// ---------------------------------------------------------------------------------------------
// Rendering

function trendRows(trend: readonly TrendPoint[], granularity: Granularity, zone: string, lang: Lang): string[][] {
  return trend.map((p) => [
    windowLabel(p.window, granularity, zone, lang),
    String(p.score.count),
    String(p.score.negative),
    orDash(p.score.negativeShare, (x) => formatShare(x, lang)),
    orDash(p.score.sentimentIndex, (x) => formatNumber(x, lang)),
    orDash(p.score.nps, (x) => formatNumber(x, lang)),
    orDash(p.score.csat, (x) => formatPercent(x, lang)),
    orDash(p.score.ces, (x) => formatNumber(x, lang)),
  ]);
}

function trendHeaders(lang: Lang): string[] {
  return lang === 'fr'
    ? ['Fenêtre', 'Avis', 'Négatifs', 'Part négative', 'Indice', 'NPS', 'CSAT', 'CES']
    : ['Window', 'Items', 'Negative', 'Negative share', 'Index', 'NPS', 'CSAT', 'CES'];
}

function quotes(verbatims: readonly VerbatimQuote[], zone: string): { text: string; date: string | null }[] {
  return verbatims.slice(0, MAX_VERBATIMS).map((v) => ({
    // Stored verbatims are redacted already; once more costs little and covers any other caller.
    text: plainText(redactPii(v.text).text, MAX_VERBATIM_CHARS),
    date: v.occurredAt && !Number.isNaN(Date.parse(v.occurredAt)) ? windowLabel(v.occurredAt, 'day', zone, 'en').slice(4) : null,
  }));
}

const RULE_NAMES: Record<AlertRuleKind, Names> = {
  'negative-share': { en: 'negative share over a window', fr: 'part d’avis négatifs sur une fenêtre' },
  'sentiment-drop': { en: 'sentiment index drop against the trailing baseline', fr: 'baisse de l’indice de sentiment par rapport à la référence' },
  'nps-below': { en: 'NPS below a threshold', fr: 'NPS sous un seuil' },
  'csat-below': { en: 'CSAT (% satisfied) below a threshold', fr: 'CSAT (% de satisfaits) sous un seuil' },
  'ces-above': { en: 'customer effort (CES) above a threshold', fr: 'effort client (CES) au-dessus d’un seuil' },
  'volume-spike': { en: 'volume spike against the baseline', fr: 'pic de volume par rapport à la référence' },
  'interface-hotspot': { en: 'new interface hotspot between two departments', fr: 'nouveau point de friction entre deux départements' },
};

interface Figures {
  kind: AlertRuleKind;
  ruleId: string;
  scope: Scope;
  granularity: Granularity;
  zone: string;
  window: string;
  value: number;
  threshold: number;
  volume: number;
  minVolume: number;
  baselineMean: number | null;
  baselineStdDev: number | null;
  baselineWindows: number;
  baselineVolume: number;
}

/** `Billing: negative share 42% (threshold 25%) — day 2026-11-24`, one line, names made safe. */
function headline(f: Figures, name: string, lang: Lang): string {
  const sep = lang === 'fr' ? ' : ' : ': ';
  const word = lang === 'fr' ? 'seuil' : 'threshold';
  const when = windowLabel(f.window, f.granularity, f.zone, lang);
  let bound = `${word} ${formatMetricValue(f.kind, f.threshold, lang)}`;
  if (f.kind === 'sentiment-drop' && f.baselineMean !== null) bound = `${lang === 'fr' ? 'référence' : 'baseline'} ${formatNumber(f.baselineMean, lang)}, ${bound}`;
  return `${plainText(name, MAX_NAME_CHARS)}${sep}${describeMetric(f.kind, f.value, lang)} (${bound}) — ${when}`;
}

function detailRows(f: Figures, lang: Lang): [string, string][] {
  const fr = lang === 'fr';
  const mean = f.baselineMean === null ? DASH : formatMetricValue(f.kind, f.baselineMean, lang);
  const sd = f.baselineStdDev === null ? '' : ` (${fr ? 'écart-type' : 'std dev'} ${formatNumber(f.baselineStdDev, lang)})`;
  return [
    [fr ? 'Règle' : 'Rule', `${RULE_NAMES[f.kind][lang]} [${f.ruleId}]`],
    [fr ? 'Périmètre' : 'Scope', `${f.scope.kind}:${f.scope.id}`],
    [fr ? 'Fenêtre' : 'Window', `${windowLabel(f.window, f.granularity, f.zone, lang)} (${f.zone})`],
    [fr ? 'Valeur' : 'Value', formatMetricValue(f.kind, f.value, lang)],
    [fr ? 'Seuil' : 'Threshold', formatMetricValue(f.kind, f.threshold, lang)],
    [fr ? 'Volume (minimum)' : 'Volume (minimum)', `${f.volume} (${f.minVolume})`],
    [fr ? 'Référence' : 'Baseline', `${mean}${sd} — ${f.baselineWindows} ${fr ? 'fenêtres' : 'windows'}, ${f.baselineVolume} ${fr ? 'avis' : 'items'}`],
  ];
}

interface Rendered {
  subject: string;
  heading: string;
  summary: string;
  details: [string, string][];
  figures: Figures;
  trend: readonly TrendPoint[];
  verbatims: readonly VerbatimQuote[];
  footer: string;
}

function renderBodies(r: Rendered, settings: EmailSettings): { text: string; html: string } {
  const lang = settings.lang;
  const fr = lang === 'fr';
  const zone = r.figures.zone;
  const trend = r.trend.slice(-(settings.trendWindows ?? 8));
  const rows = trendRows(trend, r.figures.granularity, zone, lang);
  const chart = trendChartOf(r.figures.kind, r.figures.threshold, trend, { granularity: r.figures.granularity, zone, lang });
  const said = quotes(r.verbatims, settings.zone ?? zone);
  const trendTitle = fr ? 'Tendance' : 'Trend';
  const quotesTitle = fr ? 'Ce que disent les clients (données personnelles masquées)' : 'What customers say (personal data redacted)';

  const text = [
    plainText(r.heading),
    '',
    plainText(r.summary),
    '',
    ...r.details.map(([k, v]) => `${k}: ${plainText(v)}`),
    '',
    trendTitle,
    chartText(chart),
    '',
    textTable(trendHeaders(lang), rows),
    ...(said.length ? ['', `${quotesTitle}:`, ...said.map((q) => `> ${q.date ? `[${q.date}] ` : ''}${q.text}`)] : []),
    '',
    plainText(r.footer),
    '',
  ].join('\n');

  const html = htmlPage(lang, r.subject, r.heading, [
    `<p>${safeHtml(r.summary)}</p>`,
    htmlTable([fr ? 'Élément' : 'Item', fr ? 'Valeur' : 'Value'], r.details.map(([k, v]) => [safeHtml(k), safeHtml(v)])),
    htmlSectionHeading(escapeHtml(trendTitle)),
    chartHtml(chart),
    htmlTable(trendHeaders(lang).map(escapeHtml), rows.map((row) => row.map((c) => safeHtml(c))), true),
    ...(said.length
      ? [
          htmlSectionHeading(escapeHtml(quotesTitle)),
          ...said.map(
            (q) =>
              `<blockquote dir="auto" style="margin:6px 0;padding:4px 10px;border-left:3px solid #999;color:#333">${q.date ? `<small>${escapeHtml(q.date)}</small><br>` : ''}${escapeHtml(q.text)}</blockquote>`,
          ),
        ]
      : []),
    `<p style="color:#666;font-size:12px">${safeHtml(r.footer)}</p>`,
  ]);
  return { text, html };
}

function footerOf(alertId: string | null, lang: Lang): string {
  const id = alertId ? (lang === 'fr' ? ` Identifiant de l’alerte : ${alertId}.` : ` Alert id: ${alertId}.`) : '';
  return lang === 'fr'
    ? `Envoyé par customer-voice au responsable de l’expérience client, en copie les responsables des départements concernés.${id}`
    : `Sent by customer-voice to the customer officer, copying the owners of the departments concerned.${id}`;
}

function emailOf(r: Rendered, settings: EmailSettings, action: 'open' | 'recover', alertId: string | null): OutgoingEmail {
  const { to, cc } = recipients(settings.officer, ownersOf(r.figures.scope, settings.departments));
  const { text, html } = renderBodies(r, settings);
  return {
    from: settings.from,
    to,
    cc,
    subject: plainText(r.subject),
    text,
    html,
    headers: {
      'X-Customer-Voice-Alert-Action': action,
      ...(alertId ? { 'X-Customer-Voice-Alert-Id': plainText(alertId, 800) } : {}),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Alert and recovery

/** The email that announces an alert: subject `[customer-voice] Billing: negative share 42% (threshold 25%) — day 2026-11-24`. */
export function renderAlertEmail(input: AlertEmailInput, settings: EmailSettings): OutgoingEmail {
  const lang = settings.lang;
  const f = input.finding;
  const name = scopeNames(f.scope, settings.departments)[lang];
  const figures: Figures = {
    kind: f.kind,
    ruleId: f.ruleId,
    scope: f.scope,
    granularity: f.granularity,
    zone: f.zone,
    window: f.window,
    value: f.value,
    threshold: f.threshold,
    volume: f.volume,
    minVolume: f.minVolume,
    baselineMean: f.baseline.mean,
    baselineStdDev: f.baseline.stdDev,
    baselineWindows: f.baseline.windows,
    baselineVolume: f.baseline.volume,
  };
  const line = headline(figures, name, lang);
  const alertId = input.state ? alertIdOf(input.state) : null;
  return emailOf(
    {
      subject: `${subjectTag(settings)} ${line}`,
      heading: `${lang === 'fr' ? 'Alerte' : 'Alert'} — ${line}`,
      summary: f.message[lang],
      details: detailRows(figures, lang),
      figures,
      trend: input.trend,
      verbatims: input.verbatims,
      footer: footerOf(alertId, lang),
    },
    settings,
    'open',
    alertId,
  );
}

/** The email that says an alert is back to normal, with what had broken and where it stands now. */
export function renderRecoveryEmail(input: RecoveryEmailInput, settings: EmailSettings): OutgoingEmail {
  const lang = settings.lang;
  const fr = lang === 'fr';
  const a = input.assessment;
  const s = input.state;
  const name = scopeNames(a.scope, settings.departments)[lang];
  const figures: Figures = {
    kind: a.rule.kind,
    ruleId: a.rule.id,
    scope: a.scope,
    granularity: a.granularity,
    zone: a.zone,
    window: a.window,
    value: a.value ?? s.lastValue ?? 0,
    threshold: a.threshold,
    volume: a.volume,
    minVolume: a.minVolume,
    baselineMean: a.baseline.mean,
    baselineStdDev: a.baseline.stdDev,
    baselineWindows: a.baseline.windows,
    baselineVolume: a.baseline.volume,
  };
  const line = headline(figures, name, lang);
  const back = fr ? 'Retour à la normale' : 'Back to normal';
  const opened = windowLabel(s.trigger.window, s.granularity, s.zone, lang);
  const was = formatMetricValue(figures.kind, s.trigger.value, lang);
  const now = formatMetricValue(figures.kind, figures.value, lang);
  const summary = fr
    ? `${plainText(name, MAX_NAME_CHARS)} est revenu à la normale : ${describeMetric(figures.kind, figures.value, lang)} (${windowLabel(a.window, a.granularity, a.zone, lang)}), contre ${was} lors de l’alerte (${opened}, ouverte le ${s.openedAt}). Cause de l’alerte : ${s.trigger.message.fr}`
    : `${plainText(name, MAX_NAME_CHARS)} is back to normal: ${describeMetric(figures.kind, figures.value, lang)} (${windowLabel(a.window, a.granularity, a.zone, lang)}), against ${was} when the alert opened (${opened}, opened at ${s.openedAt}). What had triggered it: ${s.trigger.message.en}`;
  const alertId = alertIdOf(s);
  return emailOf(
    {
      subject: `${subjectTag(settings)} ${back} — ${line}`,
      heading: `${back} — ${line}`,
      summary,
      details: [...detailRows(figures, lang), [fr ? 'Valeur à l’ouverture' : 'Value when opened', `${was} → ${now}`]],
      figures,
      trend: input.trend,
      verbatims: input.verbatims ?? [],
      footer: footerOf(alertId, lang),
    },
    settings,
    'recover',
    alertId,
  );
}
