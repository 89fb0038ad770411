/**
 * The weekly digest email: progress ranking first (teams are recognised for improving), then the
 * departments without enough feedback, the few journeys that carry most of the pain, interface
 * hotspots and the week's incidents, each once with its state (digest-incident-lines.ts). Same
 * hostile-text rules as the alert email.
 */
import { formatNumber, formatShare, windowLabel, type Lang } from '../domain/alerts/wording';
import type { DepartmentsConfig } from '../domain/departments/schema';
import type { DepartmentDigest, Digest } from '../domain/digest';
import { ownerAddresses } from '../domain/departments/schema';
import { digestIncidentLines } from './digest-incident-lines';
import { fixCheckSection } from './digest-fix-check';
import { objectivesSection } from './digest-objectives';
import { whatIsNewSections } from './digest-what-is-new';
import { recognitionSections } from './digest-recognition';
import type { OutgoingEmail } from '../ports/mailer';
import { DASH, htmlLink, htmlPage, htmlStackedTable, keepFiguresTogether, htmlSectionHeading, htmlTable, KIND_HEADER, NARROW_SCREEN_CSS, MAX_NAME_CHARS, orDash, recipients, subjectTag, textTable, type EmailKind, type MailSettings } from './email-layout';
import { escapeHtml, plainText, safeHtml } from './hostile-text';
import { DASHBOARD_PAGES, dashboardPageUrl } from './dashboard-links';

export interface DigestEmailSettings extends MailSettings {
  /** The dashboard page's base URL: the digest links to the overview, and each ranked department to its page. No link when unset. */
  dashboardUrl?: string;
}

const signed = (v: number | null, lang: Lang, digits = 1) => (v === null ? DASH : `${v > 0 ? '+' : ''}${formatNumber(v, lang, digits)}`);

interface Section {
  title: string;
  intro?: string;
  headers?: string[];
  rows?: string[][];
  /** Per row, the dashboard page its `column` cell links to in HTML; plain text lists them under `title` after the table. */
  rowLinks?: { column: number; urls: (string | undefined)[]; title: string };
  /**
   * Too many columns for a phone: rows are a key (rank), a name, then figures. HTML stacks each row
   * on narrow screens (email-layout.ts `htmlStackedTable`); plain text gives each row two lines.
   */
  stacked?: boolean;
  lines?: string[];
}

function name(d: { names: { en: string; fr: string } }, lang: Lang): string {
  return plainText(d.names[lang], MAX_NAME_CHARS);
}

function rankingSection(digest: Digest, lang: Lang, dashboardUrl: string | undefined): Section {
  const fr = lang === 'fr';
  const urls = digest.ranking.map((d) => dashboardPageUrl(dashboardUrl, DASHBOARD_PAGES.department(d.id)));
  return {
    title: fr ? 'Classement par progrès (les plus améliorés d’abord)' : 'Ranking by progress (most improved first)',
    intro: fr
      ? 'Progrès = variation de l’indice de sentiment en points par rapport à la semaine précédente ; à égalité, la variation du NPS départage.'
      : 'Progress = change of the sentiment index in points vs the previous week; ties are broken by the change in NPS.',
    headers: fr
      ? ['Rang', 'Département', 'Progrès (pts)', 'Indice', 'Δ NPS', 'NPS', 'Part négative', 'Avis']
      : ['Rank', 'Department', 'Progress (pts)', 'Index', 'Δ NPS', 'NPS', 'Negative share', 'Items'],
    rows: digest.ranking.map((d) => [
      String(d.rank ?? DASH),
      name(d, lang),
      signed(d.progress, lang),
      orDash(d.current.sentimentIndex, (x) => formatNumber(x, lang)),
      signed(d.change.nps, lang),
      orDash(d.current.nps, (x) => formatNumber(x, lang)),
      orDash(d.current.negativeShare, (x) => formatShare(x, lang)),
      String(d.current.count),
    ]),
    stacked: true,
    ...(dashboardUrl ? { rowLinks: { column: 1, urls, title: fr ? 'Page de chaque département dans le tableau de bord :' : 'Each department’s page on the dashboard:' } } : {}),
  };
}

function notEnoughLine(d: DepartmentDigest, lang: Lang): string {
  const fr = lang === 'fr';
  const weeks: string[] = [];
  if (d.notEnough?.thisWeek) weeks.push(fr ? `${d.current.count} avis cette semaine` : `${d.current.count} items this week`);
  if (d.notEnough?.previousWeek) weeks.push(fr ? `${d.previous?.count ?? 0} la semaine précédente` : `${d.previous?.count ?? 0} the week before`);
  return fr
    ? `${name(d, lang)} : ${weeks.join(', ')} (minimum ${d.minVolume})`
    : `${name(d, lang)}: ${weeks.join(', ')} (minimum ${d.minVolume})`;
}

function sections(digest: Digest, lang: Lang, departments: DepartmentsConfig, dashboardUrl: string | undefined): Section[] {
  const fr = lang === 'fr';
  const j = digest.journeys;
  const out: Section[] = [...recognitionSections(digest, lang), rankingSection(digest, lang, dashboardUrl)];
  if (digest.notEnoughFeedback.length) {
    out.push({ title: fr ? 'Pas assez d’avis pour être classés' : 'Not enough feedback to rank', lines: digest.notEnoughFeedback.map((d) => notEnoughLine(d, lang)) });
  }
  out.push(objectivesSection(digest, lang));
  out.push({
    title: fr ? 'Parcours : où se concentre l’insatisfaction' : 'Journeys: where the pain concentrates',
    intro:
      j.totalNegative === 0
        ? fr
          ? 'Aucun avis négatif rattaché à un parcours cette semaine.'
          : 'No negative item tied to a journey this week.'
        : fr
          ? `${j.vitalFewCount} parcours sur ${j.withNegative} portent ${formatShare(j.vitalFewShare, lang)} des ${j.totalNegative} avis négatifs (marqués ★).`
          : `${j.vitalFewCount} of ${j.withNegative} journeys carry ${formatShare(j.vitalFewShare, lang)} of the ${j.totalNegative} negative items (marked ★).`,
    headers: fr ? ['Parcours', 'Négatifs', 'Part', 'Cumul', 'Δ négatifs'] : ['Journey', 'Negative', 'Share', 'Cumulative', 'Δ negative'],
    rows: j.rows.map((r) => [`${r.vitalFew ? '★ ' : ''}${name(r, lang)}`, String(r.negative), formatShare(r.share, lang), formatShare(r.cumulativeShare, lang), signed(r.negativeChange, lang, 0)]),
  });
  out.push({
    title: fr ? 'Points de friction entre départements' : 'Interface hotspots between departments',
    ...(digest.hotspots.length === 0 ? { intro: fr ? 'Aucun cette semaine.' : 'None this week.' } : {}),
    headers: fr ? ['Départements', 'Avis négatifs', 'Δ', 'Nouveau'] : ['Departments', 'Negative items', 'Δ', 'New'],
    rows: digest.hotspots.map((h) => [name(h, lang), String(h.negative), signed(h.negativeChange, lang, 0), h.isNew ? (fr ? 'oui' : 'yes') : '']),
  });
  out.push(...whatIsNewSections(digest.whatIsNew, lang, digest.week.zone));
  out.push({ title: fr ? 'Incidents de la semaine' : 'Incidents of the week', lines: digestIncidentLines(digest.incidents, departments, lang) });
  out.push(fixCheckSection(digest, departments, lang));
  return out;
}

/** A cell's safe HTML, a figure kept whole (`18,3 %` is not cut at its space on a phone). */
function cellHtml(cell: string, url: string | undefined): string {
  return url ? htmlLink(url, safeHtml(cell)) : keepFiguresTogether(safeHtml(cell));
}

function tableHtml(s: Section & { headers: string[]; rows: string[][] }): string {
  const headers = s.headers.map(escapeHtml);
  const rows = s.rows.map((r, i) => r.map((c, j) => cellHtml(c, s.rowLinks?.column === j ? s.rowLinks.urls[i] : undefined)));
  return s.stacked ? htmlStackedTable(headers, rows) : htmlTable(headers, rows);
}

/**
 * A stacked section's rows in plain text, two lines each: `1. name`, then its figures after their
 * headers, so that no line is as wide as all the columns together (a phone shows 40 characters).
 */
function textStacked(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  return rows
    .map(([key = '', name = '', ...figures]) => `${key}. ${name}\n   ${figures.map((f, j) => `${headers[j + 2] ?? ''} ${f}`).join(' · ')}`)
    .join('\n');
}

function textTableOf(s: Section & { headers: string[]; rows: string[][] }): string {
  return s.stacked ? textStacked(s.headers, s.rows) : textTable(s.headers, s.rows);
}

/** Plain text cannot link a cell: the rows' pages follow the table, one per line. */
function textLinks(s: Section): string[] {
  if (!s.rowLinks || !s.rows) return [];
  const { column, urls, title } = s.rowLinks;
  const lines = s.rows.flatMap((row, i) => (urls[i] ? [`- ${row[column] ?? ''}: ${plainText(urls[i])}`] : []));
  return lines.length ? ['', title, ...lines] : [];
}

/** Subject: `[customer-voice] Weekly digest — week of 2026-11-23: most improved Billing (+12.5 pts)`. */
export function digestSubject(digest: Digest, settings: DigestEmailSettings): string {
  const lang = settings.lang;
  const fr = lang === 'fr';
  const week = windowLabel(digest.week.start, 'week', digest.week.zone, lang);
  const tag = subjectTag(settings);
  const top = digest.ranking[0];
  const lead =
    top && top.progress !== null && top.progress > 0
      ? fr
        ? ` : plus forte progression ${name(top, lang)} (${signed(top.progress, lang)} pts)`
        : `: most improved ${name(top, lang)} (${signed(top.progress, lang)} pts)`
      : '';
  return plainText(`${tag} ${fr ? 'Synthèse hebdomadaire' : 'Weekly digest'} — ${week}${lead}`);
}

export function renderDigestEmail(digest: Digest, settings: DigestEmailSettings): OutgoingEmail {
  const lang = settings.lang;
  const fr = lang === 'fr';
  const subject = digestSubject(digest, settings);
  const all = sections(digest, lang, settings.departments, settings.dashboardUrl);
  const overview = dashboardPageUrl(settings.dashboardUrl, DASHBOARD_PAGES.overview());
  const overviewText = fr ? 'Ouvrir le tableau de bord' : 'Open the dashboard';
  const heading = fr ? `Synthèse de la ${windowLabel(digest.week.start, 'week', digest.week.zone, lang)}` : `Digest for the ${windowLabel(digest.week.start, 'week', digest.week.zone, lang)}`;

  const text = [
    heading,
    '',
    ...(overview ? [`${overviewText}${fr ? ' :' : ':'}`, overview, ''] : []),
    ...all.flatMap((s) => [
      s.title,
      '-'.repeat(Array.from(s.title).length),
      ...(s.intro ? [s.intro] : []),
      ...(s.headers && s.rows && s.rows.length ? [textTableOf({ ...s, headers: s.headers, rows: s.rows })] : []),
      ...textLinks(s),
      ...(s.lines ?? []).map((l) => `- ${l}`),
      '',
    ]),
  ].join('\n');

  const html = htmlPage(
    lang,
    subject,
    heading,
    [
      ...(overview ? [`<p>${htmlLink(overview, safeHtml(overviewText))}</p>`] : []),
      ...all.flatMap((s) => [
        htmlSectionHeading(escapeHtml(s.title)),
        ...(s.intro ? [`<p>${safeHtml(s.intro)}</p>`] : []),
        ...(s.headers && s.rows && s.rows.length ? [tableHtml({ ...s, headers: s.headers, rows: s.rows })] : []),
        ...(s.lines ? [`<ul>${s.lines.map((l) => `<li>${keepFiguresTogether(safeHtml(l))}</li>`).join('')}</ul>`] : []),
      ]),
    ],
    NARROW_SCREEN_CSS,
  );

  const owners = settings.departments.departments.flatMap(ownerAddresses);
  const { to, cc } = recipients(settings.officer, owners);
  return { from: settings.from, to, cc, subject, text, html, headers: { [KIND_HEADER]: 'digest' satisfies EmailKind, 'X-Customer-Voice-Digest-Week': digest.week.start } };
}
