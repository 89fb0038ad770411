/**
 * What the alert, recovery and digest emails share besides hostile-text handling: the settings,
 * the recipients, the tables (HTML and plain text), the HTML page around a body, the subject tag.
 * Cells and body parts handed to the HTML builders must already be safe HTML.
 */
import type { DepartmentsConfig } from '../domain/departments/schema';
import type { Lang } from '../domain/alerts/wording';
import { MAX_RECIPIENTS, type OutgoingEmail } from '../ports/mailer';
import { escapeHtml, plainText, safeHtml } from './hostile-text';

/** Who writes to whom, in which language: what every email of the pipeline needs. */
export interface MailSettings {
  lang: Lang;
  from: OutgoingEmail['from'];
  /** The customer officer: To. */
  officer: string | readonly string[];
  /** Names and owners (Cc) of departments and journeys. */
  departments: DepartmentsConfig;
  /** Zone of window labels. Default UTC. */
  zone?: string;
  /** Subject tag. Default `customer-voice`. */
  appName?: string;
}

/** Longest department, journey or pair name an email shows. */
export const MAX_NAME_CHARS = 80;

/** What a table shows for a metric without data. */
export const DASH = '–';
export const orDash = (v: number | null, f: (x: number) => string) => (v === null ? DASH : f(v));

/** Officer(s) To, owners Cc, each address once (case-insensitive), within SES's 50 recipients. */
export function recipients(officer: string | readonly string[], owners: readonly string[]): { to: string[]; cc: string[] } {
  const seen = new Set<string>();
  const unique = (list: readonly string[]) =>
    list.filter((a) => {
      const k = a.trim().toLowerCase();
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  const to = unique(typeof officer === 'string' ? [officer] : officer);
  const cc = unique(owners).slice(0, Math.max(0, MAX_RECIPIENTS - to.length));
  return { to, cc };
}

/** What every email says it is (`X-Customer-Voice-Kind`), for mail rules and tests. */
export const EMAIL_KINDS = ['incident', 'incident-update', 'recovery', 'daily-summary', 'digest', 'brief', 'recognition'] as const;
export type EmailKind = (typeof EMAIL_KINDS)[number];
export const KIND_HEADER = 'X-Customer-Voice-Kind';
/** The incident an incident, update or recovery email is about (its id). */
export const INCIDENT_HEADER = 'X-Customer-Voice-Incident';

// A long word (a URL a customer pasted, a long department name) wraps instead of widening a phone's screen.
const HTML_STYLE = 'font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#1a1a1a;line-height:1.4;overflow-wrap:break-word;word-wrap:break-word';
const TABLE = 'border-collapse:collapse;margin:8px 0';
const CELL = 'border:1px solid #ccc;padding:4px 8px;text-align:right';
const HEAD = 'border:1px solid #ccc;padding:4px 8px;background:#f2f2f2;text-align:left';

/** An HTML table; cells must already be safe HTML. */
export function htmlTable(headers: readonly string[], rows: readonly (readonly string[])[], highlightLast = false): string {
  const head = `<tr>${headers.map((h) => `<th style="${HEAD}">${h}</th>`).join('')}</tr>`;
  const body = rows
    .map((r, i) => `<tr${highlightLast && i === rows.length - 1 ? ' style="font-weight:bold"' : ''}>${r.map((c, j) => `<td style="${j === 0 ? HEAD.replace('background:#f2f2f2;', '') : CELL}">${c}</td>`).join('')}</tr>`)
    .join('');
  return `<table style="${TABLE}">${head}${body}</table>`;
}

const NAME_CELL = 'border:1px solid #ccc;padding:4px 8px;text-align:left';
// A figure is never cut at its space (`18,3 %`, `+4 pts`), so its column keeps it on one line.
const FIGURE_CELL = `${CELL};white-space:nowrap`;
const FIGURE_HEAD = HEAD.replace('text-align:left', 'text-align:right');

/**
 * Rules for screens up to 600 px wide, in the page's head (Gmail, Apple Mail and iOS Mail apply
 * them; clients that do not show the plain table). They turn a `htmlStackedTable` into one block
 * per row, its key and name on top and its figures three to a line under their labels; and they
 * narrow the padding of the other tables so that five columns fit 375 px.
 */
export const NARROW_SCREEN_CSS = [
  '@media (max-width:600px){',
  'td,th{padding:4px 5px!important}',
  'table.cv-stack,table.cv-stack tbody,table.cv-stack tr{display:block!important;width:100%!important;box-sizing:border-box}',
  'table.cv-stack tr.cv-head{display:none!important}',
  'table.cv-stack tr{border:1px solid #ccc;margin:0 0 6px}',
  'table.cv-stack td{border:0!important}',
  'table.cv-stack td.cv-key{display:block!important;float:left;padding:6px 0 0 8px!important;font-weight:bold}',
  'table.cv-stack td.cv-name{display:block!important;overflow:hidden;padding:6px 8px 2px!important;font-weight:bold}',
  'table.cv-stack td.cv-fig{display:inline-block!important;width:33.33%!important;box-sizing:border-box;padding:2px 8px 6px!important;vertical-align:top}',
  'table.cv-stack .cv-label{display:block!important;font-size:12px;color:#555;white-space:normal}',
  '}',
].join('');

/**
 * A table whose rows stack on a phone (NARROW_SCREEN_CSS): the first column is the row's key (a
 * rank), the second its name (wraps, left-aligned), the others figures (right-aligned, each with
 * its header as a label that only a phone shows). A desktop, or a client without the rules, shows
 * the ordinary table. Headers and cells must already be safe HTML.
 */
export function htmlStackedTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = `<tr class="cv-head">${headers.map((h, j) => `<th style="${j < 2 ? HEAD : FIGURE_HEAD}">${h}</th>`).join('')}</tr>`;
  const cell = (c: string, j: number) =>
    j === 0
      ? `<td class="cv-key" style="${CELL}">${c}</td>`
      : j === 1
        ? `<td class="cv-name" style="${NAME_CELL}">${c}</td>`
        : `<td class="cv-fig" style="${FIGURE_CELL}"><span class="cv-label" style="display:none">${headers[j] ?? ''}</span>${c}</td>`;
  const body = rows.map((r) => `<tr>${r.map(cell).join('')}</tr>`).join('');
  return `<table class="cv-stack" style="${TABLE}">${head}${body}</table>`;
}

/** A plain-text table with padded columns. */
export function textTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(Array.from(h).length, ...rows.map((r) => Array.from(r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** `[customer-voice]`: the tag that starts every subject. */
export function subjectTag(settings: Pick<MailSettings, 'appName'>): string {
  return `[${plainText(settings.appName ?? 'customer-voice', 40)}]`;
}

/**
 * Safe HTML that a phone must not break in the middle of a figure: `64 %` (French) keeps its
 * sign, a date `2026-12-02` is not cut at a hyphen.
 */
export function keepFiguresTogether(safe: string): string {
  return safe.replace(/(\d) (%|pts)/g, '$1&nbsp;$2').replace(/\b\d{4}-\d{2}-\d{2}\b/g, (d) => `<span style="white-space:nowrap">${d}</span>`);
}

/** The HTML page: `subject` as its title, `heading` on top, then the body parts (already safe HTML), one per line; `css`: the renderer's own rules (a constant, never input). */
export function htmlPage(lang: Lang, subject: string, heading: string, body: readonly string[], css?: string): string {
  return [
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${safeHtml(subject)}</title>${css ? `<style>${css}</style>` : ''}</head>`,
    `<body style="${HTML_STYLE}">`,
    `<h2 style="font-size:18px">${keepFiguresTogether(safeHtml(heading))}</h2>`,
    ...body,
    '</body></html>',
  ].join('\n');
}

/** A section title; `content` must already be safe HTML. */
export function htmlSectionHeading(content: string): string {
  return `<h3 style="font-size:15px">${content}</h3>`;
}

/** A link to a dashboard page (dashboard-links.ts: http(s) only) around content that is already safe HTML. */
export function htmlLink(url: string, safeContent: string): string {
  return `<a href="${escapeHtml(plainText(url))}" style="color:#0b57d0">${safeContent}</a>`;
}
