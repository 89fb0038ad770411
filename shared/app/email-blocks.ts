/**
 * An email body written once as blocks and rendered twice: the HTML part (escaped, inline styles,
 * readable on a 375 px phone) and the plain-text part. Block text is raw: every string goes
 * through hostile-text here, so a renderer cannot forget to escape one.
 */
import type { Lang } from '../domain/alerts/wording';
import { chartHtml, chartText, type TrendChart } from './email-chart';
import { htmlLink, htmlPage, htmlSectionHeading, keepFiguresTogether } from './email-layout';
import { plainText, safeHtml } from './hostile-text';

export type EmailBlock =
  | { kind: 'paragraph'; text: string; strong?: boolean; muted?: boolean }
  | { kind: 'heading'; text: string }
  | { kind: 'list'; items: readonly string[] }
  /** A titled item: one broken rule, its figures, why it broke. */
  | { kind: 'item'; title: string; lines: readonly string[] }
  | { kind: 'chart'; chart: TrendChart }
  /** A link to a dashboard page (an absolute http(s) URL, see dashboard-links.ts): the text links in HTML, the URL follows it in plain text. */
  | { kind: 'link'; text: string; url: string }
  /** A customer's words (already redacted), with a date. */
  | { kind: 'quote'; text: string; date: string | null }
  /** After the `-- ` signature line: where internal ids may go. */
  | { kind: 'signature'; lines: readonly string[] };

const MAX_LINE_CHARS = 1_000;

/** An outside string for the HTML part: made safe, then kept together where it must be. */
const html = (text: string) => keepFiguresTogether(safeHtml(text, MAX_LINE_CHARS));
const MUTED = 'color:#555;font-size:12px';

function blockHtml(b: EmailBlock): string {
  switch (b.kind) {
    case 'paragraph': {
      const text = html(b.text);
      return `<p${b.muted ? ` style="${MUTED}"` : ''}>${b.strong ? `<b>${text}</b>` : text}</p>`;
    }
    case 'heading':
      return htmlSectionHeading(html(b.text));
    case 'list':
      return `<ul style="margin:4px 0;padding-left:20px">${b.items.map((i) => `<li>${html(i)}</li>`).join('')}</ul>`;
    case 'item':
      return `<p style="margin:8px 0"><b>${html(b.title)}</b>${b.lines.map((l, i) => `<br>${i === 0 ? html(l) : `<span style="${MUTED}">${html(l)}</span>`}`).join('')}</p>`;
    case 'chart':
      return chartHtml(b.chart);
    case 'link':
      return `<p>${htmlLink(b.url, html(b.text))}</p>`;
    case 'quote':
      // A customer's words stay as they wrote them: no figure-keeping there.
      return `<blockquote dir="auto" style="margin:6px 0;padding:4px 10px;border-left:3px solid #999;color:#333">${b.date ? `<small>${html(b.date)}</small><br>` : ''}${safeHtml(b.text, MAX_LINE_CHARS)}</blockquote>`;
    case 'signature':
      return `<p style="${MUTED}">-- <br>${b.lines.map((l) => safeHtml(l, MAX_LINE_CHARS)).join('<br>')}</p>`;
  }
}

function blockText(b: EmailBlock, lang: Lang): string {
  switch (b.kind) {
    case 'paragraph':
      return plainText(b.text, MAX_LINE_CHARS);
    case 'heading': {
      const title = plainText(b.text, MAX_LINE_CHARS);
      return `${title}\n${'-'.repeat(Array.from(title).length)}`;
    }
    case 'list':
      return b.items.map((i) => `- ${plainText(i, MAX_LINE_CHARS)}`).join('\n');
    case 'item':
      return [`* ${plainText(b.title, MAX_LINE_CHARS)}`, ...b.lines.map((l) => `  ${plainText(l, MAX_LINE_CHARS)}`)].join('\n');
    case 'chart':
      return chartText(b.chart);
    case 'link':
      // On its own line: a plain-text client makes it clickable only when nothing sticks to it.
      return `${plainText(b.text, MAX_LINE_CHARS)}${lang === 'fr' ? ' :' : ':'}\n${plainText(b.url)}`;
    case 'quote':
      return `> ${b.date ? `[${plainText(b.date)}] ` : ''}${plainText(b.text, MAX_LINE_CHARS)}`;
    case 'signature':
      // "-- " with its trailing space: mail clients fold or grey out what follows.
      return ['-- ', ...b.lines.map((l) => plainText(l, MAX_LINE_CHARS))].join('\n');
  }
}

/** The two parts of an email from its blocks; `subject` titles the HTML page, `heading` tops both. */
export function renderBlocks(lang: Lang, subject: string, heading: string, blocks: readonly EmailBlock[]): { text: string; html: string } {
  const text = [plainText(heading, MAX_LINE_CHARS), '', ...blocks.flatMap((b) => [blockText(b, lang), ''])].join('\n');
  const html = htmlPage(lang, subject, heading, blocks.map(blockHtml));
  return { text, html };
}
