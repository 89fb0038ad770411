/**
 * Text that comes from outside (feedback, department and journey names from the config, ids,
 * sentences built from them) made safe for an email: one line of plain text without control,
 * bidi or zero-width characters, and escaped for HTML. Every email renderer goes through here.
 */

/**
 * Control characters, line/paragraph separators, and invisible characters that reorder or hide
 * text (bidi embeddings, overrides and isolates, zero-width spaces and joiners, BOM): a customer's
 * U+202E must not make an alert read backwards, nor a zero-width space hide a word.
 */
const INVISIBLE = /[\p{Cc}\u00ad\u034f\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]+/gu;

/** One line of safe plain text: invisible and control characters out, whitespace runs to one space. */
export function plainText(value: string, maxChars = Number.POSITIVE_INFINITY): string {
  const text = value.toWellFormed().replace(INVISIBLE, (m) => (/[\p{Cc}\u2028\u2029]/u.test(m) ? ' ' : '')).replace(/\s+/g, ' ').trim();
  const chars = Array.from(text);
  return chars.length > maxChars ? `${chars.slice(0, maxChars - 1).join('').trimEnd()}…` : text;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text for an HTML element or a quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** plainText, then escaped: what every outside string becomes in the HTML part. */
export function safeHtml(value: string, maxChars?: number): string {
  return escapeHtml(plainText(value, maxChars));
}
